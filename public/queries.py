"""The reads behind the residents' pages.

Each function costs a fixed number of queries however large the plan: related rows come through
``select_related``/``Prefetch``, and "latest approved progress" is a prefetch of approved rows,
newest first, so templates never query. ``tests/test_public_queries.py`` holds every page to it.

Residents see only approved progress: a measurement or action update waits for a plan manager's
approval (or the plan's automatic publishing) before it appears here.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from actions import delivery_table
from actions.column_values import column_values_prefetch
from actions.models import Action, ActionColumnValue, ActionUpdate, TargetColumnValue
from cspplan.models import Officer, Organisation, Plan
from objectives.models import ApprovalStatus, Measure, Measurement, Objective, Target
from priorities.models import Priority, PriorityTheme
from progress import disclosure
from progress.kept import plan_summaries

# --- Plans ----------------------------------------------------------------------------------


def plans_for_listing(user):
    """Public plans (published, and archived ones marked as past plans), newest first within
    each partnership; staff also see drafts (marked as such)."""
    return (
        Plan.objects.visible_to(user)
        .select_related("partnership")
        .order_by("partnership__name", "-period_start", "title")
    )


def other_years(plan, user):
    """The partnership's other plans the visitor may read, newest first, to compare with."""
    return list(
        Plan.objects.visible_to(user)
        .filter(partnership_id=plan.partnership_id)
        .exclude(pk=plan.pk)
        .order_by("-period_start", "title")
    )


def current_plan(partnership_slug):
    """The newest published plan of the default partnership; failing that, of any partnership
    (a site set up for another partnership still shows something useful at "/")."""
    published = (
        Plan.objects.published()
        .partnership_plans()
        .select_related("partnership")
        .order_by("-period_start")
    )
    return published.filter(partnership__slug=partnership_slug).first() or published.first()


# --- Building blocks shared by several pages --------------------------------------------------


def _approved_updates_prefetch(prefix=""):
    return Prefetch(
        f"{prefix}updates",
        queryset=ActionUpdate.objects.approved().order_by("-date", "-created_at"),
        to_attr="approved_updates",
    )


def _approved_measurements_prefetch(prefix=""):
    return Prefetch(
        f"{prefix}measurements",
        queryset=Measurement.objects.approved().order_by("-period_end", "-period_start"),
        to_attr="approved_measurements",
    )


def _own_columns_of(plan) -> set[str]:
    """What the plan's own columns belong to ("actions", "targets"): their values are asked
    for only when the plan has such columns (``delivery_table.plan_columns``, read once)."""
    return {column.applies_to for column in delivery_table.plan_columns(plan)}


def _action_cards(plan):
    """Actions with everything an action's public card shows."""
    return Action.objects.prefetch_related(
        "owners",
        "lead_officers",
        "funding_sources",
        _approved_updates_prefetch(),
        column_values_prefetch(ActionColumnValue, wanted="actions" in _own_columns_of(plan)),
        "milestones",
    )


def _actions_queryset(plan):
    """Action cards across objectives, each with its target and objective, in plan order."""
    return (
        _action_cards(plan)
        .select_related("target__objective__plan")
        .order_by("target__objective__number", "target__order", "order")
    )


def _measures_prefetch(prefix=""):
    return Prefetch(
        f"{prefix}measures",
        queryset=Measure.objects.order_by("order").prefetch_related(
            _approved_measurements_prefetch()
        ),
    )


def _targets_queryset(plan):
    """Targets with their responsibility and measures (and each measure's approved progress)."""
    # The objective's plan comes too: a sensitive measure's figures need its threshold.
    return (
        Target.objects.select_related("objective__plan")
        .prefetch_related(
            "owners",
            "lead_officers",
            "funding_sources",
            _measures_prefetch(),
            column_values_prefetch(TargetColumnValue, wanted="targets" in _own_columns_of(plan)),
        )
        .order_by("objective__number", "order")
    )


def latest(items):
    """The first of a newest-first prefetched list, or None."""
    return items[0] if items else None


# --- Plan overview and home -----------------------------------------------------------------


def themes_with_priorities(plan):
    """The strategic assessment: themes in order, each with its priorities and their objectives."""
    priorities = Priority.objects.order_by("order").prefetch_related(
        Prefetch("objectives", queryset=Objective.objects.order_by("number"))
    )
    return (
        PriorityTheme.objects.filter(plan=plan)
        .order_by("order")
        .prefetch_related(Prefetch("priorities", queryset=priorities))
    )


def priority_for_page(plan, priority_slug):
    """The priority with its theme, or None."""
    return Priority.objects.filter(plan=plan, slug=priority_slug).select_related("theme").first()


def objectives_with_action_counts(plan):
    """The plan's objectives, each annotated with how many actions it has, for the "objectives
    with their status" lists (how many are completed comes from each action's state:
    ``public.views._with_objective_statuses``)."""
    return (
        Objective.objects.for_plan(plan)
        .order_by("number")
        .annotate(action_count=Count("targets__actions", distinct=True))
    )


@dataclass
class PlanAtAGlance:
    objective_count: int
    target_count: int
    measure_count: int
    measured_count: int  # measures with at least one approved measurement
    action_count: int


def plan_at_a_glance(plan):
    """Headline counts for the home page. Four queries."""
    measures = Measure.objects.for_plan(plan).aggregate(
        total=Count("pk", distinct=True),
        measured=Count("pk", filter=Q(measurements__status=ApprovalStatus.APPROVED), distinct=True),
    )
    return PlanAtAGlance(
        objective_count=Objective.objects.for_plan(plan).count(),
        target_count=Target.objects.filter(objective__plan=plan).count(),
        measure_count=measures["total"],
        measured_count=measures["measured"],
        action_count=Action.objects.for_plan(plan).count(),
    )


# --- One objective --------------------------------------------------------------------------


def objective_for_page(plan, number):
    """The objective with its priorities, or None."""
    return (
        Objective.objects.for_plan(plan)
        .filter(number=number)
        .prefetch_related(Prefetch("priorities", queryset=Priority.objects.order_by("order")))
        .first()
    )


def neighbouring_objectives(objective):
    """(previous, next) objectives of the same plan by number, either may be None. One query."""
    others = list(
        Objective.objects.for_plan(objective.plan)
        .only("plan", "number", "title", "title_en", "title_cy", "label")
        .order_by("number")
    )
    earlier = [other for other in others if other.number < objective.number]
    later = [other for other in others if other.number > objective.number]
    return (earlier[-1] if earlier else None), (later[0] if later else None)


def targets_for_objective(objective, plan=None):
    """The objective's table rows in order, each with measures (and their latest approved
    progress as ``measure.latest_measurement``) and actions (``action.latest_update``)."""
    plan = plan or objective.plan  # the page's own plan, already read
    actions = Prefetch("actions", queryset=_action_cards(plan).order_by("order"))
    targets = list(_targets_queryset(plan).filter(objective=objective).prefetch_related(actions))
    for target in targets:
        for measure in target.measures.all():
            _attach_latest_measurement(measure)
        for action in target.actions.all():
            _attach_latest_update(action)
    return targets


def _attach_latest_measurement(measure):
    """``measure.latest_measurement``, as the public may see it: a sensitive measure's small
    counts withheld (progress/disclosure.py). ``approved_measurements`` keeps the real figures,
    which the page's RAG assessment reads before it too is made public."""
    public = disclosure.suppress_for_public(measure, measure.approved_measurements)
    measure.latest_measurement = latest(public)


def _attach_latest_update(action):
    action.latest_update = latest(action.approved_updates)


# --- Agencies and lead officers ----------------------------------------------------------------


@dataclass
class ObjectiveResponsibilities:
    """What one agency or officer does under one objective."""

    objective: Objective
    targets: list = field(default_factory=list)
    actions: list = field(default_factory=list)


def _group_by_objective(targets, actions):
    groups = {}
    for target in targets:
        groups.setdefault(
            target.objective.number, ObjectiveResponsibilities(target.objective)
        ).targets.append(target)
    for action in actions:
        _attach_latest_update(action)
        objective = action.target.objective
        groups.setdefault(objective.number, ObjectiveResponsibilities(objective)).actions.append(
            action
        )
    for group in groups.values():
        for target in group.targets:
            for measure in target.measures.all():
                _attach_latest_measurement(measure)
    return [groups[number] for number in sorted(groups)]


def organisation_in_plan(plan, organisation_slug):
    """The organisation, if it owns a target or an action of this plan; otherwise None (an
    agency named only in a draft is not public)."""
    return (
        Organisation.objects.filter(slug=organisation_slug)
        .filter(
            Q(objectives_target_owned__objective__plan=plan)
            | Q(actions_action_owned__target__objective__plan=plan)
        )
        .distinct()
        .first()
    )


def organisation_responsibilities(plan, organisation):
    """The targets and actions this agency owns in the plan, grouped by objective."""
    targets = _targets_queryset(plan).filter(objective__plan=plan, owners=organisation)
    actions = _actions_queryset(plan).filter(target__objective__plan=plan, owners=organisation)
    return _group_by_objective(targets, actions)


def officer_in_plan(plan, officer_slug):
    """The officer, if they lead a target or an action of this plan; otherwise None."""
    return (
        Officer.objects.filter(slug=officer_slug)
        .filter(
            Q(objectives_target_led__objective__plan=plan)
            | Q(actions_action_led__target__objective__plan=plan)
        )
        .select_related("organisation")
        .distinct()
        .first()
    )


def officer_responsibilities(plan, officer):
    """The targets and actions this lead officer leads in the plan, grouped by objective."""
    targets = _targets_queryset(plan).filter(objective__plan=plan, lead_officers=officer)
    actions = _actions_queryset(plan).filter(target__objective__plan=plan, lead_officers=officer)
    return _group_by_objective(targets, actions)


# --- Partnerships and the county overview -----------------------------------------------------


@dataclass
class PartnershipYears:
    """A partnership's public plans: the one in force (or, if none, the newest past plan) and
    the others, newest first, with the current plan's actions by status."""

    partnership: object
    current: Plan | None = None
    past: list = field(default_factory=list)
    action_counts: list = field(default_factory=list)
    action_total: int = 0


def _years_of(partnership, plans):
    years = PartnershipYears(partnership)
    # The plan in force is a partnership plan; a published strategy or review action plan is
    # listed beside it, never in its place.
    annual = [plan for plan in plans if plan.kind == Plan.Kind.PARTNERSHIP] or plans
    published = [plan for plan in annual if plan.status == Plan.Status.PUBLISHED]
    years.current = published[0] if published else annual[0]
    years.past = [plan for plan in plans if plan.pk != years.current.pk]
    return years


def _count_actions(years_list):
    """Each current plan's actions by state, as its home page counts them, from the plans' kept
    summaries (``progress.kept``: drawn again only for a plan whose records changed)."""
    summaries = plan_summaries(years.current for years in years_list)
    for years in years_list:
        summary = summaries[years.current.pk]
        years.action_counts = list(summary.action_counts)
        years.action_total = summary.action_total


def partnerships_with_public_plans():
    """Every partnership with a public plan, by name, each with its years and current plan's
    actions by state. Three queries, however many partnerships and plans."""
    plans = list(
        Plan.objects.public()
        .select_related("partnership")
        .order_by("partnership__name", "-period_start", "-pk")
    )
    grouped = {}
    for plan in plans:
        grouped.setdefault(plan.partnership, []).append(plan)
    years_list = [_years_of(partnership, own) for partnership, own in grouped.items()]
    if years_list:
        _count_actions(years_list)
    return years_list


def partnership_years(partnership_slug):
    """One partnership's years, or None when it has no public plan. Two queries."""
    plans = list(
        Plan.objects.public()
        .filter(partnership__slug=partnership_slug)
        .select_related("partnership")
        .order_by("-period_start", "-pk")
    )
    if not plans:
        return None
    return _years_of(plans[0].partnership, plans)
