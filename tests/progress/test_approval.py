"""Approving and returning progress: only a plan manager of the plan, only what is waiting."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from actions.models import ActionStatus, ActionUpdate
from actions.services import record_action_update
from cspplan import roles
from objectives.models import ApprovalStatus, Measurement
from objectives.services import record_measurement
from progress.approval import (
    approve_all_submitted,
    approve_measurement,
    approve_update,
    pending_measurements,
    pending_updates,
    reject_measurement,
    reject_update,
)
from progress.rag import RagStatus, assess_plan
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    MeasureFactory,
    MeasurementFactory,
    OrganisationFactory,
    PlanFactory,
)
from tests.personas import in_role, officer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return PlanFactory()


@pytest.fixture
def manager(plan):
    return in_role(roles.PLAN_MANAGERS, partnership=plan.partnership)


def test_approving_a_measurement_publishes_it_and_records_who_and_when(plan, manager):
    measurement = MeasurementFactory(measure__target__objective__plan=plan)
    assert assess_plan(plan).for_measure(measurement.measure).status == RagStatus.NOT_MEASURED
    approve_measurement(measurement_pk=measurement.pk, by=manager)
    measurement.refresh_from_db()
    assert measurement.status == ApprovalStatus.APPROVED
    assert measurement.approved_by == manager
    assert measurement.approved_at is not None
    assert assess_plan(plan).for_measure(measurement.measure).latest == measurement
    assert measurement.history.first().history_user == manager


def test_returning_a_measurement_keeps_it_off_public_pages(plan, manager):
    measurement = MeasurementFactory(measure__target__objective__plan=plan)
    reject_measurement(measurement_pk=measurement.pk, by=manager, note="Wrong quarter.")
    measurement.refresh_from_db()
    assert measurement.status == ApprovalStatus.REJECTED
    assert list(pending_measurements(plan)) == []


def test_approving_an_update_gives_the_action_its_status(plan, manager):
    action = ActionFactory(target__objective__plan=plan, status=ActionStatus.NOT_REPORTED)
    update = ActionUpdateFactory(action=action, status=ActionStatus.AT_RISK)
    approve_update(update_pk=update.pk, by=manager)
    action.refresh_from_db()
    assert action.status == ActionStatus.AT_RISK
    assert action.version == 2


def test_an_older_update_approved_late_does_not_overwrite_a_newer_status(plan, manager):
    action = ActionFactory(target__objective__plan=plan, status=ActionStatus.COMPLETED)
    ActionUpdateFactory(
        action=action,
        date=timezone.localdate(),
        status=ActionStatus.COMPLETED,
        approval=ApprovalStatus.APPROVED,
        approved_at=timezone.now(),
    )
    old = ActionUpdateFactory(action=action, date="2011-05-01", status=ActionStatus.AT_RISK)
    approve_update(update_pk=old.pk, by=manager)
    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETED


def test_returning_an_update_leaves_the_action_alone(plan, manager):
    action = ActionFactory(target__objective__plan=plan, status=ActionStatus.ON_TRACK)
    update = ActionUpdateFactory(action=action, status=ActionStatus.OFF_TRACK)
    reject_update(update_pk=update.pk, by=manager, note="Say which operations.")
    action.refresh_from_db()
    update.refresh_from_db()
    assert update.approval == ApprovalStatus.REJECTED
    assert action.status == ActionStatus.ON_TRACK
    assert list(pending_updates(plan)) == []


@pytest.mark.parametrize("group", [roles.CHAIR, roles.PARTNERSHIP_OFFICERS])
def test_the_chair_and_officers_cannot_approve(plan, group):
    measurement = MeasurementFactory(measure__target__objective__plan=plan)
    with pytest.raises(PermissionDenied):
        approve_measurement(
            measurement_pk=measurement.pk, by=in_role(group, partnership=plan.partnership)
        )
    measurement.refresh_from_db()
    assert measurement.status == ApprovalStatus.SUBMITTED


def test_a_manager_of_another_partnership_cannot_approve(plan):
    outsider = in_role(roles.PLAN_MANAGERS)
    update = ActionUpdateFactory(action__target__objective__plan=plan)
    with pytest.raises(PermissionDenied):
        approve_update(update_pk=update.pk, by=outsider)


def test_only_progress_awaiting_approval_can_be_decided(plan, manager):
    measurement = MeasurementFactory(measure__target__objective__plan=plan)
    reject_measurement(measurement_pk=measurement.pk, by=manager, note="Wrong quarter.")
    with pytest.raises(ValidationError, match="already “Returned to the officer”"):
        approve_measurement(measurement_pk=measurement.pk, by=manager)
    measurement.refresh_from_db()
    assert measurement.status == ApprovalStatus.REJECTED


def test_the_queue_lists_only_this_plans_submitted_progress(plan):
    mine = MeasurementFactory(measure__target__objective__plan=plan)
    MeasurementFactory()  # another plan's
    MeasurementFactory(
        measure__target__objective__plan=plan,
        period_start="2011-07-01",
        period_end="2011-09-30",
        status=ApprovalStatus.APPROVED,
        approved_at=timezone.now(),
    )
    assert list(pending_measurements(plan)) == [mine]


@pytest.mark.parametrize("automatic", [False, True])
def test_recorded_progress_waits_for_approval_unless_the_plan_publishes_automatically(
    automatic, manager
):
    plan = PlanFactory(publish_progress_automatically=automatic)
    assert plan.publish_progress_automatically is automatic
    measure = MeasureFactory(target__objective__plan=plan)
    action = ActionFactory(target=measure.target)
    record_measurement(
        measure=measure,
        by=manager,
        period_start=datetime.date(2011, 4, 1),
        period_end=datetime.date(2011, 6, 30),
        value=Decimal("90"),
    )
    record_action_update(action=action, by=manager, status=ActionStatus.AT_RISK, note="Late.")
    waiting = len(pending_measurements(plan)) + len(pending_updates(plan))
    assert waiting == (0 if automatic else 2)
    public = assess_plan(plan)
    assert (public.for_measure(measure).latest is not None) is automatic


@pytest.mark.parametrize("note", ["", "   "])
def test_returning_progress_needs_a_note_for_the_officer(plan, manager, note):
    measurement = MeasurementFactory(measure__target__objective__plan=plan)
    update = ActionUpdateFactory(action__target__objective__plan=plan)
    with pytest.raises(ValidationError) as refused:
        reject_measurement(measurement_pk=measurement.pk, by=manager, note=note)
    assert "Say why the measurement is returned" in refused.value.message_dict["decision_note"][0]
    with pytest.raises(ValidationError, match="Say why the update is returned"):
        reject_update(update_pk=update.pk, by=manager, note=note)
    measurement.refresh_from_db()
    update.refresh_from_db()
    assert measurement.status == ApprovalStatus.SUBMITTED
    assert update.approval == ApprovalStatus.SUBMITTED


def test_returning_keeps_the_reason_for_the_officer_and_in_history(plan, manager):
    measurement = MeasurementFactory(measure__target__objective__plan=plan)
    update = ActionUpdateFactory(action__target__objective__plan=plan)
    reject_measurement(measurement_pk=measurement.pk, by=manager, note=" Figure is year to date. ")
    reject_update(update_pk=update.pk, by=manager, note="Name the operations.")
    measurement.refresh_from_db()
    update.refresh_from_db()
    assert measurement.decision_note == "Figure is year to date."
    assert update.decision_note == "Name the operations."
    assert measurement.history.first().decision_note == "Figure is year to date."


def test_approving_takes_an_optional_note_and_replaces_an_earlier_reason(plan, manager):
    measurement = MeasurementFactory(
        measure__target__objective__plan=plan, decision_note="Returned before: wrong period."
    )
    update = ActionUpdateFactory(action__target__objective__plan=plan)
    approve_measurement(measurement_pk=measurement.pk, by=manager)
    approve_update(update_pk=update.pk, by=manager, note="Thanks, clear.")
    measurement.refresh_from_db()
    update.refresh_from_db()
    assert measurement.decision_note == ""
    assert update.decision_note == "Thanks, clear."


def officer_reporting_on(plan):
    """An officer whose agency owns one target row of ``plan``, and that row's action and
    measure."""
    organisation = OrganisationFactory()
    user = officer_of(organisation, username=f"officer-{plan.pk}")
    measure = MeasureFactory(target__objective__plan=plan)
    measure.target.owners.set([organisation])
    action = ActionFactory(target=measure.target, owners=[organisation])
    return user, measure, action


def test_an_officer_is_shown_what_was_returned_until_it_is_corrected(plan, manager):
    officer, measure, _action = officer_reporting_on(plan)
    measurement = record_measurement(
        measure=measure,
        by=officer,
        period_start=datetime.date(2011, 4, 1),
        period_end=datetime.date(2011, 6, 30),
        value=Decimal("90"),
    )
    assert list(Measurement.objects.returned_to(officer)) == []
    reject_measurement(measurement_pk=measurement.pk, by=manager, note="That is the year total.")
    assert list(Measurement.objects.returned_to(officer)) == [measurement]
    record_measurement(
        measure=measure,
        by=officer,
        period_start=datetime.date(2011, 4, 1),
        period_end=datetime.date(2011, 6, 30),
        value=Decimal("21"),
    )
    assert list(Measurement.objects.returned_to(officer)) == []
    assert list(pending_measurements(plan)) == [measurement]


def test_a_returned_update_is_answered_by_the_next_update_on_the_action(plan, manager):
    officer, _measure, action = officer_reporting_on(plan)
    update = record_action_update(action=action, by=officer, status="at_risk", note="Late.")
    reject_update(update_pk=update.pk, by=manager, note="Late by how much?")
    assert list(ActionUpdate.objects.returned_to(officer)) == [update]
    record_action_update(action=action, by=officer, status="at_risk", note="Late by a month.")
    assert list(ActionUpdate.objects.returned_to(officer)) == []


def test_an_officer_is_not_shown_another_agencys_returned_progress(plan, manager):
    officer, _measure, _action = officer_reporting_on(plan)
    theirs = MeasurementFactory(measure__target__objective__plan=plan)
    reject_measurement(measurement_pk=theirs.pk, by=manager, note="Check the source.")
    assert list(Measurement.objects.returned_to(officer)) == []


def test_each_decision_is_in_the_items_history_with_who_and_what(plan, manager):
    approved = ActionUpdateFactory(action__target__objective__plan=plan)
    returned = MeasurementFactory(measure__target__objective__plan=plan)
    approve_update(update_pk=approved.pk, by=manager)
    reject_measurement(measurement_pk=returned.pk, by=manager, note="Wrong period.")
    approved_record, returned_record = approved.history.first(), returned.history.first()
    assert (approved_record.history_user, approved_record.history_change_reason) == (
        manager,
        "Approved",
    )
    assert (returned_record.history_user, returned_record.history_change_reason) == (
        manager,
        "Returned to the officer",
    )
    returned.refresh_from_db()
    assert (returned.approved_by, returned.approved_at) == (manager, None)


def test_approve_all_publishes_everything_waiting_in_the_plan_and_counts_it(plan, manager):
    plan.publish_progress_automatically = True
    plan.save()
    action = ActionFactory(target__objective__plan=plan, status=ActionStatus.NOT_REPORTED)
    MeasurementFactory(measure__target__objective__plan=plan)
    MeasurementFactory(measure__target__objective__plan=plan)
    ActionUpdateFactory(action=action, date="2011-06-30", status=ActionStatus.AT_RISK)
    ActionUpdateFactory(action=action, date="2011-09-30", status=ActionStatus.ON_TRACK)
    returned = MeasurementFactory(
        measure__target__objective__plan=plan, status=ApprovalStatus.REJECTED
    )
    elsewhere = MeasurementFactory()  # another plan's queue
    counts = approve_all_submitted(plan=plan, by=manager)
    assert (counts.measurements, counts.updates, counts.total) == (2, 2, 4)
    assert list(pending_measurements(plan)) == [] and list(pending_updates(plan)) == []
    action.refresh_from_db()
    assert action.status == ActionStatus.ON_TRACK  # the latest update's, not the last approved
    for item in (returned, elsewhere):
        item.refresh_from_db()
    assert returned.status == ApprovalStatus.REJECTED
    assert elsewhere.status == ApprovalStatus.SUBMITTED
    assert {m.approved_by for m in Measurement.objects.approved()} == {manager}


def test_approve_all_approves_nothing_if_the_queue_changed_since_it_was_confirmed(plan, manager):
    waiting = MeasurementFactory(measure__target__objective__plan=plan)
    ActionUpdateFactory(action__target__objective__plan=plan)
    with pytest.raises(ValidationError, match="2 items are waiting now, not 1"):
        approve_all_submitted(plan=plan, by=manager, expected_total=1)
    waiting.refresh_from_db()
    assert waiting.status == ApprovalStatus.SUBMITTED


@pytest.mark.parametrize("group", [roles.CHAIR, roles.PARTNERSHIP_OFFICERS])
def test_only_a_plan_manager_of_the_plan_can_approve_all(plan, group):
    waiting = MeasurementFactory(measure__target__objective__plan=plan)
    with pytest.raises(PermissionDenied):
        approve_all_submitted(plan=plan, by=in_role(group, partnership=plan.partnership))
    with pytest.raises(PermissionDenied):
        approve_all_submitted(plan=plan, by=in_role(roles.PLAN_MANAGERS))
    waiting.refresh_from_db()
    assert waiting.status == ApprovalStatus.SUBMITTED


def test_approve_all_with_nothing_waiting_approves_nothing(plan, manager):
    assert approve_all_submitted(plan=plan, by=manager).total == 0


def test_an_automatically_published_update_dated_earlier_does_not_overwrite_a_newer_status(
    manager,
):
    plan = PlanFactory(publish_progress_automatically=True)
    action = ActionFactory(target__objective__plan=plan)
    record_action_update(
        action=action, by=manager, status=ActionStatus.COMPLETED, note="Done.",
        date=datetime.date(2011, 12, 1),
    )  # fmt: skip
    record_action_update(
        action=action, by=manager, status=ActionStatus.AT_RISK, note="Back-filled.",
        date=datetime.date(2011, 9, 1),
    )  # fmt: skip
    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETED  # the latest update by date still speaks
