"""My actions in a real browser: signed in, accessible, and an update saved end to end."""

import pytest

from tests import factories
from tests.personas import officer_of

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def sign_in(page, client, user, live_server):
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_my_actions_is_accessible_and_saves_an_update(page, client, live_server,
                                                      assert_accessible):  # fmt: skip
    police = factories.OrganisationFactory(name="Police")
    target = factories.TargetFactory(objective__title="Reduce Violent Crime")
    target.owners.set([police])
    action = factories.ActionFactory(target=target, text="Night Time Economy patrols",
                                     owners=[police])  # fmt: skip
    factories.MeasureFactory(target=target, name="Violent crimes")
    officer = officer_of(police, name="Andrew Hill")
    sign_in(page, client, officer, live_server)

    page.goto("/my-actions/")
    assert page.get_by_role("heading", name="My actions", level=1).is_visible()
    assert page.get_by_text("No update this quarter").first.is_visible()
    assert_accessible(page)

    form = page.get_by_role("form", name="Update on action Night Time Economy patrols")
    form.get_by_label("Status").select_option("at_risk")
    form.get_by_label("Progress note").fill("Two operations postponed.")
    form.get_by_role("button", name="Save update").click()

    page.wait_for_url("**/my-actions/#action-*")
    assert page.get_by_text("Update saved for").is_visible()
    assert action.updates.get().note == "Two operations postponed."
    assert_accessible(page)
