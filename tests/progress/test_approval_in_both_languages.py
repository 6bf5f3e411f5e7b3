"""A bilingual partnership's progress goes public in Welsh and English at once (issue 27): an
update whose public note lacks a language is not approved, by hand, all at once or
automatically, and the refusal names what is missing. Test data is invented."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actions.models import ActionStatus
from actions.services import change_status, record_action_update
from cspplan import roles
from cspplan.models import Partnership
from objectives.models import ApprovalStatus
from progress.approval import approve_all_submitted, approve_update
from tests.factories import ActionFactory, PlanFactory
from tests.personas import in_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return PlanFactory(partnership__languages=Partnership.WELSH_AND_ENGLISH)


@pytest.fixture
def manager(plan):
    return in_role(roles.PLAN_MANAGERS, partnership=plan.partnership)


@pytest.fixture
def action(plan):
    return ActionFactory(target__objective__plan=plan)


def test_an_update_without_its_welsh_note_is_not_approved(action, manager):
    update = record_action_update(
        action=action, by=manager, status=ActionStatus.AT_RISK, note="Delayed by a month."
    )
    with pytest.raises(ValidationError) as refused:
        approve_update(update_pk=update.pk, by=manager)
    assert "Missing: note (Welsh)." in refused.value.messages[0]
    update.refresh_from_db()
    assert update.approval == ApprovalStatus.SUBMITTED

    update.note_cy = "Wedi'i ohirio fis."
    update.save()
    approve_update(update_pk=update.pk, by=manager)
    update.refresh_from_db()
    assert update.approval == ApprovalStatus.APPROVED


def test_an_update_in_both_languages_is_approved(action, manager):
    update = record_action_update(
        action=action,
        by=manager,
        status=ActionStatus.ON_TRACK,
        note="Meeting held.",
        note_in_welsh="Cynhaliwyd y cyfarfod.",
    )
    approve_update(update_pk=update.pk, by=manager)
    update.refresh_from_db()
    assert (update.approval, update.note_en, update.note_cy) == (
        ApprovalStatus.APPROVED,
        "Meeting held.",
        "Cynhaliwyd y cyfarfod.",
    )


def test_approving_everything_waiting_approves_nothing_while_a_note_lacks_a_language(
    plan, action, manager
):
    record_action_update(action=action, by=manager, status="on_track", note="Done.")
    with pytest.raises(ValidationError) as refused:
        approve_all_submitted(plan=plan, by=manager)
    assert refused.value.messages[0] == "Nothing was approved."
    assert "note (Welsh)" in refused.value.messages[1]
    assert action.updates.get().approval == ApprovalStatus.SUBMITTED


def test_a_plan_publishing_automatically_keeps_a_one_language_update_waiting(plan, action, manager):
    plan.publish_progress_automatically = True
    plan.save()
    one = record_action_update(action=action, by=manager, status="on_track", note="Done.")
    both = record_action_update(
        action=action, by=manager, status="on_track", note="Done.", note_in_welsh="Wedi'i wneud."
    )
    assert (one.approval, both.approval) == (ApprovalStatus.SUBMITTED, ApprovalStatus.APPROVED)


def test_a_managers_change_of_status_is_published_in_both_languages(action, manager):
    update = change_status(action=action, by=manager, status=ActionStatus.COMPLETED)
    assert update.approval == ApprovalStatus.APPROVED
    assert update.note_en.startswith("Status changed to")
    assert update.note_cy.startswith("Newidiwyd y statws i")


def test_an_english_partnerships_update_needs_no_welsh():
    plan = PlanFactory()
    english_manager = in_role(roles.PLAN_MANAGERS, partnership=plan.partnership)
    action = ActionFactory(target__objective__plan=plan)
    update = record_action_update(action=action, by=english_manager, status="on_track", note="Ok.")
    approve_update(update_pk=update.pk, by=english_manager)
    update.refresh_from_db()
    assert (update.approval, update.note_cy) == (ApprovalStatus.APPROVED, "")


def test_the_approval_queue_tells_the_manager_which_language_is_missing(client, action, manager):
    plan = action.target.objective.plan
    update = record_action_update(action=action, by=manager, status="on_track", note="Done.")
    client.force_login(manager)
    response = client.post(
        reverse("dashboard:approvals", args=[plan.slug]),
        {"kind": "update", "decision": "approve", "pk": update.pk, "note": ""},
        follow=True,
    )
    shown = " ".join(str(m) for m in response.context["messages"])
    assert "cannot be approved for the public" in shown
    assert "Missing: note (Welsh)." in shown
    update.refresh_from_db()
    assert update.approval == ApprovalStatus.SUBMITTED
