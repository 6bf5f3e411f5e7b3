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
from django.db.models import QuerySet
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


def _check(*, by, plan, current: str, label: str) -> None:
    if not can_approve(by, plan):
        raise PermissionDenied("Only a plan manager of this plan can approve or return progress.")
    if current != ApprovalStatus.SUBMITTED:
        raise ValidationError(
            f"This {label} is already “{ApprovalStatus(current).label}”; only progress awaiting "
            "approval can be approved or returned."
        )


@transaction.atomic
def approve_measurement(*, measurement_pk: int, by) -> Measurement:
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
    )
    measurement.status = ApprovalStatus.APPROVED
    measurement.approved_by = by
    measurement.approved_at = timezone.now()
    measurement._history_user = by
    measurement._change_reason = "Approved"
    measurement.save(update_fields=["status", "approved_by", "approved_at"])
    return measurement


@transaction.atomic
def reject_measurement(*, measurement_pk: int, by) -> Measurement:
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
    )
    measurement.status = ApprovalStatus.REJECTED
    measurement.approved_by = by  # who decided, so the officer knows whom to ask
    measurement.approved_at = None
    measurement._history_user = by
    measurement._change_reason = "Returned to the officer"
    measurement.save(update_fields=["status", "approved_by", "approved_at"])
    return measurement


@transaction.atomic
def approve_update(*, update_pk: int, by) -> ActionUpdate:
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
    )
    update.approval = ApprovalStatus.APPROVED
    update.approved_by = by
    update.approved_at = timezone.now()
    update._history_user = by
    update._change_reason = "Approved"
    update.save(update_fields=["approval", "approved_by", "approved_at"])
    _take_status_of_latest_approved(action_pk=update.action_id, by=by)
    return update


@transaction.atomic
def reject_update(*, update_pk: int, by) -> ActionUpdate:
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
    )
    update.approval = ApprovalStatus.REJECTED
    update.approved_by = by
    update.approved_at = None
    update._history_user = by
    update._change_reason = "Returned to the officer"
    update.save(update_fields=["approval", "approved_by", "approved_at"])
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
