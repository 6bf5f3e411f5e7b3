"""The approval queue page: plan managers decide with POST; the chair reads."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from actions.models import ActionStatus
from cspplan import roles
from objectives.models import ApprovalStatus, Measurement
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    MeasureFactory,
    MeasurementFactory,
    PlanFactory,
    UserFactory,
)
from tests.personas import in_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return PlanFactory()


@pytest.fixture
def url(plan):
    return reverse("dashboard:approvals", args=[plan.slug])


def test_a_plan_manager_sees_the_queue_and_approves_with_a_post(client, plan, url):
    measurement = MeasurementFactory(measure__target__objective__plan=plan, note="From iQuanta")
    client.force_login(in_role(roles.PLAN_MANAGERS, partnership=plan.partnership))
    page = client.get(url)
    assert "From iQuanta" in page.text
    assert 'name="decision" value="approve"' in page.text
    response = client.post(
        url, {"kind": "measurement", "pk": measurement.pk, "decision": "approve"}, follow=True
    )
    measurement.refresh_from_db()
    assert measurement.status == ApprovalStatus.APPROVED
    assert "Approved:" in response.text
    assert "No measurements are waiting." in response.text


def test_a_plan_manager_returns_an_update(client, plan, url):
    update = ActionUpdateFactory(action__target__objective__plan=plan, status=ActionStatus.AT_RISK)
    client.force_login(in_role(roles.PLAN_MANAGERS, partnership=plan.partnership))
    client.post(url, {"kind": "update", "pk": update.pk, "decision": "reject", "note": "Which?"})
    update.refresh_from_db()
    assert update.approval == ApprovalStatus.REJECTED


def test_the_chair_sees_the_queue_without_buttons_and_cannot_post(client, plan, url):
    measurement = MeasurementFactory(measure__target__objective__plan=plan)
    client.force_login(in_role(roles.CHAIR, partnership=plan.partnership))
    page = client.get(url)
    assert page.status_code == 200
    assert "only a plan manager of this plan can approve" in page.text
    assert 'value="approve"' not in page.text
    response = client.post(
        url, {"kind": "measurement", "pk": measurement.pk, "decision": "approve"}
    )
    assert response.status_code == 403
    measurement.refresh_from_db()
    assert measurement.status == ApprovalStatus.SUBMITTED


def test_a_manager_of_another_partnership_gets_404_here(client, plan, url):
    """Another partnership's queue is not theirs to read (issue 10), let alone decide."""
    update = ActionUpdateFactory(action__target__objective__plan=plan)
    client.force_login(in_role(roles.PLAN_MANAGERS, partnership=PlanFactory().partnership))
    assert client.get(url).status_code == 404
    response = client.post(url, {"kind": "update", "pk": update.pk, "decision": "approve"})
    assert response.status_code == 404
    update.refresh_from_db()
    assert update.approval == ApprovalStatus.SUBMITTED


def test_an_item_of_another_plan_cannot_be_decided_through_this_plans_queue(client, plan, url):
    elsewhere = MeasurementFactory()
    manager = in_role(roles.PLAN_MANAGERS, partnership=plan.partnership)
    elsewhere.measure.target.objective.plan.partnership.members.add(manager)
    client.force_login(manager)
    response = client.post(
        url, {"kind": "measurement", "pk": elsewhere.pk, "decision": "approve"}, follow=True
    )
    assert "no longer awaiting approval in this plan" in response.text
    elsewhere.refresh_from_db()
    assert elsewhere.status == ApprovalStatus.SUBMITTED


@pytest.mark.parametrize(
    "data",
    [{}, {"kind": "measurement", "pk": "x", "decision": "approve"}, {"kind": "bogus", "pk": 1}],
)
def test_a_malformed_decision_is_refused_with_a_message(client, plan, url, data):
    client.force_login(in_role(roles.PLAN_MANAGERS, partnership=plan.partnership))
    response = client.post(url, data, follow=True)
    assert "Choose Approve or Return on one item of the queue." in response.text


def test_the_decision_needs_the_csrf_token(plan, url):
    measurement = MeasurementFactory(measure__target__objective__plan=plan)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(in_role(roles.PLAN_MANAGERS, partnership=plan.partnership))
    response = strict.post(
        url, {"kind": "measurement", "pk": measurement.pk, "decision": "approve"}
    )
    assert response.status_code == 403
    measurement.refresh_from_db()
    assert measurement.status == ApprovalStatus.SUBMITTED


@pytest.mark.parametrize("size", [1, 6])
def test_the_queue_costs_the_same_number_of_queries_at_any_size(
    client, plan, url, size, django_assert_num_queries
):
    for _ in range(size):
        MeasurementFactory(measure__target__objective__plan=plan, recorded_by=UserFactory())
        ActionUpdateFactory(action__target__objective__plan=plan)
    client.force_login(in_role(roles.PLAN_MANAGERS, partnership=plan.partnership))
    # session, user, groups, plan, "manages this plan?", measurements, their approved figures
    # (history, for "from → to"), updates, milestones; the staff nav's "linked to an officer?".
    with django_assert_num_queries(10):
        client.get(url)


def test_returning_without_a_note_is_refused_with_the_error_linked_to_the_note_field(
    client, plan, url
):
    measurement = MeasurementFactory(measure__target__objective__plan=plan)
    client.force_login(in_role(roles.PLAN_MANAGERS, partnership=plan.partnership))
    field = f"note-measurement-{measurement.pk}"
    response = client.post(
        url, {"kind": "measurement", "pk": measurement.pk, "decision": "reject", "note": " "}
    )
    assert response.status_code == 400
    page = response.text
    assert "There is a problem" in page
    assert f'<a class="alert-link" href="#{field}">Say why the measurement is returned' in page
    assert f'aria-describedby="{field}-error"' in page
    assert f'id="{field}-error"' in page
    measurement.refresh_from_db()
    assert measurement.status == ApprovalStatus.SUBMITTED


def test_returning_with_a_note_sends_the_reason_to_the_officer(client, plan, url):
    update = ActionUpdateFactory(action__target__objective__plan=plan)
    client.force_login(in_role(roles.PLAN_MANAGERS, partnership=plan.partnership))
    response = client.post(
        url,
        {"kind": "update", "pk": update.pk, "decision": "reject", "note": "Which operations?"},
        follow=True,
    )
    update.refresh_from_db()
    assert (update.approval, update.decision_note) == (ApprovalStatus.REJECTED, "Which operations?")
    assert "Returned:" in response.text


def test_approving_needs_no_note(client, plan, url):
    update = ActionUpdateFactory(action__target__objective__plan=plan)
    client.force_login(in_role(roles.PLAN_MANAGERS, partnership=plan.partnership))
    client.post(url, {"kind": "update", "pk": update.pk, "decision": "approve", "note": ""})
    update.refresh_from_db()
    assert update.approval == ApprovalStatus.APPROVED


def test_each_note_field_is_labelled_for_its_item(client, plan, url):
    measurement = MeasurementFactory(measure__target__objective__plan=plan)
    client.force_login(in_role(roles.PLAN_MANAGERS, partnership=plan.partnership))
    page = client.get(url).text
    assert f'<label for="note-measurement-{measurement.pk}"' in page
    assert f'<textarea id="note-measurement-{measurement.pk}" name="note"' in page


def waiting_in(plan, *, measurements=2, updates=1):
    for _ in range(measurements):
        MeasurementFactory(measure__target__objective__plan=plan)
    for _ in range(updates):
        ActionUpdateFactory(action__target__objective__plan=plan)


def test_a_plan_manager_approves_all_waiting_after_confirming(client, plan, url):
    plan.publish_progress_automatically = True
    plan.save()
    waiting_in(plan)
    client.force_login(in_role(roles.PLAN_MANAGERS, partnership=plan.partnership))
    queue = client.get(url).text
    assert 'name="confirm" value="approve-all"' in queue
    assert "Approve all 3 waiting" in queue
    confirmation = client.get(url, {"confirm": "approve-all"})
    assert "Approve all waiting progress?" in confirmation.text
    assert "2 measurements" in confirmation.text and "1 action update" in confirmation.text
    assert 'method="post"' in confirmation.text
    assert Measurement.objects.filter(status="submitted").count() == 2
    response = client.post(url, {"decision": "approve-all", "expected": "3"}, follow=True)
    assert "Approved 2 measurements and 1 action update." in response.text
    assert "No measurements are waiting." in response.text
    assert "No action updates are waiting." in response.text


def test_approve_all_refuses_when_more_arrived_after_the_confirmation_page(client, plan, url):
    waiting_in(plan)
    client.force_login(in_role(roles.PLAN_MANAGERS, partnership=plan.partnership))
    response = client.post(url, {"decision": "approve-all", "expected": "2"}, follow=True)
    assert "3 items are waiting now, not 2. Nothing was approved" in response.text
    assert "Yes, approve all 3" in response.text  # back on the confirmation, with the new count
    assert Measurement.objects.filter(status="submitted").count() == 2


def test_approve_all_is_not_offered_to_the_chair_and_refused_to_them(client, plan, url):
    waiting_in(plan)
    client.force_login(in_role(roles.CHAIR, partnership=plan.partnership))
    assert "Approve all" not in client.get(url).text
    assert "Approve all waiting progress?" not in client.get(url, {"confirm": "approve-all"}).text
    response = client.post(url, {"decision": "approve-all", "expected": "3"})
    assert response.status_code == 403
    assert Measurement.objects.filter(status="submitted").count() == 2


def test_approve_all_is_not_offered_when_nothing_waits(client, plan, url):
    client.force_login(in_role(roles.PLAN_MANAGERS, partnership=plan.partnership))
    assert "Approve all" not in client.get(url).text


def test_the_queue_shows_each_change_from_what_the_public_sees_to_what_was_sent(client, plan):
    from actions.services import record_action_update
    from objectives.services import record_measurement
    from progress.approval import approve_measurement

    manager = in_role(roles.PLAN_MANAGERS, partnership=plan.partnership)
    action = ActionFactory(target__objective__plan=plan, status=ActionStatus.ON_TRACK)
    record_action_update(action=action, by=manager, status=ActionStatus.AT_RISK, note="Slipping")
    measure = MeasureFactory(target__objective__plan=plan, figures_period="quarter")
    period = {"period_start": datetime.date(2011, 4, 1), "period_end": datetime.date(2011, 6, 30)}
    first = record_measurement(measure=measure, by=manager, value=Decimal("12"), **period)
    approve_measurement(measurement_pk=first.pk, by=manager)
    record_measurement(measure=measure, by=manager, value=Decimal("14"), **period)  # corrected

    client.force_login(manager)
    page = client.get(reverse("dashboard:approvals", args=[plan.slug])).text
    assert "On track → <strong>At risk</strong>" in page
    assert "12 → <strong>14</strong>" in page
