"""Annual rollover: next year's plan starts as a draft copy of this year's.

Why here, in ``progress``: the rollover writes plan records of every domain app (the plan and its
sections, priority themes and priorities, objectives, targets and measures, actions), so it sits
above both ``actions`` and ``priorities``; and what it carries over is decided by progress, the
rules of this layer: a measure's latest *approved* figure becomes its new baseline, and only the
actions still open (not completed, not cancelled) go forward. The residents' site, the dashboard
and the importer (its admin form) all sit above and may call it; ``manage.py rollover_plan`` is
its command.

What is copied: the narrative sections, the priority themes and priorities with their links to
objectives, the objectives, every target row with its owners, lead officers and funding (words
and links), every measure (a known figure never invented: a measure without an approved figure
keeps its baseline as it was, a TBC stays TBC; targets stay as they were, for the partnership to
revise), and the open actions with their responsibilities and due dates, renumbered in their
published order, without their updates (their progress belongs to the old year; each starts
with "No update yet"). Nothing of the old plan is changed: it is only read.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.text import slugify

from actions.models import CLOSED_STATUSES, Action
from cspplan.models import Plan, PlanSection
from objectives.models import Measure, Measurement, Objective, Target
from priorities.models import Priority, PriorityTheme

RESPONSIBILITY_WORDS = ("owner_wording", "lead_officer_wording", "funding_wording")
RESPONSIBILITY_LINKS = ("owners", "lead_officers", "funding_sources")


@dataclass
class RolloverSummary:
    plan: Plan
    objectives: int = 0
    targets: int = 0
    measures: int = 0
    new_baselines: int = 0
    actions: int = 0
    actions_left_behind: int = 0

    def __str__(self):
        return (
            f"{self.plan.title} ({self.plan.slug}), a draft: {self.objectives} objectives, "
            f"{self.targets} target rows, {self.measures} measures ({self.new_baselines} with "
            f"their latest approved figure as the new baseline), {self.actions} open actions "
            f"carried over ({self.actions_left_behind} completed or cancelled left behind)."
        )


def next_title(title: str) -> str:
    """The title with every year one on: "Partnership Plan 2011 to 2012" → "… 2012 to 2013"."""
    return re.sub(r"\b(19|20)(\d\d)\b", lambda m: str(int(m.group(0)) + 1), title)


def default_slug(plan: Plan, start: datetime.date, end: datetime.date) -> str:
    base = slugify(f"{plan.partnership.slug} {start.year}-{end:%y}")[:45]
    slug, number = base, 2
    while Plan.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _figure(value) -> str:
    return f"{value.normalize():f}"  # 60.00 → "60", 12.50 → "12.5"


def _save(record, by):
    record._history_user = by
    record.save()
    return record


def _copy_responsibility(source, copy):
    for name in RESPONSIBILITY_LINKS:
        getattr(copy, name).set(getattr(source, name).all())


def _new_baseline(measure: Measure, old_plan: Plan) -> dict | None:
    """The new baseline of a carried-over measure: its latest approved figure, with where it
    came from; None without one (the old baseline is then kept unchanged: TBC stays TBC)."""
    figures = [m for m in measure.approved_figures if m.value is not None]
    if measure.unit == Measure.Unit.NONE or not figures:
        return None
    latest = figures[0]
    period = latest.period_label or (
        f"{latest.period_start:%d/%m/%Y} to {latest.period_end:%d/%m/%Y}"
    )
    return {
        "baseline_state": Measure.ValueState.KNOWN,
        "baseline_value": latest.value,
        "baseline_period": period[:100],
        "baseline_wording": (
            f"{_figure(latest.value)} ({period}: the latest approved figure of {old_plan.title})"
        )[:500],
    }


def _old_baseline(measure: Measure) -> dict:
    return {
        "baseline_state": measure.baseline_state,
        "baseline_value": measure.baseline_value,
        "baseline_period": measure.baseline_period,
        "baseline_wording": measure.baseline_wording,
    }


MEASURE_FIELDS = (
    "order",
    "name",
    "unit",
    "direction",
    "target_state",
    "target_value",
    "target_wording",
    "figures_year_to_date",
)


@transaction.atomic
def roll_over(
    plan: Plan,
    *,
    title: str,
    start: datetime.date,
    end: datetime.date,
    target_label: str | None = None,
    slug: str | None = None,
    by=None,
) -> RolloverSummary:
    """Create next year's draft from ``plan``; raise ValidationError (naming the field) when the
    title or dates cannot make a plan. Reads ``plan``, never writes it."""
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": "Give the new plan a title."})
    if end <= start:
        raise ValidationError({"end": "The new plan must end after it starts."})
    if start <= plan.period_start:
        raise ValidationError(
            {
                "start": f"The new plan must start after {plan.period_start:%d/%m/%Y}, when "
                f"{plan.title} starts."
            }
        )
    slug = slug or default_slug(plan, start, end)
    if Plan.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": f"A plan already has the address {slug}."})
    new = _save(
        Plan(
            partnership=plan.partnership,
            title=title[:200],
            slug=slug,
            period_start=start,
            period_end=end,
            target_date=end,
            target_label=(target_label or f"{end:%B %Y}")[:50],
            rag_tolerance_percent=plan.rag_tolerance_percent,
            publish_progress_automatically=plan.publish_progress_automatically,
        ),
        by,
    )
    summary = RolloverSummary(plan=new)
    for section in plan.sections.order_by("order"):
        _save(
            PlanSection(
                plan=new,
                order=section.order,
                slug=section.slug,
                title=section.title,
                body=section.body,
                signatory_name=section.signatory_name,
                signatory_role=section.signatory_role,
            ),
            by,
        )
    objectives = {}
    for objective in Objective.objects.for_plan(plan).order_by("number"):
        objectives[objective.pk] = _save(
            Objective(
                plan=new, number=objective.number, title=objective.title, summary=objective.summary
            ),
            by,
        )
        summary.objectives += 1
    themes = {}
    for theme in PriorityTheme.objects.filter(plan=plan).order_by("order"):
        themes[theme.pk] = _save(
            PriorityTheme(plan=new, name=theme.name, slug=theme.slug, order=theme.order), by
        )
    priorities = Priority.objects.filter(plan=plan).prefetch_related("objectives")
    for priority in priorities.order_by("theme__order", "order"):
        copy = _save(
            Priority(
                plan=new,
                theme=themes[priority.theme_id],
                name=priority.name,
                slug=priority.slug,
                order=priority.order,
                description=priority.description,
            ),
            by,
        )
        copy.objectives.set([objectives[o.pk] for o in priority.objectives.all()])
    _copy_targets(plan, new, objectives, summary, by)
    return summary


def _copy_targets(plan, new, objectives, summary, by):
    approved = Measurement.objects.approved().order_by("-period_end", "-period_start", "-pk")
    measures = Measure.objects.order_by("order").prefetch_related(
        Prefetch("measurements", queryset=approved, to_attr="approved_figures")
    )
    actions = Action.objects.order_by("order").prefetch_related(*RESPONSIBILITY_LINKS)
    targets = (
        Target.objects.filter(objective__plan=plan)
        .order_by("objective__number", "order")
        .prefetch_related(
            *RESPONSIBILITY_LINKS,
            Prefetch("measures", queryset=measures),
            Prefetch("actions", queryset=actions),
        )
    )
    for target in targets:
        copy = _save(
            Target(
                objective=objectives[target.objective_id],
                order=target.order,
                wording=target.wording,
                target_wording=target.target_wording,
                **{name: getattr(target, name) for name in RESPONSIBILITY_WORDS},
            ),
            by,
        )
        _copy_responsibility(target, copy)
        summary.targets += 1
        for measure in target.measures.all():
            baseline = _new_baseline(measure, plan)
            summary.new_baselines += baseline is not None
            baseline = baseline or _old_baseline(measure)
            _save(
                Measure(
                    target=copy,
                    **{name: getattr(measure, name) for name in MEASURE_FIELDS},
                    **baseline,
                ),
                by,
            )
            summary.measures += 1
        order = 0
        for action in target.actions.all():
            if action.status in CLOSED_STATUSES:
                summary.actions_left_behind += 1
                continue
            order += 1
            carried = _save(
                Action(
                    target=copy,
                    order=order,
                    text=action.text,
                    due_date=action.due_date,
                    due_wording=action.due_wording,
                    **{name: getattr(action, name) for name in RESPONSIBILITY_WORDS},
                ),
                by,
            )
            _copy_responsibility(action, carried)
            summary.actions += 1
