"""The verdicts of progress/measure_verdicts.py read through ``assess_measure``: a running total
against the target pro rata, and a trend against the previous period and a year earlier, each
with the sentence saying how its colour was reached (in English). Objects built in memory."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from objectives.models import Measure
from progress.measure_verdicts import verdict
from progress.rag import RagStatus, assess_measure
from tests.factories import MeasureFactory, MeasurementFactory, PlanFactory

D = Decimal
APRIL = datetime.date(2011, 4, 1)


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def figure(measure, value, start, end, label=""):
    # The measure's own figure, as figures read from the database always are.
    return MeasurementFactory.build(
        measure=measure, value=D(value), period_start=start, period_end=end, period_label=label
    )


def so_far(measure, value, end):
    return figure(measure, value, APRIL, end)


def running_total(**kwargs):
    kwargs = {
        "figures_period": Measure.FiguresPeriod.YEAR_TO_DATE,
        "baseline_state": Measure.ValueState.TO_BE_CONFIRMED,
        "baseline_value": None,
        "target_value": D(68),
        **kwargs,
    }
    return MeasureFactory.build(**kwargs)


# --- A running total against the target pro rata ---------------------------------------------


def test_a_reducing_total_already_over_the_years_target_is_red_not_met():
    fires = running_total()
    result = assess_measure(
        fires, [so_far(fires, 70, datetime.date(2011, 9, 30))], plan=PlanFactory.build()
    )
    assert result.status == RagStatus.RED
    assert result.trajectory == D(68) * (D(182) / D(365))
    assert result.worse_by_percent == (D(70) - result.trajectory) / result.trajectory * 100


def test_an_increasing_total_exactly_at_the_years_target_is_on_track_and_says_so():
    referrals = running_total(direction=Measure.Direction.INCREASE, target_value=D("20.4"))
    result = assess_measure(
        referrals, [so_far(referrals, "20.4", datetime.date(2011, 9, 30))], plan=PlanFactory.build()
    )
    assert result.status == RagStatus.GREEN
    # A count is written whole, the figure and the target alike.
    assert result.explanation == (
        "Latest 20 (April–September 2011 (year to date, 6 of 12 months)) is at or above the "
        "target 20 for the year → on track."
    )
    assert result.target == D("20.4")
    assert result.latest.value == D("20.4")


def test_a_total_under_its_target_pro_rata_is_on_or_better_than_that():
    fires = running_total(target_value=D("68.4"))
    result = assess_measure(
        fires, [so_far(fires, "30.4", datetime.date(2011, 9, 30))], plan=PlanFactory.build()
    )
    assert result.status == RagStatus.GREEN
    assert result.worse_by_percent is None
    assert result.explanation == (
        "Latest 30 (April–September 2011 (year to date, 6 of 12 months)) against 34, the target "
        "68 for the year pro rata (182 of 365 days): on or better than that → green (on track)."
    )


def test_a_total_against_a_target_of_nought_allows_nothing():
    fires = running_total(target_value=D(0))
    result = assess_measure(
        fires, [so_far(fires, 3, datetime.date(2011, 9, 30))], plan=PlanFactory.build()
    )
    assert result.status == RagStatus.RED
    assert result.worse_by_percent is None
    assert result.explanation.endswith(
        "(182 of 365 days): worse than 0, where no tolerance applies → red (off track)."
    )


# --- A trend: the previous period and a year earlier -----------------------------------------


def trend(**kwargs):
    kwargs = {
        "direction": Measure.Direction.DOWNWARD_TREND,
        "figures_period": Measure.FiguresPeriod.QUARTER,
        "target_state": Measure.ValueState.NOT_APPLICABLE,
        "target_value": None,
        **kwargs,
    }
    return MeasureFactory.build(**kwargs)


def quarter(measure, value, year, first_month, label):
    start = datetime.date(year, first_month, 1)
    end = (start.replace(day=28) + datetime.timedelta(days=65)).replace(day=1) - datetime.timedelta(
        days=1
    )
    return figure(measure, value, start, end, label)


def test_a_trend_names_each_comparison_and_the_rule_and_the_worse_counts():
    incidents = trend()
    result = assess_measure(
        incidents,
        [
            quarter(incidents, "40.2", 2010, 7, "Q2 2010/11"),
            quarter(incidents, 50, 2011, 4, "Q1 2011/12"),
            quarter(incidents, 42, 2011, 7, "Q2 2011/12"),
        ],
        plan=PlanFactory.build(),
    )
    assert result.status == RagStatus.AMBER
    assert result.latest.value == D(42)
    assert len(result.measurements) == 3
    assert result.explanation == (
        "Latest 42 (Q2 2011/12): level or lower than the previous period (50, Q1 2011/12); "
        "up 4.48% than a year earlier (40, Q2 2010/11). Level or down is on track, a rise of "
        "up to 5% some concern, more is off track; the worse comparison counts → some concern. "
        "1 measurement from before the plan started (1 April 2011) is not used."
    )


def test_a_rise_from_nought_is_red_and_says_up_from_0():
    incidents = trend(unit=Measure.Unit.PERCENT)
    result = assess_measure(
        incidents,
        [quarter(incidents, 0, 2011, 4, "Q1 2011/12"), quarter(incidents, 2, 2011, 7, "Q2")],
        plan=PlanFactory.build(),
    )
    assert result.status == RagStatus.RED
    assert result.explanation.startswith(
        "Latest 2% (Q2 2011/12): up from 0 than the previous period (0%, Q1 2011/12). "
    )


def test_figures_a_year_apart_are_compared_once_as_a_year_earlier():
    yearly = trend(figures_period=Measure.FiguresPeriod.YEAR)
    last_year = figure(yearly, 40, APRIL.replace(year=2010), datetime.date(2011, 3, 31), "2010/11")
    this_year = figure(yearly, 38, APRIL, datetime.date(2012, 3, 31), "2011/12")
    result = assess_measure(yearly, [last_year, this_year], plan=PlanFactory.build())
    assert result.status == RagStatus.GREEN
    assert "previous period" not in result.explanation.split(".")[0]
    assert result.explanation.startswith(
        "Latest 38 (2011/12): level or lower than a year earlier (40, 2010/11). "
    )


def test_a_running_totals_trend_compares_the_same_months_a_year_earlier_only():
    # Running totals always rise from one month to the next: only a year earlier says anything.
    fires = trend(figures_period=Measure.FiguresPeriod.YEAR_TO_DATE)
    figures = [
        so_far(fires, 20, datetime.date(2011, 8, 31)),
        so_far(fires, 30, datetime.date(2011, 9, 30)),
    ]
    result = assess_measure(fires, figures, plan=PlanFactory.build())
    assert result.status == RagStatus.NOT_ENOUGH_DATA
    last_year = figure(fires, 29, APRIL.replace(year=2010), datetime.date(2010, 9, 30))
    result = assess_measure(fires, [last_year, *figures], plan=PlanFactory.build())
    assert result.status == RagStatus.AMBER
    assert "previous period" not in result.explanation.split(".")[0]


def test_one_figure_shows_no_trend_and_the_sentence_says_so():
    incidents = trend()
    only = quarter(incidents, 40, 2011, 4, "Q1 2011/12")
    result = assess_measure(incidents, [only], plan=PlanFactory.build())
    assert result.status == RagStatus.NOT_ENOUGH_DATA
    assert result.latest is only
    assert result.explanation == (
        "Latest 40 (Q1 2011/12), but there is no previous period or same period a year "
        "earlier to compare it with → not enough data."
    )


def test_a_rise_on_the_previous_period_says_by_how_much_and_older_figures_are_counted():
    incidents = trend()
    result = assess_measure(
        incidents,
        [
            quarter(incidents, 39, 2010, 10, "Q3 2010/11"),
            quarter(incidents, 40, 2011, 1, "Q4 2010/11"),
            quarter(incidents, 40, 2011, 4, "Q1 2011/12"),
            quarter(incidents, 50, 2011, 7, "Q2 2011/12"),
        ],
        plan=PlanFactory.build(),
    )
    assert result.status == RagStatus.RED
    assert result.explanation == (
        "Latest 50 (Q2 2011/12): up 25% than the previous period (40, Q1 2011/12). Level or "
        "down is on track, a rise of up to 5% some concern, more is off track; the worse "
        "comparison counts → off track. 2 measurements from before the plan started "
        "(1 April 2011) are not used."
    )


def test_a_rise_from_nought_a_year_earlier_says_up_from_0():
    yearly = trend(figures_period=Measure.FiguresPeriod.YEAR)
    last_year = figure(yearly, 0, APRIL.replace(year=2010), datetime.date(2011, 3, 31), "2010/11")
    this_year = figure(yearly, 2, APRIL, datetime.date(2012, 3, 31), "2011/12")
    result = assess_measure(yearly, [last_year, this_year], plan=PlanFactory.build())
    assert result.status == RagStatus.RED
    assert result.explanation.startswith(
        "Latest 2 (2011/12): up from 0 than a year earlier (0, 2010/11). "
    )


def test_a_running_total_a_year_earlier_is_named_as_a_running_total_too():
    fires = trend(figures_period=Measure.FiguresPeriod.YEAR_TO_DATE)
    last_year = figure(fires, 29, APRIL.replace(year=2010), datetime.date(2010, 9, 30))
    figures = [
        so_far(fires, 20, datetime.date(2011, 8, 31)),
        so_far(fires, 30, datetime.date(2011, 9, 30)),
    ]
    result = assess_measure(fires, [last_year, *figures], plan=PlanFactory.build())
    assert result.explanation.startswith(
        "Latest 30 (April–September 2011 (year to date, 6 of 12 months)): up 3.45% than a year "
        "earlier (29, April–September 2010 (year to date, 6 of 12 months)). "
    )


def test_a_total_on_the_plans_first_day_counts_0_days_of_the_year():
    fires = running_total()
    result = assess_measure(fires, [so_far(fires, 0, APRIL)], plan=PlanFactory.build())
    assert result.status == RagStatus.GREEN
    assert "against 0, the target 68 for the year pro rata (0 of 365 days)" in result.explanation


def test_the_verdict_against_a_trajectory_names_the_trajectory():
    assert (
        verdict(RagStatus.GREEN, None, D(5), against_trajectory=True)
        == "on or better than the trajectory → green (on track)."
    )
    assert verdict(RagStatus.RED, None, D(5), against_trajectory=True) == (
        "worse than a trajectory of 0, where no tolerance applies → red (off track)."
    )
