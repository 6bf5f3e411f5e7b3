"""Public pages of the plan. Only published plans are shown, except to logged-in staff, who may
preview drafts (the templates show a "Draft" banner)."""

from django.conf import settings
from django.db import connection
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from cspplan.models import Partnership, Plan
from objectives.models import Objective
from priorities.models import Priority, PriorityTheme


def get_visible_plan(request, plan_slug):
    """The plan at this address, if the visitor may see it; 404 otherwise (drafts stay secret)."""
    queryset = Plan.objects.visible_to(request.user).select_related("partnership")
    return get_object_or_404(queryset, slug=plan_slug)


def home(request):
    partnership = Partnership.objects.filter(slug=settings.DEFAULT_PARTNERSHIP_SLUG).first()
    plan = partnership.current_plan() if partnership else None
    if plan is None:
        plan = Plan.objects.published().select_related("partnership").first()
    context = {"plan": plan}
    if plan is not None:
        context.update(_plan_context(plan))
    return render(request, "public/home.html", context)


def _plan_context(plan):
    themes = PriorityTheme.objects.filter(plan=plan).prefetch_related(
        Prefetch("priorities", queryset=Priority.objects.order_by("order"))
    )
    return {
        "sections": plan.sections.all(),
        "themes": themes,
        "objectives": Objective.objects.for_plan(plan),
    }


def plan_list(request):
    plans = Plan.objects.published().select_related("partnership")
    return render(request, "public/plan_list.html", {"plans": plans})


def plan_detail(request, plan_slug):
    plan = get_visible_plan(request, plan_slug)
    return render(request, "public/plan_detail.html", {"plan": plan, **_plan_context(plan)})


def objective_detail(request, plan_slug, number):
    plan = get_visible_plan(request, plan_slug)
    objective = get_object_or_404(Objective.objects.for_plan(plan), number=number)
    targets = objective.targets.prefetch_related(
        "measures", "actions__owners", "actions__lead_officers", "owners", "lead_officers"
    )
    return render(
        request,
        "public/objective_detail.html",
        {"plan": plan, "objective": objective, "targets": targets},
    )


def priority_detail(request, plan_slug, priority_slug):
    plan = get_visible_plan(request, plan_slug)
    priority = get_object_or_404(
        Priority.objects.filter(plan=plan).select_related("theme"), slug=priority_slug
    )
    return render(
        request,
        "public/priority_detail.html",
        {"plan": plan, "priority": priority, "objectives": priority.objectives.all()},
    )


def healthz(request):
    """For load balancers: the app is up and its database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means unhealthy
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
