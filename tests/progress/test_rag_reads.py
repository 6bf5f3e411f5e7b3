"""What each way of reading a plan's progress gives the RAG rules: the staff view (progress
awaiting approval too, never rejected), the rows a page or the API already loaded, and the actions
of many plans at once, each as at a day and each agreeing with ``assess_plan``."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Prefetch
from django.utils import timezone

from actions.models import ActionStatus, ActionUpdate, Milestone
from objectives.models import ApprovalStatus, Measurement
from progress.rag import (
    RagStatus,
    assess_actions_of_plans,
    assess_loaded_action,
    assess_loaded_measure,
    assess_plan,
)
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
NOVEMBER = datetime.date(2011, 11, 15)
Q2 = {"period_start": datetime.date(2011, 7, 1), "period_end": datetime.date(2011, 9, 30)}
Q4 = {"period_start": datetime.date(2012, 1, 1), "period_end": datetime.date(2012, 3, 31)}


def update(action, status, approval, *, date=datetime.date(2011, 10, 1)):
    approved_at = timezone.now() if approval == ApprovalStatus.APPROVED else None
    return ActionUpdateFactory(
        action=action, status=status, date=date, approval=approval, approved_at=approved_at
    )


def test_the_staff_view_reads_figures_awaiting_approval_as_at_the_day_never_rejected_ones():
    plan = PlanFactory()
    measure = MeasureFactory(target__objective__plan=plan)
    MeasurementFactory(measure=measure, value=Decimal("90"), **Q2)  # submitted
    MeasurementFactory(measure=measure, value=Decimal("50"), **Q4)  # a later quarter
    staff = assess_plan(plan, today=NOVEMBER, approved_only=False).for_measure(measure)
    assert staff.latest.value == Decimal("90")
    assert len(staff.measurements) == 1


def test_the_staff_view_reads_updates_awaiting_approval_never_rejected_ones():
    plan = PlanFactory()
    waiting = ActionFactory(target__objective__plan=plan, status=ActionStatus.ON_TRACK)
    update(waiting, ActionStatus.OFF_TRACK, ApprovalStatus.SUBMITTED)
    returned = ActionFactory(target=waiting.target, status=ActionStatus.ON_TRACK)
    update(returned, ActionStatus.OFF_TRACK, ApprovalStatus.REJECTED)
    staff = assess_plan(plan, today=NOVEMBER, approved_only=False)
    assert staff.for_action(waiting).action_status == ActionStatus.OFF_TRACK
    assert staff.for_action(waiting).last_update.approval == ApprovalStatus.SUBMITTED
    assert staff.for_action(returned).action_status == ActionStatus.ON_TRACK
    assert staff.for_action(returned).last_update is None
    public = assess_plan(plan, today=NOVEMBER).for_action(waiting)
    assert public.action_status == ActionStatus.ON_TRACK


def test_the_staff_view_of_one_objective_reads_its_own_progress_as_the_whole_plans_does():
    plan = PlanFactory()
    measure = MeasureFactory(target__objective__plan=plan)
    MeasurementFactory(measure=measure, value=Decimal("90"), **Q2)
    action = ActionFactory(target=measure.target)
    update(action, ActionStatus.AT_RISK, ApprovalStatus.SUBMITTED)
    other = ActionFactory(target__objective__plan=plan)
    update(other, ActionStatus.OFF_TRACK, ApprovalStatus.SUBMITTED)
    objective = measure.target.objective
    alone = assess_plan(plan, today=NOVEMBER, approved_only=False, objective=objective)
    whole = assess_plan(plan, today=NOVEMBER, approved_only=False)
    assert alone.for_measure(measure) == whole.for_measure(measure)
    assert alone.for_measure(measure).latest.value == Decimal("90")
    assert alone.for_action(action) == whole.for_action(action)
    assert alone.for_action(action).action_status == ActionStatus.AT_RISK
    assert alone.for_objective(objective) == whole.for_objective(objective)


def test_the_staff_view_puts_an_action_with_a_late_milestone_at_risk():
    plan = PlanFactory()
    action = ActionFactory(target__objective__plan=plan, status=ActionStatus.ON_TRACK)
    Milestone.objects.create(action=action, title="Venue booked", due_date=Q2["period_end"])
    staff = assess_plan(plan, today=NOVEMBER, approved_only=False).for_action(action)
    assert staff.action_status == ActionStatus.AT_RISK
    assert staff.milestones.late == 1


def test_a_lead_officers_agency_is_read_with_the_plan_not_one_query_each(
    django_assert_num_queries,
):
    plan = PlanFactory()
    target = TargetFactory(objective=ObjectiveFactory(plan=plan))
    target.lead_officers.add(OfficerFactory(organisation=OrganisationFactory()))
    MeasureFactory(target=target)
    action = ActionFactory(target=target)
    action.lead_officers.add(OfficerFactory(organisation=OrganisationFactory()))
    assessed = assess_plan(plan, today=NOVEMBER)
    with django_assert_num_queries(0):
        agencies = [o.organisation.name for o in assessed.actions[0].lead_officers.all()]
        agencies += [o.organisation.name for o in assessed.measures[0].target.lead_officers.all()]
    assert len(agencies) == 2


def loaded_measure(measure):
    approved = Measurement.objects.filter(status=ApprovalStatus.APPROVED)
    return (
        type(measure)
        .objects.prefetch_related(
            Prefetch("measurements", queryset=approved, to_attr="approved_measurements")
        )
        .get(pk=measure.pk)
    )


def test_a_loaded_measure_is_judged_as_at_the_plans_day_on_approved_figures_as_assess_plan_does():
    plan = PlanFactory()
    measure = MeasureFactory(target__objective__plan=plan)
    now = timezone.now()
    MeasurementFactory(
        measure=measure, value=Decimal("90"), status=ApprovalStatus.APPROVED, approved_at=now, **Q2
    )
    MeasurementFactory(
        measure=measure, value=Decimal("50"), status=ApprovalStatus.APPROVED, approved_at=now, **Q4
    )
    in_november = assess_loaded_measure(loaded_measure(measure), plan, today=NOVEMBER)
    assert in_november.latest.value == Decimal("90")
    assert in_november == assess_plan(plan, today=NOVEMBER).for_measure(measure)
    # With no day given, as at the plan's own reporting day (a finished plan: its last day).
    at_the_end = assess_loaded_measure(loaded_measure(measure), plan)
    assert at_the_end.latest.value == Decimal("50")
    assert at_the_end == assess_plan(plan).for_measure(measure)


def loaded_action(action):
    approved = ActionUpdate.objects.approved()
    return (
        type(action)
        .objects.prefetch_related(
            Prefetch("updates", queryset=approved, to_attr="approved_updates"), "milestones"
        )
        .get(pk=action.pk)
    )


def test_a_loaded_action_counts_its_late_milestones_as_assess_plan_does():
    plan = PlanFactory()
    action = ActionFactory(target__objective__plan=plan, status=ActionStatus.ON_TRACK)
    Milestone.objects.create(action=action, title="Venue booked", due_date=Q2["period_end"])
    state = assess_loaded_action(loaded_action(action), plan, today=NOVEMBER)
    assert state.action_status == ActionStatus.AT_RISK
    assert state == assess_plan(plan, today=NOVEMBER).for_action(action)


def test_the_actions_of_many_plans_are_read_as_at_each_plans_day_approved_only_in_three_queries(
    django_assert_num_queries,
):
    running = PlanFactory()
    later = PlanFactory(
        period_start=datetime.date(2012, 4, 1),
        period_end=datetime.date(2013, 3, 31),
        target_date=datetime.date(2013, 3, 31),
    )
    overdue_in_november = ActionFactory(
        target__objective__plan=running, due_date=datetime.date(2011, 10, 31)
    )
    update(overdue_in_november, ActionStatus.AT_RISK, ApprovalStatus.APPROVED)
    update(
        overdue_in_november,
        ActionStatus.COMPLETED,
        ApprovalStatus.SUBMITTED,
        date=datetime.date(2011, 11, 1),
    )
    with_milestone = ActionFactory(target=overdue_in_november.target)
    Milestone.objects.create(action=with_milestone, title="Leaflets", due_date=Q2["period_end"])
    not_started = ActionFactory(target__objective__plan=later, due_date=datetime.date(2012, 4, 30))
    plans = {running.pk: running, later.pk: later}
    with django_assert_num_queries(3):
        states = assess_actions_of_plans(plans, today=NOVEMBER)
        by_action = {
            state.milestone_rows[0].action_id if state.milestone_rows else None: state
            for state in states[running.pk]
        }
    overdue = [s for s in states[running.pk] if s.is_overdue]
    assert len(overdue) == 1
    assert overdue[0].action_status == ActionStatus.AT_RISK  # the waiting update not counted
    assert overdue[0] == assess_plan(running, today=NOVEMBER).for_action(overdue_in_november)
    assert by_action[with_milestone.pk].action_status == ActionStatus.AT_RISK
    # The later plan, not yet started in November 2011, is read as at its first day: not due.
    (later_state,) = states[later.pk]
    assert later_state.day == later.period_start
    assert later_state == assess_plan(later, today=later.period_start).for_action(not_started)
    assert later_state.status != RagStatus.RED
