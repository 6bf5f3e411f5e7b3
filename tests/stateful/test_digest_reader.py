"""The stateful test's reader of digests (tests/stateful/digests.py) reads what a digest says
and finds a digest that says more or less than what became public."""

from collections import Counter

import pytest
from django.utils import timezone

from actions.services import record_action_update
from notices import digests, following
from outbox.models import SentMessage
from progress.approval import approve_update
from tests import factories
from tests.personas import officer_of, plan_manager_of
from tests.stateful import digests as digest_reader

pytestmark = pytest.mark.django_db


def test_the_reader_reads_a_sent_digest_and_finds_what_it_should_not_hold():
    plan = factories.running_plan(slug="invented-read-digest")
    action = factories.ActionFactory(
        target__objective__plan=plan, text="Invented scheme", status="on_track"
    )
    agency = factories.OrganisationFactory()
    action.owners.set([agency])
    officer = officer_of(agency, username="officer-read-digest")
    manager = plan_manager_of(plan.partnership, username="manager-read-digest")
    follow = following.ask_to_follow(email="r@example.net", plan=plan, frequency="immediately")
    following.confirm(following.confirm_token(follow))
    since = timezone.now()
    for status in ("ongoing", "at_risk"):
        update = record_action_update(
            action=action, by=officer, date=timezone.localdate(), status=status, note="Invented."
        )
        approve_update(update_pk=update.pk, by=manager)
    record_action_update(  # waits for approval: in no digest
        action=action, by=officer, date=timezone.localdate(), status="off_track", note="Waits."
    )
    until = timezone.now()
    digests.send_due(now=until)
    [sent] = SentMessage.objects.filter(key__startswith="digest:")
    reading = digest_reader.read(sent.text)
    name = digest_reader.heading(action)
    assert reading.updates == Counter({(name, "ongoing"): 1, (name, "at_risk"): 1})
    assert digest_reader.findings(plan, [reading], since=since, until=until) == []

    reading.updates[name, "off_track"] += 1  # a digest that told of the pending update
    [problem] = digest_reader.findings(plan, [reading], since=since, until=until)
    assert "off_track" in problem and "not approved then" in problem
    assert digest_reader.findings(plan, [], since=since, until=until)  # one that told nothing
