"""/dashboard/<plan>/duties/: the statutory checklist for the plan's managers and chair; fix
links to the admin for its managers only; another partnership's plan is a 404."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from cspplan import roles
from tests import factories
from tests.personas import in_role, officer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return factories.PlanFactory(strategy_group="Invented Strategy Group")


def url(plan):
    return reverse("dashboard:duties", args=[plan.slug])


def test_a_plan_manager_reads_the_checklist_with_links_to_fix_each_gap(client, plan):
    client.force_login(in_role(roles.PLAN_MANAGERS, partnership=plan.partnership))

    response = client.get(url(plan))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Invented Strategy Group" in html
    assert "SI 2007/1830, reg 12(4)" in html
    assert ">Not recorded<" in html
    assert f'href="/admin/cspplan/plan/{plan.pk}/change/"' in html
    assert "To fix" in html


def test_the_chair_reads_it_without_the_admin_links(client, plan):
    client.force_login(in_role(roles.CHAIR, partnership=plan.partnership))

    html = client.get(url(plan)).content.decode()

    assert "Invented Strategy Group" in html
    assert "/admin/cspplan/plan/" not in html
    assert "To fix" not in html


def test_another_partnerships_manager_gets_404_and_an_officer_403(client, plan):
    client.force_login(in_role(roles.PLAN_MANAGERS))
    assert client.get(url(plan)).status_code == 404
    client.force_login(officer_of(factories.OrganisationFactory(), username="officer-x"))
    assert client.get(url(plan)).status_code == 403


def test_the_plans_dashboard_links_to_it(client, plan):
    client.force_login(in_role(roles.CHAIR, partnership=plan.partnership))
    html = client.get(reverse("dashboard:plan", args=[plan.slug])).content.decode()
    assert f'href="{url(plan)}"' in html


def test_the_seed_plans_page_tells_what_the_2011_plan_records(client):
    call_command("loaddata", "west_lancashire_2011_12", verbosity=0)
    plan = factories.Plan.objects.get(slug="west-lancashire-2011-12")
    client.force_login(in_role(roles.CHAIR, partnership=plan.partnership))

    html = client.get(url(plan)).content.decode()

    assert "The plan names West Lancashire Strategic Review Group." in html
    assert "no objective addresses Child Sexual Exploitation and Metal Theft" in html
    assert "Recorded without a date: Face the People and PACT meetings." in html
    assert "Does not apply" in html
