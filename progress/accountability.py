"""Who has reported this quarter: the accountability score, stale items per agency and per lead
officer, and the reminders sent. The dashboard and ``send_update_reminders`` both ask here, so
"stale" means the same thing on screen and in the e-mail.

Rules:
- An item is *due* a report unless it is finished: closed actions (completed, cancelled) and
  measures whose status is "achieved" (a baseline established, a qualitative measure rated
  achieved) owe nothing more.
- A due item is *updated this quarter* when progress was submitted in the calendar quarter
  containing ``today`` and not returned: an action update dated in the quarter, or a measurement
  recorded in it. Awaiting approval still counts — the officer has reported; approval is the
  plan manager's job, not theirs. For readers who may not know how much awaits approval (a
  county reader: ``cspplan.permissions.reads_progress_awaiting_approval``), ``approved_only``
  counts approved progress only, as the assessment read it (as at its day), so their score
  tells nothing of the queue (issue 22).
- The score is updated ÷ due, for the plan and for each agency (the owners of an action, or of
  the target row a measure sits in); an agency shares the credit for jointly owned items.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from actions.models import ActionUpdate
from cspplan.quarters import current_quarter
from objectives.models import ApprovalStatus, Measurement, ReminderLog
from progress.rag import PlanAssessment, RagStatus

_FINISHED = {RagStatus.COMPLETE, RagStatus.CANCELLED}


@dataclass
class Share:
    updated: int = 0
    due: int = 0

    @property
    def percent(self) -> int | None:
        if not self.due:
            return None
        return int((Decimal(self.updated) * 100 / Decimal(self.due)).to_integral(ROUND_HALF_UP))

    def __str__(self):
        if not self.due:
            return "nothing due"
        return f"{self.percent}% ({self.updated} of {self.due} updated this quarter)"


@dataclass
class OfficerDue:
    """A lead officer and the items they lead that have had no update this quarter."""

    officer: object
    actions: list = field(default_factory=list)
    measures: list = field(default_factory=list)
    last_reminder: ReminderLog | None = None

    @property
    def count(self):
        return len(self.actions) + len(self.measures)


@dataclass
class AgencyDue:
    organisation: object
    share: Share
    stale_actions: list = field(default_factory=list)
    stale_measures: list = field(default_factory=list)


@dataclass
class Accountability:
    quarter_start: datetime.date
    quarter_end: datetime.date
    plan_share: Share
    agencies: list  # AgencyDue, worst share first
    officers: list  # OfficerDue with at least one stale item, most items first
    updated_measure_ids: set
    updated_action_ids: set

    @staticmethod
    def is_due(assessment) -> bool:
        """Whether an item still owes reports (finished ones do not)."""
        return assessment.status not in _FINISHED

    def is_stale_measure(self, measure, assessment) -> bool:
        return assessment.status not in _FINISHED and measure.pk not in self.updated_measure_ids

    def is_stale_action(self, action, assessment) -> bool:
        return assessment.status not in _FINISHED and action.pk not in self.updated_action_ids


def updated_ids(plan, *, quarter_start, quarter_end) -> tuple[set, set]:
    """(measure ids, action ids) with progress reported in the quarter: two queries."""
    measures = set(
        Measurement.objects.for_plan(plan)
        .exclude(status=ApprovalStatus.REJECTED)
        .filter(recorded_at__date__gte=quarter_start, recorded_at__date__lte=quarter_end)
        .values_list("measure_id", flat=True)
    )
    actions = set(
        ActionUpdate.objects.for_plan(plan)
        .exclude(approval=ApprovalStatus.REJECTED)
        .filter(date__gte=quarter_start, date__lte=quarter_end)
        .values_list("action_id", flat=True)
    )
    return measures, actions


def approved_ids(assessment: PlanAssessment, *, quarter_start, quarter_end) -> tuple[set, set]:
    """(measure ids, action ids) with approved progress reported in the quarter, from the
    approved progress ``assessment`` read (``assess_plan(approved_only=True)``: as it stood on
    its day, from history on a past day): no query."""
    measures = {
        measure.pk
        for measure in assessment.measures
        if any(
            quarter_start <= timezone.localdate(measurement.recorded_at) <= quarter_end
            for measurement in assessment.for_measure(measure).measurements
            if measurement.recorded_at is not None
        )
    }
    # The latest approved update is dated on or before the assessment's day, itself within
    # the quarter: some approved update is dated in the quarter exactly when the latest is.
    actions = {
        action.pk
        for action in assessment.actions
        if (last := assessment.for_action(action).last_update) is not None
        and quarter_start <= last.date <= quarter_end
    }
    return measures, actions


def _reported_ids(assessment, *, quarter_start, quarter_end):
    return updated_ids(assessment.plan, quarter_start=quarter_start, quarter_end=quarter_end)


def assess_accountability(
    assessment: PlanAssessment, *, approved_only: bool = False
) -> Accountability:
    """Score, stale items and last reminders for an assessed plan: three queries (one with
    ``approved_only``, which counts the approved progress of an ``assessment`` made with
    ``assess_plan(approved_only=True)``, the default)."""
    quarter_start, quarter_end = current_quarter(assessment.today)
    # Seen "as at" a past day, progress reported after that day does not count yet.
    reported = approved_ids if approved_only else _reported_ids
    measure_ids, action_ids = reported(
        assessment, quarter_start=quarter_start, quarter_end=min(quarter_end, assessment.today)
    )
    result = Accountability(
        quarter_start=quarter_start,
        quarter_end=quarter_end,
        plan_share=Share(),
        agencies=[],
        officers=[],
        updated_measure_ids=measure_ids,
        updated_action_ids=action_ids,
    )
    agencies: dict = {}
    officers: dict = {}

    def count(item, *, owners, leads, stale, kind):
        result.plan_share.due += 1
        result.plan_share.updated += not stale
        for organisation in owners:
            entry = agencies.setdefault(organisation.pk, AgencyDue(organisation, Share()))
            entry.share.due += 1
            entry.share.updated += not stale
            if stale:
                getattr(entry, f"stale_{kind}").append(item)
        if stale:
            for officer in leads:
                entry = officers.setdefault(officer.pk, OfficerDue(officer))
                getattr(entry, kind).append(item)

    for measure in assessment.measures:
        measure_assessment = assessment.for_measure(measure)
        if measure_assessment.status in _FINISHED:
            continue
        count(
            measure,
            owners=measure.target.owners.all(),
            leads=measure.target.lead_officers.all(),
            stale=measure.pk not in measure_ids,
            kind="measures",
        )
    for action in assessment.actions:
        if assessment.for_action(action).status in _FINISHED:
            continue
        count(
            action,
            owners=action.owners.all(),
            leads=action.lead_officers.all(),
            stale=action.pk not in action_ids,
            kind="actions",
        )

    last_reminders = defaultdict(lambda: None)
    for reminder in ReminderLog.objects.filter(officer_id__in=list(officers)).order_by("sent_at"):
        last_reminders[reminder.officer_id] = reminder
    for entry in officers.values():
        entry.last_reminder = last_reminders[entry.officer.pk]
    result.agencies = sorted(
        agencies.values(),
        key=lambda a: (
            a.share.percent if a.share.percent is not None else 101,
            a.organisation.name,
        ),
    )
    result.officers = sorted(officers.values(), key=lambda o: (-o.count, o.officer.name))
    return result
