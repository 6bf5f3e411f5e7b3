"""The residents' pages. Published plans are shown, and archived ones as past plans (with a
link to the partnership's current plan); drafts only to logged-in staff, who may preview them
under a banner saying so.

Every view is thin: one access helper (``get_visible_plan``), reads from ``queries``, a
template. ``public_page`` (public/caching.py) adds caching, ETag/Last-Modified and the
text-size preference.
"""

import datetime

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from cspplan import languages
from cspplan.models import Plan
from cspplan.ratelimit import rate_limited
from progress.kept import plan_summary
from public import compare as comparing
from public import engagement, queries
from public import search as site_search
from public.caching import public_page
from public.status import assess_objective_page, assess_published_progress
from public.timeline import action_timeline
from reviews.models import Review
from strategies.models import SeriousViolenceStrategy

# The accessibility statement must say when it was prepared and last reviewed.
ACCESSIBILITY_STATEMENT_PREPARED = datetime.date(2026, 11, 24)
ACCESSIBILITY_STATEMENT_REVIEWED = datetime.date(2026, 11, 24)


def get_visible_plan(request, plan_slug):
    """The plan at this address, if the visitor may see it; 404 otherwise.

    The public sees published plans and archived (past) plans: ``Plan.objects.public()`` is the
    one definition of public. Drafts are unfinished: staff may preview them under a "Draft"
    banner; a past plan carries a banner linking to the partnership's current plan.
    """
    queryset = Plan.objects.visible_to(request.user).select_related("partnership")
    plan = get_object_or_404(queryset, slug=plan_slug)
    languages.page_of(request, plan.partnership)
    return plan


def _with_objective_statuses(summary, objectives):
    """Give each objective its ``assessment`` and ``completed_action_count`` (its actions whose
    state is completed) from the plan's kept summary (``progress.kept``)."""
    objectives = list(objectives)
    for objective in objectives:
        objective.assessment = summary.for_objective(objective)
        objective.completed_action_count = summary.completed_actions.get(objective.pk, 0)
    return objectives


def _plan_summary_context(plan, summary):
    return {
        "themes": queries.themes_with_priorities(plan),
        "objectives": _with_objective_statuses(
            summary, queries.objectives_with_action_counts(plan)
        ),
    }


def _with_target_statuses(assessment, objective, targets):
    """Give the objective, and each measure and action of its targets, its ``assessment``."""
    objective.assessment = assessment.for_objective(objective)
    for target in targets:
        for measure in target.measures.all():
            measure.assessment = assessment.for_measure(measure)
        for action in target.actions.all():
            action.assessment = assessment.for_action(action)
            action.timeline = action_timeline(action)


@public_page
def home(request):
    plan = queries.current_plan(settings.DEFAULT_PARTNERSHIP_SLUG)
    context = {"plan": plan}
    if plan is not None:
        languages.page_of(request, plan.partnership)
        summary = plan_summary(plan)
        context.update(
            _plan_summary_context(plan, summary),
            vision=plan.sections.filter(slug="vision").first(),
            at_a_glance=queries.plan_at_a_glance(plan),
            progress=summary.progress,
        )
    return render(request, "public/home.html", context)


@public_page
def plan_list(request):
    return render(
        request, "public/plan_list.html", {"plans": queries.plans_for_listing(request.user)}
    )


@public_page
def partnership_list(request):
    """Every partnership's plan in force with its actions by status, and their past plans: the
    county overview."""
    return render(
        request,
        "public/partnership_list.html",
        {"partnerships": queries.partnerships_with_public_plans()},
    )


@public_page
def partnership_detail(request, partnership_slug):
    years = queries.partnership_years(partnership_slug)
    if years is None:
        raise Http404("No such partnership, or none of its plans is published yet.")
    languages.page_of(request, years.partnership)
    return render(
        request,
        "public/partnership_detail.html",
        {
            "partnership": years.partnership,
            "years": years,
            "current": years.current,
            "progress": plan_summary(years.current).progress,
        },
    )


@public_page
def plan_detail(request, plan_slug):
    plan = get_visible_plan(request, plan_slug)
    return render(
        request,
        "public/plan_detail.html",
        {
            "plan": plan,
            "sections": plan.sections.order_by("order"),
            "other_years": queries.other_years(plan, request.user),
            # A review's action plan names its review, by the published fields only.
            "review": Review.objects.public().filter(action_plan=plan).first()
            if plan.kind == Plan.Kind.REVIEW
            else None,
            # A Serious Violence strategy shows what the duty asks of it.
            "strategy": SeriousViolenceStrategy.objects.shown_with(plan),
            **_plan_summary_context(plan, plan_summary(plan)),
        },
    )


@public_page
def priority_list(request, plan_slug):
    plan = get_visible_plan(request, plan_slug)
    return render(
        request,
        "public/priority_list.html",
        {"plan": plan, "themes": queries.themes_with_priorities(plan)},
    )


@public_page
def priority_detail(request, plan_slug, priority_slug):
    plan = get_visible_plan(request, plan_slug)
    priority = queries.priority_for_page(plan, priority_slug)
    if priority is None:
        raise Http404("No such priority in this plan.")
    return render(
        request,
        "public/priority_detail.html",
        {
            "plan": plan,
            "priority": priority,
            "objectives": priority.objectives.order_by("number"),
        },
    )


@public_page
def objective_detail(request, plan_slug, number):
    plan = get_visible_plan(request, plan_slug)
    objective = queries.objective_for_page(plan, number)
    if objective is None:
        raise Http404("No such objective in this plan.")
    targets = queries.targets_for_objective(objective, plan)
    previous_objective, next_objective = queries.neighbouring_objectives(objective)
    # The page's own rows, each with its approved progress, are what the assessment reads.
    assessment = assess_objective_page(plan, objective, targets)
    _with_target_statuses(assessment, objective, targets)
    return render(
        request,
        "public/objective_detail.html",
        {
            "plan": plan,
            "objective": objective,
            "targets": targets,
            "previous_objective": previous_objective,
            "next_objective": next_objective,
            "you_said_we_did": engagement.for_objective(objective),
        },
    )


def _with_action_statuses(plan, groups):
    """Give each action of these responsibility groups its ``assessment``, as on the objective
    page, so an action's status reads the same wherever it appears."""
    assessment = assess_published_progress(plan)
    for group in groups:
        for action in group.actions:
            action.assessment = assessment.for_action(action)
            action.timeline = action_timeline(action)
    return groups


@public_page
def organisation_detail(request, plan_slug, organisation_slug):
    plan = get_visible_plan(request, plan_slug)
    organisation = queries.organisation_in_plan(plan, organisation_slug)
    if organisation is None:
        raise Http404("This organisation has no part in this plan.")
    return render(
        request,
        "public/organisation_detail.html",
        {
            "plan": plan,
            "organisation": organisation,
            "groups": _with_action_statuses(
                plan, queries.organisation_responsibilities(plan, organisation)
            ),
        },
    )


@public_page
def officer_detail(request, plan_slug, officer_slug):
    plan = get_visible_plan(request, plan_slug)
    officer = queries.officer_in_plan(plan, officer_slug)
    if officer is None:
        raise Http404("This officer leads nothing in this plan.")
    return render(
        request,
        "public/officer_detail.html",
        {
            "plan": plan,
            "officer": officer,
            "groups": _with_action_statuses(plan, queries.officer_responsibilities(plan, officer)),
        },
    )


@public_page
def accessibility_statement(request):
    plan = queries.current_plan(settings.DEFAULT_PARTNERSHIP_SLUG)
    if plan is not None:
        # The statement is the site's own partnership's (its name, its contact).
        languages.page_of(request, plan.partnership)
        partnership_name = plan.partnership.name
    else:
        partnership_name = gettext("the community safety partnership")
    return render(
        request,
        "public/accessibility.html",
        {
            "partnership_name": partnership_name,
            "prepared_on": ACCESSIBILITY_STATEMENT_PREPARED,
            "reviewed_on": ACCESSIBILITY_STATEMENT_REVIEWED,
        },
    )


@rate_limited("search")
@require_safe
@public_page(params=("q",))
def search(request):
    form = site_search.SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = site_search.search(form.cleaned_data["q"])
    return render(
        request,
        "public/search.html",
        {
            "form": form,
            "results": results,
            "query": form.data.get("q", ""),
            "max_length": site_search.MAX_QUERY_LENGTH,
        },
    )


def _compared(request, plan_slug, other_slug):
    """The two plans at this address, both visible to the visitor (public, or a draft staff may
    preview), compared; 404 for a plan compared with itself."""
    if plan_slug == other_slug:
        raise Http404("A plan is compared with another plan.")
    plan = get_visible_plan(request, plan_slug)
    return plan, comparing.compare(plan, get_visible_plan(request, other_slug))


@require_safe
@public_page
def compare(request, plan_slug, other_slug):
    plan, comparison = _compared(request, plan_slug, other_slug)
    return render(
        request,
        "public/compare.html",
        {
            "plan": plan,
            "comparison": comparison,
            "csv_url": reverse("plans:compare_csv", args=[plan_slug, other_slug]),
        },
    )


@public_page
def _compare_csv_body(request, plan_slug, other_slug):
    _, comparison = _compared(request, plan_slug, other_slug)
    return HttpResponse(
        comparing.comparison_csv(comparison), content_type="text/csv; charset=utf-8"
    )


@rate_limited("downloads")
@require_safe
def compare_csv(request, plan_slug, other_slug):
    # The file name is added outside the page cache (which keeps the body), as for the
    # delivery-plan downloads, so a cached body leaves with it too.
    response = _compare_csv_body(request, plan_slug, other_slug)
    if response.status_code == 200:
        # Slugs are letters, digits and hyphens: safe inside the quoted filename.
        response["Content-Disposition"] = (
            f'attachment; filename="{plan_slug}-compared-with-{other_slug}.csv"'
        )
    return response
