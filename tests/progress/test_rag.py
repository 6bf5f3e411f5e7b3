"""The RAG rules, one behaviour per test, on objects built in memory (no database needed)."""

import datetime
from decimal import Decimal

from actions.models import ActionStatus
from objectives import periods
from objectives.models import Measure, Measurement
from progress.rag import (
    RagStatus,
    assess_action,
    assess_measure,
    fmt,
    roll_up,
    trajectory_at,
)
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    MeasureFactory,
    MeasurementFactory,
    PlanFactory,
)

D = Decimal
MID_YEAR = datetime.date(2011, 9, 30)


def plan(**kwargs):
    return PlanFactory.build(**kwargs)


def reading(value=None, *, end=MID_YEAR, start=None, rating="", label="Q2 2011/12"):
    # The quarter ending on ``end`` (``measure``'s figures are per quarter unless said).
    start = start or periods.add_months(end.replace(day=1), -2)
    return MeasurementFactory.build(
        value=None if value is None else D(value),
        rating=rating,
        period_start=start,
        period_end=end,
        period_label=label,
    )


def measure(**kwargs):
    kwargs.setdefault("figures_period", Measure.FiguresPeriod.QUARTER)
    kwargs.setdefault("baseline_value", D(70))
    kwargs.setdefault("target_value", D(58))
    return MeasureFactory.build(**kwargs)


def test_the_trajectory_is_a_straight_line_from_baseline_at_the_start_to_target_at_the_date():
    the_plan = plan()
    args = {"baseline": D(100), "target": D(80), "plan": the_plan}
    assert trajectory_at(on=datetime.date(2011, 4, 1), **args) == 100
    assert trajectory_at(on=datetime.date(2012, 3, 31), **args) == 80
    halfway = datetime.date(2011, 4, 1) + datetime.timedelta(days=182)
    assert trajectory_at(on=halfway, **args) == D(100) - D(20) * D(182) / D(365)


def test_the_trajectory_is_the_target_after_the_target_date_and_the_baseline_before_the_start():
    args = {"baseline": D(100), "target": D(80), "plan": plan()}
    assert trajectory_at(on=datetime.date(2013, 1, 1), **args) == 80
    assert trajectory_at(on=datetime.date(2010, 1, 1), **args) == 100


def test_a_reduce_measure_worse_than_trajectory_beyond_tolerance_is_red_and_says_why():
    result = assess_measure(measure(), [reading(68)], plan=plan())
    # 182 of the plan's 365 days have passed: 70 - 12 × 182/365 = 64.02.
    assert result.trajectory == D(70) - D(12) * D(182) / D(365)
    assert result.worse_by_percent == (D(68) - result.trajectory) / result.trajectory * 100
    assert result.status == RagStatus.RED
    assert result.explanation == (
        "Latest 68 (Q2 2011/12) against a trajectory of 64 from the baseline 70 to the "
        "target 58 by 31 March 2012: 6.22% worse, beyond the 5% tolerance → red (off track)."
    )


def test_worse_by_up_to_the_tolerance_is_amber_and_beyond_it_red():
    the_plan = plan(rag_tolerance_percent=D(5))
    # At the target date the trajectory is the target itself, which makes the sums exact.
    end = datetime.date(2012, 3, 31)
    m = measure(baseline_value=D(120), target_value=D(100))
    assert assess_measure(m, [reading("105", end=end)], plan=the_plan).status == RagStatus.AMBER
    assert assess_measure(m, [reading("105.01", end=end)], plan=the_plan).status == RagStatus.RED
    assert assess_measure(m, [reading("100.01", end=end)], plan=the_plan).status == RagStatus.AMBER


def test_the_tolerance_boundary_is_amber_and_the_explanation_names_it():
    end = datetime.date(2012, 3, 31)
    m = measure(baseline_value=D(120), target_value=D(100))
    result = assess_measure(m, [reading("105", end=end)], plan=plan())
    assert result.status == RagStatus.AMBER
    assert "5% worse, within the 5% tolerance → amber (some concern)." in result.explanation


def test_a_value_exactly_on_the_trajectory_is_green():
    m = measure(baseline_value=D(120), target_value=D(100))
    start = datetime.date(2011, 4, 1)
    result = assess_measure(m, [reading(120, start=start, end=start)], plan=plan())
    assert result.trajectory == 120
    assert result.status == RagStatus.GREEN
    assert "on or better than the trajectory → green (on track)." in result.explanation


def test_an_increase_measure_below_its_trajectory_is_worse():
    m = measure(direction=Measure.Direction.INCREASE, baseline_value=D(60), target_value=D(80))
    end = datetime.date(2012, 3, 31)
    assert assess_measure(m, [reading(76, end=end)], plan=plan()).status == RagStatus.AMBER
    assert assess_measure(m, [reading(75, end=end)], plan=plan()).status == RagStatus.RED
    assert assess_measure(m, [reading(81, end=end)], plan=plan()).status == RagStatus.GREEN


def test_a_trajectory_of_zero_allows_no_shortfall_at_all():
    m = measure(baseline_value=D(3), target_value=D(0))
    end = datetime.date(2012, 3, 31)
    result = assess_measure(m, [reading("0.5", end=end)], plan=plan())
    assert result.status == RagStatus.RED
    assert "worse than a trajectory of 0" in result.explanation
    assert assess_measure(m, [reading(0, end=end)], plan=plan()).status == RagStatus.GREEN


def test_no_measurement_is_not_yet_measured_never_green():
    result = assess_measure(measure(), [], plan=plan())
    assert result.status == RagStatus.NOT_MEASURED
    assert result.label == "Not yet measured"
    assert result.is_grey


def test_a_tbc_target_is_target_to_be_agreed_even_with_a_good_figure():
    m = measure(
        target_state=Measure.ValueState.TO_BE_CONFIRMED,
        target_value=None,
        target_wording="To be confirmed / agreed",
    )
    result = assess_measure(m, [reading(1)], plan=plan())
    assert result.status == RagStatus.TO_BE_AGREED
    assert "To be confirmed / agreed" in result.explanation
    assert result.target is None


def test_no_baseline_means_no_trajectory_unless_the_target_is_already_met():
    m = measure(baseline_state=Measure.ValueState.TO_BE_CONFIRMED, baseline_value=None)
    assert assess_measure(m, [reading(65)], plan=plan()).status == RagStatus.NO_BASELINE
    assert assess_measure(m, [reading(50)], plan=plan()).status == RagStatus.GREEN


def test_a_target_already_met_at_baseline_is_green_while_the_figure_stays_at_or_below_it():
    m = measure(baseline_value=D(50), target_value=D(60))
    assert assess_measure(m, [reading(55)], plan=plan()).status == RagStatus.GREEN
    assert "target met" in assess_measure(m, [reading(60)], plan=plan()).explanation
    assert assess_measure(m, [reading(90)], plan=plan()).status == RagStatus.RED


def test_a_measurement_from_before_the_plan_is_set_aside_and_the_explanation_says_so():
    old = reading(10, end=datetime.date(2011, 3, 31), label="Q4 2010/11")
    result = assess_measure(measure(), [old], plan=plan())
    assert result.status == RagStatus.NOT_MEASURED
    assert "1 measurement from before the plan started (1 April 2011) is not used." in (
        result.explanation
    )
    with_current = assess_measure(measure(), [old, reading(66)], plan=plan())
    assert with_current.latest.value == 66


def test_the_latest_measurement_is_the_one_with_the_latest_period_end():
    early = reading(50, end=datetime.date(2011, 6, 30), label="Q1")
    late = reading(69, end=datetime.date(2011, 12, 31), label="Q3")
    result = assess_measure(measure(), [late, early], plan=plan())
    assert result.latest.period_label == "Q3"
    assert [m.period_label for m in result.measurements] == ["Q1", "Q3"]


def test_maintain_is_green_within_the_band_amber_within_twice_it_red_beyond():
    m = measure(
        direction=Measure.Direction.MAINTAIN,
        baseline_value=D(100),
        target_value=None,
        target_state=Measure.ValueState.NOT_APPLICABLE,
    )
    assert assess_measure(m, [reading(95)], plan=plan()).status == RagStatus.GREEN
    assert assess_measure(m, [reading(105)], plan=plan()).status == RagStatus.GREEN
    assert assess_measure(m, [reading(110)], plan=plan()).status == RagStatus.AMBER
    assert assess_measure(m, [reading(89)], plan=plan()).status == RagStatus.RED


def trend_measure():
    return measure(
        direction=Measure.Direction.DOWNWARD_TREND,
        target_state=Measure.ValueState.NOT_APPLICABLE,
        target_value=None,
    )


def quarter(value, year, month_end, day_end, label):
    end = datetime.date(year, month_end, day_end)
    return reading(value, start=datetime.date(year, month_end - 2, 1), end=end, label=label)


def test_a_downward_trend_with_one_figure_is_not_enough_data():
    result = assess_measure(trend_measure(), [quarter(40, 2011, 6, 30, "Q1")], plan=plan())
    assert result.status == RagStatus.NOT_ENOUGH_DATA
    assert "no previous period or same period a year earlier" in result.explanation


def test_a_downward_trend_compares_with_the_previous_period_and_a_year_earlier():
    figures = [
        quarter(40, 2010, 9, 30, "Q2 2010/11"),
        quarter(50, 2011, 6, 30, "Q1 2011/12"),
        quarter(42, 2011, 9, 30, "Q2 2011/12"),
    ]
    result = assess_measure(trend_measure(), figures, plan=plan())
    # Down on the previous quarter, but 5% up on the same quarter last year: the worse counts.
    assert result.status == RagStatus.AMBER
    assert "level or lower than the previous period (50, Q1 2011/12)" in result.explanation
    assert "up 5% than a year earlier (40, Q2 2010/11)" in result.explanation


def test_a_downward_trend_that_rises_beyond_tolerance_is_red():
    figures = [quarter(40, 2011, 6, 30, "Q1"), quarter(50, 2011, 9, 30, "Q2")]
    assert assess_measure(trend_measure(), figures, plan=plan()).status == RagStatus.RED


def test_establish_a_baseline_is_complete_once_a_figure_is_recorded():
    m = measure(
        direction=Measure.Direction.ESTABLISH_BASELINE,
        baseline_state=Measure.ValueState.TO_BE_ESTABLISHED,
        baseline_value=None,
        target_state=Measure.ValueState.NOT_APPLICABLE,
        target_value=None,
    )
    assert assess_measure(m, [], plan=plan()).status == RagStatus.NOT_MEASURED
    done = assess_measure(m, [reading(12)], plan=plan())
    assert done.status == RagStatus.COMPLETE
    assert "Baseline recorded: 12 (Q2 2011/12)" in done.explanation


def test_a_qualitative_measure_takes_the_lead_officers_rating():
    m = measure(direction=Measure.Direction.DELIVER, unit=Measure.Unit.NONE)
    result = assess_measure(m, [reading(rating=Measurement.Rating.AMBER)], plan=plan())
    assert result.status == RagStatus.AMBER
    assert "rated progress “Some concern”" in result.explanation


TODAY = datetime.date(2011, 11, 15)


def test_an_open_action_past_its_due_date_is_overdue_and_red():
    action = ActionFactory.build(due_date=datetime.date(2011, 7, 31), status=ActionStatus.ON_TRACK)
    result = assess_action(action, [], today=TODAY)
    assert result.is_overdue
    assert result.status == RagStatus.RED
    assert "due by 31 July 2011 and is not complete → overdue → red" in result.explanation


def test_a_completed_action_past_its_due_date_is_not_overdue():
    action = ActionFactory.build(due_date=datetime.date(2011, 7, 31))
    update = ActionUpdateFactory.build(action=action, status=ActionStatus.COMPLETED)
    result = assess_action(action, [update], today=TODAY)
    assert result.status == RagStatus.COMPLETE
    assert not result.is_overdue


def test_an_action_takes_its_latest_updates_status_and_says_how_fresh_it_is():
    action = ActionFactory.build(status=ActionStatus.NOT_REPORTED)
    old = ActionUpdateFactory.build(date=datetime.date(2011, 6, 30), status=ActionStatus.ON_TRACK)
    new = ActionUpdateFactory.build(date=datetime.date(2011, 8, 14), status=ActionStatus.AT_RISK)
    result = assess_action(action, [old, new], today=TODAY)
    assert result.status == RagStatus.AMBER
    assert result.days_since_update == 93
    # Judged as at a past day: counted back from it, never "ago" from the clock.
    assert result.freshness == "Last update 14 August 2011: 93 days before 15 November 2011"
    assert result.is_stale  # 14 August is before this quarter began on 1 October


def test_an_action_with_no_update_takes_the_plans_status_and_is_stale():
    action = ActionFactory.build(status=ActionStatus.NOT_REPORTED)
    result = assess_action(action, [], today=TODAY)
    assert result.status == RagStatus.NO_UPDATE
    assert result.is_stale
    assert result.freshness == "No update yet"


def test_an_update_this_quarter_is_fresh():
    update = ActionUpdateFactory.build(date=datetime.date(2011, 10, 1))
    assert not assess_action(ActionFactory.build(), [update], today=TODAY).is_stale


def _of(status):
    return assess_measure(measure(), [], plan=plan()).__class__(status, "")


def test_one_red_among_greens_makes_the_objective_red():
    result = roll_up([_of(RagStatus.GREEN), _of(RagStatus.GREEN)], [_of(RagStatus.RED)])
    assert result.status == RagStatus.RED
    assert "1 off track, 2 on track" in result.explanation


def test_greys_are_reported_beside_the_roll_up_not_mixed_into_it():
    result = roll_up([_of(RagStatus.GREEN), _of(RagStatus.NOT_MEASURED)], [])
    assert result.status == RagStatus.GREEN
    assert "Not counted: 1 not yet measured." in result.explanation


def test_an_objective_with_only_greys_is_not_yet_measured():
    result = roll_up([_of(RagStatus.TO_BE_AGREED)], [_of(RagStatus.NO_UPDATE)])
    assert result.status == RagStatus.NOT_MEASURED


def test_figures_are_written_as_people_write_them():
    assert fmt(D("64.50")) == "64.5"
    assert fmt(D("1200")) == "1,200"
    assert fmt(D("20"), Measure.Unit.PERCENT) == "20%"
    assert fmt(None) == "–"


def ytd(**kwargs):
    return measure(figures_period=Measure.FiguresPeriod.YEAR_TO_DATE, baseline_value=None, **kwargs)


def test_a_year_to_date_total_is_judged_against_the_target_pro_rata_not_the_full_year():
    # 52 fires by 31 December against 68 for the year: 274 of 365 days gone, so 51.05 expected.
    result = assess_measure(
        ytd(target_value=D(68), baseline_state=Measure.ValueState.TO_BE_CONFIRMED),
        [reading(52, start=datetime.date(2011, 4, 1), end=datetime.date(2011, 12, 31))],
        plan=plan(),
    )
    assert result.trajectory == D(68) * D(274) / D(365)
    assert result.status == RagStatus.AMBER
    assert result.explanation.startswith(
        "Latest 52 (April–December 2011 (year to date, 9 of 12 months)) against 51, the target "
        "68 for the year pro rata "
        "(274 of 365 days): 1.87% worse, within the 5% tolerance → amber (some concern)."
    )


def test_a_reducing_year_to_date_total_under_the_annual_target_is_not_met_before_year_end():
    m = ytd(target_value=D(68), baseline_state=Measure.ValueState.TO_BE_CONFIRMED)
    so_far = reading(60, start=datetime.date(2011, 4, 1))
    assert assess_measure(m, [so_far], plan=plan()).status == RagStatus.RED
    at_year_end = reading(60, start=datetime.date(2011, 4, 1), end=datetime.date(2012, 3, 31))
    assert assess_measure(m, [at_year_end], plan=plan()).status == RagStatus.GREEN


def test_an_increasing_year_to_date_total_that_reaches_the_target_early_is_on_track():
    m = ytd(
        direction=Measure.Direction.INCREASE,
        target_value=D(20),
        baseline_state=Measure.ValueState.TO_BE_CONFIRMED,
    )
    first = datetime.date(2011, 4, 1)
    assert assess_measure(m, [reading(21, start=first)], plan=plan()).status == RagStatus.GREEN
    assert assess_measure(m, [reading(5, start=first)], plan=plan()).status == RagStatus.RED


def test_with_no_baseline_the_explanation_still_says_how_far_off_the_target_it_is():
    m = measure(
        direction=Measure.Direction.INCREASE,
        unit=Measure.Unit.PERCENT,
        baseline_state=Measure.ValueState.TO_BE_CONFIRMED,
        baseline_value=None,
        target_value=D(70),
    )
    result = assess_measure(m, [reading(66, end=datetime.date(2011, 12, 31))], plan=plan())
    assert result.status == RagStatus.NO_BASELINE
    assert result.explanation.startswith(
        "Latest 66% (Q3 2011/12) is 4 percentage points (5.71% of it) short of the target 70%"
    )
