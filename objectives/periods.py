"""The periods figures describe: one idea, worded one way.

A measure's figures each cover one kind of period (``Measure.FiguresPeriod``): a month, a
quarter, a whole year, or the year to date (the running total since the plan year began).
This module is the one place that knows what those mean:

- ``period_problem``: whether a figure's dates fit its measure's kind (``Measurement.clean``
  refuses one that does not, naming the field).
- ``readings``: a count measured per year or year to date may also take single months (what
  police.uk publishes); those months add up, from the plan year's first month, into a
  year-to-date total that says which months it holds. The RAG rules, the charts and the board
  report read these readings, never the loose months.
- ``period_words``: "October 2011", "Q3 2011/12", "2011/12", "April–October 2011 (year to date,
  7 of 12 months)". Every page, file, feed and API field words a period with it.

Quarters and years are the UK financial year's, from 1 April, as the plans themselves name them
("Q3 2011/12" is October to December 2011).
"""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext

FIRST_MONTH_OF_YEAR = 4  # the financial year: April


# --- Calendar ---------------------------------------------------------------------------------


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def is_month_end(day: datetime.date) -> bool:
    return day == month_end(day)


def is_one_month(start: datetime.date, end: datetime.date) -> bool:
    return start.day == 1 and end == month_end(start)


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole calendar months from ``start``'s month to ``end``'s, both counted."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return day.replace(
        year=year, month=month + 1, day=min(day.day, 28) if day.day > 28 else day.day
    )


def is_quarter(start: datetime.date, end: datetime.date) -> bool:
    return (
        start.day == 1 and start.month in (1, 4, 7, 10) and end == month_end(add_months(start, 2))
    )


def is_whole_year(start: datetime.date, end: datetime.date) -> bool:
    """Twelve whole months: a financial or calendar year, or the twelve months to a month's end."""
    return start.day == 1 and is_month_end(end) and months_between(start, end) == 12


def financial_year(day: datetime.date) -> int:
    return day.year if day.month >= FIRST_MONTH_OF_YEAR else day.year - 1


def year_name(first_year: int) -> str:
    return f"{first_year}/{(first_year + 1) % 100:02d}"


def year_start_for(plan, day: datetime.date) -> datetime.date:
    """The first day of the plan year holding ``day``: the plan's start, or an anniversary of it
    (the year before the plan, where baselines and last year's months come from)."""
    start = plan.period_start
    while start > day:
        start = start.replace(year=start.year - 1)
    while start.replace(year=start.year + 1) <= day:
        start = start.replace(year=start.year + 1)
    return start


# --- Wording ----------------------------------------------------------------------------------


# Month names in the reader's language ("October 2011", "Hydref 2011"), as templates give them.


def _month(day: datetime.date) -> str:
    return date_format(day, "F Y")


def _month_span(start: datetime.date, end: datetime.date) -> str:
    if start.year == end.year:
        if start.month == end.month:
            return _month(start)
        return f"{date_format(start, 'F')}–{_month(end)}"
    return f"{_month(start)}–{_month(end)}"


def _long(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def period_words(
    start: datetime.date, end: datetime.date, *, year_to_date: bool = False, label: str = ""
) -> str:
    """A period as residents and the board read it, the same on every surface.

    >>> period_words(datetime.date(2011, 10, 1), datetime.date(2011, 12, 31))
    'Q3 2011/12'
    >>> period_words(datetime.date(2011, 4, 1), datetime.date(2011, 10, 31), year_to_date=True)
    'April–October 2011 (year to date, 7 of 12 months)'
    """
    if year_to_date and start.day == 1 and is_month_end(end):
        held = months_between(start, end)
        if held < 12:
            return gettext("%(months)s (year to date, %(held)s of 12 months)") % {
                "months": _month_span(start, end),
                "held": held,
            }
    if year_to_date and not (start.day == 1 and is_month_end(end)):
        return gettext("%(start)s to %(end)s (year to date)") % {
            "start": _long(start),
            "end": _long(end),
        }
    if is_one_month(start, end):
        return _month(start)
    if is_quarter(start, end):
        number = (start.month - FIRST_MONTH_OF_YEAR) % 12 // 3 + 1
        return gettext("Q%(number)s %(year)s") % {
            "number": number,
            "year": year_name(financial_year(start)),
        }
    if is_whole_year(start, end):
        if start.month == FIRST_MONTH_OF_YEAR:
            return year_name(start.year)
        if start.month == 1:
            return str(start.year)
        return gettext("the 12 months %(months)s") % {"months": _month_span(start, end)}
    if label:
        return label
    if start.day == 1 and is_month_end(end):
        return _month_span(start, end)
    return gettext("%(start)s to %(end)s") % {"start": _long(start), "end": _long(end)}


def is_year_to_date(measurement, measure=None) -> bool:
    """Whether a figure (or reading) of ``measure`` (default: its own) is a running total
    since its year began."""
    if getattr(measurement, "months_held", None) is not None:
        return True
    measure = measure or measurement.measure
    return measure.figures_period == measure.FiguresPeriod.YEAR_TO_DATE and not (
        is_one_month(measurement.period_start, measurement.period_end)
        and measurement.period_start.month != FIRST_MONTH_OF_YEAR
    )


def measurement_period_words(measurement, measure=None) -> str:
    """``period_words`` for a recorded figure or a year-to-date reading."""
    return period_words(
        measurement.period_start,
        measurement.period_end,
        year_to_date=is_year_to_date(measurement, measure),
        label=measurement.period_label,
    )


# --- Fit --------------------------------------------------------------------------------------


def period_problem(measure, start, end, plan) -> tuple[str, str] | None:
    """(field, message) when a figure of ``start``–``end`` does not fit ``measure``'s kind of
    period, else None. Percentages, rates and ratings of a measure "per year" may describe any
    period (a survey wave, a quarter's rate); counts per year are whole years or single months,
    which add up into the year to date."""
    kinds = measure.FiguresPeriod
    kind = measure.figures_period
    named = f"“{measure.name}” is measured {kinds(kind).label.lower()}"
    is_count = measure.unit == measure.Unit.COUNT
    if kind == kinds.MONTH:
        if start.day != 1:
            return "period_start", f"{named}: the period starts on the 1st of a month."
        if end != month_end(start):
            return "period_end", (
                f"{named}: the period ends on the last day of the month it starts in "
                f"({month_end(start):%d/%m/%Y})."
            )
    elif kind == kinds.QUARTER:
        if start.day != 1 or start.month not in (1, 4, 7, 10):
            return "period_start", (
                f"{named}: the period starts on the first day of a quarter (1 April, 1 July, "
                "1 October or 1 January)."
            )
        if not is_quarter(start, end):
            return "period_end", (
                f"{named}: the period ends on the quarter's last day "
                f"({month_end(add_months(start, 2)):%d/%m/%Y})."
            )
    elif kind == kinds.YEAR_TO_DATE:
        if is_count and is_one_month(start, end):
            return None  # one month, counted into the year to date
        year_start = year_start_for(plan, start)
        if start != year_start:
            return "period_start", (
                f"{named}: the period starts on the first day of the plan year "
                f"({year_start:%d/%m/%Y}), since the figure is the total so far this year"
                f"{' (or give one calendar month, which counts towards it)' if is_count else ''}."
            )
    elif (
        kind == kinds.YEAR
        and is_count
        and not (is_one_month(start, end) or is_whole_year(start, end))
    ):
        return "period_end", (
            f"{named}: a figure covers a whole year (twelve months, e.g. "
            f"{plan.period_start:%d/%m/%Y} to {plan.period_end:%d/%m/%Y}) or one calendar "
            "month, which counts towards the year to date. A quarter or part of a year "
            "is not a figure for the year."
        )
    return None


def is_full_year(measurement) -> bool:
    """Whether a figure covers a whole year: what a baseline must be."""
    return is_whole_year(measurement.period_start, measurement.period_end)


# --- Year to date from months -----------------------------------------------------------------


def adds_months(measure) -> bool:
    kinds = measure.FiguresPeriod
    return measure.unit == measure.Unit.COUNT and measure.figures_period in {
        kinds.YEAR,
        kinds.YEAR_TO_DATE,
    }


def readings(measure, figures, plan) -> list:
    """The figures as they are judged and shown: for a count per year or year to date, its
    single months become running totals from the first month of their plan year (one reading
    per month, while the months run on without a gap), each saying how many months it holds.
    A figure recorded for the same period as a total takes precedence over the months' sum.
    Other figures are returned as they are. Readings are unsaved ``Measurement`` objects."""
    for figure in figures:
        # Each figure's own measure is the one assessed: worded and judged without a query.
        if figure.measure_id == measure.pk and not type(figure).measure.is_cached(figure):
            type(figure).measure.field.set_cached_value(figure, measure)
    if not adds_months(measure):
        return list(figures)
    months, others = [], []
    for figure in figures:
        is_part = is_one_month(figure.period_start, figure.period_end)
        (months if is_part and figure.value is not None else others).append(figure)
    if not months:
        return list(figures)
    recorded = {(f.period_start, f.period_end) for f in others}
    by_year: dict[datetime.date, dict[datetime.date, object]] = {}
    for month in months:
        by_year.setdefault(year_start_for(plan, month.period_start), {})[month.period_start] = month
    totals = []
    model = type(months[0])
    for year_start, held in sorted(by_year.items()):
        running, parts, day = Decimal(0), [], year_start
        while day in held:
            month = held[day]
            running += month.value
            parts.append(month)
            if (year_start, month.period_end) not in recorded:
                totals.append(_reading(model, measure, year_start, month, running, parts))
            day = add_months(day, 1)
    return sorted([*others, *totals], key=lambda m: (m.period_end, m.period_start))


def same_reading(reading, other) -> bool:
    """Two year-to-date readings (unsaved) are the same when they add up the same months to
    the same total; anything else unsaved is only itself (as Django compares models)."""
    if reading is other:
        return True
    if getattr(reading, "months_held", None) is None or getattr(other, "months_held", None) is None:
        return False
    return [(p.pk, p.value) for p in reading.parts] == [(p.pk, p.value) for p in other.parts]


def _reading(model, measure, year_start, last, total, parts):
    reading = model(
        measure=measure,
        period_start=year_start,
        period_end=last.period_end,
        value=total,
        status=last.status,
        source=last.source,
        recorded_at=last.recorded_at,
        approved_at=last.approved_at,
    )
    reading.months_held = len(parts)
    reading.parts = tuple(parts)
    return reading


# --- Forms ------------------------------------------------------------------------------------


def default_period(measure, plan, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period a new figure's form starts at, on the plan's reporting ``day``: the month or
    quarter holding it; for a year to date, from the plan year's first day to the end of the
    quarter holding it; for a count per year, the month holding it (months add up to the year
    to date), or the whole plan year once that has ended."""
    kinds = measure.FiguresPeriod
    quarter_start = day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    quarter_end = month_end(add_months(quarter_start, 2))
    if measure.figures_period == kinds.MONTH:
        return day.replace(day=1), month_end(day)
    if measure.figures_period == kinds.YEAR_TO_DATE:
        return year_start_for(plan, day), min(quarter_end, plan.period_end)
    if measure.figures_period == kinds.YEAR and measure.unit == measure.Unit.COUNT:
        start = year_start_for(plan, day)
        year_end = add_months(start, 12) - datetime.timedelta(days=1)
        if day >= year_end:
            return start, year_end
        return day.replace(day=1), month_end(day)
    return quarter_start, quarter_end


def period_field_words(measure, plan) -> dict[str, tuple[str, str]]:
    """{field: (label, help text)} for a figure's period fields, saying what the measure's
    figures cover, so the form itself tells the officer "year to date"."""
    kinds = measure.FiguresPeriod
    kind = measure.figures_period
    if kind == kinds.YEAR_TO_DATE:
        start = year_start_for(plan, plan.reporting_day())
        return {
            "period_start": (
                "Year to date from",
                f"This measure's figures are year to date: the total since the plan year began "
                f"on {_long(start)}. Give one calendar month instead to add a month to it.",
            ),
            "period_end": ("Year to date up to", "The last day the total counts."),
        }
    if kind == kinds.MONTH:
        return {
            "period_start": ("Month from", "Figures of this measure are for one calendar month."),
            "period_end": ("Month to", "The month's last day."),
        }
    if kind == kinds.QUARTER:
        return {
            "period_start": ("Quarter from", "Figures of this measure are for one quarter."),
            "period_end": ("Quarter to", "The quarter's last day."),
        }
    if measure.unit == measure.Unit.COUNT:
        return {
            "period_start": (
                "Period from",
                "A figure for the whole year, or for one calendar month: months add up to the "
                "year to date.",
            ),
            "period_end": ("Period to", ""),
        }
    return {}
