"""Calendar quarters: the period officers are asked to report on.

"my actions", the dashboard's accountability and the chair's reminders all take the quarter
from ``current_quarter``; "my actions" flags items with ``needs_update``.
"""

import datetime


def current_quarter(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the calendar quarter containing ``today``.

    >>> current_quarter(datetime.date(2011, 8, 15))
    (datetime.date(2011, 7, 1), datetime.date(2011, 9, 30))
    """
    first_month = 3 * ((today.month - 1) // 3) + 1
    start = datetime.date(today.year, first_month, 1)
    if first_month == 10:
        end = datetime.date(today.year, 12, 31)
    else:
        end = datetime.date(today.year, first_month + 3, 1) - datetime.timedelta(days=1)
    return start, end


def quarter_label(start: datetime.date) -> str:
    """e.g. "Jul–Sep 2011": plain words, not a financial-year code that readers must decode."""
    end = current_quarter(start)[1]
    return f"{start:%b}–{end:%b %Y}"


def needs_update(last_update: datetime.date | None, today: datetime.date) -> bool:
    """An item needs an update when nothing was recorded since this quarter began."""
    return last_update is None or last_update < current_quarter(today)[0]
