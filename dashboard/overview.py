"""What the chair's dashboard shows, as plain data: rows for the tables, the filters and their
choices. Every figure and colour comes from ``progress.rag`` and
``progress.accountability``; this module only selects and arranges.

A fixed number of queries per plan: the plan's assessment (nine, two more on a past day read
from history), accountability (three) and the approval queue sizes (two; none for a county
reader), whatever the number of measures and actions.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django import forms

from objectives.figures import expected_at, long_date
from progress import approval as progress
from progress.accountability import Accountability, assess_accountability
from progress.assessment import count_actions_by_state
from progress.rag import Assessment, PlanAssessment, RagStatus, assess_plan


class AsAtForm(forms.Form):
    """Which day to see the plan as at: its reporting day (``Plan.reporting_day``: today for a
    running plan, its last day for a finished one) unless the chair picks an earlier day of the
    plan's period, e.g. the end of the quarter a board meeting reviews."""

    as_at = forms.DateField(
        required=False,
        label="As at",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )

    def __init__(self, data, *, plan):
        super().__init__(data)
        self.plan = plan
        self.reporting_day = plan.reporting_day()
        field = self.fields["as_at"]
        field.widget.attrs.update(
            min=f"{plan.period_start:%Y-%m-%d}", max=f"{self.reporting_day:%Y-%m-%d}"
        )
        field.help_text = (
            f"Leave empty for {long_date(self.reporting_day)} ({_reporting_day_words(plan)}); "
            "an earlier day of the plan shows it as it stood then."
        )

    def clean_as_at(self):
        day = self.cleaned_data["as_at"]
        if day is None:
            return day
        if day > self.reporting_day:
            raise forms.ValidationError(
                f"Choose {long_date(self.reporting_day)} or an earlier day: "
                + (
                    "the plan had ended by then."
                    if self.plan.timing() == "finished"
                    else "the future has no progress."
                )
            )
        if day < self.plan.period_start:
            raise forms.ValidationError(
                f"Choose a day from {long_date(self.plan.period_start)}, when the plan began."
            )
        return day

    def day(self) -> datetime.date:
        if self.is_bound and self.is_valid() and self.cleaned_data["as_at"]:
            return self.cleaned_data["as_at"]
        return self.reporting_day


def _reporting_day_words(plan) -> str:
    return {
        "finished": "the plan's last day: it has ended",
        "not started": "the plan's first day: it has not started",
        "running": "today",
    }[plan.timing()]


def judged_day_words(plan, day: datetime.date, *, from_history: bool = False) -> str:
    """The sentence saying which day a page judges the plan as at, and why that day; for an
    earlier day, whether its approvals are those that stood then (``progress.as_at``)."""
    if day == plan.reporting_day():
        return f"As at {long_date(day)}, {_reporting_day_words(plan)}"
    if from_history:
        return (
            f"As at {long_date(day)}, a day you chose: figures, approvals and action statuses "
            "as they stood that day"
        )
    return (
        f"As at {long_date(day)}, a day you chose, before cspplan held this plan: figures for "
        "periods up to that day, approved as they are now (there is no record of what was "
        "approved then)"
    )


class DashboardFilterForm(forms.Form):
    """The GET filters; choices come from the plan itself, so nothing else is offered."""

    objective = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="Objective"
    )
    agency = forms.ChoiceField(required=False, label="Agency")
    officer = forms.ChoiceField(required=False, label="Lead officer")
    status = forms.ChoiceField(required=False, label="Status")

    def __init__(self, data, *, assessment: PlanAssessment):
        super().__init__(data)
        for bound in self.fields.values():
            bound.widget.attrs["class"] = "form-select"
        everyone = "All"
        self.fields["objective"].choices = [("", everyone)] + [
            (o.number, o.heading) for o in assessment.objectives
        ]
        agencies, officers = {}, {}
        for measure in assessment.measures:
            agencies.update((o.slug, o.name) for o in measure.target.owners.all())
            officers.update((o.slug, o.name) for o in measure.target.lead_officers.all())
        for action in assessment.actions:
            agencies.update((o.slug, o.name) for o in action.owners.all())
            officers.update((o.slug, o.name) for o in action.lead_officers.all())
        self.fields["agency"].choices = [("", everyone)] + sorted(
            agencies.items(), key=lambda kv: kv[1]
        )
        self.fields["officer"].choices = [("", everyone)] + sorted(
            officers.items(), key=lambda kv: kv[1]
        )
        self.fields["status"].choices = [("", everyone)] + list(RagStatus.choices)

    def matches(self, *, objective, owners, leads, status) -> bool:
        wanted = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if wanted.get("objective") and objective.number != wanted["objective"]:
            return False
        if wanted.get("agency") and wanted["agency"] not in {o.slug for o in owners}:
            return False
        if wanted.get("officer") and wanted["officer"] not in {o.slug for o in leads}:
            return False
        return not (wanted.get("status") and status != wanted["status"])

    @property
    def is_filtering(self):
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())

    @property
    def all_errors(self):
        """{field label: messages} for the page to name what it ignored."""
        return {self.fields[name].label: errors for name, errors in self.errors.items()}


@dataclass
class MeasureRow:
    measure: object
    objective: object
    assessment: Assessment
    trajectory_now: object  # where it should be today (Decimal), None with no line
    is_stale: bool
    is_due: bool


@dataclass
class ActionRow:
    action: object
    objective: object
    assessment: Assessment
    is_stale: bool
    is_due: bool


@dataclass
class ObjectiveRow:
    objective: object
    assessment: Assessment
    measure_count: int
    action_count: int

    @property
    def grey_count(self):
        """Members with no colour yet (not measured, no update…), shown beside the roll-up."""
        return sum(n for status, n in self.assessment.counts.items() if status.is_grey)


@dataclass
class Dashboard:
    plan: object
    today: datetime.date
    assessment: PlanAssessment
    accountability: Accountability
    filters: DashboardFilterForm
    objective_rows: list
    measure_rows: list
    action_rows: list
    actions_by_status: list  # StatusCount, as every surface counts them (count_actions_by_state)
    overdue_rows: list
    pending_measurements: int
    pending_updates: int
    pending_milestones: int
    # False for a county reader: progress awaiting approval is the plan's own partnership's.
    shows_pending: bool = True

    @property
    def pending_total(self):
        return self.pending_measurements + self.pending_updates + self.pending_milestones

    @property
    def reporting_day(self) -> datetime.date:
        """The latest day the dashboard may be seen as at (``Plan.reporting_day``)."""
        return self.plan.reporting_day()


def build_dashboard(plan, *, data=None, today=None, shows_pending=True) -> Dashboard:
    """The dashboard of ``plan`` as at ``today``; with ``shows_pending`` False (a county reader)
    the approval queue is not counted (0 waiting, two queries fewer) and the accountability
    score counts approved progress only (two queries fewer again)."""
    assessment = assess_plan(plan, today=today)
    today = assessment.today
    # A reader not told how much awaits approval is not told it by the score either.
    accountability = assess_accountability(assessment, approved_only=not shows_pending)
    filters = DashboardFilterForm(data or None, assessment=assessment)

    measure_rows, action_rows = [], []
    counts_by_objective = Counter()
    for measure in assessment.measures:
        objective = measure.target.objective
        counts_by_objective[objective.pk, "m"] += 1
        result = assessment.for_measure(measure)
        if not filters.matches(
            objective=objective,
            owners=measure.target.owners.all(),
            leads=measure.target.lead_officers.all(),
            status=result.status,
        ):
            continue
        measure_rows.append(
            MeasureRow(
                measure=measure,
                objective=objective,
                assessment=result,
                trajectory_now=expected_at(measure, plan=plan, on=today),
                is_stale=accountability.is_stale_measure(measure, result),
                is_due=accountability.is_due(result),
            )
        )
    for action in assessment.actions:
        objective = action.target.objective
        counts_by_objective[objective.pk, "a"] += 1
        result = assessment.for_action(action)
        if not filters.matches(
            objective=objective,
            owners=action.owners.all(),
            leads=action.lead_officers.all(),
            status=result.status,
        ):
            continue
        action_rows.append(
            ActionRow(
                action=action,
                objective=objective,
                assessment=result,
                is_stale=accountability.is_stale_action(action, result),
                is_due=accountability.is_due(result),
            )
        )

    return Dashboard(
        plan=plan,
        today=today,
        assessment=assessment,
        accountability=accountability,
        filters=filters,
        objective_rows=[
            ObjectiveRow(
                objective=o,
                assessment=assessment.for_objective(o),
                measure_count=counts_by_objective[o.pk, "m"],
                action_count=counts_by_objective[o.pk, "a"],
            )
            for o in assessment.objectives
        ],
        measure_rows=measure_rows,
        action_rows=action_rows,
        actions_by_status=count_actions_by_state(r.assessment for r in action_rows),
        overdue_rows=[r for r in action_rows if r.assessment.is_overdue],
        pending_measurements=progress.pending_measurements(plan).count() if shows_pending else 0,
        pending_updates=progress.pending_updates(plan).count() if shows_pending else 0,
        pending_milestones=progress.pending_milestones(plan).count() if shows_pending else 0,
        shows_pending=shows_pending,
    )
