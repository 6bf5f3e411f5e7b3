"""A bilingual partnership's delivery-plan table in both languages (issue 27).

The spreadsheet and CSV of a plan whose partnership publishes in Welsh and English carry the
plan's own words in both: the reader's columns in the language of the address (as every
partnership's), then, after Milestones, the same columns in the other language, headed with the
language named: "Actions (Welsh)" in an English file, "Camau gweithredu (Saesneg)" in a Welsh
one. Those columns are the translated ones (``TRANSLATED``): the objective, the target and its
figure, the actions and their milestones; the rest (owners, lead officers, funding, status,
identifiers) is the same in both languages and appears once. The Measures cell carries each
measure's translated words in both languages too (``name`` in English, ``name_cy`` in Welsh).

In a row, a column in a named language is keyed ``"Actions@cy"`` (``key``); the importer reads
the same keys (``importer/headings.py``, ``language_of``): a heading's language is the one it
names in brackets, else the language of its own words ("Actions" English, "Camau gweithredu"
Welsh). So a file downloaded in either language imports back with both languages' text.
"""

import re

from django.utils.translation import pgettext_lazy

ENGLISH, WELSH = "en", "cy"
SEPARATOR = "@"
# The delivery table's columns that hold the plan's words (``actions.delivery_table``'s
# headings; the target figure's column is keyed by the plan's label, e.g. "March 2012").
TRANSLATED = ("Objective", "Target & Base Line", "Actions", "Milestones")
# Each language named in a heading, in the file's language: "(Welsh)", "(Cymraeg)".
LANGUAGE_NAMES = {
    ENGLISH: pgettext_lazy("language of a column", "English"),
    WELSH: pgettext_lazy("language of a column", "Welsh"),
}
# The names a heading may give its language in brackets, in either language, normalised.
NAMED = {"english": ENGLISH, "saesneg": ENGLISH, "welsh": WELSH, "cymraeg": WELSH}
_NAMED_LANGUAGE = re.compile(r"^(?P<heading>.*?)\s*\(\s*(?P<language>[^()]+?)\s*\)\s*$", re.DOTALL)


def key(heading: str, language: str) -> str:
    """A row's key for ``heading``'s column in ``language``: "Actions@cy"."""
    return f"{heading}{SEPARATOR}{language}"


def split(column: str) -> tuple[str, str | None]:
    """ "Actions@cy" → ("Actions", "cy"); "Actions" → ("Actions", None)."""
    heading, separator, language = column.rpartition(SEPARATOR)
    if separator and language in (ENGLISH, WELSH):
        return heading, language
    return column, None


def named_language(heading: str) -> tuple[str, str | None]:
    """A heading that names its language in brackets, without them, and the language:
    "Camau gweithredu (Saesneg)" → ("Camau gweithredu", "en"); else (heading, None)."""
    match = _NAMED_LANGUAGE.match(heading or "")
    if match:
        language = NAMED.get(match["language"].lower())
        if language is not None:
            return match["heading"], language
    return heading, None


def shown(heading: str, language: str) -> str:
    """A column heading with its language named, in the active language: "Actions (Welsh)"."""
    return f"{heading} ({LANGUAGE_NAMES[language]})"


def other_language(plan, active: str) -> str | None:
    """The language of the second set of columns of ``plan``'s table read in ``active``: the
    other one for a bilingual partnership, None (one language) for an English one."""
    if not plan.partnership.is_bilingual:
        return None
    return ENGLISH if active == WELSH else WELSH


def exactly(record, field: str, language: str) -> str:
    """The text of ``field`` in ``language`` as stored, never the other language's in its
    place (reading ``record.field`` falls back to English where the Welsh is empty)."""
    return getattr(record, f"{field}_{language}", None) or ""
