"""The approved progress of a plan as it stood on a day: THE one place that answers "what did
the plan show on day D?" for the dashboard, the objective drill-down and the board report (live
or frozen), through ``progress.rag.assess_plan``.

- On the plan's reporting day (``Plan.reporting_day``: today for a running plan, its last day
  for a finished one) the answer is the progress as approved now: the same two queries as ever.
- On an earlier day D, from django-simple-history: each measurement and action update as its
  latest history record before the end of D (local time) says — its value, rating, note,
  status and approval then. It counts when that record was approved: a figure approved after D
  is left out, a value corrected after D shows the figure approved before, a figure withdrawn
  for correction on D is not shown. Each action takes the status and the due date its history
  gave it on D (the status shown when it had no update; the due date it was overdue by then).
  A period ending after D is left out; updates come with every date, and
  ``progress.rag.assess_action`` leaves out those dated after D (an action whose only updates
  are dated later had no update yet on D, whatever its stored status says). Milestones stand
  as their history says at the end of D: one added later is not there, one ticked later is
  still open, one moved later keeps its old date.
- A day before the plan's own history begins (a plan imported after the fact, such as a past
  year loaded from its spreadsheet, or one loaded from a fixture with no history at all): the
  database cannot say what was approved then, so the progress is read as approved now, by
  period, and ``AsAtProgress.from_history`` is False so a page can say so.

Five queries on a past day (the plan's first history record, measurements, updates, action
statuses and due dates, milestones), three on the reporting day, whatever the size of the plan
or of its history: each reads only the one record per row that stood at the end of D, picked in
the database.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from actions.models import Action, ActionUpdate, Milestone
from cspplan.models import Plan
from objectives.models import ApprovalStatus, Measurement


@dataclass
class AsAtProgress:
    """Approved progress as it stood at the end of ``day``: measurements by measure id, updates
    by action id (both in the models' own order), and for a past day the status each action had
    (by action id; empty when statuses are as now)."""

    day: datetime.date
    measurements: dict
    updates: dict
    action_statuses: dict = field(default_factory=dict)
    # The due date each action had then (by action id; empty when as now): a date moved later
    # must not make a past day's overdue action on time.
    action_due_dates: dict = field(default_factory=dict)
    from_history: bool = False
    # Each action's milestones as they stood (by action id): added, moved and ticked as its
    # history says by the end of the day (a milestone ticked later was still open then).
    milestones: dict = field(default_factory=lambda: defaultdict(list))


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment after ``day`` in the site's time zone: history before it stood on D."""
    following = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(following, timezone.get_current_timezone())


def history_begins(plan) -> datetime.datetime | None:
    """When the database first recorded the plan (its first history record), or None."""
    return (
        Plan.history.filter(id=plan.pk)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )


def reads_history(plan, day: datetime.date) -> bool:
    """Whether ``day`` is read from history: a day before the plan's reporting day on which the
    plan was already recorded. One query, and none on the reporting day."""
    if day >= plan.reporting_day():
        return False
    begun = history_begins(plan)
    return begun is not None and begun < end_of_day(day)


def approved_progress(plan, day: datetime.date, *, objective=None) -> AsAtProgress:
    """The plan's approved measurements and updates as they stood at the end of ``day``
    (only ``objective``'s, when given)."""
    if not reads_history(plan, day):
        return _as_approved_now(plan, day, objective=objective)
    cutoff = end_of_day(day)
    measurement_scope = Q(measure__target__objective__plan=plan)
    update_scope = Q(action__target__objective__plan=plan)
    action_scope = Q(target__objective__plan=plan)
    if objective is not None:
        measurement_scope &= Q(measure__target__objective=objective)
        update_scope &= Q(action__target__objective=objective)
        action_scope &= Q(target__objective=objective)

    measurements = defaultdict(list)
    rows = _standing(Measurement, cutoff, measurement_scope).filter(
        status=ApprovalStatus.APPROVED, period_end__lte=day
    )
    for record in rows.order_by("measure_id", "period_end", "id"):
        measurements[record.measure_id].append(record.instance)

    updates = defaultdict(list)
    # Updates of every date, as approved that day: ``rag.assess_action`` leaves out those
    # dated after it, and knows from them that the action's status then was not theirs.
    rows = _standing(ActionUpdate, cutoff, update_scope).filter(approval=ApprovalStatus.APPROVED)
    for record in rows.order_by("action_id", "-date", "-created_at", "-id"):
        updates[record.action_id].append(record.instance)

    statuses, due_dates = {}, {}
    for pk, status, due_date in _standing(Action, cutoff, action_scope).values_list(
        "id", "status", "due_date"
    ):
        statuses[pk], due_dates[pk] = status, due_date
    milestones = defaultdict(list)
    for record in _standing(Milestone, cutoff, update_scope).order_by("due_date", "id"):
        milestones[record.action_id].append(record.instance)
    return AsAtProgress(
        day,
        measurements,
        updates,
        statuses,
        action_due_dates=due_dates,
        from_history=True,
        milestones=milestones,
    )


def standing_on(model, day: datetime.date, scope: Q):
    """The history record of each row of ``model`` in ``scope`` as it stood at the end of
    ``day`` (``.instance`` is the row then); rows recorded only later, or deleted by then, are
    not there. For other records read as at a day (``progress.reviews``)."""
    return _standing(model, end_of_day(day), scope)


def _standing(model, cutoff, scope):
    """The history record of each row of ``model`` in ``scope`` that stood at ``cutoff``: its
    latest before it, unless that one records the row's deletion. One query: the latest record
    per row is picked by a subquery, not by loading the whole history."""
    latest = (
        model.history.filter(id=OuterRef("id"), history_date__lt=cutoff)
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return (
        model.history.filter(scope, history_date__lt=cutoff)
        .filter(history_id=Subquery(latest))
        .exclude(history_type="-")
    )


def _as_approved_now(plan, day, *, objective=None) -> AsAtProgress:
    """Approved progress as it is now, by period: two queries."""
    measurements = defaultdict(list)
    for measurement in Measurement.objects.for_plan(plan).filter(
        status=ApprovalStatus.APPROVED,
        period_end__lte=day,
        **({} if objective is None else {"measure__target__objective": objective}),
    ):
        measurements[measurement.measure_id].append(measurement)
    updates = defaultdict(list)
    for update in ActionUpdate.objects.for_plan(plan).filter(
        approval=ApprovalStatus.APPROVED,
        **({} if objective is None else {"action__target__objective": objective}),
    ):
        updates[update.action_id].append(update)
    return AsAtProgress(
        day, measurements, updates, milestones=milestones_now(plan, objective=objective)
    )


def milestones_now(plan, *, objective=None) -> dict:
    """The plan's milestones as they are now, by action id: one query."""
    milestones = defaultdict(list)
    scope = {} if objective is None else {"action__target__objective": objective}
    for milestone in Milestone.objects.for_plan(plan).filter(**scope).order_by("due_date", "id"):
        milestones[milestone.action_id].append(milestone)
    return milestones
