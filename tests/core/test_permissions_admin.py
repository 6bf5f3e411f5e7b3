"""Each role's boundary in the admin: an officer of another agency gets 404 (or 403), never a
silent read or write; the chair reads but never edits; plan managers keep to their partnership."""

import datetime

import pytest
from django.urls import reverse

from actions.models import Action, ActionStatus
from cspplan.models import Plan
from objectives.models import Measurement
from tests import factories
from tests.personas import chair, officer_of, plan_manager_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    police = factories.OrganisationFactory(name="Police")
    fire = factories.OrganisationFactory(name="Fire and Rescue")
    plan = factories.PlanFactory()
    target = factories.TargetFactory(objective__plan=plan)
    target.owners.set([police])
    ours = factories.ActionFactory(target=target, text="Police patrols", owners=[police])
    theirs = factories.ActionFactory(target=target, text="Home fire checks", owners=[fire])
    fire_target = factories.TargetFactory(objective=target.objective)
    fire_target.owners.set([fire])
    return {
        "police": police,
        "fire": fire,
        "plan": plan,
        "ours": ours,
        "theirs": theirs,
        "our_measure": factories.MeasureFactory(target=target, name="Police measure"),
        "their_measure": factories.MeasureFactory(target=fire_target, name="Fire measure"),
        "officer": officer_of(police),
    }


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def action_post(action, **changes):
    data = {
        "status": action.status,
        "due_date": "",
        "loaded_version": action.version,
        # The inlines' management forms, as the page posts them with no row changed.
        "updates-TOTAL_FORMS": 0,
        "updates-INITIAL_FORMS": 0,
        "milestones-TOTAL_FORMS": 0,
        "milestones-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


def test_an_officer_sees_only_their_agencys_actions_in_the_list(client, world):
    client.force_login(world["officer"])
    response = client.get(reverse("admin:actions_action_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [world["ours"]]


def test_an_officer_gets_404_for_another_agencys_action(client, world):
    client.force_login(world["officer"])
    assert client.get(change_url(world["theirs"])).status_code == 404
    response = client.post(
        change_url(world["theirs"]), action_post(world["theirs"], status="completed")
    )
    assert response.status_code == 404
    world["theirs"].refresh_from_db()
    assert world["theirs"].status == ActionStatus.ON_TRACK


def test_an_officer_gets_404_for_another_agencys_action_history(client, world):
    client.force_login(world["officer"])
    url = reverse("admin:actions_action_history", args=[world["theirs"].pk])
    assert client.get(url).status_code == 404


def test_an_officer_changes_the_status_of_their_own_action_but_not_its_wording(client, world):
    client.force_login(world["officer"])
    response = client.post(
        change_url(world["ours"]),
        action_post(world["ours"], status="completed", text="Rewritten by the officer"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    world["ours"].refresh_from_db()
    # The status is an update waiting for a plan manager's approval; the wording is untouched.
    [update] = world["ours"].updates.all()
    assert (update.status, update.approval) == (ActionStatus.COMPLETED, "submitted")
    assert world["ours"].status == ActionStatus.ON_TRACK
    assert world["ours"].text == "Police patrols"
    assert world["ours"].version == 1


def test_a_bulk_action_leaves_another_agencys_action_alone(client, world):
    client.force_login(world["officer"])
    response = client.post(
        reverse("admin:actions_action_changelist"),
        {"action": "mark_complete", "_selected_action": [world["ours"].pk, world["theirs"].pk]},
    )
    assert response.status_code == 302
    # Their own action gets an update waiting for approval; the other agency's, nothing.
    assert [u.status for u in world["ours"].updates.all()] == [ActionStatus.COMPLETED]
    assert not world["theirs"].updates.exists()
    world["theirs"].refresh_from_db()
    assert world["theirs"].status == ActionStatus.ON_TRACK


def test_an_officer_cannot_record_a_measurement_against_another_agencys_measure(client, world):
    client.force_login(world["officer"])
    data = {
        "period_start": "2011-04-01",
        "period_end": "2011-06-30",
        "value": "12",
        "rating": "",
        "note": "",
        "source": "",
        "period_label": "",
    }
    response = client.post(
        reverse("admin:objectives_measurement_add"), {**data, "measure": world["their_measure"].pk}
    )
    assert response.status_code == 200
    assert "measure" in response.context["adminform"].form.errors
    assert not Measurement.objects.exists()

    response = client.post(
        reverse("admin:objectives_measurement_add"), {**data, "measure": world["our_measure"].pk}
    )
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert measurement.recorded_by == world["officer"]
    assert measurement.status == "submitted"


def test_an_officer_gets_404_for_another_agencys_measurement(client, world):
    theirs = factories.MeasurementFactory(measure=world["their_measure"])
    client.force_login(world["officer"])
    assert client.get(change_url(theirs)).status_code == 404


def test_the_chair_reads_every_action_and_can_save_none(client, world):
    client.force_login(chair(world["plan"].partnership))
    response = client.get(reverse("admin:actions_action_changelist"))
    assert set(response.context["cl"].result_list) == {world["ours"], world["theirs"]}
    response = client.get(change_url(world["ours"]))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    response = client.post(
        change_url(world["ours"]), action_post(world["ours"], status="completed")
    )
    assert response.status_code == 403
    world["ours"].refresh_from_db()
    assert world["ours"].status == ActionStatus.ON_TRACK


def test_a_plan_manager_publishes_their_partnerships_plan(client, world):
    draft = factories.PlanFactory(draft=True, partnership=world["plan"].partnership)
    client.force_login(plan_manager_of(world["plan"].partnership))
    response = client.post(
        reverse("admin:cspplan_plan_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Plan.Status.PUBLISHED
    assert draft.published_at is not None


def test_a_plan_manager_of_another_partnership_gets_404(client, world):
    other_manager = plan_manager_of(factories.PartnershipFactory(), username="other")
    client.force_login(other_manager)
    assert client.get(change_url(world["plan"])).status_code == 404
    assert client.get(change_url(world["ours"])).status_code == 404
    response = client.get(reverse("admin:actions_action_changelist"))
    assert list(response.context["cl"].result_list) == []


def test_a_plan_manager_edits_action_wording_in_their_partnership(client, world):
    client.force_login(plan_manager_of(world["plan"].partnership))
    action = world["ours"]
    response = client.post(
        change_url(action),
        action_post(
            action,
            target=action.target_id,
            order=action.order,
            text="Police patrols in Ormskirk",
            owners=[world["police"].pk],
            due_date="2011-07-31",
            due_wording="by July 2011",
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    action.refresh_from_db()
    assert action.text == "Police patrols in Ormskirk"
    assert action.due_date == datetime.date(2011, 7, 31)


def test_an_officer_cannot_open_the_plan_import(client, world):
    client.force_login(world["officer"])
    assert client.get(reverse("importer:upload")).status_code == 403


def test_the_overdue_filter_lists_open_actions_past_their_due_date(client, world):
    Action.objects.filter(pk=world["ours"].pk).update(due_date=datetime.date(2011, 7, 31))
    client.force_login(chair(world["plan"].partnership))
    response = client.get(reverse("admin:actions_action_changelist") + "?overdue=yes")
    assert list(response.context["cl"].result_list) == [world["ours"]]


def test_an_officers_correction_to_an_approved_measurement_goes_back_for_approval(client, world):
    from django.utils import timezone

    measurement = factories.MeasurementFactory(
        measure=world["our_measure"], status="approved", approved_at=timezone.now()
    )
    client.force_login(world["officer"])
    response = client.post(
        change_url(measurement),
        {
            "measure": world["our_measure"].pk,
            "period_start": "2011-04-01",
            "period_end": "2011-06-30",
            "period_label": "Q1 2011/12",
            "value": "96",
            "rating": "",
            "note": "Corrected",
            "source": "Test data",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    measurement.refresh_from_db()
    assert (measurement.value, measurement.status, measurement.approved_at) == (
        96,
        "submitted",
        None,
    )


# --- a plan manager who is a member of no partnership ---------------------------------------


@pytest.fixture
def manager_of_nothing(world):
    manager = plan_manager_of(world["plan"].partnership, username="newcomer")
    manager.partnerships.clear()
    return manager


def test_a_plan_manager_of_no_partnership_sees_no_plans_or_actions(client, manager_of_nothing):
    client.force_login(manager_of_nothing)

    plans = client.get(reverse("admin:cspplan_plan_changelist")).context["cl"].result_list
    actions = client.get(reverse("admin:actions_action_changelist")).context["cl"].result_list

    assert list(plans) == [] and list(actions) == []


def test_a_plan_manager_of_no_partnership_gets_404_for_a_plan_and_cannot_import(
    client, world, manager_of_nothing
):
    client.force_login(manager_of_nothing)

    assert client.get(change_url(world["plan"])).status_code == 404
    assert client.get(change_url(world["ours"])).status_code == 404
    assert client.get(reverse("importer:upload")).status_code == 403


def test_the_admin_index_tells_a_manager_of_no_partnership_how_to_fix_it(
    client, manager_of_nothing
):
    client.force_login(manager_of_nothing)

    page = client.get(reverse("admin:index")).content.decode()

    assert "You manage no plans yet" in page
    assert "not a member of any partnership" in page
    assert "adds your login (<strong>newcomer</strong>) under <strong>Members</strong>" in page


def test_the_admin_index_says_nothing_of_it_once_the_manager_is_a_member(client, world):
    client.force_login(plan_manager_of(world["plan"].partnership))

    page = client.get(reverse("admin:index")).content.decode()

    assert "You manage no plans yet" not in page


def test_the_admin_index_says_nothing_of_it_to_officers_or_the_chair(client, world):
    for user in (world["officer"], chair()):
        client.force_login(user)
        assert "You manage no plans yet" not in client.get(reverse("admin:index")).content.decode()


def test_a_membership_added_later_gives_the_manager_that_partnerships_plans(
    client, world, manager_of_nothing
):
    world["plan"].partnership.members.add(manager_of_nothing)
    client.force_login(manager_of_nothing)

    assert client.get(change_url(world["plan"])).status_code == 200
    assert client.get(change_url(world["ours"])).status_code == 200


def _update_post(update, **changes):
    return {
        "action": update.action.pk,
        "date": update.date.isoformat(),
        "status": update.status,
        "note": update.note,
        "source": update.source,
        "author_name": update.author_name,
        "approval": update.approval,
        "decision_note": "",
        **changes,
    }


def test_a_plan_manager_approving_an_update_in_the_admin_gives_the_action_its_status(client, world):
    """As approving it in the queue does (progress/approval.py)."""
    update = factories.ActionUpdateFactory(
        action=world["ours"], status=ActionStatus.AT_RISK, approval="submitted"
    )
    manager = plan_manager_of(world["plan"].partnership)
    client.force_login(manager)
    response = client.post(change_url(update), _update_post(update, approval="approved"))
    assert response.status_code == 302
    update.refresh_from_db()
    assert (update.approval, update.approved_by) == ("approved", manager)
    world["ours"].refresh_from_db()
    assert world["ours"].status == ActionStatus.AT_RISK


def test_an_update_added_in_the_admin_to_a_plan_publishing_automatically_sets_the_status(
    client, world
):
    """As record_action_update does for the same plan."""
    Plan.objects.filter(pk=world["plan"].pk).update(publish_progress_automatically=True)
    manager = plan_manager_of(world["plan"].partnership)
    client.force_login(manager)
    data = {
        "action": world["ours"].pk,
        "date": "2011-06-30",
        "status": ActionStatus.OFF_TRACK,
        "note": "Patrols stopped.",
        "source": "",
        "author_name": "",
        "approval": "submitted",
        "decision_note": "",
    }
    response = client.post(reverse("admin:actions_actionupdate_add"), data)
    assert response.status_code == 302
    world["ours"].refresh_from_db()
    assert world["ours"].status == ActionStatus.OFF_TRACK
