"""Two real database connections racing on one action: one wins, the other is told, nothing is
lost. Each side is a thread with its own connection, posting the real form through its own test
client; the interleaving is forced: the first side takes the row lock and holds it until
PostgreSQL shows the second side waiting for that lock (pg_stat_activity), then commits.

PostgreSQL only: SQLite locks the whole database file for a write, so two writers never
interleave there and the row locks these tests exercise do not exist.
"""

import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from actions import services
from actions.models import ActionUpdate
from objectives.models import ApprovalStatus
from progress import approval
from tests import factories
from tests.personas import officer_of, plan_manager_of

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite locks the whole file for a write: the row-lock races cannot happen",
    ),
]
WAIT = 20  # seconds; a side that takes longer has deadlocked


def waiting_for_a_lock() -> int:
    """How many other connections are blocked on a lock right now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0]


def wait_until(condition, what):
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


class Side(threading.Thread):
    """One person's request, on its own connection."""

    def __init__(self, user, request):
        super().__init__(daemon=True)
        self.user, self.request, self.response, self.error = user, request, None, None

    def run(self):
        try:
            client = Client()
            client.force_login(self.user)
            self.response = self.request(client)
        except BaseException as error:  # reported by finish()
            self.error = error
        finally:
            connections.close_all()

    def finish(self):
        self.join(WAIT)
        assert not self.is_alive(), "a side never finished (deadlock?)"
        if self.error:
            raise self.error
        return self.response


@pytest.fixture
def hold_first_lock(monkeypatch):
    """The first caller of ``lock_for_edit`` keeps the row locked until ``release`` is set."""
    locked, release = threading.Event(), threading.Event()
    real = services.lock_for_edit
    first = []

    def lock_then_hold(**kwargs):
        action = real(**kwargs)
        if not first:
            first.append(threading.current_thread())
            locked.set()
            release.wait(WAIT)
        return action

    monkeypatch.setattr(services, "lock_for_edit", lock_then_hold)
    return locked, release


@pytest.fixture
def race():
    police = factories.OrganisationFactory(name="Invented Constabulary")
    plan = factories.PlanFactory(publish_progress_automatically=True)
    action = factories.ActionFactory(
        target__objective__plan=plan, text="Invented patrols", owners=[police]
    )
    return {
        "action": action,
        "first": officer_of(police, username="first", name="Alex First"),
        "second": officer_of(police, username="second", name="Sam Second"),
        "manager": plan_manager_of(plan.partnership),
    }


def my_actions_post(action, status, note):
    prefix = f"action-{action.pk}"
    data = {
        "item": prefix,
        f"{prefix}-status": status,
        f"{prefix}-note": note,
        f"{prefix}-version": action.version,
    }
    return lambda client: client.post(reverse("my_actions:index"), data)


def admin_form_as_loaded(user, url) -> dict:
    """What the admin change form, opened by ``user``, would post back unchanged."""
    client = Client()
    client.force_login(user)
    form = client.get(url).context["adminform"].form
    data = {
        "updates-TOTAL_FORMS": 0,
        "updates-INITIAL_FORMS": 0,
        "milestones-TOTAL_FORMS": 0,
        "milestones-INITIAL_FORMS": 0,
    }
    for name in form.fields:
        value = form[name].value()
        if value is not None:
            data[name] = value
    return data


def race_two(first, second, locked, release):
    """Start ``first``; once it holds the lock start ``second``; once PostgreSQL shows the
    second waiting on that lock, let the first commit."""
    first.start()
    assert locked.wait(WAIT), "the first side never took the lock"
    second.start()
    wait_until(lambda: waiting_for_a_lock() >= 1, "the second side to wait on the row lock")
    release.set()
    return first.finish(), second.finish()


def test_two_officers_updating_one_action_one_wins_the_other_is_told(race, hold_first_lock):
    action = race["action"]
    won, lost = race_two(
        Side(race["first"], my_actions_post(action, "completed", "Done by Alex.")),
        Side(race["second"], my_actions_post(action, "off_track", "Late, says Sam.")),
        *hold_first_lock,
    )
    assert won.status_code == 302
    assert lost.status_code == 400
    assert "changed by someone else after you opened it" in lost.content.decode()
    assert list(ActionUpdate.objects.values_list("note", flat=True)) == ["Done by Alex."]
    action.refresh_from_db()
    assert (action.status, action.version) == ("completed", 2)


def test_the_admin_change_form_and_my_actions_racing_one_wins_the_other_is_told(
    race, hold_first_lock
):
    action = race["action"]
    url = reverse("admin:actions_action_change", args=[action.pk])
    form = {**admin_form_as_loaded(race["manager"], url), "status": "at_risk"}
    won, lost = race_two(
        Side(race["manager"], lambda client: client.post(url, form)),
        Side(race["first"], my_actions_post(action, "completed", "Done by Alex.")),
        *hold_first_lock,
    )
    assert won.status_code == 302
    assert lost.status_code == 400
    assert "now “At risk”" in lost.content.decode()
    action.refresh_from_db()
    assert action.status == "at_risk"
    assert not ActionUpdate.objects.filter(note="Done by Alex.").exists()


def test_my_actions_first_then_the_admin_form_is_told_and_keeps_the_officers_update(
    race, hold_first_lock
):
    action = race["action"]
    url = reverse("admin:actions_action_change", args=[action.pk])
    form = {**admin_form_as_loaded(race["manager"], url), "status": "at_risk"}
    won, lost = race_two(
        Side(race["first"], my_actions_post(action, "completed", "Done by Alex.")),
        Side(race["manager"], lambda client: client.post(url, form)),
        *hold_first_lock,
    )
    assert won.status_code == 302
    assert lost.status_code == 200  # the change form shown again, with the refusal
    assert "changed by someone else after you opened it" in lost.content.decode()
    action.refresh_from_db()
    assert action.status == "completed"
    assert ActionUpdate.objects.filter(note="Done by Alex.").exists()


def test_approve_all_and_a_new_submission_arriving_meanwhile_lose_nothing(monkeypatch):
    """Approve-all has locked and counted the queue; an officer's update lands before it
    commits. The manager approves what they were shown; the new update waits in the queue."""
    police = factories.OrganisationFactory(name="Invented Constabulary")
    plan = factories.PlanFactory(publish_progress_automatically=False)
    action = factories.ActionFactory(target__objective__plan=plan, owners=[police])
    officer = officer_of(police, username="late", name="Lee Late")
    manager = plan_manager_of(plan.partnership)
    services.record_action_update(action=action, by=officer, status="on_track", note="Shown.")

    counted, release = threading.Event(), threading.Event()
    real = approval._record_decision

    def count_then_hold(*args, **kwargs):
        if not counted.is_set():
            counted.set()
            release.wait(WAIT)
        return real(*args, **kwargs)

    monkeypatch.setattr(approval, "_record_decision", count_then_hold)
    url = reverse("dashboard:approvals", args=[plan.slug])
    approving = Side(
        manager, lambda client: client.post(url, {"decision": "approve-all", "expected": 1})
    )
    approving.start()
    assert counted.wait(WAIT)
    arriving = Side(officer, my_actions_post(action, "at_risk", "Arrived meanwhile."))
    arriving.start()
    assert arriving.finish().status_code == 302  # the officer is not kept waiting
    release.set()
    assert approving.finish().status_code == 302

    statuses = dict(ActionUpdate.objects.values_list("note", "approval"))
    assert statuses == {
        "Shown.": ApprovalStatus.APPROVED,
        "Arrived meanwhile.": ApprovalStatus.SUBMITTED,
    }


def test_approve_all_confirmed_before_a_new_submission_is_refused_whole():
    """The update lands between the confirmation page and the press: nothing is approved and
    the manager is told the queue changed."""
    police = factories.OrganisationFactory(name="Invented Constabulary")
    plan = factories.PlanFactory(publish_progress_automatically=False)
    action = factories.ActionFactory(target__objective__plan=plan, owners=[police])
    officer = officer_of(police, username="late", name="Lee Late")
    manager = plan_manager_of(plan.partnership)
    services.record_action_update(action=action, by=officer, status="on_track", note="Shown.")
    arriving = Side(officer, my_actions_post(action, "at_risk", "Arrived meanwhile."))
    arriving.start()
    assert arriving.finish().status_code == 302

    url = reverse("dashboard:approvals", args=[plan.slug])
    pressed = Side(
        manager,
        lambda client: client.post(url, {"decision": "approve-all", "expected": 1}, follow=True),
    )
    pressed.start()
    response = pressed.finish()
    assert "The queue changed after you looked" in response.content.decode()
    assert set(ActionUpdate.objects.values_list("approval", flat=True)) == {
        ApprovalStatus.SUBMITTED
    }
