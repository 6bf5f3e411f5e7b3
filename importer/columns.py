"""Which field each column of an imported table is taken as.

A heading is taken, in this order, as the field an officer mapped it to (the admin's mapping
form, remembered per partnership, or ``--map "Actions=What we will do"``), as the field it names
exactly ("Owner"), as the target-date column the plan's target label names, or as a guess: a
common other wording (``headings.RECOGNISED``: "Lead agency" → Owner, "Outcome" → Objective,
"When by?" → the target-date column), a date ("March 08", "2008/09", "By 2008") → the
target-date column. A heading recognised as a plan column ("Budget": money) is marked as one
(``ColumnUse.plan_column``) and not taken as a field. Anything else is ignored, and says so. Every
guess is marked as one in the preview, and can be changed there.

Headings in Welsh are read as their English (``headings.welsh_field``: "Perchennog" is Owner),
and a column of the plan's words is in a language (issue 27; ``actions/table_languages.py``):
the one its heading names in brackets ("Actions (Welsh)", "Camau gweithredu (Saesneg)"), else
the language of the heading's own words. Such a column in Welsh is taken as the field's Welsh
("Actions@cy"), whose text the plan keeps in its Welsh column.
"""

import re
from dataclasses import dataclass

from actions import delivery_table as layout
from actions import table_languages as languages
from importer.errors import PlanImportError, Problem
from importer.headings import (
    OBJECTIVE_LABELS,
    RECOGNISED,
    TARGET_COLUMN,
    normalise_heading,
    welsh_field,
)

__all__ = ["OBJECTIVE_LABELS", "TARGET_COLUMN", "normalise_heading"]

IGNORE = "ignore"
# Kept as one of the plan's own columns (importer/extra_columns.py), under its own heading.
KEEP = "keep"

REQUIRED = (
    layout.OBJECTIVE,
    layout.TARGET,
    layout.OWNER,
    layout.ACTIONS,
    layout.LEAD_OFFICER,
    layout.FUNDING,
)
# Status is read and then ignored: a new plan's progress starts from its updates, not a cell.
OPTIONAL = (
    layout.STATUS,
    layout.MILESTONES,
    layout.MEASURES,
    layout.OBJECTIVE_NUMBER,
    layout.TARGET_ID,
    layout.ACTION_ID,
)

# (field, what the mapping form calls it)
FIELD_CHOICES = [
    (layout.OBJECTIVE, "Objective"),
    (layout.TARGET, "Target & Base Line"),
    (TARGET_COLUMN, "Target for the target date (e.g. March 2012)"),
    (layout.OWNER, "Owner"),
    (layout.ACTIONS, "Actions"),
    (layout.LEAD_OFFICER, "Lead Officer"),
    (layout.FUNDING, "Funding"),
    (layout.STATUS, "Status (read, not imported)"),
    (layout.MILESTONES, "Milestones"),
    (layout.MEASURES, "Measures"),
    (layout.OBJECTIVE_NUMBER, "Objective number"),
    (layout.TARGET_ID, "Target ID"),
    (layout.ACTION_ID, "Action ID"),
    # A bilingual plan's words in Welsh, beside the English columns.
    (languages.key(layout.OBJECTIVE, "cy"), "Objective (Welsh)"),
    (languages.key(layout.TARGET, "cy"), "Target & Base Line (Welsh)"),
    (languages.key(TARGET_COLUMN, "cy"), "Target for the target date (Welsh)"),
    (languages.key(layout.ACTIONS, "cy"), "Actions (Welsh)"),
    (languages.key(layout.MILESTONES, "cy"), "Milestones (Welsh)"),
    (KEEP, "Keep as a plan column"),
    (IGNORE, "ignore"),
]
FIELDS = dict(FIELD_CHOICES)
KNOWN = {normalise_heading(name): name for name in REQUIRED + OPTIONAL}
# The fields whose text is the plan's own words, kept in English and in Welsh.
TRANSLATED = (layout.OBJECTIVE, layout.TARGET, TARGET_COLUMN, layout.ACTIONS, layout.MILESTONES)


_MONTHS = (
    r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|"
    r"oct(ober)?|nov(ember)?|dec(ember)?|"
    # Welsh, as a bilingual plan's Welsh target label is written ("Mawrth 2027").
    r"ionawr|chwefror|mawrth|ebrill|mai|mehefin|gorffennaf|awst|medi|hydref|tachwedd|rhagfyr"
)
# "Target", "March 08", "2008/09", "By 2008", "Target 2012", "Targets by March 2009"
DATE_HEADING = re.compile(
    rf"^\s*(targets?\s*)?(by|for|to|at)?\s*((end\s+of\s+)?({_MONTHS})\s*)?"
    r"(('?\d{2}|(19|20)\d{2})([/\-–](\d{2}|(19|20)\d{2}))?)?\s*$",
    re.IGNORECASE,
)


def looks_like_a_date_heading(text: str) -> bool:
    text = text.strip()
    return (
        bool(text) and bool(re.search(r"\d|target", text, re.I)) and bool(DATE_HEADING.match(text))
    )


@dataclass
class ColumnUse:
    """One column of the file: its heading, the field it is taken as, and why."""

    index: int
    heading: str
    field: str
    how: str  # "named" (the heading is the field), "mapped", "guessed"
    note: str = ""
    # The kind of plan column the heading is recognised as ("money"; ``headings.RECOGNISED``),
    # for the plan-specific columns to take; "" for any other heading.
    plan_column: str = ""

    @property
    def normalised(self) -> str:
        return normalise_heading(self.heading)

    @property
    def is_guess(self) -> bool:
        return self.how == "guessed"

    @property
    def field_label(self) -> str:
        return FIELDS.get(self.field, self.field)


def parse_map_option(text: str) -> tuple[str, str]:
    """``"Actions=What we will do"`` → (field, heading); raise ValueError saying why not."""
    if "=" not in text:
        raise ValueError(f"“{text}” should read FIELD=HEADING, e.g. “Actions=What we will do”")
    field_text, heading = (part.strip() for part in text.split("=", 1))
    by_name = {normalise_heading(label): field for field, label in FIELD_CHOICES}
    by_name.update({normalise_heading(field): field for field, _ in FIELD_CHOICES})
    by_name[normalise_heading("Target")] = TARGET_COLUMN
    field = by_name.get(normalise_heading(field_text))
    if field is None or not heading:
        names = ", ".join(f"“{label}”" for _, label in FIELD_CHOICES)
        raise ValueError(f"“{field_text}” is not a field; use one of {names}")
    return field, heading


def choose(
    headings: list[str], *, mapping: dict[str, str], target_label: str | None
) -> list[ColumnUse]:
    """The field each heading is taken as (``mapping``: normalised heading → field)."""
    label_keys = {normalise_heading("Target"), normalise_heading("Targed")}
    if target_label:
        label_keys.add(normalise_heading(target_label))
    uses = []
    for index, text in enumerate(headings):
        heading = str(text or "").strip()
        key = normalise_heading(heading)
        if not key:
            continue
        words, language = languages.named_language(heading)
        words_key = normalise_heading(words)
        if key in mapping:
            uses.append(ColumnUse(index, heading, mapping[key], "mapped"))
        elif words_key in KNOWN:
            uses.append(ColumnUse(index, heading, _in(KNOWN[words_key], language), "named"))
        elif words_key in label_keys:
            uses.append(ColumnUse(index, heading, _in(TARGET_COLUMN, language), "named"))
        elif welsh := welsh_field(words):
            uses.append(ColumnUse(index, heading, _in(welsh, language or "cy"), "named"))
        elif (recognised := RECOGNISED.get(key)) and recognised.is_plan_column:
            uses.append(
                ColumnUse(
                    index,
                    heading,
                    IGNORE,
                    "guessed",
                    f"a plan column ({recognised.kind}): not one of the table's fields",
                    plan_column=recognised.kind,
                )
            )
        elif recognised:
            uses.append(ColumnUse(index, heading, recognised.field, "guessed", "a usual wording"))
        elif looks_like_a_date_heading(words):
            uses.append(
                ColumnUse(
                    index,
                    heading,
                    _in(TARGET_COLUMN, language),
                    "guessed",
                    "a date: the target column",
                )
            )
        else:
            uses.append(ColumnUse(index, heading, IGNORE, "guessed", "not a heading we know"))
    taken = {}
    for use in uses:
        if use.field in (IGNORE, KEEP):  # any number of columns may be kept, or ignored
            continue
        if use.field in taken:
            first = taken[use.field]
            use.note = f"column {column_name(first.index)} is already taken as {use.field_label}"
            use.field, use.how = IGNORE, "guessed"
        else:
            taken[use.field] = use
    return uses


def _in(field: str, language: str | None) -> str:
    """The field a column in ``language`` fills: a translated field's Welsh ("Actions@cy"), or
    the field itself (English, or a field the same in both languages)."""
    if language == languages.WELSH and field in TRANSLATED:
        return languages.key(field, languages.WELSH)
    return field


def check_languages(taken: dict[str, ColumnUse], where: str) -> None:
    """A column of the plan's words in Welsh needs its English column: the plan is written in
    English and, for a bilingual partnership, in Welsh beside it. Raise naming each Welsh
    column that has none."""
    problems = [
        Problem(
            f"{where}, column {taken[languages.key(field, languages.WELSH)].heading}",
            f"the column is in Welsh and no column gives its English ({FIELDS[field]}): "
            "add the English column beside it, headed in English or with “(Saesneg)”",
        )
        for field in TRANSLATED
        if languages.key(field, languages.WELSH) in taken and field not in taken
    ]
    if problems:
        raise PlanImportError(problems)


def header_score(headings: list[str], mapping: dict[str, str]) -> int:
    """How many headings name a field, in English or Welsh: two or more make a row the
    header row."""
    return sum(
        1
        for text in headings
        if (key := normalise_heading(text))
        and (
            key in mapping
            or key in KNOWN
            or key in RECOGNISED
            or welsh_field(languages.named_language(str(text))[0])
        )
    )


def column_name(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
