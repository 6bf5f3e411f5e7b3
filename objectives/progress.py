"""Approving progress: what officers submit reaches public pages only once a plan manager
approves it.

The auto-publish rule: when ``Plan.publish_progress_automatically`` is on, the recording
services (``objectives.services.record_measurement``, ``actions.services.record_action_update``)
approve progress as it is recorded (``publishes_automatically``); otherwise it waits here, in
the approval queue, for a plan manager of that plan. Approving an action update also gives the
action the status the update reports, exactly as an automatically published update does.

Every function is keyword-only and atomic; each locks the row it decides on, so two managers
pressing Approve and Reject at the same moment cannot both win.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from actions.models import Action, ActionUpdate
from cspplan import permissions
from objectives.models import ApprovalStatus, Measurement


def publishes_automatically(plan) -> bool:
    """Whether progress recorded against ``plan`` is published without approval."""
    return plan.publish_progress_automatically


def can_approve(user, plan) -> bool:
    """Plan managers of the plan's partnership (and superusers) approve; the chair only reads."""
    return permissions.manages_plan(user, plan)


def pending_measurements(plan) -> QuerySet:
    return (
        Measurement.objects.for_plan(plan)
        .filter(status=ApprovalStatus.SUBMITTED)
        .select_related("measure__target__objective", "recorded_by")
        .order_by("recorded_at", "pk")
    )


def pending_updates(plan) -> QuerySet:
    return (
        ActionUpdate.objects.filter(
            action__target__objective__plan=plan, approval=ApprovalStatus.SUBMITTED
        )
        .select_related("action__target__objective", "author")
        .order_by("created_at", "pk")
    )


def returned_measurements(user) -> QuerySet:
    """Measurements returned to the officer and not yet corrected, among the measures on their
    "my actions" page. Recording the same period again (``record_measurement``) corrects one
    and sends it back for approval, which takes it off this list."""
    return (
        Measurement.objects.filter(
            status=ApprovalStatus.REJECTED,
            measure__in=permissions.reported_measures(user).values("pk"),
        )
        .select_related("measure__target__objective", "approved_by")
        .order_by("measure__target__objective__number", "measure__name", "period_end", "pk")
    )


def returned_updates(user) -> QuerySet:
    """Action updates returned to the officer that no newer update on the action answers yet,
    among the actions on their "my actions" page."""
    # Ids grow with creation, so "a later update" needs no tie-break on equal timestamps.
    answered = ActionUpdate.objects.filter(action=OuterRef("action"), pk__gt=OuterRef("pk"))
    return (
        ActionUpdate.objects.filter(
            approval=ApprovalStatus.REJECTED,
            action__in=permissions.reported_actions(user).values("pk"),
        )
        .exclude(Exists(answered))
        .select_related("action__target__objective", "approved_by")
        .order_by("action__target__objective__number", "action__target__order", "pk")
    )


def _check(*, by, plan, current: str, label: str, note: str, returning: bool = False) -> None:
    if not can_approve(by, plan):
        raise PermissionDenied("Only a plan manager of this plan can approve or return progress.")
    if current != ApprovalStatus.SUBMITTED:
        raise ValidationError(
            f"This {label} is already “{ApprovalStatus(current).label}”; only progress awaiting "
            "approval can be approved or returned."
        )
    if returning and not note.strip():
        # The officer can only correct what they are told is wrong.
        raise ValidationError(
            {"decision_note": f"Say why the {label} is returned, so the officer can correct it."}
        )


@transaction.atomic
def approve_measurement(*, measurement_pk: int, by, note: str = "") -> Measurement:
    measurement = (
        Measurement.objects.select_for_update()
        .select_related("measure__target__objective__plan")
        .get(pk=measurement_pk)
    )
    _check(
        by=by,
        plan=measurement.measure.target.objective.plan,
        current=measurement.status,
        label="measurement",
        note=note,
    )
    measurement.status = ApprovalStatus.APPROVED
    measurement.approved_by = by
    measurement.approved_at = timezone.now()
    measurement.decision_note = note.strip()
    measurement._history_user = by
    measurement._change_reason = "Approved"
    measurement.save(update_fields=["status", "approved_by", "approved_at", "decision_note"])
    return measurement


@transaction.atomic
def reject_measurement(*, measurement_pk: int, by, note: str) -> Measurement:
    measurement = (
        Measurement.objects.select_for_update()
        .select_related("measure__target__objective__plan")
        .get(pk=measurement_pk)
    )
    _check(
        by=by,
        plan=measurement.measure.target.objective.plan,
        current=measurement.status,
        label="measurement",
        note=note,
        returning=True,
    )
    measurement.status = ApprovalStatus.REJECTED
    measurement.approved_by = by  # who decided, so the officer knows whom to ask
    measurement.approved_at = None
    measurement.decision_note = note.strip()
    measurement._history_user = by
    measurement._change_reason = "Returned to the officer"
    measurement.save(update_fields=["status", "approved_by", "approved_at", "decision_note"])
    return measurement


@transaction.atomic
def approve_update(*, update_pk: int, by, note: str = "") -> ActionUpdate:
    update = (
        ActionUpdate.objects.select_for_update()
        .select_related("action__target__objective__plan")
        .get(pk=update_pk)
    )
    _check(
        by=by,
        plan=update.action.target.objective.plan,
        current=update.approval,
        label="update",
        note=note,
    )
    update.approval = ApprovalStatus.APPROVED
    update.approved_by = by
    update.approved_at = timezone.now()
    update.decision_note = note.strip()
    update._history_user = by
    update._change_reason = "Approved"
    update.save(update_fields=["approval", "approved_by", "approved_at", "decision_note"])
    _take_status_of_latest_approved(action_pk=update.action_id, by=by)
    return update


@transaction.atomic
def reject_update(*, update_pk: int, by, note: str) -> ActionUpdate:
    update = (
        ActionUpdate.objects.select_for_update()
        .select_related("action__target__objective__plan")
        .get(pk=update_pk)
    )
    _check(
        by=by,
        plan=update.action.target.objective.plan,
        current=update.approval,
        label="update",
        note=note,
        returning=True,
    )
    update.approval = ApprovalStatus.REJECTED
    update.approved_by = by
    update.approved_at = None
    update.decision_note = note.strip()
    update._history_user = by
    update._change_reason = "Returned to the officer"
    update.save(update_fields=["approval", "approved_by", "approved_at", "decision_note"])
    return update


def _take_status_of_latest_approved(*, action_pk: int, by) -> None:
    """The action shows the status of its latest approved update. An older update approved
    late must not overwrite the status a newer one already set."""
    action = Action.objects.select_for_update().get(pk=action_pk)
    latest = action.updates.approved().order_by("-date", "-created_at").first()
    if latest is None or action.status == latest.status:
        return
    action.status = latest.status
    # The same bookkeeping as actions.services: history names who, and the version goes up so
    # an officer's open edit form notices the change (the lost-update check).
    action._history_user = by
    action._change_reason = "Progress update approved"
    action.version += 1
    action.save(update_fields=["status", "version"])
