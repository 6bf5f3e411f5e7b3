"""The site serves real pages; drafts stay hidden from the public."""

import pytest
from django.urls import reverse

from tests import factories
from tests.personas import plan_manager_of

pytestmark = pytest.mark.django_db


def test_home_page_without_a_plan_says_so(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"No plan published yet" in response.content


def test_home_page_shows_the_default_partnerships_plan(client, settings):
    plan = factories.PlanFactory(partnership__slug="west-lancashire-csp")
    factories.ObjectiveFactory(plan=plan, number=1, title="Reduce Re-offending")
    settings.DEFAULT_PARTNERSHIP_SLUG = "west-lancashire-csp"
    response = client.get("/")
    assert response.status_code == 200
    assert "Objective 1: Reduce Re-offending" in response.text


def test_a_draft_plan_is_404_to_the_public(client):
    plan = factories.PlanFactory(draft=True)
    assert client.get(reverse("plans:detail", args=[plan.slug])).status_code == 404


def test_staff_preview_a_draft_under_a_banner(client):
    plan = factories.PlanFactory(draft=True)
    client.force_login(plan_manager_of(plan.partnership))
    response = client.get(reverse("plans:detail", args=[plan.slug]))
    assert response.status_code == 200
    assert "Draft" in response.text


def test_health_check_reports_the_database(client):
    assert client.get("/healthz").json()["checks"]["database"] == "ok"


@pytest.mark.browser
def test_home_page_is_accessible_in_chromium(page, assert_accessible):
    plan = factories.PlanFactory(partnership__slug="west-lancashire-csp")
    factories.ObjectiveFactory(plan=plan, number=1, title="Reduce Re-offending")
    page.goto("/")
    assert page.get_by_role("heading", level=1).count() == 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    assert_accessible(page)
