"""Read an action's due date from its published words.

The plan gives deadlines inside the text: "…by July 2011", "…launch (20.6.11)". A month means
its last day ("by July 2011" is due on 31 July 2011); a written date means that day. The words
are kept beside the date so a reader can see what it was read from.
"""

import calendar
import datetime
import re

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9

_BY_MONTH = re.compile(
    r"\bby\s+(?:the\s+)?(?:end\s+of\s+)?(?P<month>[A-Za-z]{3,9})\.?\s+(?P<year>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_DOTTED = re.compile(r"\((?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{2}|\d{4})\)")


def parse_due_date(text: str) -> tuple[datetime.date | None, str]:
    """The first deadline in ``text`` and the words it was read from, or (None, "").

    >>> parse_due_date("Complete the strategy by July 2011")
    (datetime.date(2011, 7, 31), 'by July 2011')
    >>> parse_due_date("Launch the scheme (20.6.11)")
    (datetime.date(2011, 6, 20), '(20.6.11)')
    """
    candidates = []
    for match in _BY_MONTH.finditer(text):
        month = MONTHS.get(match["month"].lower())
        if month is None:
            continue
        year = int(match["year"])
        last_day = calendar.monthrange(year, month)[1]
        candidates.append((match.start(), datetime.date(year, month, last_day), match.group(0)))
        break
    for match in _DOTTED.finditer(text):
        year = int(match["year"])
        year = year + 2000 if year < 100 else year
        try:
            day = datetime.date(year, int(match["month"]), int(match["day"]))
        except ValueError:
            continue
        candidates.append((match.start(), day, match.group(0)))
        break
    if not candidates:
        return None, ""
    _, due, wording = min(candidates)
    return due, wording
