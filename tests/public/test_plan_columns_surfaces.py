"""A plan's own columns (issue 23) reach every public surface the same: the objective page, the
open-data JSON and the API show each value as written, a money value with its amount; a link as
a link; a draft plan's columns nowhere."""

import pytest
from django.urls import reverse

from actions.models import ActionColumnValue, TargetColumnValue
from objectives.plan_columns import PlanColumn
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = factories.PlanFactory(target_label="March 2012")
    objective = factories.ObjectiveFactory(plan=plan, number=1)
    target = factories.TargetFactory(objective=objective)
    action = factories.ActionFactory(target=target)
    money = PlanColumn.objects.create(plan=plan, name="Resource Requirement", kind="money")
    link = PlanColumn.objects.create(plan=plan, name="Legislation", kind="link", order=2)
    review = PlanColumn.objects.create(
        plan=plan, name="Reviewed by", kind="text", order=3, applies_to="targets"
    )
    ActionColumnValue.objects.create(action=action, column=money, text="£5,000 (CDRP fund)")
    ActionColumnValue.objects.create(
        action=action, column=link, text="https://example.org/invented-act"
    )
    TargetColumnValue.objects.create(target=target, column=review, text="Invented board")
    plan.action, plan.target = action, target
    return plan


def test_the_objective_page_shows_each_value_a_link_as_a_link(client, plan):
    page = client.get(reverse("plans:objective", args=[plan.slug, 1])).content.decode()
    assert "<dt>Resource Requirement</dt><dd>£5,000 (CDRP fund)</dd>" in page
    assert '<a href="https://example.org/invented-act">https://example.org/invented-act</a>' in page
    assert "<dt>Reviewed by</dt><dd>Invented board</dd>" in page


def test_the_open_data_json_has_the_columns_and_each_records_values(client, plan):
    data = client.get(reverse("plans:delivery_plan_json", args=[plan.slug])).json()
    assert [(c["name"], c["kind"], c["applies_to"]) for c in data["plan"]["columns"]] == [
        ("Resource Requirement", "money", "actions"),
        ("Legislation", "link", "actions"),
        ("Reviewed by", "text", "targets"),
    ]
    target = data["objectives"][0]["targets"][0]
    assert target["columns"] == [
        {"column": "Reviewed by", "text": "Invented board", "amount": None, "date": None}
    ]
    assert target["actions"][0]["columns"][0] == {
        "column": "Resource Requirement",
        "text": "£5,000 (CDRP fund)",
        "amount": "5000",
        "date": None,
    }


def test_the_api_adds_the_values_beside_the_existing_fields(client, plan):
    action = client.get(reverse("api:action", args=[plan.action.pk])).json()
    assert action["text"] == plan.action.text  # the existing fields are as they were
    assert action["columns"] == [
        {
            "column": "Resource Requirement",
            "kind": "money",
            "text": "£5,000 (CDRP fund)",
            "amount": "5000",
            "date": None,
        },
        {
            "column": "Legislation",
            "kind": "link",
            "text": "https://example.org/invented-act",
            "amount": None,
            "date": None,
        },
    ]
    target = client.get(reverse("api:target", args=[plan.target.pk])).json()
    assert [value["text"] for value in target["columns"]] == ["Invented board"]


def test_a_draft_plans_values_are_on_no_public_surface(client, plan):
    plan.status = plan.Status.DRAFT
    plan.published_at = None
    plan.save()
    assert client.get(reverse("api:action", args=[plan.action.pk])).status_code == 404
    assert client.get(reverse("plans:delivery_plan_json", args=[plan.slug])).status_code == 404
