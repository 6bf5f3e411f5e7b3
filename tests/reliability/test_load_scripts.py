"""The load run's scripts (loadtest/), checked against the real site: what the locustfile reads
in the pages is still there, and the checker finds a missing acknowledged write."""

import json

import pytest
from django.urls import reverse

from actions.services import record_action_update
from loadtest import check_writes
from loadtest.pages import OUTAGE_HEADING, REFUSED_AS_STALE, VERSION_FIELD
from tests import factories
from tests.personas import officer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_and_action():
    police = factories.OrganisationFactory(name="Invented Constabulary")
    plan = factories.PlanFactory(publish_progress_automatically=True)
    action = factories.ActionFactory(target__objective__plan=plan, owners=[police])
    return officer_of(police, username="loader", name="Lou Loader"), action


def test_the_locustfile_finds_each_action_and_its_version_on_my_actions(client, officer_and_action):
    officer, action = officer_and_action
    client.force_login(officer)
    page = client.get(reverse("my_actions:index")).content.decode()
    assert VERSION_FIELD.findall(page) == [(str(action.pk), str(action.version))]


def test_the_locustfile_knows_a_refusal_and_the_outage_page(client, officer_and_action):
    officer, action = officer_and_action
    prefix = f"action-{action.pk}"
    stale = {
        "item": prefix,
        f"{prefix}-status": "completed",
        f"{prefix}-note": "Late.",
        f"{prefix}-version": action.version - 1,
    }
    client.force_login(officer)
    assert REFUSED_AS_STALE in client.post(reverse("my_actions:index"), stale).content.decode()
    with open("templates/503.html", encoding="utf-8") as page:
        assert OUTAGE_HEADING in page.read()


def test_the_checker_passes_when_every_acknowledged_write_is_stored(
    tmp_path, officer_and_action, capsys
):
    officer, action = officer_and_action
    record_action_update(action=action, by=officer, status="at_risk", note="load-kept")
    acks = tmp_path / "acknowledged.jsonl"
    acks.write_text(json.dumps({"action": action.pk, "note": "load-kept", "status": "at_risk"}))
    assert check_writes.main(str(acks)) == 0
    assert "missing: 0; different: 0" in capsys.readouterr().out


def test_the_checker_fails_on_a_lost_or_different_write(tmp_path, officer_and_action, capsys):
    officer, action = officer_and_action
    record_action_update(action=action, by=officer, status="at_risk", note="load-kept")
    acks = tmp_path / "acknowledged.jsonl"
    acks.write_text(
        json.dumps({"action": action.pk, "note": "load-lost", "status": "at_risk"})
        + "\n"
        + json.dumps({"action": action.pk, "note": "load-kept", "status": "completed"})
    )
    assert check_writes.main(str(acks)) == 1
    assert "missing: 1; different: 1" in capsys.readouterr().out
