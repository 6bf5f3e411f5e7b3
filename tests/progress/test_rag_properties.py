"""Properties the RAG rules must keep for any figures, checked with hypothesis."""

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from objectives.models import Measure
from progress.rag import Assessment, RagStatus, assess_measure, roll_up
from tests.factories import MeasureFactory, MeasurementFactory, PlanFactory

PLAN = PlanFactory.build()
figures = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False)
days_into_plan = st.integers(min_value=0, max_value=500)
directions = st.sampled_from([Measure.Direction.REDUCE, Measure.Direction.INCREASE])
not_known = st.sampled_from(
    [
        Measure.ValueState.TO_BE_CONFIRMED,
        Measure.ValueState.TO_BE_AGREED,
        Measure.ValueState.TO_BE_ESTABLISHED,
    ]
)


def status_of(direction, baseline, target, value, day):
    end = PLAN.period_start + datetime.timedelta(days=day)
    measure = MeasureFactory.build(
        direction=direction, baseline_value=baseline, target_value=target
    )
    reading = MeasurementFactory.build(value=value, period_start=end, period_end=end)
    return assess_measure(measure, [reading], plan=PLAN).status


@given(directions, figures, figures, figures, figures, days_into_plan)
def test_a_better_figure_never_gets_a_worse_colour(direction, baseline, target, a, b, day):
    worse, better = (max(a, b), min(a, b))
    if direction == Measure.Direction.INCREASE:
        worse, better = better, worse
    assert (
        status_of(direction, baseline, target, better, day).severity
        <= status_of(direction, baseline, target, worse, day).severity
    )


@given(figures, figures, days_into_plan, st.decimals(min_value=0, max_value=1, places=2))
def test_a_reduce_measure_at_or_below_target_is_green_at_any_date(baseline, target, day, under):
    value = max(Decimal(0), target - under)
    assert status_of(Measure.Direction.REDUCE, baseline, target, value, day) == RagStatus.GREEN


@given(directions, not_known, figures, figures, days_into_plan)
def test_a_target_not_yet_known_is_never_green(direction, state, baseline, value, day):
    end = PLAN.period_start + datetime.timedelta(days=day)
    measure = MeasureFactory.build(
        direction=direction, baseline_value=baseline, target_state=state, target_value=None
    )
    reading = MeasurementFactory.build(value=value, period_start=end, period_end=end)
    result = assess_measure(measure, [reading], plan=PLAN)
    assert result.status == RagStatus.TO_BE_AGREED
    assert result.is_grey


@given(st.sampled_from(list(Measure.Direction)), figures, figures)
def test_a_measure_never_measured_is_never_green(direction, baseline, target):
    measure = MeasureFactory.build(
        direction=direction, baseline_value=baseline, target_value=target
    )
    status = assess_measure(measure, [], plan=PLAN).status
    assert status != RagStatus.GREEN
    # Only "establish a baseline" can be done without a measurement: the plan gave the baseline.
    assert status.is_grey or direction == Measure.Direction.ESTABLISH_BASELINE


statuses = st.sampled_from(list(RagStatus))


@given(st.lists(statuses, max_size=8), st.lists(statuses, max_size=8))
def test_an_objective_is_never_better_than_its_worst_coloured_member(measures, actions):
    members = [Assessment(status, "") for status in measures + actions]
    result = roll_up(members[: len(measures)], members[len(measures) :])
    coloured = [s for s in measures + actions if not s.is_grey]
    if coloured:
        assert result.status.severity == max(s.severity for s in coloured)
    else:
        assert result.status == RagStatus.NOT_MEASURED
    assert sum(result.counts.values()) == len(members)
