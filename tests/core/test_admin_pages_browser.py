"""Admin pages this project adds to or changes, in a real browser: the index's notice to a plan
manager of no partnership, the reminders log, and the action list refusing a stale Status
save. Each has no accessibility violations."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actions.models import Action, ActionStatus
from actions.services import set_action_status
from objectives.models import ReminderLog
from tests import factories
from tests.personas import chair, officer_of, plan_manager_of

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def sign_in(page, client, user, live_server):
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_the_index_tells_a_manager_of_no_partnership_what_to_do(
    page, client, live_server, assert_accessible
):
    manager = plan_manager_of(factories.PartnershipFactory(), username="newcomer")
    manager.partnerships.clear()
    sign_in(page, client, manager, live_server)

    page.goto("/admin/")

    assert page.get_by_role("heading", name="You manage no plans yet").is_visible()
    assert page.get_by_text("adds your login (newcomer) under Members").is_visible()
    assert_accessible(page)


def test_the_reminders_log_is_accessible(page, client, live_server, assert_accessible):
    officer = factories.OfficerFactory(name="Andrew Hill")
    # The chair reads the reminders of their own partnership's lead officers.
    action = factories.ActionFactory(lead_officers=[officer])
    ReminderLog.objects.create(
        officer=officer,
        quarter_start=datetime.date(2011, 7, 1),
        sent_at=timezone.now(),
        sent_to=officer.email,
        action_count=2,
    )
    sign_in(page, client, chair(action.target.objective.plan.partnership), live_server)

    page.goto("/admin/objectives/reminderlog/")

    assert page.get_by_role("link", name="Andrew Hill").is_visible()
    assert page.get_by_text("Jul–Sep 2011").first.is_visible()
    assert_accessible(page)


def test_a_stale_status_save_is_refused_accessibly(page, client, live_server, assert_accessible):
    police = factories.OrganisationFactory(name="Police")
    # A plan publishing progress automatically: the other officer's status applies at once.
    action = factories.ActionFactory(
        text="Police patrols",
        owners=[police],
        target__objective__plan__publish_progress_automatically=True,
    )
    sign_in(page, client, officer_of(police, name="Sam Second"), live_server)
    page.goto("/admin/actions/action/")
    assert_accessible(page)

    # Someone else saves the action after the page was loaded.
    other = officer_of(police, username="first", name="Alex First")
    set_action_status(actions=Action.objects.filter(pk=action.pk), by=other, status="completed")
    page.get_by_label("Status of “Police patrols”").select_option("at_risk")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_text("Status: now “Completed” (changed by Alex First)")).to_be_visible()
    assert_accessible(page)
    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETED
