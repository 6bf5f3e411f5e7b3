"""assess_plan: the whole plan in a fixed number of queries, approved progress only by default."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from actions.models import ActionStatus
from objectives.models import ApprovalStatus
from progress.rag import RagStatus, assess_plan
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    MeasureFactory,
    MeasurementFactory,
    ObjectiveFactory,
    OfficerFactory,
    OrganisationFactory,
    PlanFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2011, 11, 15)


def approved(**kwargs):
    return MeasurementFactory(status=ApprovalStatus.APPROVED, approved_at=timezone.now(), **kwargs)


def build_objective(plan, *, size):
    objective = ObjectiveFactory(plan=plan)
    target = TargetFactory(objective=objective)
    target.owners.add(OrganisationFactory())
    target.lead_officers.add(OfficerFactory())
    for _ in range(size):
        measure = MeasureFactory(target=target)
        approved(measure=measure, value=Decimal("90"))
        action = ActionFactory(target=target, owners=[OrganisationFactory()])
        action.lead_officers.add(OfficerFactory())
        ActionUpdateFactory(
            action=action, approval=ApprovalStatus.APPROVED, approved_at=timezone.now()
        )
    return objective


@pytest.mark.parametrize("size", [1, 6])
def test_it_assesses_a_plan_in_ten_queries_whatever_its_size(size, django_assert_num_queries):
    plan = PlanFactory()
    for _ in range(size):
        build_objective(plan, size=size)
    # objectives, measures, their rows' owners, their rows' lead officers, actions, their
    # owners, their lead officers, measurements, action updates, milestones; on the plan's
    # reporting day.
    with django_assert_num_queries(10):
        assess_plan(plan)
    # As at a past day, one more: when the plan's history begins (here after 2011, so the
    # progress is read as approved now; progress/as_at.py's tests count the history reading).
    with django_assert_num_queries(11):
        result = assess_plan(plan, today=TODAY)
        for measure in result.measures:
            list(measure.target.owners.all())
        for action in result.actions:
            list(action.owners.all())
            list(action.lead_officers.all())
    assert len(result.measure_assessments) == size * size


def test_progress_awaiting_approval_is_left_out_unless_asked_for():
    plan = PlanFactory()
    measure = MeasureFactory(target__objective__plan=plan)
    MeasurementFactory(measure=measure, value=Decimal("99"))  # submitted, not approved
    assert assess_plan(plan, today=TODAY).for_measure(measure).status == RagStatus.NOT_MEASURED
    staff_view = assess_plan(plan, today=TODAY, approved_only=False)
    assert staff_view.for_measure(measure).latest.value == Decimal("99")


def test_rejected_progress_never_counts():
    plan = PlanFactory()
    measure = MeasureFactory(target__objective__plan=plan)
    MeasurementFactory(measure=measure, status=ApprovalStatus.REJECTED)
    result = assess_plan(plan, today=TODAY, approved_only=False)
    assert result.for_measure(measure).status == RagStatus.NOT_MEASURED


def test_an_objective_rolls_up_its_measures_and_actions_and_the_summary_counts_them():
    plan = PlanFactory()
    objective = ObjectiveFactory(plan=plan)
    good = MeasureFactory(target__objective=objective)
    approved(measure=good, value=Decimal("80"))
    late = ActionFactory(
        target=good.target, due_date=datetime.date(2011, 7, 31), status=ActionStatus.ON_TRACK
    )
    result = assess_plan(plan, today=TODAY)
    assert result.for_measure(good).status == RagStatus.GREEN
    assert result.for_action(late).status == RagStatus.RED
    assert result.for_objective(objective).status == RagStatus.RED
    assert result.summary[RagStatus.GREEN] == 1
    assert result.summary[RagStatus.RED] == 1
    assert result.summary[RagStatus.AMBER] == 0


def test_it_only_looks_at_the_plan_it_is_given():
    plan = PlanFactory()
    other = MeasureFactory()
    approved(measure=other)
    result = assess_plan(plan, today=TODAY)
    assert result.measures == []
    with pytest.raises(KeyError):
        result.for_measure(other)


def test_seen_as_at_a_past_day_later_figures_and_updates_are_left_out():
    plan = PlanFactory()
    measure = MeasureFactory(target__objective__plan=plan)
    approved(measure=measure, value=Decimal("95"))  # Q1, ends 30 June 2011
    approved(
        measure=measure,
        value=Decimal("60"),
        period_start=datetime.date(2011, 7, 1),
        period_end=datetime.date(2011, 9, 30),
    )
    action = ActionFactory(target=measure.target, status=ActionStatus.NOT_REPORTED)
    ActionUpdateFactory(
        action=action,
        date=datetime.date(2011, 10, 5),
        status=ActionStatus.OFF_TRACK,
        approval=ApprovalStatus.APPROVED,
        approved_at=timezone.now(),
    )
    in_august = assess_plan(plan, today=datetime.date(2011, 8, 15))
    assert in_august.for_measure(measure).latest.value == Decimal("95")
    assert in_august.for_action(action).status == RagStatus.NO_UPDATE
    in_november = assess_plan(plan, today=TODAY)
    assert in_november.for_measure(measure).latest.value == Decimal("60")
    assert in_november.for_action(action).status == RagStatus.RED


def test_an_objective_alone_is_assessed_from_its_own_records_only(django_assert_max_num_queries):
    plan = PlanFactory()
    first = ActionFactory(target__objective__plan=plan, target__objective__number=1)
    second = ActionFactory(target__objective__plan=plan, target__objective__number=2)
    whole = assess_plan(plan)
    with django_assert_max_num_queries(10):  # ten at most, as for a whole plan
        alone = assess_plan(plan, objective=first.target.objective)
    assert alone.for_action(first).status == whole.for_action(first).status
    assert alone.for_objective(first.target.objective) == whole.for_objective(
        first.target.objective
    )
    with pytest.raises(KeyError):
        alone.for_action(second)


def test_an_objective_page_assessed_from_its_own_rows_agrees_with_assess_plan(
    django_assert_num_queries,
):
    """The public objective page assesses the rows it loaded (no second read): for every
    objective of the real plan with its demonstration progress, the verdicts are the ones
    assess_plan gives from its own queries, for approved progress, as at any day."""
    from django.core.management import call_command

    from cspplan.models import Plan
    from progress.rag import assess_loaded_objective
    from public.queries import targets_for_objective

    call_command("loaddata", "west_lancashire_2011_12", "demo_progress", verbosity=0)
    plan = Plan.objects.get(slug="west-lancashire-2011-12")
    for today in (datetime.date(2011, 9, 30), datetime.date(2012, 3, 31)):
        for objective in plan.objectives.all():
            targets = targets_for_objective(objective)
            with django_assert_num_queries(0):
                loaded = assess_loaded_objective(plan, objective, targets, today=today)
            queried = assess_plan(plan, objective=objective, today=today)
            assert loaded.for_objective(objective) == queried.for_objective(objective)
            assert loaded.measure_assessments == queried.measure_assessments
            assert loaded.action_assessments == queried.action_assessments


def test_an_objectives_badge_says_how_much_of_it_was_assessed():
    """Objective 1 of the seed plan showed "On track" from one coloured item of seventeen: the
    badge now carries that evidence; the roll-up rule is unchanged."""
    plan = PlanFactory()
    objective = ObjectiveFactory(plan=plan)
    measure = MeasureFactory(target__objective=objective)
    for _ in range(3):
        ActionFactory(target=measure.target, status=ActionStatus.NOT_REPORTED)
    ActionFactory(target=measure.target, status=ActionStatus.ON_TRACK)
    assessed = assess_plan(plan, today=TODAY).for_objective(objective)
    assert assessed.status == RagStatus.GREEN
    assert assessed.evidence == "1 of 5 assessed"
    assert assess_plan(plan, today=TODAY).for_measure(measure).evidence == ""
