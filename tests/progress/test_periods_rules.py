"""The period rules of ``objectives/periods.py`` read one at a time, without the pages that show
them (issue 29: each test kills the mutants its rule would let through): what a year is, which
figures add up to a year to date and what a running total carries, when two readings are the
same, where a new figure's form starts and what it says."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from objectives import periods
from objectives.models import Measure, Measurement
from tests import factories

D = datetime.date


def _month(measure, day, value, **fields):
    return factories.MeasurementFactory.build(
        measure=measure,
        period_start=day,
        period_end=periods.month_end(day),
        period_label="",
        value=None if value is None else Decimal(value),
        **fields,
    )


def _yearly_count(**fields):
    return factories.MeasureFactory.build(
        figures_period=Measure.FiguresPeriod.YEAR, unit=Measure.Unit.COUNT, **fields
    )


# --- What a year is -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "whole"),
    [
        (D(2010, 4, 1), D(2011, 3, 31), True),  # a financial year: a baseline
        (D(2010, 1, 1), D(2010, 12, 31), True),  # a calendar year
        (D(2010, 7, 1), D(2010, 9, 30), False),  # a quarter
        (D(2010, 4, 2), D(2011, 3, 31), False),  # not from a month's first day
    ],
)
def test_only_twelve_whole_months_are_a_full_year_a_baseline_can_be(start, end, whole):
    figure = factories.MeasurementFactory.build(period_start=start, period_end=end)
    assert periods.is_full_year(figure) is whole


# --- Which figures add up -----------------------------------------------------------------------


def test_a_count_measured_per_month_keeps_its_months_as_they_are():
    measure = factories.MeasureFactory.build(
        figures_period=Measure.FiguresPeriod.MONTH, unit=Measure.Unit.COUNT
    )
    plan = factories.PlanFactory.build()
    months = [_month(measure, D(2011, 4, 1), 3), _month(measure, D(2011, 5, 1), 4)]
    assert periods.readings(measure, months, plan) == months
    assert all(getattr(m, "months_held", None) is None for m in months)


def test_a_percentage_per_year_never_adds_its_months():
    measure = factories.MeasureFactory.build(
        figures_period=Measure.FiguresPeriod.YEAR, unit=Measure.Unit.PERCENT
    )
    plan = factories.PlanFactory.build()
    months = [_month(measure, D(2011, 4, 1), 30), _month(measure, D(2011, 5, 1), 40)]
    readings = periods.readings(measure, months, plan)
    assert [(r.value, getattr(r, "months_held", None)) for r in readings] == [
        (30, None),
        (40, None),
    ]


def test_a_month_with_no_figure_is_not_added_into_the_year_to_date():
    measure = _yearly_count()
    plan = factories.PlanFactory.build()
    unknown = _month(measure, D(2011, 4, 1), None)
    assert periods.readings(measure, [unknown], plan) == [unknown]


def test_a_whole_years_figure_beside_months_stays_the_figure_it_is():
    measure = _yearly_count()
    plan = factories.PlanFactory.build()
    last_year = factories.MeasurementFactory.build(
        measure=measure, period_start=D(2010, 4, 1), period_end=D(2011, 3, 31), value=Decimal(40)
    )
    april = _month(measure, D(2011, 4, 1), 3)
    readings = periods.readings(measure, [last_year, april], plan)
    assert readings[0] is last_year
    assert [(r.period_start, r.period_end, r.value) for r in readings] == [
        (D(2010, 4, 1), D(2011, 3, 31), 40),
        (D(2011, 4, 1), D(2011, 4, 30), 3),
    ]
    assert getattr(readings[0], "months_held", None) is None
    assert readings[1].months_held == 1


def test_a_running_total_carries_its_last_months_status_source_and_times():
    measure = _yearly_count()
    plan = factories.PlanFactory.build()
    recorded = timezone.make_aware(datetime.datetime(2011, 6, 3, 9, 0))
    approved = timezone.make_aware(datetime.datetime(2011, 6, 4, 9, 0))
    april = _month(measure, D(2011, 4, 1), 3, source="April's return", status="amber")
    may = _month(
        measure,
        D(2011, 5, 1),
        4,
        source="May's return",
        status="green",
        recorded_at=recorded,
        approved_at=approved,
    )
    total = periods.readings(measure, [april, may], plan)[-1]
    assert (total.value, total.months_held, total.parts) == (7, 2, (april, may))
    assert (total.status, total.source) == ("green", "May's return")
    assert (total.recorded_at, total.approved_at) == (recorded, approved)
    assert total.measure is measure


@pytest.mark.django_db
def test_each_figure_is_judged_with_its_own_measure_without_asking_the_database_again(
    django_assert_num_queries,
):
    measure = factories.MeasureFactory(
        figures_period=Measure.FiguresPeriod.YEAR, unit=Measure.Unit.COUNT
    )
    other = factories.MeasureFactory(target=measure.target)
    mine = factories.MeasurementFactory(
        measure=measure, period_start=D(2011, 4, 1), period_end=D(2011, 4, 30), value=3
    )
    theirs = factories.MeasurementFactory(measure=other)
    mine, theirs = Measurement.objects.get(pk=mine.pk), Measurement.objects.get(pk=theirs.pk)
    with django_assert_num_queries(0):
        periods.readings(measure, [mine], measure.plan)
        assert mine.measure is measure
    periods.readings(measure, [theirs], measure.plan)
    assert theirs.measure == other


# --- When two readings are the same -------------------------------------------------------------


def test_two_running_totals_of_the_same_months_are_the_same_reading():
    measure = _yearly_count()
    plan = factories.PlanFactory.build()
    april, may = _month(measure, D(2011, 4, 1), 3), _month(measure, D(2011, 5, 1), 4)
    once = periods.readings(measure, [april, may], plan)[-1]
    again = periods.readings(measure, [april, may], plan)[-1]
    assert periods.same_reading(once, once)
    assert periods.same_reading(once, again)
    assert once == again


def test_running_totals_of_different_figures_are_different_readings():
    measure = _yearly_count()
    plan = factories.PlanFactory.build()
    april = _month(measure, D(2011, 4, 1), 3)
    corrected = _month(measure, D(2011, 4, 1), 5)
    total = periods.readings(measure, [april], plan)[-1]
    other = periods.readings(measure, [corrected], plan)[-1]
    assert not periods.same_reading(total, other)


def test_a_running_total_is_never_the_same_as_a_figure_that_is_not_one():
    measure = _yearly_count()
    plan = factories.PlanFactory.build()
    april = _month(measure, D(2011, 4, 1), 3)
    total = periods.readings(measure, [april], plan)[-1]
    figure = _month(measure, D(2011, 4, 1), 3)
    assert periods.same_reading(figure, figure)
    assert not periods.same_reading(total, figure)
    assert not periods.same_reading(figure, total)
    assert not periods.same_reading(figure, _month(measure, D(2011, 4, 1), 3))


# --- A new figure's form ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (D(2011, 10, 1), (D(2011, 10, 1), D(2011, 12, 31))),
        (D(2012, 1, 15), (D(2012, 1, 1), D(2012, 3, 31))),
        (D(2011, 6, 30), (D(2011, 4, 1), D(2011, 6, 30))),
    ],
)
def test_a_quarterly_figures_form_starts_at_the_quarter_holding_the_day(day, quarter):
    plan = factories.PlanFactory.build()
    measure = factories.MeasureFactory.build(figures_period=Measure.FiguresPeriod.QUARTER)
    assert periods.default_period(measure, plan, day) == quarter


@pytest.mark.parametrize(
    ("kind", "unit", "words"),
    [
        (
            "year_to_date",
            "count",
            {
                "period_start": (
                    "Year to date from",
                    "This measure's figures are year to date: the total since the plan year "
                    "began on 1 April 2011. Give one calendar month instead to add a month to it.",
                ),
                "period_end": ("Year to date up to", "The last day the total counts."),
            },
        ),
        (
            "month",
            "count",
            {
                "period_start": (
                    "Month from",
                    "Figures of this measure are for one calendar month.",
                ),
                "period_end": ("Month to", "The month's last day."),
            },
        ),
        (
            "quarter",
            "percent",
            {
                "period_start": ("Quarter from", "Figures of this measure are for one quarter."),
                "period_end": ("Quarter to", "The quarter's last day."),
            },
        ),
        (
            "year",
            "count",
            {
                "period_start": (
                    "Period from",
                    "A figure for the whole year, or for one calendar month: months add up to "
                    "the year to date.",
                ),
                "period_end": ("Period to", ""),
            },
        ),
        ("year", "percent", {}),
    ],
)
def test_a_figures_form_says_what_period_its_measure_is_measured_over(kind, unit, words):
    plan = factories.PlanFactory.build()
    measure = factories.MeasureFactory.build(figures_period=kind, unit=unit)
    assert periods.period_field_words(measure, plan) == words


# --- Calendar and wording -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "later"),
    [
        (D(2011, 1, 28), D(2011, 2, 28)),
        (D(2011, 1, 29), D(2011, 2, 28)),  # a day not every month has: the 28th
        (D(2011, 1, 31), D(2011, 2, 28)),
    ],
)
def test_a_month_on_from_a_late_day_is_a_day_the_next_month_has(day, later):
    assert periods.add_months(day, 1) == later


@pytest.mark.parametrize(
    ("day", "year_start"),
    [
        (D(2011, 4, 1), D(2011, 4, 1)),  # the plan's first day
        (D(2009, 6, 1), D(2009, 4, 1)),  # two years before the plan
        (D(2012, 4, 1), D(2012, 4, 1)),  # the plan's first anniversary
        (D(2013, 6, 1), D(2013, 4, 1)),  # two years after it
    ],
)
def test_a_plan_year_runs_from_the_plans_start_or_an_anniversary_of_it(day, year_start):
    assert periods.year_start_for(factories.PlanFactory.build(), day) == year_start


@pytest.mark.parametrize(
    ("start", "end", "year_to_date", "label", "words"),
    [
        (D(2010, 7, 1), D(2011, 6, 30), False, "", "the 12 months July 2010–June 2011"),
        (D(2011, 4, 1), D(2011, 8, 31), False, "", "April–August 2011"),
        (D(2011, 11, 1), D(2012, 2, 29), False, "", "November 2011–February 2012"),
        (D(2011, 10, 3), D(2011, 11, 30), False, "", "3 October 2011 to 30 November 2011"),
        (D(2011, 4, 1), D(2011, 10, 15), True, "",
         "1 April 2011 to 15 October 2011 (year to date)"),
        (D(2011, 10, 1), D(2011, 10, 31), False, "Oct 11", "October 2011"),
    ],
)  # fmt: skip
def test_periods_that_are_not_a_month_quarter_or_year_are_worded_by_their_months_or_days(
    start, end, year_to_date, label, words
):
    assert periods.period_words(start, end, year_to_date=year_to_date, label=label) == words


def test_a_figure_for_an_irregular_period_is_worded_by_its_recorded_name():
    figure = factories.MeasurementFactory.build(
        period_start=D(2011, 10, 3), period_end=D(2011, 11, 20), period_label="Survey wave 2"
    )
    assert periods.measurement_period_words(figure) == "Survey wave 2"


def test_the_first_month_of_a_year_to_date_is_itself_the_year_to_date_and_later_months_are_not():
    measure = factories.MeasureFactory.build(figures_period=Measure.FiguresPeriod.YEAR_TO_DATE)
    april = _month(measure, D(2011, 4, 1), 3)
    october = _month(measure, D(2011, 10, 1), 3)
    assert periods.is_year_to_date(april)
    assert not periods.is_year_to_date(october)


def test_a_running_total_from_a_january_year_start_is_a_year_to_date():
    measure = factories.MeasureFactory.build(figures_period=Measure.FiguresPeriod.YEAR_TO_DATE)
    figure = factories.MeasurementFactory.build(
        measure=measure, period_start=D(2012, 1, 1), period_end=D(2012, 3, 31)
    )
    assert periods.is_year_to_date(figure)


# --- Fit ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2011, 4, 1), D(2011, 6, 30)),
        (D(2011, 7, 1), D(2011, 9, 30)),
        (D(2011, 10, 1), D(2011, 12, 31)),
        (D(2012, 1, 1), D(2012, 3, 31)),
    ],
)
def test_each_quarter_of_the_year_fits_a_quarterly_measure(start, end):
    plan = factories.PlanFactory.build()
    measure = factories.MeasureFactory.build(figures_period=Measure.FiguresPeriod.QUARTER)
    assert periods.period_problem(measure, start, end, plan) is None


def test_a_single_month_counts_towards_a_year_to_date_count():
    plan = factories.PlanFactory.build()
    measure = factories.MeasureFactory.build(figures_period=Measure.FiguresPeriod.YEAR_TO_DATE)
    assert periods.period_problem(measure, D(2011, 10, 1), D(2011, 10, 31), plan) is None


@pytest.mark.parametrize(
    ("kind", "unit", "start", "end", "problem"),
    [
        ("quarter", "count", D(2011, 5, 1), D(2011, 7, 31), (
            "period_start",
            "“Fires” is measured per quarter: the period starts on the first day of a quarter "
            "(1 April, 1 July, 1 October or 1 January).",
        )),
        ("quarter", "count", D(2011, 10, 1), D(2011, 11, 30), (
            "period_end",
            "“Fires” is measured per quarter: the period ends on the quarter's last day "
            "(31/12/2011).",
        )),
        ("year_to_date", "count", D(2011, 7, 1), D(2011, 9, 30), (
            "period_start",
            "“Fires” is measured year to date: the period starts on the first day of the plan "
            "year (01/04/2011), since the figure is the total so far this year (or give one "
            "calendar month, which counts towards it).",
        )),
        ("year_to_date", "percent", D(2011, 7, 1), D(2011, 9, 30), (
            "period_start",
            "“Fires” is measured year to date: the period starts on the first day of the plan "
            "year (01/04/2011), since the figure is the total so far this year.",
        )),
        ("year", "count", D(2011, 7, 1), D(2011, 9, 30), (
            "period_end",
            "“Fires” is measured per year: a figure covers a whole year (twelve months, e.g. "
            "01/04/2011 to 31/03/2012) or one calendar month, which counts towards the year to "
            "date. A quarter or part of a year is not a figure for the year.",
        )),
    ],
)  # fmt: skip
def test_a_figure_that_does_not_fit_is_refused_saying_what_would(kind, unit, start, end, problem):
    plan = factories.PlanFactory.build()
    measure = factories.MeasureFactory.build(name="Fires", figures_period=kind, unit=unit)
    assert periods.period_problem(measure, start, end, plan) == problem
