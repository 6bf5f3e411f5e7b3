"""Staff find their pages (issue 11, finding 3): one staff header by role on the admin and every
staff page, the admin named for the product and greeting people by name, a way back from the
public pages, and each role landing on its own home after signing in."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests import factories
from tests.personas import chair, officer_of, plan_manager_of

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def plan(settings):
    partnership = factories.PartnershipFactory(
        name="West Lancashire Community Safety Partnership", slug="west-lancashire-csp"
    )
    settings.DEFAULT_PARTNERSHIP_SLUG = partnership.slug
    plan = factories.PlanFactory(partnership=partnership, slug="west-lancashire-2011-12")
    factories.ObjectiveFactory(plan=plan, number=1)
    return plan


@pytest.fixture
def fire_service():
    return factories.OrganisationFactory(name="Lancashire Fire and Rescue Service")


def staff_links(html):
    """The staff header's links as {text: href}."""
    match = re.search(r'<nav class="staff-nav" aria-label="Staff">(.*?)</nav>', html, re.S)
    assert match, "no staff header on the page"
    return {
        text: href
        for href, text in re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', match.group(1))
    }


def page_as(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.text


# --- The staff header, by role -----------------------------------------------------------------


def test_an_officer_sees_admin_my_actions_and_the_public_site(client, plan, fire_service):
    links = staff_links(page_as(client, officer_of(fire_service), reverse("admin:index")))
    assert links == {
        "Admin": "/admin/",
        "My actions": "/my-actions/",
        "Your e-mails": "/notices/",
        "Public site": "/",
    }


def test_the_chair_sees_the_dashboard_queue_and_report_but_not_my_actions(client, plan):
    links = staff_links(page_as(client, chair(plan.partnership), reverse("admin:index")))
    assert links == {
        "Admin": "/admin/",
        "Dashboard": "/dashboard/",
        "Approval queue": f"/dashboard/{plan.slug}/approvals/",
        "Board report (PDF)": f"/dashboard/{plan.slug}/report.pdf",
        "Your e-mails": "/notices/",
        "Public site": "/",
    }


def test_a_plan_manager_sees_every_staff_page(client, plan):
    links = staff_links(page_as(client, plan_manager_of(plan.partnership), reverse("admin:index")))
    assert list(links) == [
        "Admin",
        "Dashboard",
        "Approval queue",
        "Board report (PDF)",
        "Your e-mails",
        "Public site",
    ]


def test_a_plan_manager_who_is_an_officer_also_sees_my_actions(client, plan, fire_service):
    manager = plan_manager_of(plan.partnership)
    factories.OfficerFactory(user=manager, organisation=fire_service)
    links = staff_links(page_as(client, manager, reverse("admin:index")))
    assert "My actions" in links and "Dashboard" in links


def test_the_queue_and_report_links_follow_the_plan_the_page_shows(client, plan):
    older = factories.PlanFactory(partnership=plan.partnership, slug="older-plan", draft=True)
    factories.ObjectiveFactory(plan=older, number=1)
    html = page_as(client, chair(plan.partnership), reverse("dashboard:plan", args=[older.slug]))
    assert staff_links(html)["Approval queue"] == f"/dashboard/{older.slug}/approvals/"
    # Elsewhere, the plan the dashboard opens with (the published one).
    html = client.get(reverse("admin:index")).text
    assert staff_links(html)["Approval queue"] == f"/dashboard/{plan.slug}/approvals/"


def test_every_staff_page_carries_the_header_and_marks_where_you_are(client, plan, fire_service):
    manager = plan_manager_of(plan.partnership)
    factories.OfficerFactory(user=manager, organisation=fire_service)
    action = factories.ActionFactory(target__objective=plan.objectives.get(), owners=[fire_service])
    client.force_login(manager)
    current = {
        reverse("admin:index"): "Admin",
        reverse("admin:actions_action_changelist"): "Admin",
        reverse("admin:actions_action_change", args=[action.pk]): "Admin",
        reverse("my_actions:index"): "My actions",
        reverse("dashboard:plan", args=[plan.slug]): "Dashboard",
        reverse("dashboard:objective", args=[plan.slug, 1]): "Dashboard",
        reverse("dashboard:approvals", args=[plan.slug]): "Approval queue",
        reverse("staff_notices:preferences"): "Your e-mails",
    }
    for url, where in current.items():
        html = client.get(url).text
        links = staff_links(html)
        assert set(links) >= {"Admin", "My actions", "Dashboard", "Approval queue"}, url
        marked = re.findall(r'aria-current="(?:page|true)">([^<]*)</a>', html)
        assert where in marked, f"{url}: {marked}"


def test_the_admin_index_links_to_the_staff_pages(client, plan):
    html = page_as(client, plan_manager_of(plan.partnership), reverse("admin:index"))
    for href in (
        reverse("dashboard:index"),
        reverse("dashboard:approvals", args=[plan.slug]),
        reverse("dashboard:report_pdf", args=[plan.slug]),
    ):
        assert f'href="{href}"' in html


# --- The admin's name and greeting -----------------------------------------------------------


def test_the_admin_names_the_product_and_the_partnership(client, plan):
    html = page_as(client, chair(plan.partnership), reverse("admin:index"))
    assert "cspplan — West Lancashire Community Safety Partnership Plan</a>" in html
    assert "Django administration" not in html
    assert "<title>Plan administration | cspplan</title>" in html


def test_the_sign_in_page_names_the_product_too(client, plan):
    html = client.get(reverse("account_login")).text
    assert "<title>Sign in – cspplan</title>" in html
    assert "Django administration" not in html


def test_the_admin_greets_an_officer_by_their_officer_name(client, plan, fire_service):
    user = officer_of(fire_service, username="DEMO", name="John Buck")
    user.first_name, user.last_name = "Demo", "Officer"
    user.save()
    html = page_as(client, user, reverse("admin:index"))
    assert "Welcome, <strong>John Buck</strong>." in html
    assert "<strong>DEMO</strong>" not in html


def test_the_admin_greets_others_by_their_full_name_else_their_login(client, plan):
    named = chair(username="DEMO")
    named.first_name, named.last_name = "Dana", "Chair"
    named.save()
    assert "Welcome, <strong>Dana Chair</strong>." in page_as(client, named, "/admin/")
    unnamed = plan_manager_of(plan.partnership, username="mgr")
    assert "Welcome, <strong>mgr</strong>." in page_as(client, unnamed, "/admin/")


def test_staff_pages_greet_by_the_same_name(client, plan, fire_service):
    html = page_as(client, officer_of(fire_service, name="John Buck"), reverse("my_actions:index"))
    assert "Signed in as <strong>John Buck</strong>" in html


# --- Public pages: the way back, never cached for residents ----------------------------------


def signed_in_strip(html):
    return re.search(r'<div class="signed-in-strip[^"]*">(.*?)</div>', html, re.S)


def test_a_signed_in_officer_on_a_public_page_sees_their_name_and_the_way_back(
    client, plan, fire_service
):
    html = page_as(client, officer_of(fire_service, name="John Buck"), plan.get_absolute_url())
    strip = signed_in_strip(html)
    assert strip, "no signed-in strip"
    text = re.sub(r"<[^>]+>", "", strip.group(1))
    assert " ".join(text.split()) == "Signed in as John Buck · Staff pages"
    assert 'href="/my-actions/">Staff pages</a>' in strip.group(1)


def test_the_chairs_staff_pages_link_goes_to_the_dashboard(client, plan):
    strip = signed_in_strip(page_as(client, chair(plan.partnership), "/"))
    assert 'href="/dashboard/">Staff pages</a>' in strip.group(1)


def test_an_anonymous_visitor_sees_no_strip(client, plan):
    html = client.get("/").text
    assert not signed_in_strip(html)
    assert "Signed in as" not in html


@pytest.mark.parametrize("url", ["/", "/plans/", "/plans/west-lancashire-2011-12/objectives/1/"])
def test_a_visitor_after_a_signed_in_officer_never_gets_their_name(client, plan, fire_service, url):
    """The page cache (cspplan/caching.py, ``public_page``) must never store what a signed-in
    user was shown: the next anonymous visitor would get their name."""
    officer = officer_of(fire_service, name="Jo Privatename")
    client.force_login(officer)
    signed_in = client.get(url)
    assert "Jo Privatename" in signed_in.text
    assert "no-store" in signed_in["Cache-Control"]

    client.logout()
    first = client.get(url)
    again = client.get(url)  # now from the cache, if the first was stored
    for response in (first, again):
        assert response.status_code == 200
        assert "Jo Privatename" not in response.text
        assert "Signed in as" not in response.text


def test_a_signed_in_officer_after_a_visitor_is_not_served_the_cached_copy(
    client, plan, fire_service
):
    client.get("/")
    client.get("/")  # cached for residents
    client.force_login(officer_of(fire_service, name="Jo Privatename"))
    assert "Signed in as <strong>Jo Privatename</strong>" in client.get("/").text


# --- Signing in lands on each role's home ------------------------------------------------------


def sign_in(client, user, query=""):
    return client.post(
        reverse("account_login") + query, {"login": user.username, "password": PASSWORD}
    )


def landing(client, response):
    """Follow the redirects after signing in; the path the user ends on."""
    assert response.status_code == 302, response.content[:500]
    location = response["Location"]
    while True:
        followed = client.get(location)
        if followed.status_code != 302:
            return location
        location = followed["Location"]


def test_the_login_form_asks_for_no_next_page_unless_the_address_did(client, plan):
    assert 'name="next"' not in client.get(reverse("account_login")).text
    html = client.get(reverse("account_login") + "?next=/dashboard/").text
    assert '<input type="hidden" name="next" value="/dashboard/">' in html


def test_the_chair_lands_on_the_dashboard(client, plan):
    response = sign_in(client, chair(plan.partnership))
    assert landing(client, response) == reverse("dashboard:plan", args=[plan.slug])


def test_an_officer_lands_on_my_actions(client, plan, fire_service):
    response = sign_in(client, officer_of(fire_service))
    assert landing(client, response) == reverse("my_actions:index")


def test_a_plan_manager_lands_on_the_admin(client, plan):
    response = sign_in(client, plan_manager_of(plan.partnership))
    assert landing(client, response) == reverse("admin:index")


def test_next_still_wins(client, plan, fire_service):
    response = sign_in(client, chair(plan.partnership), "?next=/admin/cspplan/plan/")
    assert response["Location"] == "/admin/cspplan/plan/"
    client.logout()
    response = sign_in(client, officer_of(fire_service), "?next=/admin/")
    assert response["Location"] == "/admin/"


def test_the_staff_home_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("staff_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
