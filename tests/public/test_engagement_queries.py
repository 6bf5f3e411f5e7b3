"""The events, consultations and "you said, we did" lists cost the same number of queries
whatever how many records they show: each is rendered cold for a few records and for ten times
as many, and the count, spelled out, must be the same at both sizes."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from consultation.models import ConsultationQuestion, EventPartner, YouSaidWeDid
from tests import factories

pytestmark = pytest.mark.django_db

SIZES = {"small": 1, "ten times larger": 10}
# The history stamp behind the page cache (public/caching.py), before the page's own queries.
VERSION = 1
# Whether any partnership publishes in Welsh: these lists are site-wide (cspplan/languages.py).
SITE_LANGUAGES = 1


def build(n):
    plan = factories.PlanFactory()
    objectives = [factories.ObjectiveFactory(plan=plan, number=i + 1) for i in range(3)]
    target = factories.TargetFactory(objective=objectives[0])
    organisations = [factories.OrganisationFactory() for _ in range(3)]
    priority = factories.PriorityFactory(plan=plan, theme=factories.PriorityThemeFactory(plan=plan))
    today = timezone.localdate()
    now = timezone.now()
    for i in range(n):
        for offset in (i + 1, -(i + 1)):  # one upcoming, one past
            event = factories.EngagementEventFactory(
                plan=plan, published=True, date=today + datetime.timedelta(days=offset)
            )
            for organisation in organisations:
                EventPartner.objects.create(event=event, organisation=organisation, senior=True)
        for opens, closes in ((-1, 1), (1, 2), (-2, -1)):  # open, coming, closed
            consultation = factories.ConsultationFactory(
                plan=plan,
                opens_at=now + datetime.timedelta(days=opens + i * 3),
                closes_at=now + datetime.timedelta(days=closes + i * 3),
            )
            consultation.objectives.set(objectives)
            consultation.priorities.set([priority])
            ConsultationQuestion.objects.create(consultation=consultation, order=1, text="Q?")
        entry = YouSaidWeDid.objects.create(
            plan=plan, title=f"Invented {i}", slug=f"e{i}", you_said="x", we_did="y", published=True
        )
        entry.objectives.set(objectives)
        entry.events.set([event])
        entry.consultations.set([consultation])
        entry.actions.set([factories.ActionFactory(target=target)])
        entry.feedback.set([factories.FeedbackFactory(plan=plan)])


PAGES = {
    # upcoming events with plan and partnership; their partners present (with organisations);
    # past events; their partners present.
    "events": ("engagement:list", VERSION + SITE_LANGUAGES + 4),
    # the clock (openings and closings passed, a cache-key part); consultations with plan and
    # partnership; their priorities; their objectives.
    "consultations": ("consultations:list", VERSION + SITE_LANGUAGES + 1 + 3),
    # entries with plan, partnership and feedback count; objectives; events; consultations;
    # actions with target, objective and plan.
    "you said, we did": ("you_said_we_did", VERSION + SITE_LANGUAGES + 5),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("page", PAGES)
def test_the_list_costs_a_fixed_number_of_queries(client, django_assert_num_queries, page, size):
    build(SIZES[size])
    name, expected = PAGES[page]
    cache.clear()

    with django_assert_num_queries(expected):
        response = client.get(reverse(name))

    assert response.status_code == 200
    assert "Invented" in response.content.decode() or page != "you said, we did"
