"""Writes to actions: progress updates, status changes, and the lost-update check.

Every function is keyword-only and atomic. Progress an officer submits waits for a plan
manager's approval (the approval queue, progress/approval.py) unless the plan publishes progress
automatically (``PlanManagerDecision.apply_approval_rule``). Whichever way an update is approved,
the action then takes the status of its latest approved update
(``take_status_of_latest_approved``, here and nowhere else).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from actions.models import Action, ActionStatus, ActionUpdate, Milestone, MilestoneProposal
from cspplan import permissions
from cspplan.models import display_name
from cspplan.translated import edit_refusals
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
    note_in_welsh: str = "",
    date: datetime.date | None = None,
    source: str = "",
    expected_version: int | None = None,
    approved_by_manager: bool = False,
    history_reason: str = "",
) -> ActionUpdate:
    """Record a progress update on an action, in the name of ``by``.

    The update is submitted for approval, unless the plan publishes progress automatically:
    then it is approved now and the action takes the status of its latest approved update.
    ``approved_by_manager``: ``by`` is a plan manager of the action's plan acting in that role
    (a status set in the admin), so their update needs no second approval.
    ``note`` is the public note in English, ``note_in_welsh`` in Welsh: a bilingual partnership
    approves an update only with both (``PlanManagerDecision.language_refusal``).
    Pass ``expected_version`` (the version the officer's form was loaded with) to refuse the
    update if the action changed meanwhile (StaleEditError).

    The update is dated ``date``, by default the plan's reporting day: today while the plan
    runs, its last day once it has ended (a final report filed after the year end still
    describes the year, and is judged with it).
    """
    if expected_version is not None:
        action = lock_for_edit(action_pk=action.pk, loaded_version=expected_version)
    plan = action.target.objective.plan
    update = ActionUpdate(
        action=action,
        date=date or plan.reporting_day(),
        status=ActionStatus(status),
        # Each language in its own column, whatever language the officer's pages are in.
        note_en=note,
        note_cy=note_in_welsh,
        source=source,
        author=by,
        author_name=display_name(by),
    )
    if approved_by_manager:
        update.approval = ApprovalStatus.APPROVED
    update.apply_approval_rule(plan=plan, by=by, chosen_by_manager=approved_by_manager)
    update._history_user = by
    if history_reason:
        update._change_reason = history_reason  # staff read it in the update's history
    update.full_clean()
    update.save()
    if update.approval == ApprovalStatus.APPROVED:
        # The same rule as approving by hand: the action shows its latest approved update, so a
        # back-dated update published now does not overwrite a newer one's status.
        take_status_of_latest_approved(action_pk=action.pk, by=by)
    return update


def approves_status_at_once(*, by, plan) -> bool:
    """Whether a status ``by`` sets directly is published as they set it: on a plan publishing
    progress automatically, or when they are a plan manager of the plan."""
    return plan.publish_progress_automatically or permissions.manages_plan(by, plan)


def status_changed_in_welsh(status: ActionStatus) -> str:
    """The Welsh of "Status changed to …", so a bilingual partnership's change of status is
    public in both languages at once (the status word from the Welsh catalogue)."""
    with translation.override("cy"):
        return f"Newidiwyd y statws i {status.label}."


def change_status(*, action: Action, by, status: str, how: str = "in the admin") -> ActionUpdate:
    """A status chosen directly (the admin's status column, change form, target page or bulk
    actions) becomes a progress update like any other, so the action's status stays the status
    of its latest approved update on every page. A plan manager of the plan approves their own
    change as they make it; an officer's waits for approval, like an update from "my actions".

    The note is public (objective page, feed, API, board report), so it says what changed in
    residents' words; how it was set (``how``: "in the admin", "by a bulk action") is staff
    wording, kept in the update's history."""
    status = ActionStatus(status)
    plan = action.target.objective.plan
    return record_action_update(
        action=action,
        by=by,
        status=status,
        note=f"Status changed to {status.label}.",
        note_in_welsh=status_changed_in_welsh(status) if plan.partnership.is_bilingual else "",
        history_reason=f"Status set {how}",
        approved_by_manager=permissions.manages_plan(by, plan),
    )


@transaction.atomic
def set_action_status(*, actions, by, status: str) -> list[ActionUpdate]:
    """Set the status of several actions at once (admin bulk action), each through
    ``change_status``; returns the updates recorded (approved at once, or waiting for
    approval: the caller says which), none for an action that had the status already."""
    status = ActionStatus(status)
    recorded = []
    # Re-select by id: the admin's queryset carries annotations (GROUP BY), which PostgreSQL
    # refuses to lock FOR UPDATE.
    locked = Action.objects.filter(pk__in=actions.values("pk")).select_for_update()
    for action in locked.select_related("target__objective__plan").order_by("pk"):
        if action.status != status:
            recorded.append(
                change_status(action=action, by=by, status=status, how="by a bulk action")
            )
    return recorded


def bring_statuses_in_step(*, actions=None, by=None) -> int:
    """Give every action (of ``actions``, default all) the status of its latest approved
    update, for progress that arrived without the recording services: fixtures loaded with
    loaddata, such as the demonstration progress. Returns how many changed."""
    actions = Action.objects.all() if actions is None else actions
    with_updates = actions.filter(updates__approval=ApprovalStatus.APPROVED).distinct()
    changed = 0
    for pk in with_updates.values_list("pk", flat=True):
        with transaction.atomic():
            changed += take_status_of_latest_approved(action_pk=pk, by=by)
    return changed


def take_status_of_latest_approved(*, action_pk: int, by) -> bool:
    """The action shows the status of its latest approved update. An older update approved
    late must not overwrite the status a newer one already set.

    Every path that approves an update calls this: the approval queue, automatic publishing,
    and approving in the admin."""
    action = Action.objects.select_for_update().get(pk=action_pk)
    latest = action.updates.approved().order_by("-date", "-created_at").first()
    if latest is None or action.status == latest.status:
        return False
    action.status = latest.status
    # History names who, and the version goes up so an officer's open edit form notices the
    # change (the lost-update check).
    _save_as(action, by=by, reason="Progress update approved", fields=["status"])
    return True


# --- Milestones -------------------------------------------------------------------------------


@transaction.atomic
def propose_milestone(
    *,
    action: Action,
    by,
    title: str,
    due_date: datetime.date,
    done_on: datetime.date | None = None,
    note: str = "",
    title_in_welsh: str = "",
    note_in_welsh: str = "",
    milestone: Milestone | None = None,
) -> MilestoneProposal:
    """An officer adds a milestone to ``action`` or changes one (``milestone``: ticked as done,
    a new date), through approval like any other progress: it waits for a plan manager, unless
    the plan publishes progress automatically or ``by`` manages the plan, when it is written at
    once (``apply_milestone_proposal``). Returns the proposal, approved or waiting.

    A new milestone of a bilingual partnership's published plan is refused while its title or
    note is in one language only, naming the field and the language
    (``cspplan.translated.edit_refusals``, the admin's rule): the public would read it in one
    language once approved. A draft plan's may wait for its Welsh."""
    if milestone is not None and milestone.action_id != action.pk:
        raise ValidationError("That milestone belongs to another action.")
    plan = action.target.objective.plan
    proposal = MilestoneProposal(
        action=action,
        milestone=milestone,
        title=title.strip(),
        due_date=due_date,
        done_on=done_on,
        note=note.strip(),
        title_in_welsh=title_in_welsh.strip(),
        note_in_welsh=note_in_welsh.strip(),
        author=by,
        author_name=display_name(by),
    )
    if milestone is None:
        _refuse_one_language(proposal)
    manager = permissions.manages_plan(by, plan)
    if manager:
        proposal.approval = ApprovalStatus.APPROVED
    proposal.apply_approval_rule(plan=plan, by=by, chosen_by_manager=manager)
    proposal._history_user = by
    proposal.full_clean()
    proposal.save()
    if proposal.approval == ApprovalStatus.APPROVED:
        apply_milestone_proposal(proposal=proposal, by=by)
    return proposal


# A milestone's columns → the proposal's (and "my actions" form's) fields holding them.
PROPOSAL_TEXTS = {
    "title_en": "title",
    "title_cy": "title_in_welsh",
    "note_en": "note",
    "note_cy": "note_in_welsh",
}


def _refuse_one_language(proposal: MilestoneProposal) -> None:
    """Refuse a new milestone that, written, would be public in one language only."""
    written = Milestone(
        action=proposal.action,
        **{column: getattr(proposal, name) for column, name in PROPOSAL_TEXTS.items()},
    )
    if refusals := edit_refusals(written):
        raise ValidationError({PROPOSAL_TEXTS[column]: why for column, why in refusals.items()})


def apply_milestone_proposal(*, proposal: MilestoneProposal, by) -> Milestone:
    """Write an approved proposal to its milestone (a new one for a new milestone): the one
    place a milestone changes through approval. History names ``by`` and who proposed it.
    Both languages are written; a change to a milestone (a tick) keeps its Welsh."""
    milestone = proposal.milestone or Milestone(action_id=proposal.action_id)
    texts = {column: getattr(proposal, name) for column, name in PROPOSAL_TEXTS.items()}
    if proposal.milestone is not None:
        # Proposals change a milestone's day or tick, never its words in Welsh.
        texts = {column: text for column, text in texts.items() if not column.endswith("_cy")}
    for column, text in texts.items():
        setattr(milestone, column, text)
    milestone.due_date = proposal.due_date
    milestone.done_on = proposal.done_on
    milestone._history_user = by
    proposer = proposal.author_name or "an officer"
    milestone._change_reason = f"Approved; proposed by {proposer}"
    milestone.full_clean()
    milestone.save()
    if proposal.milestone_id is None:
        proposal.milestone = milestone
        proposal.save(update_fields=["milestone"])
    return milestone
