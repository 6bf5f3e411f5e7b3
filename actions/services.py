"""Writes to actions: progress updates, status changes, and the lost-update check.

Every function is keyword-only and atomic. Progress an officer submits waits for a plan
manager's approval (the approval queue, progress/approval.py) unless the plan publishes progress
automatically (``PlanManagerDecision.apply_approval_rule``). Whichever way an update is approved,
the action then takes the status of its latest approved update
(``take_status_of_latest_approved``, here and nowhere else).
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from actions.models import Action, ActionStatus, ActionUpdate
from cspplan.models import display_name
from objectives.models import ApprovalStatus


@dataclass(frozen=True)
class FieldChange:
    field: str
    theirs: str
    changed_by: str
    changed_at: datetime.datetime | None


class StaleEditError(Exception):
    """Someone saved the action after this editor loaded it; saving would overwrite them."""

    def __init__(self, action, changes: list[FieldChange]):
        self.action = action
        self.changes = changes
        super().__init__(self.message())

    def message(self, yours: dict | None = None) -> str:
        yours = yours or {}
        if not self.changes:
            return (
                f"“{self.action}” was changed by someone else after you opened it. "
                "Reload it and make your change again."
            )
        parts = []
        for change in self.changes:
            text = f"{change.field}: now “{change.theirs}” (changed by {change.changed_by})"
            if change.field in yours:
                text += f", yours “{yours[change.field]}”"
            parts.append(text)
        return (
            f"“{self.action}” was changed by someone else after you opened it, so your "
            f"changes were not saved. {'; '.join(parts)}. Check them and save again."
        )


def changes_since(action: Action, loaded_version: int) -> list[FieldChange]:
    """What other people changed on the action since ``loaded_version``, from its history."""
    records = list(action.history.filter(version__gte=loaded_version).order_by("history_date"))
    if len(records) < 2:
        return []
    # The last record at the loaded version is what the editor saw (adding owners after
    # creating an action, for example, leaves several records at version 1).
    at_loaded = [r for r in records if r.version == loaded_version]
    before = at_loaded[-1] if at_loaded else records[0]
    after = records[-1]
    delta = after.diff_against(before, excluded_fields=["version"])
    changed_by = display_name(after.history_user) or "someone"
    changes = []
    for change in delta.changes:
        field = Action._meta.get_field(change.field)
        if change.field == "status":
            theirs = ActionStatus(change.new).label
        elif field.many_to_many:
            # History keeps the through rows' ids; officers know the agencies by name.
            ids = [row[field.m2m_reverse_field_name()] for row in change.new]
            theirs = ", ".join(str(item) for item in field.related_model.objects.filter(pk__in=ids))
        else:
            theirs = "" if change.new is None else str(change.new)
        changes.append(
            FieldChange(
                field=str(field.verbose_name).capitalize(),
                theirs=theirs,
                changed_by=changed_by,
                changed_at=after.history_date,
            )
        )
    return changes


def action_as_loaded(action: Action, loaded_version: int):
    """The action as its editor saw it when they loaded ``loaded_version`` (a history record),
    or None when its history does not reach back that far."""
    return action.history.filter(version=loaded_version).order_by("history_date").last()


def lock_for_edit(*, action_pk: int, loaded_version: int) -> Action:
    """Lock the action's row and check nobody saved it since ``loaded_version`` was read.

    The race: two officers open the same action, both change it, both press Save. Without the
    lock, both would read version N and the second save would silently overwrite the first.
    ``select_for_update`` holds the row until the caller's transaction ends, so the check and
    the save are one step; must be called inside ``transaction.atomic``.
    """
    action = Action.objects.select_for_update().get(pk=action_pk)
    if action.version != loaded_version:
        raise StaleEditError(action, changes_since(action, loaded_version))
    return action


def _save_as(action: Action, *, by, reason: str, fields: list[str]) -> None:
    # simple_history reads _history_user, so the admin history names the officer even when
    # the change comes from "my actions" or an import rather than an admin request.
    action._history_user = by
    action._change_reason = reason
    action.version += 1
    action.save(update_fields=[*fields, "version"])


@transaction.atomic
def record_action_update(
    *,
    action: Action,
    by,
    status: str,
    note: str,
    date: datetime.date | None = None,
    source: str = "",
    expected_version: int | None = None,
) -> ActionUpdate:
    """Record a progress update on an action, in the name of ``by``.

    The update is submitted for approval, unless the plan publishes progress automatically:
    then it is approved now and the action takes the status of its latest approved update.
    Pass ``expected_version`` (the version the officer's form was loaded with) to refuse the
    update if the action changed meanwhile (StaleEditError).
    """
    if expected_version is not None:
        action = lock_for_edit(action_pk=action.pk, loaded_version=expected_version)
    update = ActionUpdate(
        action=action,
        date=date or timezone.localdate(),
        status=ActionStatus(status),
        note=note,
        source=source,
        author=by,
        author_name=display_name(by),
    )
    update.apply_approval_rule(plan=action.target.objective.plan, by=by)
    update._history_user = by
    update.full_clean()
    update.save()
    if update.approval == ApprovalStatus.APPROVED:
        # The same rule as approving by hand: the action shows its latest approved update, so a
        # back-dated update published now does not overwrite a newer one's status.
        take_status_of_latest_approved(action_pk=action.pk, by=by)
    return update


@transaction.atomic
def set_action_status(*, actions, by, status: str) -> int:
    """Set the status of several actions at once (admin bulk action); returns how many changed.

    Each action is saved one by one so that its history records who changed it.
    """
    status = ActionStatus(status)
    changed = 0
    # Re-select by id: the admin's queryset carries annotations (GROUP BY), which PostgreSQL
    # refuses to lock FOR UPDATE.
    locked = Action.objects.filter(pk__in=actions.values("pk")).select_for_update()
    for action in locked.order_by("pk"):
        if action.status != status:
            action.status = status
            _save_as(action, by=by, reason=f"Bulk status: {status.label}", fields=["status"])
            changed += 1
    return changed


def take_status_of_latest_approved(*, action_pk: int, by) -> None:
    """The action shows the status of its latest approved update. An older update approved
    late must not overwrite the status a newer one already set.

    Every path that approves an update calls this: the approval queue, automatic publishing,
    and approving in the admin."""
    action = Action.objects.select_for_update().get(pk=action_pk)
    latest = action.updates.approved().order_by("-date", "-created_at").first()
    if latest is None or action.status == latest.status:
        return
    action.status = latest.status
    # History names who, and the version goes up so an officer's open edit form notices the
    # change (the lost-update check).
    _save_as(action, by=by, reason="Progress update approved", fields=["status"])
