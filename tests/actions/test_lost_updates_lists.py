"""Two people edit the same action from a page that shows several: the action changelist's
Status column and the actions on a target's page. A save made against an action someone else
changed since it was loaded is refused, naming the action and what changed; nothing in that
submit is written."""

import pytest
from django.urls import reverse

from actions.models import ActionStatus
from tests import factories
from tests.personas import officer_of, plan_manager_of

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:actions_action_changelist")


def posted_back(*forms) -> dict:
    """What a browser would post for ``forms`` as they were rendered (hidden fields too)."""
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is True:
                data[form.add_prefix(name)] = "on"
            elif value is not None and value is not False:
                data[form.add_prefix(name)] = value
    return data


def loaded_changelist(client, user) -> dict:
    """Open the action list as ``user``; return the Status column's form as they would post it."""
    client.force_login(user)
    formset = client.get(CHANGELIST).context["cl"].formset
    return {"_save": "Save", **posted_back(formset.management_form, *formset.forms)}


def row_key(data, action, name):
    """The posted name of ``action``'s ``name`` field among the forms in ``data``."""
    [prefix] = [
        key.removesuffix("-id")
        for key, value in data.items()
        if key.endswith("-id") and value == action.pk
    ]
    return f"{prefix}-{name}"


@pytest.fixture
def police_actions():
    police = factories.OrganisationFactory(name="Police")
    # A plan publishing progress automatically: an officer's status then applies as they save
    # it, so two officers' saves meet on the action itself (elsewhere a status waits for
    # approval as an update, see tests/actions/test_one_status.py).
    target = factories.TargetFactory(
        objective__title="Reduce Violent Crime",
        objective__plan__publish_progress_automatically=True,
    )
    patrols = factories.ActionFactory(target=target, text="Police patrols", owners=[police])
    cameras = factories.ActionFactory(target=target, text="Town centre cameras", owners=[police])
    first = officer_of(police, username="first", name="Alex First")
    second = officer_of(police, username="second", name="Sam Second")
    return patrols, cameras, first, second


# --- the changelist's Status column ---------------------------------------------------------


def test_the_second_of_two_status_column_saves_is_refused_saying_what_changed(
    client, police_actions
):
    patrols, cameras, first, second = police_actions
    first_form = loaded_changelist(client, first)
    second_form = loaded_changelist(client, second)

    client.force_login(first)
    first_form[row_key(first_form, patrols, "status")] = "completed"
    assert client.post(CHANGELIST, first_form).status_code == 302

    client.force_login(second)
    second_form[row_key(second_form, patrols, "status")] = "at_risk"
    second_form[row_key(second_form, cameras, "status")] = "off_track"
    response = client.post(CHANGELIST, second_form)

    assert response.status_code == 200
    errors = [
        " ".join(form.non_field_errors())
        for form in response.context["cl"].formset.forms
        if form.non_field_errors()
    ]
    assert len(errors) == 1
    assert "“Police patrols” was changed by someone else after you opened it" in errors[0]
    assert "Status: now “Completed” (changed by Alex First), yours “At risk”" in errors[0]
    patrols.refresh_from_db()
    cameras.refresh_from_db()
    assert (patrols.status, patrols.version) == (ActionStatus.COMPLETED, 2)
    # The whole submit is refused: the list's Save is one submit, like an import.
    assert (cameras.status, cameras.version) == (ActionStatus.ON_TRACK, 1)


def test_saving_the_refused_list_again_applies_the_editors_choices_knowingly(
    client, police_actions
):
    patrols, cameras, first, second = police_actions
    first_form = loaded_changelist(client, first)
    second_form = loaded_changelist(client, second)
    client.force_login(first)
    first_form[row_key(first_form, patrols, "status")] = "completed"
    client.post(CHANGELIST, first_form)
    client.force_login(second)
    second_form[row_key(second_form, patrols, "status")] = "at_risk"
    second_form[row_key(second_form, cameras, "status")] = "off_track"
    refused = client.post(CHANGELIST, second_form).context["cl"].formset

    again = {"_save": "Save", **posted_back(refused.management_form, *refused.forms)}
    assert client.post(CHANGELIST, again).status_code == 302

    patrols.refresh_from_db()
    cameras.refresh_from_db()
    assert (patrols.status, patrols.version) == (ActionStatus.AT_RISK, 3)
    assert (cameras.status, cameras.version) == (ActionStatus.OFF_TRACK, 2)


def test_a_row_the_editor_left_alone_does_not_undo_someone_elses_change(client, police_actions):
    patrols, cameras, first, second = police_actions
    first_form = loaded_changelist(client, first)
    second_form = loaded_changelist(client, second)

    client.force_login(first)
    first_form[row_key(first_form, patrols, "status")] = "completed"
    client.post(CHANGELIST, first_form)
    client.force_login(second)
    second_form[row_key(second_form, cameras, "status")] = "off_track"
    assert client.post(CHANGELIST, second_form).status_code == 302

    patrols.refresh_from_db()
    cameras.refresh_from_db()
    assert (patrols.status, patrols.version) == (ActionStatus.COMPLETED, 2)
    assert (cameras.status, cameras.version) == (ActionStatus.OFF_TRACK, 2)


def test_a_status_column_save_raises_the_version_the_change_form_checks(client, police_actions):
    patrols, _, first, _ = police_actions
    form = loaded_changelist(client, first)
    form[row_key(form, patrols, "status")] = "completed"
    client.post(CHANGELIST, form)

    patrols.refresh_from_db()
    assert patrols.version == 2


def test_a_status_column_row_without_its_version_is_refused(client, police_actions):
    patrols, _, first, _ = police_actions
    form = loaded_changelist(client, first)
    form[row_key(form, patrols, "status")] = "completed"
    del form[row_key(form, patrols, "loaded_version")]

    response = client.post(CHANGELIST, form)

    assert response.status_code == 200
    assert "missing the version it was loaded with" in response.content.decode()
    patrols.refresh_from_db()
    assert patrols.status == ActionStatus.ON_TRACK


# --- the actions on a target's page ---------------------------------------------------------


def loaded_target_page(client, user, target) -> dict:
    """Open the target's change page as ``user``; return everything it would post back."""
    client.force_login(user)
    context = client.get(reverse("admin:objectives_target_change", args=[target.pk])).context
    forms = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    return posted_back(*forms)


@pytest.fixture
def managers_and_target(police_actions):
    patrols, cameras, _, _ = police_actions
    partnership = patrols.target.objective.plan.partnership
    first = plan_manager_of(partnership, username="first-manager")
    second = plan_manager_of(partnership, username="second-manager")
    first.first_name, second.first_name = "Robin", "Kim"
    first.save()
    second.save()
    return patrols, cameras, first, second


def test_the_second_of_two_target_page_saves_is_refused_saying_what_changed(
    client, managers_and_target
):
    patrols, cameras, first, second = managers_and_target
    target = patrols.target
    url = reverse("admin:objectives_target_change", args=[target.pk])
    first_form = loaded_target_page(client, first, target)
    second_form = loaded_target_page(client, second, target)

    client.force_login(first)
    first_form[row_key(first_form, patrols, "text")] = "Police patrols in Ormskirk"
    assert client.post(url, first_form).status_code == 302

    client.force_login(second)
    second_form[row_key(second_form, patrols, "text")] = "Police patrols in Skelmersdale"
    second_form[row_key(second_form, cameras, "status")] = "completed"
    second_form["target_wording"] = "Rewritten by the second manager"
    response = client.post(url, second_form)

    assert response.status_code == 200
    [inline] = [
        i for i in response.context["inline_admin_formsets"] if i.formset.prefix == "actions"
    ]
    errors = [" ".join(form.non_field_errors()) for form in inline.formset.forms]
    refused = [error for error in errors if error]
    assert len(refused) == 1
    assert "“Police patrols in Ormskirk” was changed by someone else after you" in refused[0]
    assert "now “Police patrols in Ormskirk” (changed by Robin" in refused[0]
    assert "yours “Police patrols in Skelmersdale”" in refused[0]
    patrols.refresh_from_db()
    cameras.refresh_from_db()
    target.refresh_from_db()
    assert (patrols.text, patrols.version) == ("Police patrols in Ormskirk", 2)
    # Nothing in the submit is written: the admin saves a page all or nothing.
    assert (cameras.status, cameras.version) == (ActionStatus.ON_TRACK, 1)
    assert target.target_wording != "Rewritten by the second manager"


def test_a_target_page_save_that_leaves_the_actions_alone_keeps_anothers_action_edit(
    client, managers_and_target
):
    patrols, _, first, second = managers_and_target
    target = patrols.target
    url = reverse("admin:objectives_target_change", args=[target.pk])
    first_form = loaded_target_page(client, first, target)
    second_form = loaded_target_page(client, second, target)

    client.force_login(first)
    first_form[row_key(first_form, patrols, "status")] = "off_track"
    client.post(url, first_form)
    client.force_login(second)
    second_form["target_wording"] = "March 2012"
    assert client.post(url, second_form).status_code == 302

    patrols.refresh_from_db()
    target.refresh_from_db()
    assert (patrols.status, patrols.version) == (ActionStatus.OFF_TRACK, 2)
    assert target.target_wording == "March 2012"


def test_an_officer_with_the_action_open_is_told_of_a_target_page_edit(
    client, managers_and_target, police_actions
):
    patrols, _, manager, _ = managers_and_target
    officer = police_actions[2]
    change_url = reverse("admin:actions_action_change", args=[patrols.pk])
    client.force_login(officer)
    loaded_version = client.get(change_url).context["adminform"].form.initial["loaded_version"]

    page = loaded_target_page(client, manager, patrols.target)
    page[row_key(page, patrols, "due_wording")] = "by July 2011"
    client.post(reverse("admin:objectives_target_change", args=[patrols.target.pk]), page)

    client.force_login(officer)
    response = client.post(
        change_url,
        {
            "status": "completed",
            "due_date": "",
            "loaded_version": loaded_version,
            "updates-TOTAL_FORMS": 0,
            "updates-INITIAL_FORMS": 0,
            "milestones-TOTAL_FORMS": 0,
            "milestones-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "“by July 2011”" in " ".join(response.context["adminform"].form.non_field_errors())
    patrols.refresh_from_db()
    assert patrols.status == ActionStatus.ON_TRACK


def test_each_page_sends_the_version_of_every_action_it_shows(client, managers_and_target):
    patrols, cameras, manager, _ = managers_and_target
    client.force_login(manager)

    changelist = client.get(CHANGELIST).content.decode()
    target_page = client.get(
        reverse("admin:objectives_target_change", args=[patrols.target.pk])
    ).content.decode()

    for index in (0, 1):
        assert f'type="hidden" name="form-{index}-loaded_version" value="1"' in changelist
        assert f'type="hidden" name="actions-{index}-loaded_version" value="1"' in target_page
    # Its row is hidden with the field (Django's "hidden" class): nothing for an editor to read.
    assert 'class="form-row hidden field-loaded_version"' in target_page


def test_the_chair_reading_a_target_page_sees_no_version_field(client, managers_and_target):
    from tests.personas import chair

    patrols = managers_and_target[0]
    client.force_login(chair(patrols.target.objective.plan.partnership))
    page = client.get(reverse("admin:objectives_target_change", args=[patrols.target.pk]))

    assert page.status_code == 200
    assert "loaded_version" not in page.content.decode()
    assert "Loaded version" not in page.content.decode()
