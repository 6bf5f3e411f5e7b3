"""The approval rules of ``progress/approval.py`` read one at a time (issue 29: each test kills
the mutants its rule would let through): what a refusal says, how long a note may be, and what
the queue shows as the figure a correction would replace."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from actions.models import ActionUpdate, Milestone, MilestoneProposal
from cspplan import roles
from cspplan.limits import NOTE_MAX_LENGTH
from objectives.models import ApprovalStatus, Measurement
from progress.approval import (
    approve_all_submitted,
    approve_measurement,
    pending_measurements,
    pending_milestones,
    pending_updates,
    reject_measurement,
    with_approved_figures,
)
from tests.factories import ActionFactory, ActionUpdateFactory, MeasurementFactory, PlanFactory
from tests.personas import in_role

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def plan():
    return PlanFactory()


@pytest.fixture
def manager(plan):
    return in_role(roles.PLAN_MANAGERS, partnership=plan.partnership)


def test_someone_who_may_not_approve_is_told_who_may(plan):
    measurement = MeasurementFactory(measure__target__objective__plan=plan)
    with pytest.raises(PermissionDenied) as refused:
        approve_measurement(
            measurement_pk=measurement.pk, by=in_role(roles.CHAIR, partnership=plan.partnership)
        )
    assert str(refused.value) == "Only a plan manager of this plan can approve or return progress."


def test_deciding_again_is_refused_saying_what_can_be_decided(plan, manager):
    measurement = MeasurementFactory(measure__target__objective__plan=plan)
    approve_measurement(measurement_pk=measurement.pk, by=manager)
    with pytest.raises(ValidationError) as refused:
        reject_measurement(measurement_pk=measurement.pk, by=manager, note="Too late.")
    assert refused.value.messages == [
        "This measurement is already “Approved”; only progress awaiting approval can be "
        "approved or returned."
    ]


def test_a_note_may_be_as_long_as_the_field_and_no_longer(plan, manager):
    longest = MeasurementFactory(measure__target__objective__plan=plan)
    too_long = MeasurementFactory(measure__target__objective__plan=plan)
    reject_measurement(measurement_pk=longest.pk, by=manager, note="x" * NOTE_MAX_LENGTH)
    with pytest.raises(ValidationError) as refused:
        reject_measurement(measurement_pk=too_long.pk, by=manager, note="x" * (NOTE_MAX_LENGTH + 1))
    assert refused.value.message_dict == {
        "decision_note": [
            "Note for the officer can be up to 2,000 characters; yours has 2001. Shorten it "
            "and send it again."
        ]
    }
    longest.refresh_from_db()
    too_long.refresh_from_db()
    assert (longest.status, too_long.status) == (ApprovalStatus.REJECTED, ApprovalStatus.SUBMITTED)


def test_the_queue_shows_the_figure_a_correction_would_replace_in_one_query(
    plan, manager, django_assert_num_queries
):
    corrected = MeasurementFactory(measure__target__objective__plan=plan, value=Decimal(10))
    approve_measurement(measurement_pk=corrected.pk, by=manager)
    for value in (11, 12):  # corrected twice; 11 approved: the figure the public sees now
        corrected.refresh_from_db()
        corrected.value, corrected.status = Decimal(value), ApprovalStatus.SUBMITTED
        corrected.save()
        if value == 11:
            approve_measurement(measurement_pk=corrected.pk, by=manager)
    new = MeasurementFactory(measure__target__objective__plan=plan, value=Decimal(3))
    queue = list(pending_measurements(plan))
    with django_assert_num_queries(1):
        with_approved_figures(queue)
        shown = {
            m.pk: (m.approved_before and (m.approved_before.id, m.approved_before.value))
            for m in queue
        }
        assert [m.approved_before.history_date for m in queue if m.approved_before]
        assert [m.approved_before.rating for m in queue if m.approved_before] == [""]
    assert shown == {corrected.pk: (corrected.pk, Decimal(11)), new.pk: None}
    assert Measurement.objects.get(pk=corrected.pk).value == Decimal(12)


def _first_recorded_last(model, items, field):
    """Make the first item the latest recorded, so the queue's order is not its ids' order."""
    later = getattr(items[-1], field) + datetime.timedelta(minutes=1)
    model.objects.filter(pk=items[0].pk).update(**{field: later})


def test_each_queue_lists_the_plans_waiting_progress_oldest_first_in_one_query(
    plan, manager, django_assert_num_queries
):
    action = ActionFactory(target__objective__plan=plan)
    elsewhere = ActionFactory()
    milestone = Milestone.objects.create(action=action, title="Venue", due_date=D(2011, 9, 1))
    figures = [MeasurementFactory(measure__target__objective__plan=plan) for _ in range(2)]
    updates = [ActionUpdateFactory(action=action, author=manager) for _ in range(2)]
    proposals = [
        MilestoneProposal.objects.create(
            action=action,
            milestone=milestone,
            title="Venue",
            due_date=D(2011, 9, 1),
            author=manager,
        )
        for _ in range(2)
    ]
    ActionUpdateFactory(action=elsewhere)
    MilestoneProposal.objects.create(action=elsewhere, title="Other", due_date=D(2011, 9, 1))
    MilestoneProposal.objects.create(
        action=action, title="Decided", due_date=D(2011, 9, 1), approval=ApprovalStatus.APPROVED
    )
    _first_recorded_last(Measurement, figures, "recorded_at")
    _first_recorded_last(ActionUpdate, updates, "created_at")
    _first_recorded_last(MilestoneProposal, proposals, "created_at")
    with django_assert_num_queries(1):
        queue = list(pending_measurements(plan))
        assert [(m.pk, m.measure.target.objective.plan) for m in queue] == [
            (figures[1].pk, plan),
            (figures[0].pk, plan),
        ]
    with django_assert_num_queries(1):
        queue = list(pending_updates(plan))
        assert [(u.pk, u.action.target.objective.plan, u.author) for u in queue] == [
            (updates[1].pk, plan, manager),
            (updates[0].pk, plan, manager),
        ]
    with django_assert_num_queries(1):
        queue = list(pending_milestones(plan))
        assert [(p.pk, p.action.target.objective, p.milestone, p.author) for p in queue] == [
            (proposals[1].pk, action.target.objective, milestone, manager),
            (proposals[0].pk, action.target.objective, milestone, manager),
        ]


def test_approving_everything_clears_the_reasons_progress_was_returned_for(plan, manager):
    figure = MeasurementFactory(
        measure__target__objective__plan=plan, decision_note="Returned before: wrong period."
    )
    approve_all_submitted(plan=plan, by=manager)
    figure.refresh_from_db()
    assert (figure.status, figure.decision_note) == (ApprovalStatus.APPROVED, "")
