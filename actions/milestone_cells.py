"""The delivery plan's Milestones cell: an action's milestones, one a line, in the language
being read, and read back by the importer in English or Welsh (issue 27).

"Venue booked (due 31 May 2011; done 20 May 2011): the note" in English; in Welsh
"Lleoliad wedi'i archebu (erbyn 31 Mai 2011; cwblhawyd 20 Mai 2011): y nodyn" (the words from
the catalogue, the months Django's). Both read back to the same days.
"""

import datetime
import re

from django.utils.translation import pgettext

from actions import table_languages as languages
from objectives.figures import long_date


def milestones_to_cell(milestones, language: str | None = None) -> str:
    """The Milestones cell: one line per milestone, "Title (due 31 May 2011; done 20 May 2011):
    note" (a note's own line breaks become spaces, so each milestone stays one line), in the
    language being read. ``language``: the titles and notes as stored in that language (a
    bilingual plan's other-language column, drawn under ``translation.override``)."""
    lines = []
    for milestone in sorted(milestones, key=lambda m: (m.due_date, m.pk or 0)):
        title, note = milestone.title, milestone.note
        if language is not None:
            title = languages.exactly(milestone, "title", language)
            note = languages.exactly(milestone, "note", language)
        due = long_date(milestone.due_date)
        if milestone.done_on:
            days = pgettext("milestone", "due %(due)s; done %(done)s") % {
                "due": due,
                "done": long_date(milestone.done_on),
            }
        else:
            days = pgettext("milestone", "due %(due)s") % {"due": due}
        note = " ".join(note.split())
        title = " ".join(title.split())
        lines.append(f"{title} ({days})" + (f": {note}" if note else ""))
    return "\n".join(lines)


# "due"/"done" as the English and the Welsh cells write them (the catalogue's "milestone" words).
_MILESTONE_LINE = re.compile(
    r"^(?P<title>.+?)\s*\((?:due|erbyn) (?P<due>[^;)]+?)"
    r"(?:;\s*(?:done|cwblhawyd) (?P<done>[^)]+?))?\)"
    r"(?::\s*(?P<note>.*))?$"
)
# The months as a Welsh date names them ("31 Mai 2011"), for reading a Welsh cell back.
WELSH_MONTHS = {
    "ionawr": "January",
    "chwefror": "February",
    "mawrth": "March",
    "ebrill": "April",
    "mai": "May",
    "mehefin": "June",
    "gorffennaf": "July",
    "awst": "August",
    "medi": "September",
    "hydref": "October",
    "tachwedd": "November",
    "rhagfyr": "December",
}


def _in_english(text: str) -> str:
    return " ".join(WELSH_MONTHS.get(word.lower(), word) for word in text.split())


def _day(text: str) -> datetime.date:
    text = _in_english(text)
    for pattern in ("%d %B %Y", "%Y-%m-%d", "%d/%m/%Y", "%d %b %Y"):
        try:
            return datetime.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(f"“{text.strip()}” is not a date such as 31 May 2011")


def milestones_from_cell(cell: str) -> list[dict]:
    """Read a Milestones cell back, English or Welsh: a dict per line (title, due_date,
    done_on, note).

    Raises ValueError naming the line that is not "Title (due 31 May 2011)" or
    "Title (due 31 May 2011; done 20 May 2011): note"."""
    found = []
    for number, line in enumerate((cell or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = _MILESTONE_LINE.match(line.strip())
        if match is None:
            raise ValueError(
                f"line {number} of the Milestones cell (“{line.strip()[:60]}”) is not "
                "“Title (due 31 May 2011)” or “Title (due 31 May 2011; done 20 May 2011)”"
            )
        try:
            due = _day(match["due"])
            done = _day(match["done"]) if match["done"] else None
        except ValueError as error:
            raise ValueError(f"line {number} of the Milestones cell: {error}") from None
        found.append(
            {
                "title": match["title"].strip(),
                "due_date": due,
                "done_on": done,
                "note": (match["note"] or "").strip(),
            }
        )
    return found
