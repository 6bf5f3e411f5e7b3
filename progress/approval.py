"""Approving progress: what officers submit reaches public pages only once a plan manager
approves it.

The auto-publish rule (``PlanManagerDecision.apply_approval_rule``, in objectives/models.py,
below both kinds of progress): when ``Plan.publish_progress_automatically`` is on, progress is
approved as it is recorded; otherwise it waits here, in the approval queue, for a plan manager of
that plan. Approving an action update also gives the action the status of its latest approved
update (``actions.services.take_status_of_latest_approved``), exactly as an automatically
published update does.

Returning needs a note saying why (``decision_note``); the officer reads it on "my actions"
(``Measurement.objects.returned_to``, ``ActionUpdate.objects.returned_to``) and sends a
correction through the same recording services, which puts it back in the queue.
``approve_all_submitted`` empties the queue in one step, for a plan switched to publishing
automatically.

A bilingual partnership's update is approved only with its public note in Welsh and English
(``PlanManagerDecision.language_refusal``); the refusal names what is missing.

Every write is keyword-only and atomic; each locks the rows it decides on, so two managers
pressing Approve and Return at the same moment cannot both win.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from actions.models import ActionUpdate, MilestoneProposal
from actions.services import apply_milestone_proposal, take_status_of_latest_approved
from cspplan import permissions
from objectives.models import ApprovalStatus, Measurement


def can_approve(user, plan) -> bool:
    """Plan managers of the plan's partnership (and superusers) approve; the chair only reads."""
    return permissions.manages_plan(user, plan)


def pending_measurements(plan) -> QuerySet:
    return (
        Measurement.objects.for_plan(plan)
        .filter(status=ApprovalStatus.SUBMITTED)
        .select_related("measure__target__objective__plan", "recorded_by")
        .order_by("recorded_at", "pk")
    )


def with_approved_figures(measurements: list) -> list:
    """Give each pending measurement ``approved_before``: the figure the public sees for that
    measure and period now (the approved version an officer's correction would replace), or
    None for a new figure. So the queue shows each change as "from → to". One query."""
    approved = (
        Measurement.history.filter(
            id__in=[m.pk for m in measurements], status=ApprovalStatus.APPROVED
        )
        .order_by("id", "history_date")
        .only("id", "value", "rating", "history_date")
    )
    latest = {record.id: record for record in approved}
    for measurement in measurements:
        measurement.approved_before = latest.get(measurement.pk)
    return measurements


def pending_updates(plan) -> QuerySet:
    return (
        ActionUpdate.objects.for_plan(plan)
        .filter(approval=ApprovalStatus.SUBMITTED)
        .select_related("action__target__objective__plan", "author")
        .order_by("created_at", "pk")
    )


def pending_milestones(plan) -> QuerySet:
    """Officers' new milestones and ticks waiting for a plan manager."""
    return (
        MilestoneProposal.objects.for_plan(plan)
        .filter(approval=ApprovalStatus.SUBMITTED)
        .select_related("action__target__objective", "milestone", "author")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class _Progress:
    """What differs between a measurement and an action update when deciding on it."""

    model: type
    label: str  # in messages: "This measurement is already…"
    status_field: str  # Measurement.status, ActionUpdate.approval
    plan_path: str  # from the row to its plan, for select_related

    def plan_of(self, item):
        return attrgetter(self.plan_path.replace("__", "."))(item)


_MEASUREMENT = _Progress(Measurement, "measurement", "status", "measure__target__objective__plan")
_UPDATE = _Progress(ActionUpdate, "update", "approval", "action__target__objective__plan")
_MILESTONE = _Progress(
    MilestoneProposal, "milestone", "approval", "action__target__objective__plan"
)


def _decide(kind: _Progress, *, pk: int, by, approve: bool, note: str):
    """Approve or return one submitted item; the caller holds the transaction.

    The row is locked first: two managers pressing Approve and Return at the same moment
    queue here, and the second finds the item already decided.
    """
    item = kind.model.objects.select_for_update().select_related(kind.plan_path).get(pk=pk)
    if not can_approve(by, kind.plan_of(item)):
        raise PermissionDenied("Only a plan manager of this plan can approve or return progress.")
    current = getattr(item, kind.status_field)
    if current != ApprovalStatus.SUBMITTED:
        raise ValidationError(
            f"This {kind.label} is already “{ApprovalStatus(current).label}”; only progress "
            "awaiting approval can be approved or returned."
        )
    limit = kind.model._meta.get_field("decision_note").max_length
    if len(note.strip()) > limit:
        raise ValidationError(
            {
                "decision_note": f"Note for the officer can be up to {limit:,} characters; "
                f"yours has {len(note.strip())}. Shorten it and send it again."
            }
        )
    if not approve and not note.strip():
        # The officer can only correct what they are told is wrong.
        message = f"Say why the {kind.label} is returned, so the officer can correct it."
        raise ValidationError({"decision_note": message})
    if approve and (refusal := item.language_refusal(kind.plan_of(item))):
        raise ValidationError(refusal)
    _record_decision(kind, item, by=by, approve=approve, note=note)
    return item


def _record_decision(kind: _Progress, item, *, by, approve: bool, note: str = "") -> None:
    setattr(
        item, kind.status_field, ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
    )
    item.approved_by = by  # also on return: who decided, so the officer knows whom to ask
    item.approved_at = timezone.now() if approve else None
    item.decision_note = note.strip()
    item._history_user = by
    item._change_reason = "Approved" if approve else "Returned to the officer"
    item.save(update_fields=[kind.status_field, "approved_by", "approved_at", "decision_note"])


@transaction.atomic
def approve_measurement(*, measurement_pk: int, by, note: str = "") -> Measurement:
    return _decide(_MEASUREMENT, pk=measurement_pk, by=by, approve=True, note=note)


@transaction.atomic
def reject_measurement(*, measurement_pk: int, by, note: str) -> Measurement:
    return _decide(_MEASUREMENT, pk=measurement_pk, by=by, approve=False, note=note)


@transaction.atomic
def approve_update(*, update_pk: int, by, note: str = "") -> ActionUpdate:
    update = _decide(_UPDATE, pk=update_pk, by=by, approve=True, note=note)
    take_status_of_latest_approved(action_pk=update.action_id, by=by)
    return update


@transaction.atomic
def reject_update(*, update_pk: int, by, note: str) -> ActionUpdate:
    return _decide(_UPDATE, pk=update_pk, by=by, approve=False, note=note)


@transaction.atomic
def approve_milestone(*, milestone_pk: int, by, note: str = "") -> MilestoneProposal:
    """Approve an officer's milestone or tick (a ``MilestoneProposal``): it is written to the
    milestone the public sees."""
    proposal = _decide(_MILESTONE, pk=milestone_pk, by=by, approve=True, note=note)
    apply_milestone_proposal(proposal=proposal, by=by)
    return proposal


@transaction.atomic
def reject_milestone(*, milestone_pk: int, by, note: str) -> MilestoneProposal:
    return _decide(_MILESTONE, pk=milestone_pk, by=by, approve=False, note=note)


@dataclass(frozen=True)
class ApprovedCounts:
    measurements: int
    updates: int
    milestones: int = 0

    @property
    def total(self) -> int:
        return self.measurements + self.updates + self.milestones


@transaction.atomic
def approve_all_submitted(*, plan, by, expected_total: int | None = None) -> ApprovedCounts:
    """Approve everything waiting in ``plan``'s queue, as ``by``; return how many of each.

    For a plan switched to publishing progress automatically: what was already waiting would
    otherwise never reach the public pages. Each item is approved as one by one would be
    (history names ``by``) and each action takes the status of its latest approved update.
    Pass ``expected_total`` (the number the manager confirmed) to refuse, with nothing
    approved, if more arrived meanwhile: nobody approves what they have not been shown.
    """
    if not can_approve(by, plan):
        raise PermissionDenied("Only a plan manager of this plan can approve progress.")
    # Lock the waiting rows before counting them: an officer's correction or another
    # manager's decision landing now waits until these approvals are in. Only the rows
    # themselves (of=self): pending_*'s optional joins cannot be locked on PostgreSQL. The
    # status is tested on the row itself too, so PostgreSQL re-checks it once the lock is
    # had: an item another manager returned meanwhile is left alone.
    measurements = list(
        Measurement.objects.select_for_update(of=("self",))
        .filter(status=ApprovalStatus.SUBMITTED, pk__in=pending_measurements(plan).values("pk"))
        .order_by("pk")
    )
    updates = list(
        ActionUpdate.objects.select_for_update(of=("self",))
        .filter(approval=ApprovalStatus.SUBMITTED, pk__in=pending_updates(plan).values("pk"))
        .order_by("pk")
    )
    milestones = list(
        MilestoneProposal.objects.select_for_update(of=("self",))
        .filter(approval=ApprovalStatus.SUBMITTED, pk__in=pending_milestones(plan).values("pk"))
        .order_by("pk")
    )
    counts = ApprovedCounts(
        measurements=len(measurements), updates=len(updates), milestones=len(milestones)
    )
    if expected_total is not None and counts.total != expected_total:
        raise ValidationError(
            f"The queue changed after you looked: {counts.total} item"
            f"{'s are' if counts.total != 1 else ' is'} waiting now, not {expected_total}. "
            "Nothing was approved; check the queue and confirm again."
        )
    if refusals := [r for item in updates if (r := item.language_refusal(plan))]:
        # A bilingual partnership's progress goes public in both languages or not at all.
        raise ValidationError(["Nothing was approved.", *refusals])
    for measurement in measurements:
        _record_decision(_MEASUREMENT, measurement, by=by, approve=True)
    for update in updates:
        _record_decision(_UPDATE, update, by=by, approve=True)
    for action_pk in sorted({update.action_id for update in updates}):
        take_status_of_latest_approved(action_pk=action_pk, by=by)
    for proposal in milestones:
        _record_decision(_MILESTONE, proposal, by=by, approve=True)
        apply_milestone_proposal(proposal=proposal, by=by)
    return counts
