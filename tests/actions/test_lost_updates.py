"""Two people edit the same action: the second save is refused, saying what changed."""

import pytest
from django.urls import reverse

from actions.models import ActionStatus
from actions.services import StaleEditError, record_action_update
from tests import factories
from tests.personas import officer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def action_and_officers():
    police = factories.OrganisationFactory(name="Police")
    plan = factories.PlanFactory(publish_progress_automatically=True)
    action = factories.ActionFactory(
        target__objective__plan=plan, text="Police patrols", owners=[police]
    )
    first = officer_of(police, username="first", name="Alex First")
    second = officer_of(police, username="second", name="Sam Second")
    return action, first, second


def loaded_form(client, user, action):
    """Open the admin change form as ``user`` and return the data it would post back."""
    client.force_login(user)
    page = client.get(reverse("admin:actions_action_change", args=[action.pk])).context
    form = page["adminform"].form
    # Every inline on the page (updates, milestones, the plan's own columns) posts back its
    # management form as the browser would, with no rows changed.
    inlines = {}
    for inline in page["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        inlines |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return {
        "status": form.initial["status"],
        "due_date": "",
        "loaded_version": form.initial["loaded_version"],
        **inlines,
    }


def test_the_second_of_two_admin_saves_is_refused_with_what_changed(client, action_and_officers):
    action, first, second = action_and_officers
    url = reverse("admin:actions_action_change", args=[action.pk])
    first_form = loaded_form(client, first, action)
    second_form = loaded_form(client, second, action)

    client.force_login(first)
    assert client.post(url, {**first_form, "status": "completed"}).status_code == 302
    client.force_login(second)
    response = client.post(url, {**second_form, "status": "at_risk"})

    assert response.status_code == 200
    message = " ".join(response.context["adminform"].form.non_field_errors())
    assert "changed by someone else after you opened it" in message
    assert "Status: now “Completed” (changed by Alex First), yours “At risk”" in message
    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETED
    assert action.version == 2


def test_saving_again_after_reloading_succeeds(client, action_and_officers):
    action, first, second = action_and_officers
    url = reverse("admin:actions_action_change", args=[action.pk])
    client.force_login(first)
    client.post(url, {**loaded_form(client, first, action), "status": "completed"})

    reloaded = loaded_form(client, second, action)
    assert client.post(url, {**reloaded, "status": "at_risk"}).status_code == 302
    action.refresh_from_db()
    assert (action.status, action.version) == (ActionStatus.AT_RISK, 3)


def test_the_second_of_two_my_actions_updates_is_refused(client, action_and_officers):
    action, first, second = action_and_officers
    url = reverse("my_actions:index")
    prefix = f"action-{action.pk}"
    posted = {
        "item": prefix,
        f"{prefix}-status": "completed",
        f"{prefix}-note": "Done.",
        f"{prefix}-version": action.version,
    }
    client.force_login(first)
    assert client.post(url, posted).status_code == 302

    client.force_login(second)
    response = client.post(
        url, {**posted, f"{prefix}-status": "off_track", f"{prefix}-note": "Late."}
    )

    assert response.status_code == 400
    assert "changed by someone else after you opened it" in response.content.decode()
    assert "now “Completed” (changed by Alex First)" in response.content.decode()
    assert list(action.updates.values_list("note", flat=True)) == ["Done."]


def test_the_service_refuses_an_update_made_against_an_old_version(action_and_officers):
    action, first, second = action_and_officers
    record_action_update(
        action=action, by=first, status="completed", note="Done.", expected_version=1
    )
    with pytest.raises(StaleEditError) as stale:
        record_action_update(
            action=action, by=second, status="at_risk", note="Late.", expected_version=1
        )
    assert [change.field for change in stale.value.changes] == ["Status"]
    assert action.updates.count() == 1


def rendered_again(response) -> dict:
    """What the refused change form, as shown again, would post."""
    form = response.context["adminform"].form
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    for name in form.fields:
        value = form[name].value()
        if value is not None:
            data[name] = value
    return data


def test_saving_the_refused_form_again_applies_the_editors_change_knowingly(
    client, action_and_officers
):
    action, first, second = action_and_officers
    url = reverse("admin:actions_action_change", args=[action.pk])
    first_form = loaded_form(client, first, action)
    second_form = loaded_form(client, second, action)
    client.force_login(first)
    client.post(url, {**first_form, "status": "completed", "due_date": "2011-07-31"})
    client.force_login(second)
    refused = client.post(url, {**second_form, "status": "at_risk"})

    again = rendered_again(refused)
    assert client.post(url, again).status_code == 302

    action.refresh_from_db()
    # The editor's status, and the due date they never touched left as the first saved it.
    assert (action.status, str(action.due_date), action.version) == (
        ActionStatus.AT_RISK,
        "2011-07-31",
        3,
    )


def test_a_refused_managers_form_keeps_the_owners_and_words_someone_else_changed(client):
    from tests.personas import plan_manager_of

    police = factories.OrganisationFactory(name="Police")
    fire = factories.OrganisationFactory(name="Fire and Rescue")
    action = factories.ActionFactory(text="Police patrols", owners=[police])
    partnership = action.target.objective.plan.partnership
    first = plan_manager_of(partnership, username="first-manager")
    second = plan_manager_of(partnership, username="second-manager")
    url = reverse("admin:actions_action_change", args=[action.pk])

    def loaded(user):
        client.force_login(user)
        return rendered_again(client.get(url))

    first_form, second_form = loaded(first), loaded(second)
    client.force_login(first)
    first_post = {**first_form, "owners": [police.pk, fire.pk], "text": "Joint patrols"}
    assert client.post(url, first_post).status_code == 302
    client.force_login(second)
    refused = client.post(url, {**second_form, "status": "off_track"})

    assert refused.status_code == 200
    message = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "Owners: now “Fire and Rescue, Police” (changed by first-manager)" in message
    assert "Text: now “Joint patrols”" in message
    assert client.post(url, rendered_again(refused)).status_code == 302
    action.refresh_from_db()
    assert action.text == "Joint patrols"
    assert set(action.owners.all()) == {police, fire}
    assert action.status == ActionStatus.OFF_TRACK
