"""Figures for the RAG rules: how they are written ("64.5", "20%") and where a measure should
be on a day (the straight-line trajectory, or the target pro rata for year-to-date figures).
``progress.rag`` applies the rules; this module only does the arithmetic and the words."""

from __future__ import annotations

import datetime
import functools
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format
from django.utils.translation import get_language

from objectives import periods
from objectives.models import Measure

HUNDRED = Decimal(100)


# --- Formatting -----------------------------------------------------------------------------


def fmt(value, unit=None):
    """A figure as people write it, the one place figures are formatted: rounded as its unit
    says (``rounded``: whole fires, "64.5%"), no trailing zeros, % for percentages. Without a
    unit (a share worse, a tolerance) it keeps at most two decimals."""
    if value is None:
        return "–"
    if unit is not None:
        value = rounded(value, unit)
    text = f"{Decimal(value):,.2f}".rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return f"{text}%" if unit == Measure.Unit.PERCENT else text


# Decimal places a figure is reported with, by unit: fires, crimes and casualties are whole
# numbers, so a trajectory of 272.5 fires is reported as 273 (half up: the nearest whole count,
# as the board has always read it; the colour itself is worked out on the exact line). Shares
# keep one place; rates two.
PLACES = {
    Measure.Unit.COUNT: 0,
    Measure.Unit.PERCENT: 1,
    Measure.Unit.RATE: 2,
}


def rounded(value, unit):
    """A figure rounded (half up) to the places its unit is reported with; None stays None."""
    if value is None:
        return None
    places = PLACES.get(unit, 2)
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def fmt_rounded(value, unit=None):
    """``fmt``: kept for its callers; every figure with a unit is rounded as the unit says."""
    return fmt(value, unit)


def pct(value):
    return fmt(value) + "%"


def long_date(day):
    """A day in words, "6 December 2026"; on a Welsh page "6 Rhagfyr 2026": the month's name
    in the reader's language, as the templates' ``|date:"j F Y"`` gives it."""
    return _long_date(day, get_language())


@functools.lru_cache(maxsize=4096)
def _long_date(day, language):
    # Kept per day and language: the assessment names a due date or an update's day in every
    # action's sentence (about 1,200 a county delivery plan), and formatting one each time was a
    # sixth of the page's time. The words depend on nothing else.
    return date_format(day, "j F Y")


def period_name(measurement, measure=None):
    """The period of a figure or reading, worded as everywhere (``objectives.periods``)."""
    return periods.measurement_period_words(measurement, measure)


# --- Dates ----------------------------------------------------------------------------------


def year_earlier(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def trajectory_at(*, baseline: Decimal, target: Decimal, plan, on: datetime.date) -> Decimal:
    """Where the straight line from baseline (plan start) to target (target date) is ``on`` a day;
    before the start it is the baseline, after the target date it is the target."""
    span = (plan.target_date - plan.period_start).days
    if span <= 0 or on >= plan.target_date:
        return target
    if on <= plan.period_start:
        return baseline
    elapsed = Decimal((on - plan.period_start).days) / Decimal(span)
    return baseline + (target - baseline) * elapsed


def share_of_year(plan, on: datetime.date) -> Decimal:
    span = (plan.target_date - plan.period_start).days
    if span <= 0 or on >= plan.target_date:
        return Decimal(1)
    if on <= plan.period_start:
        return Decimal(0)
    return Decimal((on - plan.period_start).days) / Decimal(span)


def expected_at(measure, *, plan, on: datetime.date, year_to_date: bool | None = None):
    """Where a reduce/increase measure should be on a day (its trajectory, or for a
    year-to-date figure the target pro rata); None when no line can be drawn.
    ``year_to_date``: whether the figure read against it is a year to date (months added up
    count as one); by default, whether the measure's figures are."""
    if measure.direction not in {Measure.Direction.REDUCE, Measure.Direction.INCREASE}:
        return None
    if measure.target_value is None:
        return None
    if year_to_date is None:
        year_to_date = measure.figures_year_to_date
    if year_to_date:
        return measure.target_value * share_of_year(plan, on)
    if measure.baseline_value is None:
        return None
    return trajectory_at(
        baseline=measure.baseline_value, target=measure.target_value, plan=plan, on=on
    )


def expected_for(measure, reading, *, plan):
    """``expected_at`` the end of a figure or reading, as the rules read it."""
    return expected_at(
        measure,
        plan=plan,
        on=reading.period_end,
        year_to_date=periods.is_year_to_date(reading, measure),
    )


def spreadsheet_number(value, unit=None):
    """Figures stay numbers in a spreadsheet (officers sum and chart them), rounded as their
    unit says (whole fires, ``rounded``), else to 2 places; an unknown stays an empty cell,
    never 0."""
    if value is None:
        return None
    return rounded(value, unit) if unit is not None else value.quantize(Decimal("0.01"))
