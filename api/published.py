"""What the API publishes: the one place that says which rows leave through it.

Published and archived (past) plans, never drafts (``Plan.objects.public()``); of their progress
only what a plan manager approved (or the plan published automatically): the same rows the
residents' pages show. Every endpoint starts from one of these querysets, so a draft or a pending
figure cannot reach one endpoint by a path the others guard.
"""

from django.db.models import Prefetch

from actions.column_values import column_values_prefetch
from actions.models import Action, ActionColumnValue, ActionUpdate, TargetColumnValue
from consultation.models import EngagementEvent, EventPartner
from cspplan.models import Officer, Partnership, Plan
from objectives.models import Measure, Measurement, Objective, Target
from priorities.models import Priority


def public_plans():
    return Plan.objects.public()


def partnerships():
    """Partnerships with at least one public plan, each with those plans."""
    plans = public_plans().order_by("-period_start", "slug")
    return (
        Partnership.objects.filter(pk__in=public_plans().values("partnership"))
        .prefetch_related(Prefetch("plans", queryset=plans, to_attr="public_plans"))
        .order_by("name", "pk")
    )


def plans():
    return (
        public_plans()
        .select_related("partnership", "serious_violence")
        .prefetch_related(
            "serious_violence__duty_holders__organisation", "serious_violence__consulted"
        )
        .order_by("partnership__name", "slug")
    )


def priorities():
    return (
        Priority.objects.filter(plan__in=public_plans())
        .select_related("plan", "theme")
        .prefetch_related(
            Prefetch(
                "objectives", queryset=Objective.objects.select_related("plan").order_by("number")
            )
        )
        .order_by("plan__slug", "theme__order", "order", "pk")
    )


def approved_measurements():
    return Prefetch(
        "measurements",
        queryset=Measurement.objects.approved().order_by("period_end", "period_start"),
        to_attr="approved_measurements",
    )


def approved_updates():
    return Prefetch(
        "updates",
        queryset=ActionUpdate.objects.approved().order_by("date", "created_at", "pk"),
        to_attr="approved_updates",
    )


def _named_people(path):
    # Lead officers as the residents' pages name them; the query reads no e-mail address.
    return Prefetch(path, queryset=Officer.objects.only("pk", "name", "slug", "title", "role"))


def objectives():
    """Objectives with every measure and action under them and their approved progress: the
    objective's status is the roll-up of those (``progress.rag``)."""
    measures = Measure.objects.order_by("order").prefetch_related(approved_measurements())
    actions = Action.objects.order_by("order").prefetch_related(approved_updates(), "milestones")
    targets = Target.objects.order_by("order").prefetch_related(
        Prefetch("measures", queryset=measures), Prefetch("actions", queryset=actions)
    )
    return (
        Objective.objects.filter(plan__in=public_plans())
        .select_related("plan")
        .prefetch_related(
            Prefetch("targets", queryset=targets),
            Prefetch("priorities", queryset=Priority.objects.order_by("order")),
        )
        .order_by("plan__slug", "number", "pk")
    )


def _responsibility(queryset, path=""):
    return queryset.prefetch_related(
        f"{path}owners", _named_people(f"{path}lead_officers"), f"{path}funding_sources"
    )


def targets():
    return _responsibility(
        Target.objects.filter(objective__plan__in=public_plans())
        .select_related("objective__plan")
        .prefetch_related(
            Prefetch("measures", queryset=Measure.objects.order_by("order").only("pk", "target")),
            Prefetch("actions", queryset=Action.objects.order_by("order").only("pk", "target")),
            column_values_prefetch(TargetColumnValue),
        )
        .order_by("objective__plan__slug", "objective__number", "order", "pk")
    )


def measures():
    return (
        Measure.objects.filter(target__objective__plan__in=public_plans())
        .select_related("target__objective__plan")
        .prefetch_related(approved_measurements())
        .order_by(
            "target__objective__plan__slug",
            "target__objective__number",
            "target__order",
            "order",
            "pk",
        )
    )


def actions():
    return _responsibility(
        Action.objects.filter(target__objective__plan__in=public_plans())
        .select_related("target__objective__plan")
        .prefetch_related(
            approved_updates(), column_values_prefetch(ActionColumnValue), "milestones"
        )
        .order_by(
            "target__objective__plan__slug",
            "target__objective__number",
            "target__order",
            "order",
            "pk",
        )
    )


def engagement_events():
    return (
        # Published events of public plans (consultation's own rule); a draft event never.
        EngagementEvent.objects.public()
        .select_related("plan")
        .prefetch_related(
            Prefetch("presence", queryset=EventPartner.objects.select_related("organisation"))
        )
        .order_by("plan__slug", "date", "name", "pk")
    )
