"""The admin's "Start next year's plan" page (dashboard/rollover_views.py), behind the plan list's
rollover action; what the rollover copies is tested with its rule
(tests/progress/test_rollover.py)."""

import datetime

import pytest
from django.urls import reverse

from actions.models import Action, ActionStatus
from cspplan.models import Plan
from tests import factories
from tests.personas import chair, plan_manager_of

pytestmark = pytest.mark.django_db


def _plan_with_an_open_action():
    """An invented plan: one row, one open action due in its year."""
    plan = factories.PlanFactory(title="Invented Plan 2011 to 2012", slug="invented-2011-12")
    objective = factories.ObjectiveFactory(plan=plan, number=1, title="Fewer invented fires")
    target = factories.TargetFactory(objective=objective, order=1, wording="Fewer fires")
    factories.ActionFactory(
        target=target,
        text="Invented open action",
        status=ActionStatus.ON_TRACK,
        due_date=datetime.date(2011, 7, 31),
    )
    return plan


def test_a_plan_manager_rolls_over_from_the_admin_action(client):
    plan = _plan_with_an_open_action()
    manager = plan_manager_of(plan.partnership)
    client.force_login(manager)
    response = client.post(
        reverse("admin:cspplan_plan_changelist"),
        {"action": "roll_over", "_selected_action": [plan.pk]},
    )
    form_url = reverse("rollover:form", args=[plan.pk])
    assert form_url == f"/admin/cspplan/plan/rollover/{plan.pk}/"  # the address it always had
    assert response.status_code == 302 and response["Location"] == form_url
    page = client.get(form_url).content.decode()
    assert 'value="Invented Plan 2012 to 2013"' in page  # the title, a year on
    assert 'value="2012-04-01"' in page and 'value="2013-03-31"' in page
    assert "Clear them, for me to set each one" in page  # the due dates: the manager's choice
    response = client.post(
        form_url,
        {
            "title": "Invented Plan 2012 to 2013",
            "period_start": "2012-04-01",
            "period_end": "2013-03-31",
            "target_label": "",
            "due_dates": "clear",
        },
    )
    new = Plan.objects.get(title="Invented Plan 2012 to 2013")
    assert response.status_code == 302
    assert Action.objects.for_plan(new).count() == 1
    assert not Action.objects.for_plan(new).exclude(due_date=None).exists()
    assert response["Location"] == reverse("admin:cspplan_plan_change", args=[new.pk])
    assert new.status == Plan.Status.DRAFT
    assert new.history.first().history_user == manager


def test_only_the_plans_manager_may_roll_it_over(client):
    plan = _plan_with_an_open_action()
    form_url = reverse("rollover:form", args=[plan.pk])
    client.force_login(plan_manager_of(factories.PartnershipFactory(), username="elsewhere"))
    assert client.get(form_url).status_code == 404
    client.force_login(chair())
    assert client.get(form_url).status_code == 403
