"""What a status set in the admin says: neutral words for residents on every public surface
(the objective page, the Atom feed), and messages to staff that say what happened."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from actions.models import ActionStatus, ActionUpdate
from actions.services import change_status
from tests import factories
from tests.personas import officer_of, plan_manager_of

pytestmark = pytest.mark.django_db

STAFF_WORDS = ("in the admin", "Status set", "bulk action")


def test_residents_read_neutral_words_for_a_status_set_in_the_admin(client):
    action = factories.ActionFactory(status=ActionStatus.ON_TRACK)
    objective = action.target.objective
    manager = plan_manager_of(objective.plan.partnership)

    change_status(action=action, by=manager, status=ActionStatus.COMPLETED)

    page = client.get(
        reverse("plans:objective", args=[objective.plan.slug, objective.number])
    ).content.decode()
    feed = client.get(
        reverse("plans:objective_updates_feed", args=[objective.plan.slug, objective.number])
    ).content.decode()
    for text in (page, feed):
        assert "Status changed to Completed." in text
        assert not [words for words in STAFF_WORDS if words in text]


def test_staff_still_see_how_the_status_was_set_in_its_history():
    action = factories.ActionFactory(status=ActionStatus.ON_TRACK)
    manager = plan_manager_of(action.target.objective.plan.partnership)

    update = change_status(
        action=action, by=manager, status=ActionStatus.AT_RISK, how="by a bulk action"
    )

    assert update.history.first().history_change_reason == "Status set by a bulk action"


def bulk_mark_complete(client, user, actions):
    client.force_login(user)
    response = client.post(
        reverse("admin:actions_action_changelist"),
        {"action": "mark_complete", "_selected_action": [a.pk for a in actions]},
        follow=True,  # the messages are shown, so read, on the page it returns to
    )
    assert response.redirect_chain[0][1] == 302
    return [str(m) for m in response.context["messages"]]


def test_an_officers_bulk_status_says_it_was_sent_for_approval(client):
    police = factories.OrganisationFactory(name="Invented Police")
    action = factories.ActionFactory(owners=[police], status=ActionStatus.ON_TRACK)

    said = bulk_mark_complete(client, officer_of(police), [action])

    assert said == [
        "1 action sent for approval as “Completed”: it keeps its status until a plan manager "
        "approves it."
    ]
    assert ActionUpdate.objects.get().approval == "submitted"


def test_a_managers_bulk_status_counts_in_plain_english(client):
    target = factories.TargetFactory()
    actions = factories.ActionFactory.create_batch(2, target=target)
    manager = plan_manager_of(target.objective.plan.partnership)

    assert bulk_mark_complete(client, manager, actions) == ["2 actions set to “Completed”."]
    assert bulk_mark_complete(client, manager, actions) == [
        "No action changed: the 2 selected were “Completed” already."
    ]


def test_the_migration_rewords_status_changes_recorded_with_staff_words():
    action = factories.ActionFactory()
    old = factories.ActionUpdateFactory(
        action=action,
        note="Status set to “Completed” in the admin.",
        source="Status set in the admin",
    )
    officers_own = factories.ActionUpdateFactory(
        action=action, note="Status set to “Completed” in the admin. Then more.", source="Minutes"
    )
    migration = importlib.import_module(
        "actions.migrations.0006_neutral_wording_for_status_changes"
    )

    migration.reword(django_apps, None)

    old.refresh_from_db()
    officers_own.refresh_from_db()
    assert (old.note, old.source) == ("Status changed to Completed.", "")
    assert officers_own.note == "Status set to “Completed” in the admin. Then more."
