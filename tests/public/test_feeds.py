"""Atom feeds of approved progress: public, published plans only, no personal data."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import ActionStatus
from objectives.figures import long_date
from objectives.models import ApprovalStatus
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    MeasureFactory,
    MeasurementFactory,
    ObjectiveFactory,
    OrganisationFactory,
    PlanFactory,
    UserFactory,
)
from tests.personas import plan_manager_of

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
            "summary": entry.findtext(f"{ATOM}summary"),
            "id": entry.findtext(f"{ATOM}id"),
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


def approved(factory, minutes_ago, **kwargs):
    field = "status" if factory is MeasurementFactory else "approval"
    return factory(
        **{field: ApprovalStatus.APPROVED},
        approved_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        **kwargs,
    )


@pytest.fixture
def plan():
    plan = PlanFactory(slug="west-lancs")
    fires = ObjectiveFactory(plan=plan, number=6, title="Reduce fires")
    measure = MeasureFactory(target__objective=fires, name="Accidental dwelling fires")
    measure.target.owners.add(OrganisationFactory(name="Lancashire Fire and Rescue Service"))
    approved(MeasurementFactory, 10, measure=measure, value=Decimal("17"), note="Down on 2010.")
    officer = UserFactory(username="ahill", email="andrew.hill@police.example.org")
    action = ActionFactory(target__objective=fires, owners=[OrganisationFactory(name="Police")])
    approved(
        ActionUpdateFactory,
        5,
        action=action,
        status=ActionStatus.COMPLETED,
        note="Delivered <b>on time</b>.",
        author=officer,
        author_name="",
    )
    ActionUpdateFactory(action=action, note="Not yet approved")
    other = ObjectiveFactory(plan=plan, number=7)
    approved(
        ActionUpdateFactory,
        1,
        action__target__objective=other,
        author_name="Inspector Smith",
        note="Casualty work under way.",
    )
    return plan


def test_the_plan_feed_lists_approved_progress_newest_first(client, plan):
    items = entries(client.get(reverse("plans:updates_feed", args=[plan.slug])))
    # Recorded today for 30 June 2011: the entry names both days (ActionUpdate.dated).
    sent = f"sent {long_date(timezone.localdate())}"
    assert [i["summary"] for i in items] == [
        "<p>Casualty work under way.</p>\n\n"
        f"<p>Status: On track (update for 30 June 2011, {sent}).</p>",
        "<p>Delivered &lt;b&gt;on time&lt;/b&gt;.</p>\n\n"
        f"<p>Status: Completed (update for 30 June 2011, {sent}).</p>",
        "<p>Accidental dwelling fires: 17 for Q1 2011/12.</p>\n\n<p>Down on 2010.</p>\n\n"
        "<p>Source: Test data.</p>",
    ]
    assert items[2]["title"] == "Objective 6: Accidental dwelling fires – 17 (Q1 2011/12)"
    assert items[0]["id"].startswith("urn:uuid:")


def test_authors_are_the_public_name_or_the_agency_never_a_login_or_email(client, plan):
    response = client.get(reverse("plans:updates_feed", args=[plan.slug]))
    assert [i["author"] for i in entries(response)] == [
        "Inspector Smith",
        "Police",
        "Lancashire Fire and Rescue Service",
    ]
    assert b"andrew.hill@" not in response.content
    assert b"ahill" not in response.content
    assert b"Not yet approved" not in response.content


def test_the_objective_feed_has_only_that_objectives_progress(client, plan):
    response = client.get(reverse("plans:objective_updates_feed", args=[plan.slug, 6]))
    assert len(entries(response)) == 2
    assert b"Casualty work" not in response.content
    missing = reverse("plans:objective_updates_feed", args=[plan.slug, 99])
    assert client.get(missing).status_code == 404


def test_a_draft_plan_has_no_feed(client):
    draft = PlanFactory(draft=True)
    assert client.get(reverse("plans:updates_feed", args=[draft.slug])).status_code == 404
    ObjectiveFactory(plan=draft, number=1)
    url = reverse("plans:objective_updates_feed", args=[draft.slug, 1])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("size", [1, 6])
def test_the_feed_costs_the_same_number_of_queries_at_any_size(
    client, size, django_assert_num_queries
):
    plan = PlanFactory()
    for _ in range(size):
        measure = MeasureFactory(target__objective__plan=plan)
        measure.target.owners.add(OrganisationFactory())
        approved(MeasurementFactory, 3, measure=measure)
        approved(ActionUpdateFactory, 2, action__target__objective__plan=plan)
    # plan; measurements, their rows' owners; updates, their actions' owners, their milestones
    # (each action's state reads them).
    with django_assert_num_queries(6):
        response = client.get(reverse("plans:updates_feed", args=[plan.slug]))
    assert len(entries(response)) == 2 * size


def test_residents_can_find_the_feeds_from_the_plan_and_objective_pages(client):
    objective = ObjectiveFactory(number=4)
    plan = objective.plan
    plan_feed = reverse("plans:updates_feed", args=[plan.slug])
    objective_feed = reverse("plans:objective_updates_feed", args=[plan.slug, 4])

    plan_page = client.get(reverse("plans:detail", args=[plan.slug])).text
    objective_page = client.get(reverse("plans:objective", args=[plan.slug, 4])).text

    # Feed readers discover them from <link rel="alternate">; people from a visible link.
    assert f'type="application/atom+xml" href="{plan_feed}"' in plan_page
    assert f'<a href="{plan_feed}">' in plan_page
    assert f'type="application/atom+xml" href="{objective_feed}"' in objective_page
    assert f'<a href="{objective_feed}">Follow progress on this objective</a>' in objective_page


def test_a_staff_preview_of_a_draft_links_no_feed(client):
    objective = ObjectiveFactory(number=1, plan=PlanFactory(draft=True))
    client.force_login(plan_manager_of(objective.plan.partnership))
    page = client.get(reverse("plans:objective", args=[objective.plan.slug, 1])).text
    assert "application/atom+xml" not in page and "Follow progress" not in page
