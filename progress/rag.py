"""THE rules that turn progress into a colour. Every colour shown anywhere (dashboard, public
pages, board report) comes from here, with the sentence that says how it was reached.

Measures are judged on their latest measurement (approved only, unless asked otherwise):

- Reduce / increase: against the straight-line trajectory from the baseline (at the plan's
  ``period_start``) to the target (at the plan's ``target_date``), read at the latest
  measurement's ``period_end`` (clamped to the plan's dates: after the target date the
  trajectory *is* the target). "x% worse" is ``(value - trajectory) / |trajectory| × 100`` for a
  reduce measure and ``(trajectory - value) / |trajectory| × 100`` for an increase measure: the
  shortfall as a share of where the measure should be. Green when on or better than the
  trajectory, or when the target itself is already met; amber when worse by no more than the
  plan's tolerance (``Plan.rag_tolerance_percent``, default 5) — exactly at the tolerance is
  still amber; red beyond. When the trajectory is 0 no share can be taken, so any shortfall at
  all is red (the band around zero has no width). No baseline: no trajectory can be drawn, so
  only "target already met" can be green; otherwise the measure is grey "no baseline".
- Year-to-date figures (a measure whose figures are "year to date", running totals such as
  "fires so far this year" against a full-year target; or the single months of a count per
  year added up, ``objectives.periods.readings``): against the target pro rata — a line from
  0 at the plan's start to the target at the target date — with the same tolerance. Comparing
  a nine-month total with a twelve-month target would call almost any count "on track". A
  downward trend of a year to date compares it with the same months a year earlier only.
- Maintain: the figure must stay near the baseline (or the target, where one is given):
  within the tolerance either side is green, up to twice the tolerance amber, beyond red.
- Downward trend / maintenance: the latest figure against the previous period and against the
  same period a year earlier, whichever exist. Level or lower than a comparison is green, a rise
  of up to the tolerance amber, beyond red; the worse of the two comparisons counts. With
  neither comparison the measure is grey "not enough data" (one figure shows no trend).
- Establish a baseline: complete once a baseline is recorded (a measurement exists, or the
  plan itself already gives the baseline).
- Qualitative (deliver): the rating the lead officer gives on the latest measurement.

Grey states are never green: "not yet measured" (no measurement), "target to be agreed" (a
reduce/increase measure whose target is TBC, to be agreed or to be established — even if a
figure has been recorded, since there is nothing to judge it against), "not enough data", "no
baseline".

Measurements whose period ended before the plan started describe the old year: they are never
the "latest" figure (they would judge this plan on last year's work), and the explanation says
how many were set aside. They do still count as the "year earlier" or "previous period"
comparison for a downward-trend measure, which is exactly what they are.

Actions (``assess_action``, THE state of an action as at a day, which every surface and count
shows): the status of the latest update dated by that day (approved only, unless asked
otherwise), else the status the plan records on the action itself — unless its only updates are
dated after the day, when it had no update yet then. A late milestone (due before the day, not
done by it) makes an action that says nothing worse "at risk" (``actions.milestones``), and its
words count them ("At risk · 2 of 5 milestones done, 1 late"). An open action past its due date
is red whatever its status says: late is late, and its words say so ("At risk · overdue"). Freshness
is the number of days since the latest update; an action is stale when it has had no update
this quarter.

Objective roll-up: the WORST colour among its measures and actions (red, then amber, then green,
then complete). An average or a majority vote would let three greens outvote a red, and the
board would never hear of the red; worst-of cannot hide it. Greys are not colours: they are
counted and reported beside the roll-up ("2 not yet measured") rather than dragging it to grey
or being silently dropped. An objective with nothing but greys is grey "not yet measured".
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext, ngettext

from actions import milestones as milestone_rule
from actions.models import Action, ActionStatus, ActionUpdate, is_overdue
from cspplan.models import Officer
from cspplan.quarters import needs_update
from objectives import periods
from objectives.figures import (
    HUNDRED,
    fmt,
    long_date,
    pct,
    period_name,
    trajectory_at,
)
from objectives.models import ApprovalStatus, Measure, Measurement, Objective
from progress.as_at import approved_progress, milestones_now
from progress.assessment import COLOURS, Assessment, RagStatus  # noqa: F401 (rag.COLOURS)
from progress.measure_verdicts import (
    assess_trend,
    assess_year_to_date,
    latest_words,
    set_aside_words,
    shortfall_colour,
    verdict,
)
from progress.roll_up import roll_up  # noqa: F401 (``rag.roll_up``, as every caller asks it)

_ACTION_STATUS_COLOUR = {
    ActionStatus.ON_TRACK: RagStatus.GREEN,
    ActionStatus.ONGOING: RagStatus.GREEN,
    ActionStatus.AT_RISK: RagStatus.AMBER,
    ActionStatus.OFF_TRACK: RagStatus.RED,
    ActionStatus.COMPLETED: RagStatus.COMPLETE,
    ActionStatus.NOT_STARTED: RagStatus.NOT_STARTED,
    ActionStatus.NOT_REPORTED: RagStatus.NO_UPDATE,
    ActionStatus.CANCELLED: RagStatus.CANCELLED,
}

_RATING_COLOUR = {
    Measurement.Rating.GREEN: RagStatus.GREEN,
    Measurement.Rating.AMBER: RagStatus.AMBER,
    Measurement.Rating.RED: RagStatus.RED,
    Measurement.Rating.COMPLETE: RagStatus.COMPLETE,
}


# --- Measures -------------------------------------------------------------------------------


def assess_measure(measure, measurements, *, plan) -> Assessment:
    """The status of one measure from its measurements (already filtered by approval)."""
    numeric = measure.direction != Measure.Direction.DELIVER
    usable = [m for m in measurements if (m.value is not None if numeric else bool(m.rating))]
    # A count per year or year to date reads its single months as running totals.
    usable = periods.readings(measure, usable, plan)
    usable.sort(key=lambda m: (m.period_end, m.period_start))
    in_plan = [m for m in usable if m.period_end >= plan.period_start]
    before_plan = len(usable) - len(in_plan)
    latest = in_plan[-1] if in_plan else None
    baseline = measure.baseline_value
    target = measure.target_value
    common = {
        "baseline": baseline,
        "target": target,
        "latest": latest,
        "measurements": tuple(usable),
        "plan": plan,
    }
    set_aside = set_aside_words(before_plan, plan)
    direction = measure.direction
    unit = measure.unit

    if direction == Measure.Direction.ESTABLISH_BASELINE:
        if latest is not None:
            text = gettext("Baseline recorded: %(value)s (%(period)s) → achieved.") % {
                "value": fmt(latest.value, unit),
                "period": period_name(latest, measure),
            }
            return Assessment(RagStatus.COMPLETE, text + set_aside, **common)
        if measure.baseline_state == Measure.ValueState.KNOWN:
            text = gettext("The plan records the baseline %(value)s → achieved.") % {
                "value": fmt(baseline, unit)
            }
            return Assessment(RagStatus.COMPLETE, text, **common)
        text = gettext(
            "The baseline is still to be established: no figure recorded yet → not yet measured."
        )
        return Assessment(RagStatus.NOT_MEASURED, text + set_aside, **common)

    if latest is None:
        text = gettext("No measurement has been recorded yet → not yet measured.")
        return Assessment(RagStatus.NOT_MEASURED, text + set_aside, **common)

    tolerance = plan.rag_tolerance_percent

    if direction == Measure.Direction.DELIVER:
        status = _RATING_COLOUR[latest.rating]
        text = gettext(
            "The lead officer rated progress “%(rating)s” (%(period)s) → %(status)s."
        ) % {
            "rating": latest.get_rating_display(),
            "period": period_name(latest, measure),
            "status": status.label.lower(),
        }
        return Assessment(status, text + set_aside, **common)

    value = latest.value
    shown = latest_words(latest, measure)

    if direction == Measure.Direction.DOWNWARD_TREND:
        return assess_trend(measure, latest, usable, tolerance, unit, shown, set_aside, common)

    if direction == Measure.Direction.MAINTAIN:
        reference = target if target is not None else baseline
        if reference is None:
            text = gettext("%(latest)s, but there is no baseline to maintain → no baseline.") % {
                "latest": shown
            }
            return Assessment(RagStatus.NO_BASELINE, text + set_aside, **common)
        drift = abs(value - reference)
        if reference == 0:
            status = RagStatus.GREEN if drift == 0 else RagStatus.RED
            percent = None
            how = gettext("no change is allowed from 0")
        else:
            percent = drift / abs(reference) * HUNDRED
            if percent <= tolerance:
                status = RagStatus.GREEN
            elif percent <= 2 * tolerance:
                status = RagStatus.AMBER
            else:
                status = RagStatus.RED
            how = gettext(
                "%(percent)s away; within %(tolerance)s is on track, within %(double)s some concern"
            ) % {"percent": pct(percent), "tolerance": pct(tolerance), "double": pct(2 * tolerance)}
        if target is not None:
            sentence = gettext(
                "%(latest)s against the target %(reference)s to maintain: %(how)s → %(status)s."
            )
        else:
            sentence = gettext(
                "%(latest)s against the baseline %(reference)s to maintain: %(how)s → %(status)s."
            )
        text = sentence % {
            "latest": shown,
            "reference": fmt(reference, unit),
            "how": how,
            "status": status.label.lower(),
        }
        return Assessment(status, text + set_aside, worse_by_percent=percent, **common)

    # Reduce or increase.
    if measure.target_state != Measure.ValueState.KNOWN:
        if measure.target_wording:
            sentence = gettext(
                "%(latest)s, but the target is %(state)s (“%(wording)s”): there is nothing yet "
                "to judge it against → target to be agreed."
            )
        else:
            sentence = gettext(
                "%(latest)s, but the target is %(state)s: there is nothing yet to judge it "
                "against → target to be agreed."
            )
        text = sentence % {
            "latest": shown,
            "state": measure.get_target_state_display().lower(),
            "wording": measure.target_wording,
        }
        return Assessment(RagStatus.TO_BE_AGREED, text + set_aside, **common)

    worse_sign = 1 if direction == Measure.Direction.REDUCE else -1
    if periods.is_year_to_date(latest, measure):
        return assess_year_to_date(measure, latest, plan, tolerance, worse_sign, set_aside, common)
    if (value - target) * worse_sign <= 0:
        if worse_sign == 1:
            sentence = gettext(
                "%(latest)s is at or below the target %(target)s: target met → on track."
            )
        else:
            sentence = gettext(
                "%(latest)s is at or above the target %(target)s: target met → on track."
            )
        text = sentence % {"latest": shown, "target": fmt(target, unit)}
        return Assessment(RagStatus.GREEN, text + set_aside, **common)
    if baseline is None:
        # Say how far off the target it is, so the grey hides nothing; but without a baseline
        # nobody can say where it should be by now, so no colour is claimed.
        gap = abs(value - target)
        if unit == Measure.Unit.PERCENT:
            points = gettext("%(gap)s percentage points") % {"gap": fmt(gap)}
        else:
            points = fmt(gap, unit)
        if target:
            sentence = gettext(
                "%(latest)s is %(gap)s (%(share)s of it) short of the target %(target)s, and with "
                "no baseline no trajectory can be drawn to say where it should be by now → no "
                "baseline."
            )
        else:
            sentence = gettext(
                "%(latest)s is %(gap)s short of the target %(target)s, and with no baseline no "
                "trajectory can be drawn to say where it should be by now → no baseline."
            )
        text = sentence % {
            "latest": shown,
            "gap": points,
            "share": pct(gap / abs(target) * HUNDRED) if target else "",
            "target": fmt(target, unit),
        }
        return Assessment(RagStatus.NO_BASELINE, text + set_aside, **common)

    trajectory = trajectory_at(baseline=baseline, target=target, plan=plan, on=latest.period_end)
    status, percent = shortfall_colour((value - trajectory) * worse_sign, trajectory, tolerance)
    text = gettext(
        "%(latest)s against a trajectory of %(trajectory)s from the baseline %(baseline)s to the "
        "target %(target)s by %(day)s: %(verdict)s"
    ) % {
        "latest": shown,
        "trajectory": fmt(trajectory, unit),
        "baseline": fmt(baseline, unit),
        "target": fmt(target, unit),
        "day": long_date(plan.target_date),
        "verdict": verdict(status, percent, tolerance, against_trajectory=True),
    }
    return Assessment(
        status, text + set_aside, trajectory=trajectory, worse_by_percent=percent, **common
    )


# --- Actions --------------------------------------------------------------------------------


def assess_action(action, updates, *, today: datetime.date, milestones=()) -> Assessment:
    """THE state of an action as at ``today``: its own status (from its latest update dated by
    then), whether it is overdue, its words, its colour and its code (``Assessment.label``,
    ``.status``, ``.code``, ``.counted_as``). Every surface and every count asks this.

    ``updates`` are the action's updates as they stood that day (already filtered by approval),
    of any date: those dated after ``today`` are left out here, the one place, so a past day
    never shows a later status. Where the only updates are dated after the day, the action's
    stored status came from them, so it is "No update yet" then, not the stored status.
    ``milestones`` are the action's milestones as they stood that day (approved ones: the
    ``Milestone`` rows or their history records); a late one can make it "at risk"."""
    current = [u for u in updates if u.date <= today]
    current.sort(key=lambda u: (u.date, u.created_at), reverse=True)
    last = current[0] if current else None
    days = (today - last.date).days if last is not None else None
    if last is not None:
        action_status = ActionStatus(last.status)
        source = gettext("The latest update (%(dated)s) says “%(status)s”") % {
            "dated": last.dated,
            "status": action_status.label,
        }
    elif len(current) < len(updates):
        action_status = ActionStatus.NOT_REPORTED
        first = min(u.date for u in updates)
        source = gettext(
            "No update had been reported by %(day)s (the first is dated %(first)s)"
        ) % {"day": long_date(today), "first": long_date(first)}
    else:
        action_status = ActionStatus(action.status)
        if action_status == ActionStatus.NOT_REPORTED:
            source = gettext("No update has been reported yet")
        else:
            source = gettext("No update yet; the plan gives its status as “%(status)s”") % {
                "status": action_status.label
            }
    milestones = sorted(milestones, key=lambda m: (m.due_date, m.pk or 0))
    counted = milestone_rule.tally(milestones, today)
    raised = ActionStatus(milestone_rule.status_with_milestones(action_status, counted))
    if raised != action_status:
        late = [m for m in milestones if milestone_rule.is_late(m, today)]
        named = "; ".join(
            gettext("“%(title)s”, due %(day)s") % {"title": m.title, "day": long_date(m.due_date)}
            for m in late
        )
        source = ngettext(
            "%(source)s, but %(late)s of its %(total)s milestones is late (%(named)s) → at risk",
            "%(source)s, but %(late)s of its %(total)s milestones are late (%(named)s) → at risk",
            counted.late,
        ) % {"source": source, "late": counted.late, "total": counted.total, "named": named}
        action_status = raised
    status = _ACTION_STATUS_COLOUR[action_status]
    overdue = is_overdue(action, action_status, today)
    if overdue:
        text = gettext(
            "%(source)s, but it was due by %(day)s and is not complete → overdue → red (off track)."
        ) % {"source": source, "day": long_date(action.due_date)}
        status = RagStatus.RED
    else:
        text = gettext("%(source)s → %(status)s.") % {
            "source": source,
            "status": status.label.lower(),
        }
    return Assessment(
        status,
        text,
        action_status=action_status,
        is_overdue=overdue,
        last_update=last,
        days_since_update=days,
        is_stale=needs_update(last.date if last is not None else None, today),
        day=today,
        milestones=counted,
        milestone_rows=tuple(milestones),
    )


# --- Objectives -----------------------------------------------------------------------------


# The rule and its sentence: ``progress.roll_up`` (``roll_up``, ``roll_up_words``).


# --- The whole plan -------------------------------------------------------------------------


@dataclass
class PlanAssessment:
    plan: object
    today: datetime.date
    objectives: list
    measures: list
    actions: list
    measure_assessments: dict
    action_assessments: dict
    objective_assessments: dict
    # Seen as at a past day: whether its approvals were read from history (progress.as_at),
    # rather than as they are now (a day before the plan's own history begins).
    from_history: bool = False

    def for_measure(self, measure) -> Assessment:
        return self.measure_assessments[measure.pk]

    def for_action(self, action) -> Assessment:
        return self.action_assessments[action.pk]

    def for_objective(self, objective) -> Assessment:
        return self.objective_assessments[objective.pk]

    @property
    def summary(self) -> dict:
        """How many measures and actions have each status, every status listed (0 included)."""
        counts = Counter(a.status for a in self.measure_assessments.values())
        counts.update(a.status for a in self.action_assessments.values())
        return {status: counts[status] for status in RagStatus}


def _progress_awaiting_approval_too(plan, today, objective):
    """Staff views' progress: approved and awaiting approval (never rejected), as it is now."""
    measurements = defaultdict(list)
    for measurement in Measurement.objects.for_plan(plan).filter(
        ~models.Q(status=ApprovalStatus.REJECTED),
        period_end__lte=today,
        **({} if objective is None else {"measure__target__objective": objective}),
    ):
        measurements[measurement.measure_id].append(measurement)
    updates = defaultdict(list)
    # Updates of every date: ``assess_action`` leaves out those after the day itself.
    for update in ActionUpdate.objects.for_plan(plan).filter(
        ~models.Q(approval=ApprovalStatus.REJECTED),
        **({} if objective is None else {"action__target__objective": objective}),
    ):
        updates[update.action_id].append(update)
    return measurements, updates


def _lead_officers(path):
    # With their agency: the dashboard names it beside each officer.
    return Prefetch(path, queryset=Officer.objects.select_related("organisation"))


def assess_plan(plan, *, today=None, approved_only=True, objective=None) -> PlanAssessment:
    """Assess every measure, action and objective of a plan in a fixed number of queries.

    ``approved_only`` (the default, for anything public) uses approved progress only; staff views
    may pass False to include progress still awaiting approval (rejected progress never counts).

    ``today`` may be a past date, to see the plan as it stood then ("as at"): figures for
    periods ending after it, and updates dated after it, are left out, and approved progress is
    read as it stood that day, from history (``progress.as_at``: approvals, values and action
    statuses then). Progress awaiting approval (``approved_only=False``) is read as it is now.

    ``objective`` limits the assessment to that one objective of the plan (an objective's public
    page then costs what the objective holds, not what the whole plan holds); asking it about
    another objective's records raises KeyError.

    Queries: objectives; measures (with target and objective); measurements; actions (with
    target and objective); their owners; their lead officers; action updates; milestones;
    measure row owners; measure row lead officers — ten, whatever the size of the plan; on a
    past day read from history, two more (``progress.as_at``).
    """
    today = today or plan.reporting_day()
    scope = models.Q() if objective is None else models.Q(target__objective=objective)
    objectives = Objective.objects.for_plan(plan).order_by("number")
    if objective is not None:
        objectives = objectives.filter(pk=objective.pk)
    objectives = list(objectives)
    measures = list(
        Measure.objects.for_plan(plan)
        .filter(scope)
        .select_related("target__objective__plan")
        .prefetch_related("target__owners", _lead_officers("target__lead_officers"))
        .order_by("target__objective__number", "target__order", "order")
    )
    actions = list(
        Action.objects.for_plan(plan)
        .filter(scope)
        .select_related("target__objective__plan")
        .prefetch_related("owners", _lead_officers("lead_officers"))
        .order_by("target__objective__number", "target__order", "order")
    )
    if approved_only:
        progress = approved_progress(plan, today, objective=objective)
        measurements, updates = progress.measurements, progress.updates
        if progress.from_history:
            # A past day shows only the actions that existed then: one added later is not there.
            actions = [action for action in actions if action.pk in progress.action_statuses]
        for action in actions:
            # As it stood on a past day: the status and due date history gave the action then
            # (this assessment's own copy of the action, never saved).
            action.status = progress.action_statuses.get(action.pk, action.status)
            action.due_date = progress.action_due_dates.get(action.pk, action.due_date)
        milestones = progress.milestones
    else:
        measurements, updates = _progress_awaiting_approval_too(plan, today, objective)
        # Milestones as approved (an officer's waiting tick is in the approval queue).
        milestones = milestones_now(plan, objective=objective)

    assessment = _assemble(
        plan, today, objectives, measures, measurements, actions, updates, milestones
    )
    assessment.from_history = approved_only and progress.from_history
    return assessment


def action_state(action, *, day=None) -> Assessment:
    """One action's state as at ``day`` (its plan's reporting day by default), from approved
    progress as it stood then: exactly what ``assess_plan`` says of it (it asks it, for the
    action's objective only). For checks and one-off reads; pages assess a plan at once."""
    objective = action.target.objective
    return assess_plan(objective.plan, today=day, objective=objective).for_action(action)


def assess_loaded_objective(plan, objective, targets, *, today=None) -> PlanAssessment:
    """The assessment of one objective from the rows its public page already loaded, in no
    further queries: ``targets`` with their measures (each with ``approved_measurements``) and
    actions (each with ``approved_updates``), as ``public.queries.targets_for_objective`` gives
    them. Approved progress only, as residents see; the same rules as ``assess_plan``."""
    today = today or plan.reporting_day()
    measures = [measure for target in targets for measure in target.measures.all()]
    actions = [action for target in targets for action in target.actions.all()]
    measurements = {m.pk: _loaded_measurements(m, today) for m in measures}
    updates = {a.pk: _loaded_updates(a, today) for a in actions}
    milestones = {a.pk: list(a.milestones.all()) for a in actions}
    return _assemble(plan, today, [objective], measures, measurements, actions, updates, milestones)


def _loaded_measurements(measure, today):
    return [x for x in measure.approved_measurements if x.period_end <= today]


def _loaded_updates(action, today):
    # Every date: ``assess_action`` leaves out those after ``today`` itself.
    return list(action.approved_updates)


def assess_loaded_measure(measure, plan, *, today=None) -> Assessment:
    """One measure's assessment from its prefetched ``approved_measurements``, in no queries:
    what ``assess_plan`` says of it (approved progress only, as residents see). The open data
    API lists measures of many plans a page at a time, and asks this of each."""
    today = today or plan.reporting_day()
    return assess_measure(measure, _loaded_measurements(measure, today), plan=plan)


def assess_loaded_action(action, plan, *, today=None) -> Assessment:
    """One action's assessment from its prefetched ``approved_updates`` and ``milestones``, in
    no queries."""
    today = today or plan.reporting_day()
    return assess_action(
        action,
        _loaded_updates(action, today),
        today=today,
        milestones=list(action.milestones.all()),
    )


def assess_actions_of_plans(plans: dict, *, today=None) -> dict:
    """Every action of ``plans`` (id → plan) assessed on approved progress as at each plan's
    reporting day on ``today``, by plan id, in three queries: the actions, their approved
    updates and their milestones (a late one puts an action at risk)."""
    approved = ActionUpdate.objects.approved()
    actions = (
        Action.objects.filter(target__objective__plan__in=list(plans))
        .select_related("target__objective")
        .prefetch_related(
            Prefetch("updates", queryset=approved, to_attr="approved_updates"), "milestones"
        )
    )
    states = defaultdict(list)
    for action in actions:
        plan = plans[action.target.objective.plan_id]
        states[plan.pk].append(assess_loaded_action(action, plan, today=plan.reporting_day(today)))
    return states


def _assemble(plan, today, objectives, measures, measurements, actions, updates, milestones):
    """Assess each measure and action from its own progress, then roll up each objective."""
    measure_assessments = {m.pk: assess_measure(m, measurements[m.pk], plan=plan) for m in measures}
    action_assessments = {
        a.pk: assess_action(a, updates[a.pk], today=today, milestones=milestones.get(a.pk, ()))
        for a in actions
    }
    by_objective_measures = defaultdict(list)
    by_objective_actions = defaultdict(list)
    for measure in measures:
        by_objective_measures[measure.target.objective_id].append(measure_assessments[measure.pk])
    for action in actions:
        by_objective_actions[action.target.objective_id].append(action_assessments[action.pk])
    objective_assessments = {
        o.pk: roll_up(by_objective_measures[o.pk], by_objective_actions[o.pk]) for o in objectives
    }
    return PlanAssessment(
        plan=plan,
        today=today,
        objectives=objectives,
        measures=measures,
        actions=actions,
        measure_assessments=measure_assessments,
        action_assessments=action_assessments,
        objective_assessments=objective_assessments,
    )
