"""The dashboard in a real browser, with the seed plan and the demo progress: signed in through
the admin login form, accessible (axe), and every colour opens to how it was worked out."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from cspplan import roles
from cspplan.models import Partnership
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def chair():
    call_command("loaddata", "west_lancashire_2011_12", "demo_progress", verbosity=0)
    # Transactional tests flush the tables between tests, the roles migration's groups included.
    group, _ = Group.objects.get_or_create(name=roles.CHAIR)
    user = UserFactory(username="chair", is_staff=True, first_name="Pat", last_name="Chair")
    user.groups.add(group)
    # The chair of the seed plan's partnership: a chair reads their own partnership's plans.
    Partnership.objects.get(slug="west-lancashire-csp").members.add(user)
    return user


def sign_in(page, username):
    page.goto("/accounts/login/?next=/dashboard/")
    page.get_by_label("User name or e-mail address").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_the_chair_signs_in_and_reads_an_accessible_truthful_dashboard(
    page, chair, assert_accessible
):
    sign_in(page, "chair")
    page.wait_for_url("**/dashboard/west-lancashire-2011-12/")
    assert page.get_by_role("heading", name="Progress dashboard", level=1).is_visible()
    assert_accessible(page)

    fires = page.get_by_role("row").filter(has_text="Accidental dwelling fires").first
    fires.locator("summary").click()
    assert fires.get_by_text("→").first.is_visible()

    page.get_by_label("Status", exact=True).select_option("not_measured")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**status=not_measured**")
    assert page.get_by_role("link", name="Clear filters").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Clear filters").click()
    page.get_by_role("link", name=re.compile(r"^Objective 6: ")).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Objective 6")
    assert page.locator("img[src^='data:image/svg+xml']").count() >= 1
    assert_accessible(page)

    page.goto("/dashboard/west-lancashire-2011-12/approvals/")
    assert_accessible(page)


def test_a_manager_returns_progress_with_a_reason_and_the_officer_reads_it_accessibly(
    page, client, live_server, assert_accessible
):
    from objectives.models import ApprovalStatus
    from tests import factories
    from tests.personas import officer_of, plan_manager_of

    def sign_in_as(user):
        page.context.clear_cookies()
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        page.context.add_cookies(
            [{"name": "sessionid", "value": cookie.value, "url": live_server.url}]
        )

    police = factories.OrganisationFactory(name="Police")
    measure = factories.MeasureFactory(name="Violent crimes")
    measure.target.owners.set([police])
    officer = officer_of(police, name="Andrew Hill")
    measurement = factories.MeasurementFactory(measure=measure, recorded_by=officer)
    plan = measure.target.objective.plan
    sign_in_as(plan_manager_of(plan.partnership))

    page.goto(f"/dashboard/{plan.slug}/approvals/?confirm=approve-all")
    assert page.get_by_role("button", name="Yes, approve all 1").is_visible()
    assert_accessible(page)

    page.goto(f"/dashboard/{plan.slug}/approvals/")
    page.get_by_role("button", name="Return Violent crimes, Q1 2011/12").click()
    assert page.get_by_role("alert").get_by_text("There is a problem").is_visible()
    note = page.get_by_label("Note for the officer on Violent crimes, Q1 2011/12")
    assert note.get_attribute("aria-invalid") == "true"
    assert page.title().startswith("Error: ")
    assert_accessible(page)

    note.fill("That is the year to date, not the quarter.")
    page.get_by_role("button", name="Return Violent crimes, Q1 2011/12").click()
    assert page.get_by_text("Returned: Violent crimes").is_visible()
    measurement.refresh_from_db()
    assert measurement.status == ApprovalStatus.REJECTED

    sign_in_as(officer)
    page.goto("/my-actions/")
    assert page.get_by_text("That is the year to date, not the quarter.").is_visible()
    assert_accessible(page)
