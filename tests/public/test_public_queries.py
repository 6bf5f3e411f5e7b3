"""Every public page costs the same number of queries whatever the size of the plan.

Each page is rendered cold (empty cache) for a small plan and for one with ten times the actions
and three times the targets and measures; the count is spelled out per page and must be the same
at both sizes. A cached page costs one query (see test_public_caching.py).
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from progress.models import KeptPlanSummary
from tests.public_plan_builder import build_public_plan

pytestmark = pytest.mark.django_db

SIZES = {
    "small": {
        "objectives": 2,
        "targets_per_objective": 1,
        "actions_per_target": 1,
        "measures_per_target": 1,
    },
    "ten times larger": {
        "objectives": 3,
        "targets_per_objective": 3,
        "actions_per_target": 10,
        "measures_per_target": 3,
    },
}

# Queries every page makes before its own: the history stamp (content version) behind the cache.
VERSION = 1
# A site-wide page (not one partnership's): whether any partnership publishes in Welsh, which
# decides whether the page is offered in Welsh (cspplan/languages.py).
SITE_LANGUAGES = 1
# The RAG assessment of the plan (progress.rag.assess_plan): objectives, measures, their rows'
# owners and lead officers, measurements, actions, their owners and lead officers, updates,
# milestones.
ASSESSMENT = 10
# A plan's public summary kept (progress/kept.py): the plans' change counts, their kept
# versions, the kept summaries.
KEPT = 3
# The same drawn afresh (the first request, or the first after the plan changed): the change
# counts, the kept versions, the assessment, the summary kept (an update, then an insert the
# first time).
DRAWN = 2 + ASSESSMENT + 2

PAGES = {
    # current plan; sections; themes; priorities; their objectives; objectives with action
    # counts; at a glance: objectives, targets, measures, actions; the plan's summary drawn.
    "home": (lambda built: reverse("home"), VERSION + 10 + DRAWN),
    # plans with their partnership.
    "plan list": (lambda built: reverse("plans:list"), VERSION + SITE_LANGUAGES + 1),
    # current plan (for the partnership's name).
    "accessibility statement": (lambda built: reverse("accessibility"), VERSION + 1),
    # plan; sections; the partnership's other years; themes; priorities; their objectives;
    # objectives with counts; the plan's summary drawn.
    "plan overview": (
        lambda built: built.plan.get_absolute_url(),
        VERSION + 7 + DRAWN,
    ),
    # plan; themes; priorities; their objectives.
    "priorities": (lambda built: reverse("plans:priorities", args=[built.plan.slug]), VERSION + 4),
    # plan; priority with its theme; its objectives.
    "priority": (lambda built: built.priorities[0].get_absolute_url(), VERSION + 3),
    # plan; objective; its priorities; targets; their owners, lead officers, funding; measures;
    # approved measurements; actions; their owners, lead officers, funding; approved updates;
    # milestones; the other objectives (previous/next); its published "you said, we did"
    # entries (none here: their links' prefetches are skipped); the plan's own columns (none
    # here, so none of their values is asked for). The assessment reads those same rows.
    "objective": (lambda built: built.objectives[0].get_absolute_url(), VERSION + 18),
    # plan; organisation; targets with objective; their owners, lead officers, funding; measures;
    # approved measurements; actions with target and objective; their owners, lead officers,
    # funding; approved updates; milestones; the plan's own columns (none here: no values asked
    # for); the assessment.
    "organisation": (
        lambda built: reverse(
            "plans:organisation", args=[built.plan.slug, built.organisations[0].slug]
        ),
        VERSION + 15 + ASSESSMENT,
    ),
    # the same, for an officer (with their organisation).
    "officer": (
        lambda built: reverse("plans:officer", args=[built.plan.slug, built.officers[0].slug]),
        VERSION + 15 + ASSESSMENT,
    ),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("page", PAGES)
def test_the_page_costs_a_fixed_number_of_queries(
    client, settings, django_assert_num_queries, page, size
):
    settings.DEFAULT_PARTNERSHIP_SLUG = "west-lancashire-csp"
    built = build_public_plan(**SIZES[size])
    url_for, expected = PAGES[page]
    url = url_for(built)
    cache.clear()
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("page", ["home", "plan overview"])
def test_a_page_of_the_plans_summary_reads_it_kept_the_next_time(
    client, settings, django_assert_num_queries, page, size
):
    """The plan's summary is drawn by the first request and kept: the next render of the page
    (page cache emptied) reads it, in three queries instead of the assessment's ten and more."""
    settings.DEFAULT_PARTNERSHIP_SLUG = "west-lancashire-csp"
    built = build_public_plan(**SIZES[size])
    url_for, drawn = PAGES[page]
    url = url_for(built)
    cache.clear()
    assert client.get(url).status_code == 200
    cache.clear()
    with django_assert_num_queries(drawn - DRAWN + KEPT):
        response = client.get(url)
    assert response.status_code == 200


def test_the_seed_plan_costs_the_same_number_of_queries_on_every_page(
    client, settings, django_assert_num_queries
):
    """The real plan (eleven objectives, 120 actions, demonstration progress) against the same
    counts as the factory-built plans above."""

    from django.core.management import call_command

    from cspplan.models import Plan
    from public import queries

    call_command("loaddata", "west_lancashire_2011_12", verbosity=0)
    call_command("loaddata", "demo_progress", verbosity=0)
    plan = Plan.objects.get(slug="west-lancashire-2011-12")
    settings.DEFAULT_PARTNERSHIP_SLUG = plan.partnership.slug
    action = plan.objectives.get(number=6).targets.first().actions.first()
    organisation = action.owners.first()
    officer = action.lead_officers.first()
    assert queries.organisation_in_plan(plan, organisation.slug)
    seed_urls = {
        "home": reverse("home"),
        "plan list": reverse("plans:list"),
        "accessibility statement": reverse("accessibility"),
        "plan overview": plan.get_absolute_url(),
        "priorities": reverse("plans:priorities", args=[plan.slug]),
        "priority": plan.priorities.first().get_absolute_url(),
        "objective": plan.objectives.get(number=6).get_absolute_url(),
        "organisation": reverse("plans:organisation", args=[plan.slug, organisation.slug]),
        "officer": reverse("plans:officer", args=[plan.slug, officer.slug]),
    }
    assert seed_urls.keys() == PAGES.keys()
    for page, url in seed_urls.items():
        cache.clear()
        # Cold: home and the plan overview show the same plan's summary, drawn by the first.
        KeptPlanSummary.objects.all().delete()
        with django_assert_num_queries(PAGES[page][1]):
            response = client.get(url)
        assert response.status_code == 200, page
