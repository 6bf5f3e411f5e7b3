"""What a Lead Officer or Funding cell's parts say: a person and their rank, a fund and its amount.

"Chief Inspector Jane Smith" is Jane Smith, titled Chief Inspector; "Jane Smith, Community
Safety Manager" is Jane Smith in that role. "£90,000 Scottish Executive" is the fund Scottish
Executive with £90,000; "Staff time – Police" is a fund with no amount. The words of the cell
are always kept as published (the ``*_wording`` fields); these are only what the records are
matched by, created as, and what the preview shows. No amount is ever guessed: only a figure
written with a pound sign (or "k"/"million" after it) is read.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Longest first, so "Detective Chief Inspector" wins over "Chief Inspector" and "Inspector".
RANKS = sorted(
    [
        "Chief Constable", "Deputy Chief Constable", "Assistant Chief Constable",
        "Chief Superintendent", "Detective Chief Superintendent", "Superintendent",
        "Detective Superintendent", "Chief Inspector", "Detective Chief Inspector", "Inspector",
        "Detective Inspector", "Sergeant", "Detective Sergeant", "Police Sergeant",
        "Police Constable", "Constable", "Detective Constable", "PCSO", "Ch Supt", "Ch Insp",
        "Chief Insp", "Supt", "Insp", "Det Insp", "Sgt", "DCI", "DI", "DS", "PC", "DC", "ACC",
        "Chief Fire Officer", "Deputy Chief Fire Officer", "Area Manager", "Group Manager",
        "Station Manager", "Watch Manager", "Crew Manager", "Councillor", "Cllr", "Dr",
        "Professor", "Prof", "Mr", "Mrs", "Ms", "Miss",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
_RANK = re.compile(
    r"^(?P<rank>" + "|".join(re.escape(rank) for rank in RANKS) + r")\.?\s+(?P<name>\S.*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Person:
    name: str
    title: str = ""  # rank or honorific: "Chief Inspector", "Sgt", "Cllr"
    role: str = ""  # what follows a comma: "Community Safety Manager"

    def describe(self) -> str:
        extra = ", ".join(part for part in (self.title, self.role) if part)
        return f"{self.name} ({extra})" if extra else self.name


def read_person(part: str) -> Person:
    text = " ".join(part.split())
    role = ""
    if "," in text:
        text, role = (piece.strip() for piece in text.split(",", 1))
    match = _RANK.match(text)
    if match and len(match["name"].split()) >= 1:
        rank = next(r for r in RANKS if r.lower() == match["rank"].lower())
        return Person(match["name"].strip(), rank, role)
    return Person(text, "", role)


_AMOUNT = re.compile(
    r"(?P<all>£\s*(?P<value>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>k\b|m\b|million\b|thousand\b)?)",
    re.IGNORECASE,
)
_SCALE = {"k": 1000, "thousand": 1000, "m": 1_000_000, "million": 1_000_000}


@dataclass(frozen=True)
class Funding:
    source: str  # "" when the part is only an amount
    amount: Decimal | None = None  # in pounds

    def describe(self) -> str:
        amount = f"£{self.amount:,.2f}".replace(".00", "") if self.amount is not None else ""
        if self.source and amount:
            return f"{self.source}, {amount}"
        return self.source or amount


def read_funding(part: str) -> Funding:
    match = _AMOUNT.search(part)
    if not match:
        return Funding(" ".join(part.split()))
    try:
        amount = Decimal(match["value"].replace(",", ""))
    except InvalidOperation:
        return Funding(" ".join(part.split()))
    if match["scale"]:
        amount *= _SCALE[match["scale"].lower()]
    rest = (part[: match.start()] + " " + part[match.end() :]).strip()
    # "£90,000 from the Scottish Executive", "Home Office – £5k": drop the joining words.
    rest = re.sub(r"^(?:from|of|by|via)\s+|[\s\-–—:,]+$|^[\s\-–—:,]+", "", rest, flags=re.I)
    rest = re.sub(r"^(?:from|of|by|via)\s+", "", rest, flags=re.I)
    return Funding(" ".join(rest.split()), amount)
