"""Who changed what and when, in the admin history, with revert."""

import pytest
from django.urls import reverse

from actions.models import ActionStatus
from tests import factories
from tests.personas import officer_of, plan_manager_of

pytestmark = pytest.mark.django_db


def post_update(client, action, status, note):
    prefix = f"action-{action.pk}"
    return client.post(
        "/my-actions/",
        {
            "item": prefix,
            f"{prefix}-status": status,
            f"{prefix}-note": note,
            f"{prefix}-version": action.version,
        },
    )


def test_an_officers_update_on_my_actions_shows_in_the_admin_history_with_their_name(client):
    police = factories.OrganisationFactory(name="Police")
    plan = factories.PlanFactory(publish_progress_automatically=True)
    action = factories.ActionFactory(target__objective__plan=plan, owners=[police])
    officer = officer_of(police, username="ahill", name="Andrew Hill")
    client.force_login(officer)
    assert post_update(client, action, "completed", "All done.").status_code == 302

    manager = plan_manager_of(plan.partnership)
    client.force_login(manager)
    page = client.get(reverse("admin:actions_action_history", args=[action.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Andrew Hill" in html
    assert "completed" in html.lower()
    latest = action.history.first()
    assert (latest.history_user, latest.status) == (officer, ActionStatus.COMPLETED)


def test_a_submitted_update_has_its_own_history_in_the_officers_name(client):
    police = factories.OrganisationFactory(name="Police")
    action = factories.ActionFactory(owners=[police])
    officer = officer_of(police, username="ahill", name="Andrew Hill")
    client.force_login(officer)
    post_update(client, action, "at_risk", "Delayed by the summer.")

    update = action.updates.get()
    client.force_login(plan_manager_of(action.target.objective.plan.partnership))
    page = client.get(reverse("admin:actions_actionupdate_history", args=[update.pk]))
    assert "Andrew Hill" in page.content.decode()


def test_a_plan_manager_reverts_an_action_to_an_earlier_version(client):
    police = factories.OrganisationFactory(name="Police")
    action = factories.ActionFactory(owners=[police], text="Original words")
    manager = plan_manager_of(action.target.objective.plan.partnership)
    original = action.history.first()
    action.text = "Changed words"
    action.version += 1
    action.save()

    client.force_login(manager)
    url = reverse("admin:actions_action_simple_history", args=[action.pk, original.history_id])
    form = client.get(url).context["adminform"].form
    data = {
        name: (value.pk if hasattr(value, "pk") else value)
        for name, value in form.initial.items()
        if value is not None and name not in {"owners", "lead_officers", "funding_sources"}
    }
    data.update(
        {
            "owners": [police.pk],
            "updates-TOTAL_FORMS": 0,
            "updates-INITIAL_FORMS": 0,
            "milestones-TOTAL_FORMS": 0,
            "milestones-INITIAL_FORMS": 0,
        }
    )
    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    action.refresh_from_db()
    assert action.text == "Original words"
    assert action.version == 3
