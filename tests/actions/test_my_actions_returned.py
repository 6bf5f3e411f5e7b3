"""/my-actions/ shows progress a plan manager returned, with the reason, and sends it again."""

import datetime
from decimal import Decimal

import pytest

from actions.models import ActionStatus, ActionUpdate
from actions.services import record_action_update
from objectives.models import ApprovalStatus
from objectives.services import record_measurement
from progress.approval import reject_measurement, reject_update
from tests import factories
from tests.personas import officer_of, plan_manager_of

pytestmark = pytest.mark.django_db
URL = "/my-actions/"


@pytest.fixture
def police():
    return factories.OrganisationFactory(name="Police")


@pytest.fixture
def officer(police):
    return officer_of(police, name="Andrew Hill")


@pytest.fixture
def plan():
    return factories.PlanFactory()


@pytest.fixture
def manager(plan):
    return plan_manager_of(plan.partnership)


@pytest.fixture
def measure(plan, police):
    measure = factories.MeasureFactory(target__objective__plan=plan, name="Violent crimes")
    measure.target.owners.set([police])
    return measure


@pytest.fixture
def action(measure, police):
    return factories.ActionFactory(
        target=measure.target, text="Run Operation Summer Nights", owners=[police]
    )


def returned_measurement(measure, officer, manager):
    measurement = record_measurement(
        measure=measure,
        by=officer,
        period_start=datetime.date(2011, 4, 1),
        period_end=datetime.date(2011, 6, 30),
        period_label="Q1 2011/12",
        value=Decimal("412"),
        source="iQuanta",
    )
    return reject_measurement(
        measurement_pk=measurement.pk, by=manager, note="412 is the year to date, not Q1."
    )


def test_the_officer_sees_a_returned_measurement_flagged_in_words_with_the_reason(
    client, officer, manager, measure
):
    measurement = returned_measurement(measure, officer, manager)
    client.force_login(officer)
    page = client.get(URL).content.decode()
    assert "Returned to you for correction (1)" in page
    assert '<span class="badge text-bg-danger">Returned</span> Measurement: Violent crimes' in page
    assert "<strong>Why it was returned:</strong> 412 is the year to date, not Q1." in page
    # The correction form is filled with what was sent, for the same period.
    field_id = f"returned-measurement-{measurement.pk}-measure-{measure.pk}"
    assert (
        f'name="measure-{measure.pk}-period_start" value="2011-04-01" class="dateinput '
        f'form-control" required id="{field_id}-period_start"'
    ) in page
    assert f'name="measure-{measure.pk}-value" value="412.00"' in page
    assert f'for="{field_id}-value"' in page


def test_sending_the_correction_puts_the_measurement_back_for_approval(
    client, officer, manager, measure
):
    measurement = returned_measurement(measure, officer, manager)
    prefix = f"measure-{measure.pk}"
    client.force_login(officer)
    response = client.post(
        URL,
        {
            "item": prefix,
            f"{prefix}-period_start": "2011-04-01",
            f"{prefix}-period_end": "2011-06-30",
            f"{prefix}-value": "97",
            f"{prefix}-rating": "",
            f"{prefix}-note": "Q1 only.",
            f"{prefix}-source": "iQuanta",
        },
        follow=True,
    )
    measurement.refresh_from_db()
    assert (measurement.status, measurement.value) == (ApprovalStatus.SUBMITTED, Decimal("97"))
    assert "Returned to you for correction" not in response.content.decode()


def test_a_returned_update_shows_its_reason_until_the_officer_sends_a_new_one(
    client, officer, manager, action
):
    update = record_action_update(action=action, by=officer, status="at_risk", note="Late.")
    reject_update(update_pk=update.pk, by=manager, note="Late by how long, and why?")
    client.force_login(officer)
    page = client.get(URL).content.decode()
    assert "Update for" in page and "Run Operation Summer Nights" in page
    assert "<strong>Why it was returned:</strong> Late by how long, and why?" in page
    prefix = f"action-{action.pk}"
    client.post(
        URL,
        {
            "item": prefix,
            f"{prefix}-status": "at_risk",
            f"{prefix}-note": "Postponed to August: officers diverted to the riots.",
            f"{prefix}-version": action.version,
        },
    )
    assert ActionUpdate.objects.filter(approval=ApprovalStatus.SUBMITTED).count() == 1
    assert ActionUpdate.objects.get(approval=ApprovalStatus.SUBMITTED).status == (
        ActionStatus.AT_RISK
    )
    assert "Returned to you for correction" not in client.get(URL).content.decode()


def test_nothing_returned_means_no_returned_section(client, officer, measure):
    client.force_login(officer)
    assert "Returned to you" not in client.get(URL).content.decode()


def test_another_agencys_returned_progress_is_not_shown(client, officer, manager, plan):
    fire = factories.OrganisationFactory(name="Fire")
    theirs = factories.MeasureFactory(target__objective__plan=plan, name="Dwelling fires")
    theirs.target.owners.set([fire])
    returned_measurement(theirs, officer_of(fire, username="firefighter"), manager)
    client.force_login(officer)
    page = client.get(URL).content.decode()
    assert "Dwelling fires" not in page
