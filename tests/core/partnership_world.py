"""Two invented partnerships for the tests of issue 10's partnership boundary: "Ashdown Vale
CSP" (A) and "Brindle Moor CSP" (B), each with a draft plan, an objective and a target row and
action owned by an invented police force, their plan managers, and the chair of A."""

import pytest
from django.urls import reverse

from tests import factories
from tests.personas import chair, plan_manager_of


def _side(name, slug, police):
    partnership = factories.PartnershipFactory(name=f"{name} CSP", short_name=name, slug=slug)
    plan = factories.PlanFactory(
        partnership=partnership, draft=True, title=f"{name} draft plan", slug=f"{slug}-plan"
    )
    objective = factories.ObjectiveFactory(plan=plan, number=1, title=f"{name} objective")
    target = factories.TargetFactory(objective=objective, order=1, wording=f"{name} target")
    target.owners.set([police])
    action = factories.ActionFactory(target=target, order=1, text=f"{name} patrols")
    action.owners.set([police])
    return {
        "partnership": partnership,
        "plan": plan,
        "objective": objective,
        "target": target,
        "action": action,
    }


@pytest.fixture
def world():
    """A and B, their plan managers, the chair of A and two invented agencies."""
    police = factories.OrganisationFactory(name="Invented Constabulary", slug="invented-police")
    fire = factories.OrganisationFactory(name="Invented Fire Service", slug="invented-fire")
    a = _side("Ashdown Vale", "ashdown-vale", police)
    b = _side("Brindle Moor", "brindle-moor", police)
    return {
        "police": police,
        "fire": fire,
        "a": a,
        "b": b,
        "manager_a": plan_manager_of(a["partnership"], username="manager-a"),
        "manager_b": plan_manager_of(b["partnership"], username="manager-b"),
        "chair_a": chair(a["partnership"], username="chair-a"),
    }


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def add_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def form_errors(response):
    return response.context["adminform"].form.errors


def action_data(action, **changes):
    return {
        "target": action.target_id,
        "order": action.order,
        "text": action.text,
        "due_date": "",
        "due_wording": "",
        "status": action.status,
        "owners": [owner.pk for owner in action.owners.all()],
        "owner_wording": "",
        "lead_officer_wording": "",
        "funding_wording": "",
        "loaded_version": action.version,
        "updates-TOTAL_FORMS": 0,
        "updates-INITIAL_FORMS": 0,
        "milestones-TOTAL_FORMS": 0,
        "milestones-INITIAL_FORMS": 0,
        **changes,
    }
