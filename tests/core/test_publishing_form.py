"""Archiving a plan in its own form, rather than with the list's action, keeps the same
publishing record: who archived it and when (issue 13)."""

import pytest
from django.urls import reverse

from cspplan.models import Plan
from tests import factories
from tests.personas import plan_manager_of

pytestmark = pytest.mark.django_db


def rendered_form_data(response):
    """The plan form as the page rendered it, inlines included, ready to post back."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(item) for item in value]
            else:
                data[bound.html_name] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


@pytest.fixture
def manager_client(client):
    partnership = factories.PartnershipFactory(name="Invented Dale CSP", slug="invented-dale")
    client.force_login(plan_manager_of(partnership, username="manager-dale"))
    client.partnership = partnership
    return client


def _save_status(client, plan, status):
    url = reverse("admin:cspplan_plan_change", args=[plan.pk])
    data = rendered_form_data(client.get(url))
    data["status"] = status
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    plan.refresh_from_db()


def test_archiving_in_the_plan_form_records_who_and_when(manager_client):
    plan = factories.PlanFactory(partnership=manager_client.partnership, title="Invented plan")
    manager = plan.partnership.members.get()
    _save_status(manager_client, plan, Plan.Status.ARCHIVED)
    assert plan.status == Plan.Status.ARCHIVED
    assert plan.archived_by == manager and plan.archived_at is not None
    latest = plan.history.order_by("-history_date").first()
    assert (latest.status, latest.archived_by_id) == ("archived", manager.pk)


def test_publishing_an_archived_plan_again_in_the_form_clears_the_archive_record(manager_client):
    plan = factories.PlanFactory(partnership=manager_client.partnership, title="Invented plan")
    first_published = plan.published_at
    plan.archive()
    plan.save()
    _save_status(manager_client, plan, Plan.Status.PUBLISHED)
    assert plan.status == Plan.Status.PUBLISHED and plan.published_at == first_published
    assert plan.archived_at is None and plan.archived_by is None


def test_saving_the_form_without_changing_the_status_keeps_the_record(manager_client):
    plan = factories.PlanFactory(partnership=manager_client.partnership, title="Invented plan")
    plan.archive()
    plan.save()
    archived_at = plan.archived_at
    _save_status(manager_client, plan, Plan.Status.ARCHIVED)
    assert plan.archived_at == archived_at and plan.archived_by is None
