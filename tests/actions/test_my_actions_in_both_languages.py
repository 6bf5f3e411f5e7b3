"""My actions for a bilingual partnership's officer: the public note in English and Welsh side
by side (issue 27). Test data is invented."""

import pytest

from actions.models import ActionUpdate
from cspplan.models import Partnership
from objectives.models import ApprovalStatus
from tests import factories
from tests.actions.test_my_actions import URL, build
from tests.personas import officer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def police():
    return factories.OrganisationFactory(name="Heddlu")


def test_a_bilingual_partnerships_officer_writes_the_note_in_both_languages(client, police):
    plan = factories.PlanFactory(partnership__languages=Partnership.WELSH_AND_ENGLISH)
    [action], _measure = build(police, plan=plan)
    prefix = f"action-{action.pk}"
    client.force_login(officer_of(police, name="Invented Officer"))
    page = client.get(URL).content.decode()
    assert "Progress note (English)" in page
    assert "Progress note (Welsh)" in page
    assert f'name="{prefix}-note_in_welsh"' in page

    response = client.post(
        URL,
        {
            "item": prefix,
            f"{prefix}-status": "at_risk",
            f"{prefix}-note": "Two meetings postponed.",
            f"{prefix}-note_in_welsh": "Gohiriwyd dau gyfarfod.",
            f"{prefix}-version": action.version,
        },
    )
    assert response.status_code == 302
    update = ActionUpdate.objects.get()
    assert (update.note_en, update.note_cy, update.approval) == (
        "Two meetings postponed.",
        "Gohiriwyd dau gyfarfod.",
        ApprovalStatus.SUBMITTED,
    )


def test_an_english_partnerships_officer_sees_one_note(client, police):
    [action], _measure = build(police)
    client.force_login(officer_of(police, name="Invented Officer"))
    page = client.get(URL).content.decode()
    assert "Progress note (Welsh)" not in page
    assert f'name="action-{action.pk}-note_in_welsh"' not in page
    assert "Progress note" in page
