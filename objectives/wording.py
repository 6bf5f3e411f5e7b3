"""A baseline's or target's own words shown under a heading that already names it.

The plan writes "Baseline (TBC)", "Baseline: 75% (2010)", "Target to be agreed": under a
Baseline or Target heading (the compare page, its CSV, the board report) the label would read
twice ("Baseline: Baseline: (TBC)"). Every such surface takes the words from here, so they read
the same everywhere.
"""

import re

_LEADING_LABEL = {
    "baseline": re.compile(r"^\s*base\s*line\b[\s:?–-]*", re.IGNORECASE),
    "target": re.compile(r"^\s*target\b[\s:?–-]*", re.IGNORECASE),
}
_ONLY_TBC = re.compile(r"^\W*(tbc)?\W*$", re.IGNORECASE)


def under_heading(words: str, state_label: str, kind: str) -> str:
    """``words`` without the label its heading already gives (``kind``: "baseline" or "target"),
    or ``state_label`` ("To be confirmed") when the words say no more than the label and "TBC".
    The first letter is a capital, as a cell's text starts."""
    rest = _LEADING_LABEL[kind].sub("", " ".join(words.split()))
    if _ONLY_TBC.match(rest):
        return state_label
    return rest[0].upper() + rest[1:]
