"""police.uk street-level crime files → monthly counts → measurements of a measure.

police.uk publishes one CSV file per force and month, ``YYYY-MM/YYYY-MM-<force>-street.csv``,
one row per crime or anti-social behaviour incident (``COLUMNS``; anti-social behaviour rows
have no Crime ID). ``read_counts`` counts the rows of one crime type (optionally only those in
LSOAs whose name starts with the partnership's district, e.g. "West Lancashire"), month by
month; ``write_counts`` records each month as a measurement through
``objectives.services.record_measurement``, so it waits for a plan manager's approval like any
other figure (or is published at once on a plan that publishes automatically).

How months map to a measure: each count is the figure for one calendar month. It goes to a
count measured per month, or to a count per year or year to date (``Measure.figures_period``):
there each month is recorded as a monthly figure, and the months add up, from the plan year's
first month, to the measure's year to date (``objectives.periods.readings``), which says which
months it holds and is judged against the target pro rata. A count per quarter is refused
(three months would have to be summed into one figure in one import), as is a percentage or a
rate. Months outside the plan (and the year before it, where baselines come from) are left
out, and the preview says so.

Idempotent: a month already recorded with the same count is left alone (its approval stands);
a different count — a corrected file — replaces the month's figure (its history keeps the old
one) and sends it for approval again. Two files for the same month and force in one import are
refused; files of different forces for one month (a district served by two) are added up.

Bad files: every problem names its file and row, and nothing is written. Each file's size is
checked before it is read (``POLICE_UK_MAX_BYTES``).
"""

from __future__ import annotations

import calendar
import csv
import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from importer.errors import PlanImportError, Problem
from objectives.models import Measure, Measurement
from objectives.services import record_measurement

COLUMNS = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)
FILE_NAME = re.compile(r"^(?P<month>\d{4}-\d{2})-(?P<force>[a-z0-9-]+)-street\.csv$")
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

# Today's police.uk crime types.
CATEGORIES = (
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
)

# Older names police.uk used in its files, and today's types each became.
#
# | older name                  | today's type(s)                     | how it is counted |
# | --------------------------- | ----------------------------------- | ----------------- |
# | Violent crime               | Violence and sexual offences        | as today's type   |
# | Public disorder and weapons | Public order; Possession of weapons | split: see below  |
#
# A renamed type counts as today's. A split one cannot be divided again: an older row of
# "Public disorder and weapons" may be public order or a weapon, so asking for "Public order"
# from a file that has such rows is refused (naming the row). Ask for the older name instead,
# and every month counts both of today's types together, old files and new alike.
# Not mapped, because the name did not change: police.uk's "Other theft" once included the
# bicycle thefts and thefts from the person it later counts apart, and its early "Other crime"
# several types that later got their own. Counts either side of such a change are not alike.
OLDER_CATEGORIES = {
    "Violent crime": ("Violence and sexual offences",),
    "Public disorder and weapons": ("Public order", "Possession of weapons"),
}
KNOWN = frozenset(CATEGORIES) | frozenset(OLDER_CATEGORIES)


class PoliceUkError(PlanImportError):
    """The files cannot be imported; nothing was written. ``problems`` name file and row."""


def counted_types(crime_type: str) -> frozenset[str]:
    """Every name in a file that counts as ``crime_type`` (see ``OLDER_CATEGORIES``)."""
    if crime_type in OLDER_CATEGORIES:
        return frozenset({crime_type, *OLDER_CATEGORIES[crime_type]})
    renamed = {old for old, new in OLDER_CATEGORIES.items() if new == (crime_type,)}
    return frozenset({crime_type, *renamed})


def _split_from(crime_type: str) -> dict[str, tuple[str, ...]]:
    """The older split names whose rows cannot be counted as ``crime_type`` alone."""
    return {old: new for old, new in OLDER_CATEGORIES.items() if len(new) > 1 and crime_type in new}


def check_crime_type(crime_type: str) -> None:
    if crime_type not in KNOWN:
        raise PoliceUkError.single(
            f"“{crime_type}” is not a police.uk crime type. Use one of: {', '.join(CATEGORIES)} "
            f"(or an older name: {', '.join(OLDER_CATEGORIES)})."
        )


MONTHLY_KINDS = (
    Measure.FiguresPeriod.MONTH,
    Measure.FiguresPeriod.YEAR,
    Measure.FiguresPeriod.YEAR_TO_DATE,
)


def takes_months(measure: Measure) -> bool:
    """Whether police.uk's monthly counts can be figures of ``measure``."""
    return measure.unit == Measure.Unit.COUNT and measure.figures_period in MONTHLY_KINDS


def check_measure(measure: Measure) -> None:
    if measure.unit != Measure.Unit.COUNT:
        raise PoliceUkError.single(
            f"“{measure}” is measured as “{measure.get_unit_display()}”, but police.uk files "
            "give a count for each month: import them into a count (unit “Number”)."
        )
    if not takes_months(measure):
        raise PoliceUkError.single(
            f"“{measure}” is measured {measure.get_figures_period_display().lower()}, but "
            "police.uk files give a count for each month: import them into a count measured "
            "per month, per year or year to date, where months add up to the year to date."
        )


@dataclass
class MonthCount:
    month: datetime.date  # its first day
    count: int = 0
    files: list = field(default_factory=list)

    @property
    def last_day(self) -> datetime.date:
        return self.month.replace(day=calendar.monthrange(self.month.year, self.month.month)[1])

    @property
    def label(self) -> str:
        return f"{self.month:%B %Y}"


def street_files(paths) -> list[Path]:
    """The street files named by ``paths``: files as given, folders searched (police.uk's
    download holds a folder per month, and outcomes and stop-and-search files beside them,
    which are not read)."""
    found = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*-street.csv") if p.is_file())
        elif path.is_file():
            found.append(path)
        else:
            raise PoliceUkError.single(f"{given}: no such file or folder.")
    if not found:
        raise PoliceUkError.single("No police.uk street files (YYYY-MM-<force>-street.csv) found.")
    return found


def read_counts(files, *, crime_type: str, lsoa_prefix: str = "") -> list[MonthCount]:
    """Count ``crime_type`` month by month in ``files``: (name, path-or-bytes) pairs or paths.
    Raises PoliceUkError naming every bad file and row; otherwise the months in order."""
    check_crime_type(crime_type)
    wanted, split = counted_types(crime_type), _split_from(crime_type)
    months: dict[datetime.date, MonthCount] = {}
    seen: dict[tuple, str] = {}
    problems: list[Problem] = []
    for name, source in _named(files):
        match = FILE_NAME.match(Path(name).name)
        if not match or not MONTH.match(match["month"]):
            problems.append(Problem(name, "not a police.uk street file: its name should be "
                                          "YYYY-MM-<force>-street.csv"))  # fmt: skip
            continue
        key = (match["month"], match["force"])
        if key in seen:
            problems.append(Problem(name, f"the same month and force as {seen[key]}"))
            continue
        seen[key] = name
        size = len(source) if isinstance(source, bytes) else Path(source).stat().st_size
        limit = settings.POLICE_UK_MAX_BYTES
        if size > limit:
            problems.append(Problem(name, f"the file is {size:,} bytes; the limit is {limit:,}"))
            continue
        month = datetime.date.fromisoformat(match["month"] + "-01")
        count, file_problems = _count_file(
            name, source, month=match["month"], wanted=wanted, split=split,
            crime_type=crime_type, lsoa_prefix=lsoa_prefix,
        )  # fmt: skip
        problems += file_problems
        entry = months.setdefault(month, MonthCount(month))
        entry.count += count
        entry.files.append(Path(name).name)
    if problems:
        raise PoliceUkError(problems)
    return [months[m] for m in sorted(months)]


def _named(files):
    for item in files:
        if isinstance(item, tuple):
            yield item
        else:
            yield str(item), item


def _lines(source):
    if isinstance(source, bytes):
        yield from source.decode("utf-8-sig").splitlines()
        return
    with open(source, encoding="utf-8-sig", newline="") as handle:
        yield from handle


def _count_file(name, source, *, month, wanted, split, crime_type, lsoa_prefix):
    """(count, problems) for one file. Streams its rows: a force's month is thousands."""
    problems, count = [], 0
    try:
        reader = csv.reader(_lines(source))
        header = next(reader, None)
        if header is None or tuple(h.strip() for h in header) != COLUMNS:
            return 0, [Problem(f"{name}, row 1", "the columns are not police.uk's street "
                                                 f"columns ({', '.join(COLUMNS)})")]  # fmt: skip
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            where = f"{name}, row {number}"
            if len(row) != len(COLUMNS):
                problems.append(Problem(where, f"{len(row)} columns; expected {len(COLUMNS)}"))
            else:
                values = dict(zip(COLUMNS, (cell.strip() for cell in row), strict=True))
                problem = _row_problem(values, month=month, split=split, crime_type=crime_type)
                if problem:
                    problems.append(Problem(where, problem))
                elif values["Crime type"] in wanted and values["LSOA name"].startswith(lsoa_prefix):
                    count += 1
            if len(problems) >= 20:
                problems.append(Problem(name, "more problems follow; fix these first"))
                break
    except (UnicodeDecodeError, csv.Error) as error:
        problems.append(Problem(name, f"not a readable UTF-8 CSV file ({error})"))
    return count, problems


def _row_problem(values, *, month, split, crime_type) -> str:
    if values["Month"] != month:
        return f"Month “{values['Month'][:20]}” is not {month}, the month in the file's name"
    kind = values["Crime type"]
    if kind not in KNOWN:
        return f"Crime type “{kind[:60]}” is not a police.uk crime type"
    if kind in split:
        return (
            f"“{kind}” is police.uk's older type, later split into "
            f"{' and '.join(f'“{t}”' for t in split[kind])}: it cannot be counted as "
            f"“{crime_type}” alone. Import with --crime-type “{kind}” to count them together."
        )
    return ""


# --- Writing -----------------------------------------------------------------------------------


@dataclass
class MonthPlan:
    """What the import does with one month: "new", "corrected", "unchanged" or "outside"."""

    month: MonthCount
    action: str
    recorded: Decimal | None = None


def plan_months(measure: Measure, counts) -> list[MonthPlan]:
    """What ``write_counts`` would do, month by month (the preview reads it). One query."""
    plan = measure.plan
    earliest = plan.period_start - datetime.timedelta(days=366)
    recorded = {
        (m.period_start, m.period_end): m.value for m in Measurement.objects.filter(measure=measure)
    }
    result = []
    for count in counts:
        if count.month < earliest or count.last_day > plan.period_end:
            result.append(MonthPlan(count, "outside"))
            continue
        before = recorded.get((count.month, count.last_day))
        if (count.month, count.last_day) not in recorded:
            result.append(MonthPlan(count, "new"))
        elif before == Decimal(count.count):
            result.append(MonthPlan(count, "unchanged", before))
        else:
            result.append(MonthPlan(count, "corrected", before))
    return result


@transaction.atomic
def write_counts(
    *, measure: Measure, counts, by, crime_type: str, lsoa_prefix: str = ""
) -> list[MonthPlan]:
    """Record each month's count as a measurement of ``measure`` (see the module docstring).
    All or nothing: a measurement that does not validate undoes the whole import."""
    check_measure(measure)
    area = f" in LSOAs named “{lsoa_prefix}…”" if lsoa_prefix else ""
    plans = plan_months(measure, counts)
    for item in plans:
        if item.action not in {"new", "corrected"}:
            continue
        files = ", ".join(item.month.files)
        try:
            record_measurement(
                measure=measure,
                by=by,
                period_start=item.month.month,
                period_end=item.month.last_day,
                period_label=item.month.label,
                value=Decimal(item.month.count),
                source=f"police.uk street-level crime ({files})"[:300],
                note=f"{crime_type}{area}: rows counted by the police.uk import.",
            )
        except ValidationError as error:
            raise PoliceUkError.single("; ".join(error.messages), where=item.month.label) from None
    return plans


def summary(plans) -> str:
    counts = defaultdict(int)
    for item in plans:
        counts[item.action] += 1
    return (
        f"{counts['new']} new, {counts['corrected']} corrected (sent for approval again), "
        f"{counts['unchanged']} unchanged, {counts['outside']} outside the plan's period"
    )
