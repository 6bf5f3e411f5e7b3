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
revise), and the open actions with their responsibilities, renumbered in their published order,
without their updates (their progress belongs to the old year; each starts with "No update
yet"); the plan's own columns (legislation, resources…) as defined, and their values on every
target row and carried action, as written. Nothing of the old plan is changed: it is only read.

Every text is carried in both languages (``cspplan.translated.every_language``): a bilingual
partnership's new plan keeps its Welsh beside its English. The words the rollover writes itself
(a new baseline's, a moved or cleared due date's) are worded in each language through the
catalogue; a title or target label of the manager's own has no Welsh yet, and the draft is not
published until the manager gives it (``cspplan.translated.refusal_for_plan``).

A rolled plan starts clean: nothing in it can be overdue or red before anything is reported.

- Due dates (``DueDates``): moved into the new plan's year — the same month and day, shifted by
  the years between the two plans' starts, and kept inside the new plan (a date that would fall
  outside it becomes its first or last day) — with the words they were read from shifted too;
  or cleared, their words saying the manager is to set them ("Due date to be set: was 31 July
  2011"), when the manager chooses so on the form (``--clear-due-dates``). Last year's dates
  copied as they were would make every carried action overdue on the new plan's first day. A
  moved date that is already behind the new plan's reporting day (its year has begun or ended
  before the rollover, as when a past year is entered afterwards) is cleared and flagged too:
  it would be overdue before anyone could report.
- Milestones (``_carry_milestones``): a carried action takes its open milestones (done ones
  stay with the old year), their dates moved as the due dates are. A milestone needs a date, so
  where an action's date would be cleared (the manager's choice, or a moved date already past)
  the milestone is due on the new plan's last day and its note says "Due date to be set: was
  31 October 2011": never late before anyone could report, and never silently re-dated.
- Baselines come only from full-year figures (``objectives.periods.is_full_year``: twelve
  months, recorded so or added up from months): a quarter or part of a year to date is not a
  year's baseline. Without one the measure keeps its old baseline and words.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext

from actions.models import CLOSED_STATUSES, Action, Milestone
from cspplan.models import Plan, PlanSection
from cspplan.text import counted
from cspplan.translated import column, every_language
from objectives import periods
from objectives.figures import long_date
from objectives.models import Measure, Measurement, Objective, PlanColumn, Target
from priorities.models import Priority, PriorityTheme

RESPONSIBILITY_WORDS = ("owner_wording", "lead_officer_wording", "funding_wording")
RESPONSIBILITY_LINKS = ("owners", "lead_officers", "funding_sources")


class DueDates(models.TextChoices):
    """What happens to the carried actions' due dates (the manager's choice)."""

    MOVE = "move", "Move them into the new plan's year (same month and day)"
    CLEAR = "clear", "Clear them, for me to set each one"


DUE_DATE_TO_SET = "Due date to be set"


@dataclass
class RolloverSummary:
    plan: Plan
    objectives: int = 0
    targets: int = 0
    measures: int = 0
    new_baselines: int = 0
    actions: int = 0
    actions_left_behind: int = 0
    due_dates_moved: int = 0
    due_dates_to_set: list = field(default_factory=list)  # the carried actions, to set
    # Of those, the moved dates that had already passed on the new plan's reporting day.
    due_dates_already_past: int = 0
    milestones: int = 0
    milestones_left_behind: int = 0  # done ones
    milestone_dates_to_set: int = 0

    def __str__(self):
        text = (
            f"{self.plan.title} ({self.plan.slug}), a draft: {self.objectives} objectives, "
            f"{self.targets} target rows, {self.measures} measures ({self.new_baselines} with "
            f"their latest full-year figure as the new baseline), {self.actions} open actions "
            f"carried over ({self.actions_left_behind} completed or cancelled left behind)"
        )
        if self.due_dates_moved:
            text += f"; {counted(self.due_dates_moved, 'due date')} moved into the new plan's year"
        if self.due_dates_to_set:
            already = (
                f", {self.due_dates_already_past} of them because the date moved into the new "
                "plan's year had already passed"
                if self.due_dates_already_past
                else ""
            )
            text += (
                f"; {counted(len(self.due_dates_to_set), 'due date')} cleared for you to "
                f"set (“{DUE_DATE_TO_SET}”){already}"
            )
        if self.milestones or self.milestones_left_behind:
            text += (
                f"; {counted(self.milestones, 'open milestone')} carried over "
                f"({self.milestones_left_behind} done left behind"
                + (
                    f", {self.milestone_dates_to_set} due on the plan's last day until you set "
                    "their dates"
                    if self.milestone_dates_to_set
                    else ""
                )
                + ")"
            )
        return text + "."


def shift_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def moved_due_date(day: datetime.date, old: Plan, new_start, new_end) -> datetime.date:
    """``day`` shifted by the years between the plans' starts, kept inside the new plan."""
    moved = shift_years(day, new_start.year - old.period_start.year)
    return min(max(moved, new_start), new_end)


def _moved_wording(wording: str, years: int, moved: datetime.date, clamped: bool) -> str:
    """Due words moved with their date, in the active language (the words are that
    language's column)."""
    if not wording:
        return ""
    by_moved = gettext("by %(day)s") % {"day": long_date(moved)}
    if clamped:
        return by_moved
    shifted = re.sub(r"\b(19|20)(\d\d)\b", lambda m: str(int(m.group(0)) + years), wording)
    # Words with no four-digit year ("(20.6.11)") would contradict the moved date.
    return shifted if shifted != wording or not years else by_moved


def _to_set_was(day: datetime.date) -> str:
    """ "Due date to be set: was 31 July 2011", in the active language."""
    return gettext("Due date to be set: was %(day)s") % {"day": long_date(day)}


def _new_title(plan: Plan, title: str) -> dict[str, str]:
    """The new plan's title in each language. The Welsh follows the old Welsh title every year
    one on when the English is the one proposed (the old English every year one on); a title of
    the manager's own has no Welsh until the manager writes it."""
    columns = {"title_en": title[:200]}
    if plan.partnership.is_bilingual:
        proposed = title == next_title(plan.title_en or "")
        columns["title_cy"] = next_title(plan.title_cy or "")[:200] if proposed else ""
    return columns


def _new_target_label(plan: Plan, label: str | None, end: datetime.date) -> dict[str, str]:
    """The new targets' heading: the manager's own (its Welsh for the manager to write), or
    the new plan's last month in each language ("March 2013", "Mawrth 2013")."""
    if label:
        return {**_worded(plan, "target_label", lambda _: ""), "target_label_en": label[:50]}
    return _worded(plan, "target_label", lambda _: date_format(end, "F Y")[:50])


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


def _languages(plan: Plan) -> tuple[str, ...]:
    """The languages the rollover words its own texts in: Welsh only for a bilingual
    partnership (an English partnership's Welsh columns stay empty)."""
    return ("en", "cy") if plan.partnership.is_bilingual else ("en",)


def _worded(plan: Plan, name: str, words) -> dict[str, str]:
    """The columns of the translated field ``name``, each ``words(language)`` worded under
    that language (its catalogue, its month names)."""
    texts = {}
    for language in _languages(plan):
        with translation.override(language):
            texts[column(name, language)] = words(language)
    return texts


def _save(record, by):
    record._history_user = by
    record.save()
    return record


def _copy_responsibility(source, copy):
    for name in RESPONSIBILITY_LINKS:
        getattr(copy, name).set(getattr(source, name).all())


def _new_baseline(measure: Measure, old_plan: Plan) -> dict | None:
    """The new baseline of a carried-over measure: its latest approved full-year figure (a
    whole year recorded so, or twelve months added up), saying which it was; None without one
    (the old baseline is then kept unchanged: TBC stays TBC). A quarter or a part of a year to
    date is never a baseline."""
    figures = [m for m in measure.approved_figures if m.value is not None]
    if measure.unit == Measure.Unit.NONE or not figures:
        return None
    full_years = [
        m for m in periods.readings(measure, figures, old_plan) if periods.is_full_year(m)
    ]
    if not full_years:
        return None
    latest = max(full_years, key=lambda m: (m.period_end, m.period_start))

    def wording(language):
        return gettext("%(figure)s (%(period)s: the full-year figure of %(plan)s)") % {
            "figure": _figure(latest.value),
            "period": periods.measurement_period_words(latest),
            "plan": getattr(old_plan, column("title", language)) or old_plan.title_en,
        }

    with translation.override("en"):
        period = periods.measurement_period_words(latest)
    return {
        "baseline_state": Measure.ValueState.KNOWN,
        "baseline_value": latest.value,
        "baseline_period": period[:100],
        **{
            name: text[:500]
            for name, text in _worded(old_plan, "baseline_wording", wording).items()
        },
    }


def _old_baseline(measure: Measure) -> dict:
    return {
        "baseline_state": measure.baseline_state,
        "baseline_value": measure.baseline_value,
        "baseline_period": measure.baseline_period,
        **every_language(measure, "baseline_wording"),
    }


MEASURE_FIELDS = (
    "order",
    "unit",
    "direction",
    "target_state",
    "target_value",
    "figures_period",
)
MEASURE_TEXTS = ("name", "target_wording")  # in both languages


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
    due_dates: DueDates = DueDates.MOVE,
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
            **_new_title(plan, title),
            slug=slug,
            period_start=start,
            period_end=end,
            target_date=end,
            **_new_target_label(plan, target_label, end),
            rag_tolerance_percent=plan.rag_tolerance_percent,
            publish_progress_automatically=plan.publish_progress_automatically,
            **every_language(plan, "objective_word"),
            objectives_numbered=plan.objectives_numbered,
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
                **every_language(section, "title", "body", "signatory_role"),
                signatory_name=section.signatory_name,
            ),
            by,
        )
    objectives = {}
    for objective in Objective.objects.for_plan(plan).order_by("number"):
        objectives[objective.pk] = _save(
            Objective(
                plan=new,
                number=objective.number,
                **every_language(objective, "title", "summary"),
                label=objective.label,
            ),
            by,
        )
        summary.objectives += 1
    themes = {}
    for theme in PriorityTheme.objects.filter(plan=plan).order_by("order"):
        themes[theme.pk] = _save(
            PriorityTheme(
                plan=new, **every_language(theme, "name"), slug=theme.slug, order=theme.order
            ),
            by,
        )
    priorities = Priority.objects.filter(plan=plan).prefetch_related("objectives")
    for priority in priorities.order_by("theme__order", "order"):
        copy = _save(
            Priority(
                plan=new,
                theme=themes[priority.theme_id],
                **every_language(priority, "name", "description"),
                slug=priority.slug,
                order=priority.order,
            ),
            by,
        )
        copy.objectives.set([objectives[o.pk] for o in priority.objectives.all()])
    columns = _copy_columns(plan, new, by)
    _copy_targets(plan, new, objectives, summary, by, DueDates(due_dates), columns)
    return summary


def _copy_columns(plan, new, by) -> dict:
    """The plan's own columns (objectives/plan_columns.py), as defined: old id → new column."""
    return {
        column.pk: _save(
            PlanColumn(
                plan=new,
                name=column.name,
                kind=column.kind,
                choices=column.choices,
                applies_to=column.applies_to,
                order=column.order,
            ),
            by,
        )
        for column in PlanColumn.objects.filter(plan=plan).order_by("order", "pk")
    }


def _copy_values(source, copy, columns, by) -> None:
    """A carried record's values of the plan's own columns, as written."""
    for value in source.column_values.all():
        _save(
            type(value)(
                **{value.record_field: copy}, column=columns[value.column_id], text=value.text
            ),
            by,
        )


def _due(action, plan, new, due_dates, summary) -> dict:
    """The carried action's due date and its words in the new plan (``DueDates``), in each
    language."""
    if action.due_date is None:
        return {"due_date": None, **every_language(action, "due_wording")}
    if due_dates == DueDates.CLEAR:
        summary.due_dates_to_set.append(action)
        return {
            "due_date": None,
            **_worded(plan, "due_wording", lambda _: _to_set_was(action.due_date)[:100]),
        }
    years = new.period_start.year - plan.period_start.year
    moved = moved_due_date(action.due_date, plan, new.period_start, new.period_end)
    if moved < new.reporting_day():
        # The new plan's year has begun or passed already (a past year entered afterwards, or a
        # rollover made late): a moved date already behind the day the plan is judged as at
        # would make the action overdue before anyone could report on it. The manager sets it.
        summary.due_dates_to_set.append(action)
        summary.due_dates_already_past += 1
        passed = gettext("Due date to be set: %(day)s had already passed")
        return {
            "due_date": None,
            **_worded(plan, "due_wording", lambda _: (passed % {"day": long_date(moved)})[:100]),
        }
    summary.due_dates_moved += 1
    clamped = moved != shift_years(action.due_date, years)

    def wording(language):
        words = getattr(action, column("due_wording", language)) or ""
        return _moved_wording(words, years, moved, clamped)[:100]

    return {"due_date": moved, **_worded(plan, "due_wording", wording)}


def _copy_targets(plan, new, objectives, summary, by, due_dates, columns):
    approved = Measurement.objects.approved().order_by("-period_end", "-period_start", "-pk")
    measures = Measure.objects.order_by("order").prefetch_related(
        Prefetch("measurements", queryset=approved, to_attr="approved_figures")
    )
    actions = Action.objects.order_by("order").prefetch_related(
        *RESPONSIBILITY_LINKS,
        "column_values",
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "pk")),
    )
    targets = (
        Target.objects.filter(objective__plan=plan)
        .order_by("objective__number", "order")
        .prefetch_related(
            *RESPONSIBILITY_LINKS,
            "column_values",
            Prefetch("measures", queryset=measures),
            Prefetch("actions", queryset=actions),
        )
    )
    for target in targets:
        copy = _save(
            Target(
                objective=objectives[target.objective_id],
                order=target.order,
                **every_language(target, "wording", "target_wording"),
                **{name: getattr(target, name) for name in RESPONSIBILITY_WORDS},
            ),
            by,
        )
        _copy_responsibility(target, copy)
        _copy_values(target, copy, columns, by)
        summary.targets += 1
        for measure in target.measures.all():
            baseline = _new_baseline(measure, plan)
            summary.new_baselines += baseline is not None
            baseline = baseline or _old_baseline(measure)
            _save(
                Measure(
                    target=copy,
                    **{name: getattr(measure, name) for name in MEASURE_FIELDS},
                    **every_language(measure, *MEASURE_TEXTS),
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
                    **every_language(action, "text"),
                    **_due(action, plan, new, due_dates, summary),
                    **{name: getattr(action, name) for name in RESPONSIBILITY_WORDS},
                ),
                by,
            )
            _copy_responsibility(action, carried)
            _copy_values(action, carried, columns, by)
            summary.actions += 1
            _carry_milestones(action, carried, plan, new, due_dates, summary, by)


def _carry_milestones(action, carried, plan, new, due_dates, summary, by):
    """The action's open milestones on the carried action, dates moved (module docstring)."""
    for milestone in action.milestones.all():
        if milestone.done_on is not None:
            summary.milestones_left_behind += 1
            continue
        moved = moved_due_date(milestone.due_date, plan, new.period_start, new.period_end)
        notes = every_language(milestone, "note")
        if due_dates == DueDates.CLEAR or moved < new.reporting_day():
            summary.milestone_dates_to_set += 1

            def note(language, milestone=milestone):
                old = getattr(milestone, column("note", language)) or ""
                return f"{_to_set_was(milestone.due_date)}. {old}".strip()

            notes.update(_worded(plan, "note", note))
            moved = new.period_end
        _save(
            Milestone(
                action=carried,
                **every_language(milestone, "title"),
                due_date=moved,
                **notes,
            ),
            by,
        )
        summary.milestones += 1
