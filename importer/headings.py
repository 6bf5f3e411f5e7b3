"""Objective headings as partnerships publish them.

"Objective 6: Reduce Arson", "Outcome 1: Safer streets", "Aim 2 – …", "Priority A", "Strand 3",
"Strategic Priority B: …" or a bare title with no label at all. The number is the one published;
a letter becomes its place in the alphabet and no number the next one free, both marked as
guesses. Our own "Objective <number>: <title>" keeps only its title (so an exported plan
round-trips exactly); any other heading is kept whole as the title, so the published label
("Outcome 1", "Priority A") is never lost.
"""

import re
from dataclasses import dataclass

from importer.columns import OBJECTIVE_LABELS

_LABEL = rf"(?:(?:strategic|key|local|main|overarching)\s+)?(?:{'|'.join(OBJECTIVE_LABELS)})"
LABELLED = re.compile(
    rf"^\s*(?P<label>{_LABEL})s?\s*(?:"
    r"(?P<id>\d{1,3}|[A-Za-z](?![A-Za-z]))\s*(?:[:.\-–—)]?\s*(?P<title>.+?))?"
    r"|[:.\-–—)]\s*(?P<untitled>.+?)"
    r")?\s*$",
    re.IGNORECASE | re.DOTALL,
)
# Our own exported heading, the one form whose label is not kept in the title.
OBJECTIVE_HEADING = re.compile(r"^\s*objective\s+(\d+)\s*[:.\-–]\s*(.+?)\s*$", re.IGNORECASE)


@dataclass
class Heading:
    number: int | None  # as published; None when it must be given one
    title: str
    note: str = ""  # what was guessed, for the preview


def is_labelled_heading(text: str) -> bool:
    """A cell that is an objective heading by its wording alone (for a row of its own)."""
    match = LABELLED.match(text or "")
    return bool(match and (match["id"] or match["untitled"]) and len(text) <= 300)


def read_heading(text: str) -> Heading:
    own = OBJECTIVE_HEADING.match(text)
    if own:
        return Heading(int(own[1]), own[2])
    text = " ".join(text.split())
    match = LABELLED.match(text)
    if match and match["id"] and match["id"].isdigit():
        return Heading(int(match["id"]), text)
    if match and match["id"]:
        letter = match["id"].upper()
        return Heading(
            ord(letter) - ord("A") + 1,
            text,
            f"numbered {ord(letter) - ord('A') + 1} from its letter {letter}",
        )
    return Heading(None, text)


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
        heading.note = f"numbered {following} in order: the heading has no number"
