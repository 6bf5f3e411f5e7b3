"""The statutory checklist in a real browser: the seed plan's page, reached from the dashboard,
accessible (axe) and readable at 320 px."""

import pytest
from django.core.management import call_command

from cspplan.models import Partnership
from tests.personas import plan_manager_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_plan_manager_opens_the_checklist_from_the_dashboard(
    page, client, live_server, assert_accessible
):
    call_command("loaddata", "west_lancashire_2011_12", verbosity=0)
    manager = plan_manager_of(Partnership.objects.get(slug="west-lancashire-csp"))
    client.force_login(manager)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])

    page.goto(f"{live_server.url}/dashboard/west-lancashire-2011-12/")
    page.get_by_role("link", name="Statutory duties checklist").click()

    assert page.get_by_role("heading", name="Statutory duties", level=1).is_visible()
    row = page.get_by_role("row").filter(has_text="sent to the Police and Crime Commissioner")
    assert "Does not apply" in row.inner_text()
    assert page.get_by_role("link", name="Child Sexual Exploitation").is_visible()
    assert_accessible(page)

    page.set_viewport_size({"width": 320, "height": 640})
    assert_accessible(page)
