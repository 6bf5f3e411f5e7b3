""" "My actions": an officer's own actions and measures, each with a short update form."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from actions import milestones as milestone_rule
from actions.blank_forms import BlankForms, drawn
from actions.forms import ActionProgressForm, MeasurementForm, MilestoneDoneForm, MilestoneForm
from actions.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Milestone,
    MilestoneProposal,
    action_state_words,
    dated_words,
)
from actions.returned import returned_progress_for
from actions.services import StaleEditError, propose_milestone, record_action_update
from cspplan.quarters import current_quarter, needs_update, quarter_label
from objectives.models import ApprovalStatus, Measure
from objectives.services import record_measurement


@dataclass
class ObjectiveGroup:
    objective: object
    actions: list = field(default_factory=list)
    measures: list = field(default_factory=list)


# What the officer sent that a plan manager has not decided on yet: shown on the item as
# "awaiting approval", so a status that has not changed yet is not taken for a lost save.
_waiting_updates = ActionUpdate.objects.filter(
    action=OuterRef("pk"), approval=ApprovalStatus.SUBMITTED
).order_by("-created_at", "-pk")


# The latest update that counts as a report (not returned), as "Last update" shows it.
_last_updates = (
    ActionUpdate.objects.filter(action=OuterRef("pk"))
    .exclude(approval=ApprovalStatus.REJECTED)
    .order_by("-date", "-created_at", "-pk")
)


def _local_day(moment):
    return timezone.localdate(moment) if moment else None


def _items(user, today):
    actions = (
        Action.objects.reported_by(user)
        .select_related("target__objective__plan__partnership")
        .prefetch_related("milestones")
        # Returned progress is not a report (progress.accountability): it waits for a
        # correction, and the reminders still count the item as not updated.
        .annotate(last_update=Max("updates__date",
                                  filter=~Q(updates__approval=ApprovalStatus.REJECTED)),
                  last_update_sent=Subquery(_last_updates.values("created_at")[:1]),
                  waiting_status=Subquery(_waiting_updates.values("status")[:1]),
                  waiting_date=Subquery(_waiting_updates.values("date")[:1]),
                  waiting_since=Subquery(_waiting_updates.values("created_at")[:1]))
        .order_by("target__objective__plan__period_start", "target__objective__number",
                  "target__order", "order")
    )  # fmt: skip
    measures = (
        Measure.objects.reported_by(user)
        .select_related("target__objective__plan__partnership")
        .annotate(last_recorded=Max("measurements__recorded_at",
                                    filter=~Q(measurements__status=ApprovalStatus.REJECTED)),
                  waiting_count=Count("measurements",
                                      filter=Q(measurements__status=ApprovalStatus.SUBMITTED)))
        .order_by("target__objective__plan__period_start", "target__objective__number",
                  "target__order", "order")
    )  # fmt: skip
    groups: dict[int, ObjectiveGroup] = {}
    for action in actions:
        # Judged on its plan's reporting day (Plan.reporting_day): a finished plan's items are
        # shown as they stood when it ended, not as years out of date.
        day = action.target.objective.plan.reporting_day(today)
        # A closed action owes no more reports (progress.accountability): no reminder asks.
        action.needs_update = not ActionStatus(action.status).is_closed and needs_update(
            action.last_update, day
        )
        action.waiting_status_label = (
            ActionStatus(action.waiting_status).label if action.waiting_status else ""
        )
        # Its state as every surface words it ("At risk · overdue"), and its updates' days
        # with the day they were sent when that was later (``ActionUpdate.dated``).
        action.state = action_state_words(action, action.status, day, action.milestones.all())
        action.last_update_words = (
            dated_words(action.last_update, _local_day(action.last_update_sent))
            if action.last_update
            else ""
        )
        action.waiting_words = (
            dated_words(action.waiting_date, _local_day(action.waiting_since))
            if action.waiting_status
            else ""
        )
        action.milestone_list = list(action.milestones.all())
        for milestone in action.milestone_list:
            milestone.is_late = milestone_rule.is_late(milestone, day)
        objective = action.target.objective
        groups.setdefault(objective.pk, ObjectiveGroup(objective)).actions.append(action)
    _attach_milestone_proposals([a for g in groups.values() for a in g.actions])
    for measure in measures:
        last = timezone.localdate(measure.last_recorded) if measure.last_recorded else None
        measure.needs_update = needs_update(
            last, measure.target.objective.plan.reporting_day(today)
        )
        objective = measure.target.objective
        groups.setdefault(objective.pk, ObjectiveGroup(objective)).measures.append(measure)
    return sorted(
        groups.values(), key=lambda g: (g.objective.plan.period_start, g.objective.number)
    )


def _attach_milestone_proposals(actions):
    """Each action's milestones waiting for approval, and those returned that no later
    proposal for the same milestone answers yet (with the plan manager's note): one query."""
    by_action = {action.pk: action for action in actions}
    for action in actions:
        action.waiting_milestones, action.returned_milestones = [], []
    latest = {}
    for proposal in MilestoneProposal.objects.filter(action__in=list(by_action)):
        # Ordered oldest first: the last one per milestone (or per new title) answers the rest.
        latest[proposal.action_id, proposal.milestone_id or proposal.title] = proposal
    for proposal in latest.values():
        action = by_action[proposal.action_id]
        if proposal.approval == ApprovalStatus.SUBMITTED:
            action.waiting_milestones.append(proposal)
        elif proposal.approval == ApprovalStatus.REJECTED:
            action.returned_milestones.append(proposal)


def _blank_forms(groups, today):
    forms = BlankForms(today)
    for group in groups:
        for action in group.actions:
            bilingual = action.target.objective.plan.partnership.is_bilingual
            action.form_html = forms.action(action, bilingual=bilingual)
            action.milestone_form_html = forms.new_milestone(action, bilingual=bilingual)
            for milestone in action.milestone_list:
                if not milestone.is_done:
                    milestone.done_form_html = forms.milestone_done(milestone)
        for measure in group.measures:
            measure.form_html = forms.measure(measure)


@login_required
def my_actions(request):
    officer = getattr(request.user, "officer", None)
    if officer is None:
        return render(request, "staff/my_actions_unlinked.html", status=200)
    today = timezone.localdate()
    if request.method == "POST":
        response, bound = _save(request)
        if response is not None:
            return response
    else:
        bound = None
    groups = _items(request.user, today)
    _blank_forms(groups, today)
    if bound is not None:
        _put_back(groups, bound)
    quarters = {
        current_quarter(item.target.objective.plan.reporting_day(today))[0]
        for group in groups
        for item in [*group.actions, *group.measures]
    }
    return render(
        request,
        "staff/my_actions.html",
        {
            "officer": officer,
            "groups": groups,
            # One plan, or plans in step: name the quarter; otherwise each plan's own.
            "quarter": quarter_label(quarters.pop()) if len(quarters) == 1 else "",
            "needing_update": sum(
                item.needs_update for g in groups for item in [*g.actions, *g.measures]
            ),
            "returned_progress": returned_progress_for(request.user),
        },
        status=400 if bound is not None else 200,
    )


def _put_back(groups, bound):
    """Show the form that failed, with its errors, in its place on the page."""
    kind, pk, form = bound
    html = drawn(form)
    for group in groups:
        if kind == "milestone":
            for action in group.actions:
                if action.pk == pk:
                    action.milestone_form = form  # the bound form, its errors by field
                    action.milestone_form_html = html
                    action.milestone_form_failed = True  # its disclosure opens on the errors
            continue
        if kind == "done":
            for action in group.actions:
                for milestone in action.milestone_list:
                    if milestone.pk == pk:
                        milestone.done_form_html = html
            continue
        for item in group.actions if kind == "action" else group.measures:
            if item.pk == pk:
                item.form_html = html


def _save(request):
    """Save the one item whose form was posted; return (redirect, None) or (None, bound form)."""
    kind, _, raw_pk = request.POST.get("item", "").partition("-")
    if kind not in {"action", "measure", "milestone", "done"} or not raw_pk.isdigit():
        messages.error(request, "That form could not be read; try again.")
        return redirect("my_actions:index"), None
    pk = int(raw_pk)
    if kind in {"milestone", "done"}:
        return _save_milestone(request, kind, pk)
    if kind == "action":
        # Another agency's action is a 404: this page never confirms it exists.
        action = get_object_or_404(Action.objects.reported_by(request.user), pk=pk)
        form = ActionProgressForm(
            request.POST,
            prefix=f"action-{pk}",
            bilingual=action.target.objective.plan.partnership.is_bilingual,
        )
        if not form.is_valid():
            return None, (kind, pk, form)
        try:
            record_action_update(
                action=action,
                by=request.user,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                note_in_welsh=form.cleaned_data.get("note_in_welsh", ""),
                expected_version=form.cleaned_data["version"],
            )
        except StaleEditError as stale:
            form.add_error(None, stale.message(yours={"Status": form.cleaned_data["status"]}))
            return None, (kind, pk, form)
        messages.success(request, f"Update saved for “{action}”.")
    else:
        measure = get_object_or_404(Measure.objects.reported_by(request.user), pk=pk)
        form = MeasurementForm(request.POST, prefix=f"measure-{pk}", measure=measure)
        if not form.is_valid():
            return None, (kind, pk, form)
        try:
            record_measurement(measure=measure, by=request.user, **form.cleaned_data)
        except ValidationError as invalid:
            # The measure's own rules (its unit, its plan's period): shown beside the field.
            for name, problems in invalid.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
            return None, (kind, pk, form)
        messages.success(request, f"Measurement saved for “{measure}”.")
    return redirect(f"{request.path}#{kind}-{pk}"), None


def _save_milestone(request, kind, pk):
    """A new milestone ("milestone-<action id>") or a tick ("done-<milestone id>"), proposed
    through approval (``actions.services.propose_milestone``)."""
    if kind == "milestone":
        action = get_object_or_404(Action.objects.reported_by(request.user), pk=pk)
        milestone = None
        form = MilestoneForm(
            request.POST,
            prefix=f"milestone-{pk}",
            bilingual=action.target.objective.plan.partnership.is_bilingual,
        )
    else:
        milestone = get_object_or_404(
            Milestone.objects.filter(action__in=Action.objects.reported_by(request.user)), pk=pk
        )
        action = milestone.action
        form = MilestoneDoneForm(request.POST, prefix=f"done-{pk}")
    if not form.is_valid():
        return None, (kind, pk, form)
    data = form.cleaned_data
    try:
        proposal = propose_milestone(
            action=action,
            by=request.user,
            milestone=milestone,
            title=data["title"] if milestone is None else milestone.title,
            due_date=data["due_date"] if milestone is None else milestone.due_date,
            note=data["note"] if milestone is None else milestone.note,
            title_in_welsh=data.get("title_in_welsh", ""),
            note_in_welsh=data.get("note_in_welsh", ""),
            done_on=data.get("done_on"),
        )
    except ValidationError as invalid:
        for name, problems in invalid.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
        return None, (kind, pk, form)
    waiting = proposal.approval == ApprovalStatus.SUBMITTED
    what = "Milestone" if milestone is None else "Milestone marked done"
    after = ", waiting for a plan manager's approval" if waiting else ""
    messages.success(request, f"{what} saved for “{action}”{after}.")
    return redirect(f"{request.path}#action-{action.pk}"), None
