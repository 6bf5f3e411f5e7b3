"""Headings as partnerships write them: the columns of a delivery-plan table, and objectives.

Columns: ``RECOGNISED`` is the table of the usual other wordings of each field ("Lead
agency/group" → Owner, "When by?" → the target-date column), compared without case, spaces,
punctuation or the difference between "&" and "and" (``normalise_heading``). A heading that is
not one of the plan's fields but a column many plans keep ("Resource requirement", "Budget") is
recognised as a plan column of its kind ("money"), for the plan-specific columns to take.

Objectives: "Objective 6: Reduce Arson", "Outcome 1: Safer streets", "Aim 2 – …", "Priority A",
"Strand 3", "Strategic Priority B: …" or a bare title with no label at all. The label is kept as
written ("Outcome 1", "Priority A") and the title without it; the number is the one published,
a letter becomes its place in the alphabet and no number the next one free, both marked as
guesses (the number is only the objective's place in the web address then: pages show the
label as written, ``objectives.labels``).
"""

import re
from dataclasses import dataclass
from functools import cache

from django.utils import translation

from actions import delivery_table as layout

# The key the target-date column is stored under in a row, whatever its heading says.
TARGET_COLUMN = "target column"
# Not one of the plan's own fields: a column of the plan's own (23a's plan-specific columns).
PLAN_COLUMN = "plan column"


def normalise_heading(text: str) -> str:
    """'Target & Base Line' and 'target and baseline' both become 'targetandbaseline'."""
    return re.sub(r"[^a-z0-9]", "", str(text or "").lower().replace("&", "and"))


# The words plans use for their objectives, as a column heading or before a number.
OBJECTIVE_LABELS = ("objective", "outcome", "aim", "priority", "theme", "strand", "goal", "stage")
# Of those, the ones a column heading is taken as the Objective column for without asking: a
# "Stage" column is often merged down its rows and is only suggested (see ``drafts``).
_OBJECTIVE_COLUMN_LABELS = tuple(label for label in OBJECTIVE_LABELS if label != "stage")


@dataclass(frozen=True)
class Recognised:
    """What a heading is taken as: a field of the table, or a plan column of a kind."""

    field: str
    kind: str = ""  # for a plan column: "money", "text"…

    @property
    def is_plan_column(self) -> bool:
        return self.field == PLAN_COLUMN


# Other wordings of each column seen in published delivery plans (compared normalised).
_WORDINGS = {
    layout.OBJECTIVE: [
        *_OBJECTIVE_COLUMN_LABELS,
        *(f"{label}s" for label in _OBJECTIVE_COLUMN_LABELS),
        "strategic objective",
        "strategic priority",
        "key objective",
        "priority outcome",
        "objective and outcome",
    ],
    layout.TARGET: [
        "target and baseline",
        "targets and baselines",
        "baseline and target",
        "baseline",
        "base line",
        "performance measure",
        "performance measures",
        "performance indicator",
        "measure",
        "measures of success",
        "success measure",
        "indicator",
        "how we will measure success",
        "targets and measures",
    ],
    TARGET_COLUMN: [
        "to be achieved by",
        "by when",
        "when by",
        "deadline",
        "deadlines",
        "timescale",
        "timescales",
        "time scale",
        "target date",
        "target dates",
        "completion date",
        "completion dates",
    ],
    layout.OWNER: [
        "owners",
        "lead agency",
        "lead agencies",
        "lead agency/group",
        "lead agency or group",
        "lead agency and group",
        "lead group",
        "lead partner",
        "lead partners",
        "lead organisation",
        "lead organisations",
        "lead organization",
        "responsible",
        "responsible agency",
        "responsible agencies",
        "agency",
        "agencies",
        "partners",
        "partner agencies",
        "who",
        "responsibility",
    ],
    layout.ACTIONS: [
        "action",
        "action plan",
        "activity",
        "activities",
        "key actions",
        "tasks",
        "what we will do",
        "how",
        "how we will do it",
        "milestones",
        "actions and milestones",
    ],
    layout.LEAD_OFFICER: [
        "lead",
        "lead officers",
        "lead person",
        "responsible officer",
        "contact",
        "contact officer",
        "named lead",
        "officer",
    ],
    layout.FUNDING: [
        "funding source",
        "funding sources",
        "resources and funding",
        "funding and resources",
    ],
}
# Columns many plans keep that are none of the table's fields: kept as plan columns, by kind.
_PLAN_COLUMNS = {
    "money": [
        "resource requirement",
        "resource requirements",
        "resources required",
        "resource",
        "resources",
        "budget",
        "budgets",
        "cost",
        "costs",
        "estimated cost",
    ],
}
# The table's own fields, by the headings a download gives them (``welsh_field`` reads them in
# Welsh).
KNOWN_FIELDS = (
    layout.OBJECTIVE,
    layout.TARGET,
    layout.OWNER,
    layout.ACTIONS,
    layout.LEAD_OFFICER,
    layout.FUNDING,
    layout.STATUS,
    layout.MILESTONES,
    layout.MEASURES,
    layout.OBJECTIVE_NUMBER,
    layout.TARGET_ID,
    layout.ACTION_ID,
)
RECOGNISED = {
    **{
        normalise_heading(word): Recognised(field)
        for field, words in _WORDINGS.items()
        for word in words
    },
    **{
        normalise_heading(word): Recognised(PLAN_COLUMN, kind)
        for kind, words in _PLAN_COLUMNS.items()
        for word in words
    },
}


@cache
def _welsh_headings() -> dict[str, str]:
    """Each column's heading as a Welsh download writes it ("Perchennog"), normalised → the
    field; read from the catalogue once (the same words ``delivery_table.shown_heading``
    writes), with the target column's "Targed"."""
    with translation.override("cy"):
        found = {
            normalise_heading(str(words)): field
            for field, words in layout.SHOWN_HEADINGS.items()
            if field in KNOWN_FIELDS
        }
    found[normalise_heading("Targed")] = TARGET_COLUMN
    return found


def welsh_field(heading: str) -> str | None:
    """The field a Welsh heading names ("Camau gweithredu" → Actions), or None."""
    return _welsh_headings().get(normalise_heading(heading))


def recognise(heading: str) -> Recognised | None:
    """What a heading is usually taken as, or None when it is not a usual wording."""
    return RECOGNISED.get(normalise_heading(heading))


# The same words in Welsh, as a bilingual plan's Welsh column heads its objectives ("Amcan 1: …",
# the catalogue's word for Objective): read so the Welsh title pairs with the English.
WELSH_OBJECTIVE_LABELS = ("amcan", "canlyniad", "nod", "blaenoriaeth", "thema")
_LABEL = (
    r"(?:(?:strategic|key|local|main|overarching)\s+)?"
    rf"(?:{'|'.join(OBJECTIVE_LABELS + WELSH_OBJECTIVE_LABELS)})"
)
LABELLED = re.compile(
    rf"^\s*(?P<label>{_LABEL})s?\s*(?:"
    r"(?P<id>\d{1,3}|[A-Za-z](?![A-Za-z]))\s*(?:[:.\-–—)]?\s*(?P<title>.+?))?"
    r"|[:.\-–—)]\s*(?P<untitled>.+?)"
    r")?\s*$",
    re.IGNORECASE | re.DOTALL,
)
# Our own exported heading ("Objective 6: …").
OBJECTIVE_HEADING = re.compile(r"^\s*objective\s+(\d+)\s*[:.\-–]\s*(.+?)\s*$", re.IGNORECASE)


@dataclass
class Heading:
    number: int | None  # as published; None when it must be given one
    title: str
    note: str = ""  # what was guessed, for the preview
    label: str = ""  # as written: "Outcome 2", "Priority A", "Stage"; "" for a bare title
    word: str = ""  # the plan's word for its objectives: "Outcome", "Stage"

    @property
    def numbered_as_published(self) -> bool:
        return self.number is not None and any(ch.isdigit() for ch in self.label)


def is_labelled_heading(text: str) -> bool:
    """A cell that is an objective heading by its wording alone (for a row of its own)."""
    match = LABELLED.match(text or "")
    return bool(match and (match["id"] or match["untitled"]) and len(text) <= 300)


def label_word(text: str) -> str:
    """ "OUTCOMES" → "Outcome", "Strategic Priority" as written: a plan's word for its
    objectives, singular, in sentence case when written in capitals."""
    words = " ".join(str(text or "").split())
    last = words.split()[-1].lower() if words else ""
    if last.endswith("s") and last[:-1] in OBJECTIVE_LABELS:
        words = words[:-1]
    return words[:1].upper() + words[1:].lower() if words.isupper() else words


def read_heading(text: str) -> Heading:
    """The number, title, label as written and word of an objective heading."""
    text = " ".join(text.split())
    own = OBJECTIVE_HEADING.match(text)
    if own:
        return Heading(int(own[1]), own[2], label=f"Objective {own[1]}", word="Objective")
    match = LABELLED.match(text)
    if match is None:
        return Heading(None, text)
    word = label_word(match["label"])
    if match["untitled"]:
        return Heading(None, match["untitled"].strip(), label=word, word=word)
    if not match["id"]:
        return Heading(None, text)
    label = text[match.start("label") : match.end("id")]
    title = (match["title"] or "").strip() or text
    if match["id"].isdigit():
        return Heading(int(match["id"]), title, label=label, word=word)
    letter = match["id"].upper()
    return Heading(
        ord(letter) - ord("A") + 1,
        title,
        f"numbered {ord(letter) - ord('A') + 1} from its letter {letter}",
        label=label,
        word=word,
    )


def number_headings(headings: list[Heading]) -> None:
    """Give each unnumbered heading the next number not published for another."""
    used = {heading.number for heading in headings if heading.number is not None}
    following = 0
    for heading in headings:
        if heading.number is not None:
            following = max(following, heading.number)
            continue
        following += 1
        while following in used:
            following += 1
        heading.number = following
        used.add(following)
        heading.note = f"numbered {following} in order for its web address: the heading has none"
