"""A plan's public summary kept per plan, drawn again only when the plan's records change.

The home page, the plan's page, the partnership's page and the county overview
(``/partnerships/``) each show a plan's summary: each objective's colour with its sentence and
evidence, how many of its actions are completed, and the measures, actions and objectives
counted by status. Drawing it assesses every measure and action of the plan
(``progress.rag.assess_plan``, then ``progress.disclosure.public_plan_assessment``): about a
hundred milliseconds for a county plan of 450 actions, fifteen times over for the county
overview. The rules stay in ``progress/rag.py`` and ``progress/assessment.py``; this module only
keeps their result (``KeptPlanSummary``), under a version of

- the plan's change count (``PlanChangeCount``), raised **in the same transaction** as every
  save and delete of a record the assessment reads (the plan, its objectives, targets,
  measures, figures, actions, updates and milestones), whoever makes it: an officer's update, an
  approval, the admin, an import, a rollover. A record moved to another plan raises both plans'
  counts (before and after the save). A delete raises every plan's count (the deleted record's
  plan can no longer be looked up, and deletes are rare). Many-to-many changes (owners, lead
  officers, funding, priorities) are not counted: nothing the summary shows reads them. Code
  that writes with ``QuerySet.update()``, ``bulk_create`` or raw SQL sends no signal and must
  call ``forget_all()`` (``public.caching.bump_public_version`` does);
- the day the plan is judged as at (``Plan.reporting_day``) and today's date: an action becomes
  overdue with no edit at all;
- the code release (``cspplan.pagecache.code_release``): a deploy may change a rule.

So a change to one partnership's plan draws that plan's summary again and no other's. Why kept
in the database rather than the cache: it works with no cache at all (``CACHE_URL=dummy://``)
and every worker and machine shares it. Why not drawn by the paths that approve progress: a
dozen paths write these records, and a missed one would be stale; a count raised by the
records' own signals misses none. Who draws it: once a transaction that raised a count commits,
the worker (``progress.tasks``, one job per transaction) draws every stale summary, and
``manage.py keep_plan_summaries`` does after midnight, so the first reader after an edit or on a
new day reads a kept summary; a reader who comes before the worker draws it, as any reader
would, and the version says which summary is current either way. The stateful test
(``tests/stateful/``) checks after every step that the kept summary of every plan equals one
drawn afresh.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Subquery
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from actions.models import Action, ActionStatus, ActionUpdate, Milestone
from cspplan.models import Plan
from cspplan.pagecache import code_release
from objectives.models import Measure, Measurement, Objective, Target
from progress import disclosure, rag
from progress.assessment import (
    OVERDUE_CODE,
    Assessment,
    RagStatus,
    StatusCount,
    action_count_words,
    count_actions_by_state,
    count_by_status,
    rag_count_words,
)
from progress.models import KeptPlanSummary, PlanChangeCount
from progress.roll_up import roll_up_words

# The records a plan's assessment reads, each with the path from it to its plan.
PLAN_OF = {
    Plan: "pk",
    Objective: "plan",
    Target: "objective__plan",
    Measure: "target__objective__plan",
    Measurement: "measure__target__objective__plan",
    Action: "target__objective__plan",
    ActionUpdate: "action__target__objective__plan",
    Milestone: "action__target__objective__plan",
}


@dataclass(frozen=True)
class PlanSummary:
    """What residents see of a plan's progress at a glance (approved progress only, small
    numbers withheld)."""

    day: object
    # objective id → its roll-up (colour, sentence, evidence), as ``rag.roll_up`` gave it
    # (kept as its colour and counts: the sentence is read in the reader's language).
    objectives: dict
    # objective id → how many of its actions are completed (``assess_action``'s state).
    completed_actions: dict
    objective_counts: tuple
    measure_counts: tuple
    action_counts: tuple
    action_total: int

    def for_objective(self, objective) -> Assessment:
        return self.objectives[objective.pk]

    @property
    def overdue_actions(self) -> int:
        return sum(row.count for row in self.action_counts if row.status == OVERDUE_CODE)

    @property
    def open_actions(self) -> int:
        """Actions not completed or cancelled (an overdue action is open: only an open one can
        be overdue). The chair's overview of statutory work and the reviews' recommendations
        count these."""
        return sum(
            row.count
            for row in self.action_counts
            if row.status == OVERDUE_CODE or not ActionStatus(row.status).is_closed
        )

    @property
    def progress(self) -> dict:
        """Measures, actions and objectives by status, for "progress at a glance"."""
        return {
            "objectives": list(self.objective_counts),
            "measures": list(self.measure_counts),
            "actions": list(self.action_counts),
        }

    def as_json(self) -> dict:
        # Codes and numbers only: the words are read in the reader's language when shown.
        def rows(counts):
            return [[row.status, row.count] for row in counts]

        return {
            "day": self.day.isoformat(),
            "objectives": {
                str(pk): [
                    a.status.value,
                    list(a.members),
                    {s.value: n for s, n in a.counts.items()},
                ]
                for pk, a in self.objectives.items()
            },
            "completed_actions": {str(pk): n for pk, n in self.completed_actions.items()},
            "objective_counts": rows(self.objective_counts),
            "measure_counts": rows(self.measure_counts),
            "action_counts": rows(self.action_counts),
            "action_total": self.action_total,
        }

    @classmethod
    def from_json(cls, data) -> PlanSummary:
        def rows(counts, words):
            return tuple(StatusCount(code, words(code), count) for code, count in counts)

        def roll_up(status, members, counts):
            # The sentence is read in the reader's language now, from the counts kept.
            counts = {RagStatus(code): n for code, n in counts.items()}
            status, members = RagStatus(status), tuple(members)
            words = roll_up_words(status, counts, members)
            return Assessment(status, words, counts=counts, members=members)

        return cls(
            day=datetime.date.fromisoformat(data["day"]),
            objectives={int(pk): roll_up(*kept) for pk, kept in data["objectives"].items()},
            completed_actions={int(pk): n for pk, n in data["completed_actions"].items()},
            objective_counts=rows(data["objective_counts"], rag_count_words),
            measure_counts=rows(data["measure_counts"], rag_count_words),
            action_counts=rows(data["action_counts"], action_count_words),
            action_total=data["action_total"],
        )


# --- Drawing and reading ----------------------------------------------------------------------


def fresh_summary(plan) -> PlanSummary:
    """The plan's public summary drawn afresh by the rules, as at its reporting day."""
    day = plan.reporting_day()
    assessment = disclosure.public_plan_assessment(
        rag.assess_plan(plan, today=day, approved_only=True)
    )
    actions = assessment.action_assessments
    completed = Counter(
        action.target.objective_id
        for action in assessment.actions
        if actions[action.pk].action_status == ActionStatus.COMPLETED
    )
    return PlanSummary(
        day=day,
        objectives=dict(assessment.objective_assessments),
        completed_actions={o.pk: completed[o.pk] for o in assessment.objectives},
        objective_counts=tuple(count_by_status(assessment.objective_assessments.values())),
        measure_counts=tuple(count_by_status(assessment.measure_assessments.values())),
        action_counts=tuple(count_actions_by_state(actions.values())),
        action_total=len(actions),
    )


def _version(plan, count) -> str:
    return f"{count}|{plan.reporting_day().isoformat()}|{timezone.localdate()}|{code_release()}"


def plan_summary(plan) -> PlanSummary:
    """The plan's public summary: kept, or drawn afresh and kept. Two queries when kept."""
    return plan_summaries([plan])[plan.pk]


def plan_summaries(plans) -> dict:
    """Each plan's public summary by plan id: two queries for all of them when kept, and an
    assessment for each plan whose records changed since its summary was kept."""
    plans = list(plans)
    # The count is read before anything the summary is drawn from: a change committed after
    # this read raises the count past the one the summary is kept under.
    counts = dict(PlanChangeCount.objects.filter(plan__in=plans).values_list("plan_id", "count"))
    kept = dict(KeptPlanSummary.objects.filter(plan__in=plans).values_list("plan_id", "version"))
    current = {plan.pk: _version(plan, counts[plan.pk]) for plan in plans if plan.pk in counts}
    wanted = [pk for pk, version in current.items() if kept.get(pk) == version]
    summaries = {
        pk: PlanSummary.from_json(summary)
        for pk, summary in KeptPlanSummary.objects.filter(pk__in=wanted).values_list(
            "plan_id", "summary"
        )
    }
    for plan in plans:
        if plan.pk in summaries:
            continue
        summaries[plan.pk] = summary = fresh_summary(plan)
        if plan.pk in current:
            _keep(plan, current[plan.pk], summary)
        else:
            # A plan made without its count (bulk_create): given one now, its summary kept
            # from the next request on, drawn after the count exists.
            _start_counting(plan)
    return summaries


def _keep(plan, version, summary):
    """One query when the plan's summary was kept before, two the first time."""
    fields = {"version": version, "summary": summary.as_json()}
    if not KeptPlanSummary.objects.filter(plan=plan).update(**fields):
        # Two requests may keep the first summary at once: either one's is the same.
        KeptPlanSummary.objects.bulk_create(
            [KeptPlanSummary(plan=plan, **fields)], ignore_conflicts=True
        )


def keep_current_summaries() -> int:
    """Draw the summary of every plan not archived whose records changed since it was kept (or
    that a new day or a deploy made stale), so the next reader reads it rather than drawing it.
    The worker runs it after each change (``progress.tasks``), the scheduler just after
    midnight (``manage.py keep_plan_summaries``). Returns how many it drew."""
    plans = list(Plan.objects.exclude(status=Plan.Status.ARCHIVED))
    counts = dict(PlanChangeCount.objects.filter(plan__in=plans).values_list("plan_id", "count"))
    kept = dict(KeptPlanSummary.objects.filter(plan__in=plans).values_list("plan_id", "version"))
    stale = [p for p in plans if p.pk not in counts or kept.get(p.pk) != _version(p, counts[p.pk])]
    plan_summaries(stale)
    return len(stale)


def _draw_after_commit():
    """Once the change commits, have the worker draw the changed plans' summaries: the first
    reader after an edit then reads a kept summary. Once per transaction however many records it
    saves; a reader who comes before the worker has drawn it draws it, as before."""
    if not settings.KEEP_SUMMARIES_AFTER_COMMIT:
        return
    connection = transaction.get_connection()
    if any(callback is _enqueue_drawing for _, callback, _ in connection.run_on_commit):
        return
    transaction.on_commit(_enqueue_drawing)


def _enqueue_drawing():
    from progress.tasks import keep_plan_summaries

    keep_plan_summaries.enqueue()


def _start_counting(plan):
    try:
        with transaction.atomic():
            PlanChangeCount.objects.get_or_create(plan=plan)
    except IntegrityError:  # another request made it meanwhile
        pass


# --- Counting changes -------------------------------------------------------------------------


def _count_change(model, pk):
    """Raise the change count of the plan the record ``pk`` of ``model`` belongs to now."""
    path = PLAN_OF[model]
    plan = model.objects.filter(pk=pk).values(path)
    PlanChangeCount.objects.filter(plan__in=Subquery(plan)).update(count=F("count") + 1)
    _draw_after_commit()


def forget_all():
    """Every kept summary out of date: for writes that send no signal (``QuerySet.update()``,
    raw SQL, ``bulk_create``) and for deletes."""
    PlanChangeCount.objects.update(count=F("count") + 1)
    _draw_after_commit()


def _before_save(sender, instance, raw=False, **kwargs):
    # The plan the record was in before this save (moving it to another plan changes both).
    if sender in PLAN_OF and instance.pk is not None and not instance._state.adding:
        _count_change(sender, instance.pk)


def _after_save(sender, instance, created=False, raw=False, **kwargs):
    if sender is Plan and created:
        PlanChangeCount.objects.get_or_create(plan=instance)
    elif sender in PLAN_OF:
        _count_change(sender, instance.pk)


def _after_delete(sender, instance, **kwargs):
    if sender in PLAN_OF:
        forget_all()


def connect_change_counting():
    """Connected once, by ``ProgressConfig.ready()``."""
    pre_save.connect(_before_save, dispatch_uid="progress-kept-pre-save")
    post_save.connect(_after_save, dispatch_uid="progress-kept-post-save")
    post_delete.connect(_after_delete, dispatch_uid="progress-kept-post-delete")
