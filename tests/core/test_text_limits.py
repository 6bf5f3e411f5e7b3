"""Every staff text field has a limit, announced before anyone types ("Up to 2,000
characters." and ``maxlength``) and enforced on the server with a message naming the field:
"my actions", the approval queue, the admin, the recording services and the importer. A
20,000-character progress note once made the approval queue 190,000 px wide."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actions.models import Action, ActionUpdate
from actions.services import record_action_update
from cspplan import roles
from cspplan.limits import NOTE_MAX_LENGTH
from importer.services import PlanImportError, read_draft
from objectives.models import ApprovalStatus
from tests import factories
from tests.importer_helpers import csv_bytes
from tests.personas import in_role, officer_of, plan_manager_of

pytestmark = pytest.mark.django_db

TOO_LONG = "x" * (NOTE_MAX_LENGTH + 1)


@pytest.fixture
def police():
    return factories.OrganisationFactory(name="Invented Police")


@pytest.fixture
def action(police):
    return factories.ActionFactory(owners=[police], text="Invented patrols")


def test_my_actions_announces_the_note_limit_and_refuses_a_longer_note(client, police, action):
    client.force_login(officer_of(police))
    page = client.get("/my-actions/").content.decode()
    prefix = f"action-{action.pk}"

    assert "Up to 2,000 characters." in page
    assert f'name="{prefix}-note"' in page and 'maxlength="2000"' in page
    response = client.post(
        "/my-actions/",
        {"item": prefix, f"{prefix}-status": "at_risk", f"{prefix}-note": TOO_LONG,
         f"{prefix}-version": action.version},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Progress note can be up to 2,000 characters; yours has 2001." in response.text
    assert not ActionUpdate.objects.exists()


def test_the_recording_service_refuses_a_longer_note_naming_the_field(police, action):
    with pytest.raises(ValidationError) as error:
        record_action_update(action=action, by=officer_of(police), status="at_risk", note=TOO_LONG)
    assert "note" in error.value.message_dict
    assert not ActionUpdate.objects.exists()


def test_the_admin_announces_limits_and_refuses_a_longer_text_naming_the_field(client, action):
    client.force_login(plan_manager_of(action.target.objective.plan.partnership))
    url = reverse("admin:actions_action_change", args=[action.pk])

    page = client.get(url).content.decode()

    assert "Up to 2,000 characters." in page and 'maxlength="2000"' in page
    response = client.post(
        url,
        {"target": action.target.pk, "order": action.order, "text": TOO_LONG,
         "status": action.status, "loaded_version": action.version},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Text can be up to 2,000 characters; yours has 2001." in response.text
    action.refresh_from_db()
    assert action.text == "Invented patrols"


def test_the_approval_queue_refuses_a_longer_note_for_the_officer(client, police, action):
    update = record_action_update(
        action=action, by=officer_of(police), status="at_risk", note="Invented delay."
    )
    plan = action.target.objective.plan
    client.force_login(in_role(roles.PLAN_MANAGERS, partnership=plan.partnership))
    url = reverse("dashboard:approvals", args=[plan.slug])

    assert 'maxlength="2000"' in client.get(url).text
    response = client.post(
        url, {"kind": "update", "pk": update.pk, "decision": "reject", "note": TOO_LONG}
    )

    assert response.status_code == 400
    assert "Note for the officer can be up to 2,000 characters; yours has 2001." in response.text
    update.refresh_from_db()
    assert update.approval == ApprovalStatus.SUBMITTED


def test_the_importer_refuses_a_longer_action_naming_its_row_and_column():
    headings = ["Objective", "Target & Base Line", "March 2012", "Owner", "Actions"]
    rows = [["Objective 1: Invented", "Reduce incidents", "Target 5", "", TOO_LONG]]

    with pytest.raises(PlanImportError) as error:
        read_draft("plan.csv", csv_bytes(headings, rows))

    assert "Row 2, column Actions: the action can be up to 2,000 characters; it has 2,001" in str(
        error.value
    )
    assert not Action.objects.exists()


def test_a_measurement_note_is_limited_too(client, police):
    target = factories.TargetFactory()
    target.owners.set([police])
    measure = factories.MeasureFactory(target=target)
    client.force_login(officer_of(police))
    prefix = f"measure-{measure.pk}"

    response = client.post(
        "/my-actions/",
        {"item": prefix, f"{prefix}-period_start": "2011-04-01",
         f"{prefix}-period_end": "2011-06-30", f"{prefix}-value": "4",
         f"{prefix}-note": TOO_LONG},
    )  # fmt: skip

    assert response.status_code == 400
    assert "Note can be up to 2,000 characters; yours has 2001." in response.text
