"""What a digest holds and never holds, the bounds of following, and staff notices (issue 28).
The real SMTP server's tests are test_following_by_email.py; these read Django's test outbox,
which the one sending path (outbox) fills through the task queue all the same."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from actions.models import Milestone
from actions.services import record_action_update
from notices import digests, following, retention, staff
from notices.models import Follow
from objectives.models import ApprovalStatus
from outbox.models import NoticePreference, SentMessage
from progress.approval import approve_measurement, approve_update, reject_update
from tests import factories
from tests.personas import officer_of, plan_manager_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    plan = factories.running_plan(slug="invented-digests")
    action = factories.ActionFactory(
        target__objective__plan=plan, text="Invented street lighting audit", status="on_track"
    )
    agency = factories.OrganisationFactory()
    action.owners.set([agency])
    officer = officer_of(agency, username="officer-digests")
    officer.email = "officer@example.org"
    officer.save()
    manager = plan_manager_of(plan.partnership, username="manager-digests")
    manager.email = "manager@example.org"
    manager.save()
    return plan, action, officer, manager


def confirmed_follow(plan, **kwargs):
    follow = following.ask_to_follow(
        email="resident@example.net", plan=plan, frequency="immediately", **kwargs
    )
    following.confirm(following.confirm_token(follow))
    mail.outbox.clear()
    return follow


def update(action, officer, note):
    return record_action_update(
        action=action, by=officer, date=timezone.localdate(), status="at_risk", note=note
    )


def test_a_digest_holds_approved_updates_only_never_pending_or_returned(world):
    plan, action, officer, manager = world
    follow = confirmed_follow(plan)
    approved = update(action, officer, "Invented approved news.")
    approve_update(update_pk=approved.pk, by=manager)
    update(action, officer, "Invented still waiting.")
    returned = update(action, officer, "Invented returned draft.")
    reject_update(update_pk=returned.pk, by=manager, note="Invented reason.")

    digests.send_due()
    [digest] = [m for m in mail.outbox if m.to == [follow.email]]
    assert "Invented approved news." in digest.body
    assert "At risk" in digest.body
    assert "still waiting" not in digest.body and "returned draft" not in digest.body
    html = digest.alternatives[0][0]
    assert "Invented approved news." in html and "still waiting" not in html


def test_a_small_number_withheld_on_public_pages_never_reaches_a_digest(world):
    """Figures stay on the pages, where the small-number rules (progress.disclosure) apply: a
    sensitive measure's approved count of 3 is in no digest, only the approved update."""
    plan, action, officer, manager = world
    measure = factories.MeasureFactory(
        target=action.target, name="Invented repeat victims", sensitive=True
    )
    figure = factories.MeasurementFactory(
        measure=measure, value=3, status=ApprovalStatus.SUBMITTED, recorded_by=officer
    )
    confirmed_follow(plan)
    approve_measurement(measurement_pk=figure.pk, by=manager)
    approve_update(update_pk=update(action, officer, "Invented news.").pk, by=manager)
    digests.send_due()
    [digest] = mail.outbox
    assert "Invented news." in digest.body
    for text in (digest.body, digest.alternatives[0][0]):
        # Neither the figure's line nor its withheld form ("fewer than 5").
        assert "repeat victims" not in text and "fewer than" not in text.lower()


def test_nothing_of_a_plan_that_is_not_public_is_sent(world):
    plan, action, officer, manager = world
    follow = confirmed_follow(plan)
    plan.status = plan.Status.DRAFT
    plan.save()
    approve_update(update_pk=update(action, officer, "Invented news.").pk, by=manager)
    assert digests.send_due() == 0
    assert digests.changes(follow, since=follow.confirmed_at, until=timezone.now()) == []


def test_a_follow_of_one_action_holds_that_action_only(world):
    plan, action, officer, manager = world
    other = factories.ActionFactory(target=action.target, text="Invented other action")
    other.owners.set(action.owners.all())
    follow = confirmed_follow(plan, objective=action.target.objective, action=action)
    approve_update(update_pk=update(other, officer, "Invented other news.").pk, by=manager)
    assert digests.send_due() == 0
    approve_update(update_pk=update(action, officer, "Invented own news.").pk, by=manager)
    assert digests.send_due() == 1
    assert mail.outbox[0].to == [follow.email]


def test_a_digest_is_capped_with_a_link_to_the_rest(world, settings):
    plan, action, officer, manager = world
    settings.DIGEST_MAX_ITEMS = 2
    confirmed_follow(plan)
    for number in range(3):
        approve_update(update_pk=update(action, officer, f"Invented news {number}.").pk, by=manager)
    digests.send_due()
    [digest] = mail.outbox
    assert "Invented news 0." in digest.body and "Invented news 1." in digest.body
    assert "Invented news 2." not in digest.body
    assert f"And 1 more: http://127.0.0.1:8000/plans/{plan.slug}/" in digest.body


def test_the_same_digest_is_never_sent_twice_even_by_two_runs_at_once(world):
    plan, action, officer, manager = world
    follow = confirmed_follow(plan)
    approve_update(update_pk=update(action, officer, "Invented news.").pk, by=manager)
    window = Follow.objects.filter(pk=follow.pk).values("digest_from", "last_digest_at").get()
    assert digests.send_digest(follow.pk) is not None
    # A second run that read the follow before the first moved its window on.
    Follow.objects.filter(pk=follow.pk).update(**window)
    assert digests.send_digest(follow.pk) is None
    assert len(mail.outbox) == 1


def test_a_daily_follower_gets_at_most_one_digest_a_day(world):
    plan, action, officer, manager = world
    follow = confirmed_follow(plan)
    Follow.objects.filter(pk=follow.pk).update(frequency="daily")
    approve_update(update_pk=update(action, officer, "Invented first.").pk, by=manager)
    assert digests.send_due() == 1
    approve_update(update_pk=update(action, officer, "Invented second.").pk, by=manager)
    assert digests.send_due() == 0
    assert digests.send_due(now=timezone.now() + datetime.timedelta(days=1, minutes=1)) == 1
    assert "Invented second." in mail.outbox[1].body
    assert "Invented first." not in mail.outbox[1].body


def test_a_robot_filling_the_honeypot_follows_nothing(client, world):
    plan = world[0]
    response = client.post(
        reverse("notices:follow_plan", args=[plan.slug]),
        {"email": "robot@example.net", "frequency": "daily", "website": "http://spam"},
    )
    assert response.status_code == 302
    assert not Follow.objects.exists() and mail.outbox == []


def test_follow_requests_are_rate_limited_like_the_other_public_forms(client, world, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "follow": (1, 600)}
    url = reverse("notices:follow_plan", args=[world[0].slug])
    assert client.post(url, {"email": "a@example.net", "frequency": "daily"}).status_code == 302
    refused = client.post(url, {"email": "b@example.net", "frequency": "daily"})
    assert refused.status_code == 429
    assert Follow.objects.count() == 1


def test_a_bad_address_is_named_and_nothing_is_written(client, world):
    response = client.post(
        reverse("notices:follow_plan", args=[world[0].slug]),
        {"email": "not an address", "frequency": "daily"},
    )
    assert response.status_code == 200
    assert "Your e-mail address: Enter a valid email address." in response.text
    assert not Follow.objects.exists()


def test_asking_twice_sends_one_confirmation(world):
    plan = world[0]
    for _ in range(2):
        following.ask_to_follow(email="Resident@Example.net", plan=plan, frequency="daily")
    assert len(mail.outbox) == 1
    assert Follow.objects.get().email == "resident@example.net"


def test_a_confirmation_link_expires(client, world):
    follow = following.ask_to_follow(email="r@example.net", plan=world[0], frequency="daily")
    token = following.confirm_token(follow)
    with freeze_time(timezone.now() + datetime.timedelta(days=following.CONFIRM_DAYS, hours=1)):
        response = client.post(reverse("notices:confirm", args=[token]))
    assert response.status_code == 410 and "expired" in response.text
    assert not Follow.objects.confirmed().exists()


def test_staff_follow_an_action_from_my_actions_and_get_the_same_digest(client, world):
    plan, action, officer, manager = world
    client.force_login(officer)
    assert "Follow by e-mail" in client.get(reverse("my_actions:index")).text
    response = client.post(
        reverse("staff_notices:staff_follow", args=[action.pk]), {"frequency": "immediately"}
    )
    assert response.status_code == 302
    follow = Follow.objects.get()
    assert (follow.user, follow.email, follow.action) == (officer, "", action)
    approve_update(update_pk=update(action, officer, "Invented staff news.").pk, by=manager)
    digests.send_due()
    [digest] = mail.outbox
    assert digest.to == ["officer@example.org"] and "Invented staff news." in digest.body
    assert "List-Unsubscribe" in digest.extra_headers
    page = client.get(reverse("staff_notices:preferences")).text
    assert "Invented street lighting audit" in page


def test_an_officer_is_told_once_when_an_update_is_returned_unless_turned_off(client, world):
    plan, action, officer, manager = world
    returned = update(action, officer, "Invented draft.")
    reject_update(update_pk=returned.pk, by=manager, note="Invented: say which streets.")
    assert staff.send_returned() == 1
    assert staff.send_returned() == 0
    [notice] = mail.outbox
    assert notice.to == ["officer@example.org"]
    assert "Invented: say which streets." in notice.body
    assert "http://127.0.0.1:8000/notices/" in notice.body  # how to turn it off

    client.force_login(officer)
    data = {kind: "on" for kind in NoticePreference.KINDS if kind != "returned"}
    assert client.post(reverse("staff_notices:preferences"), data).status_code == 302
    again = update(action, officer, "Invented second draft.")
    reject_update(update_pk=again.pk, by=manager, note="Invented again.")
    assert staff.send_returned() == 0
    assert len(mail.outbox) == 1


def test_lead_officers_are_told_once_of_a_milestone_due_soon_and_once_when_late(world):
    plan, action, officer, manager = world
    lead = factories.OfficerFactory(email="lead@example.org")
    action.lead_officers.set([lead])
    today = timezone.localdate()
    Milestone.objects.create(
        action=action, title="Invented step", due_date=today + datetime.timedelta(days=3)
    )
    Milestone.objects.create(
        action=action, title="Invented far step", due_date=today + datetime.timedelta(days=90)
    )
    assert staff.send_milestones(today=today) == 1
    assert staff.send_milestones(today=today) == 0
    assert "Invented step" in mail.outbox[0].subject
    assert staff.send_milestones(today=today + datetime.timedelta(days=4)) == 1
    assert "late" in mail.outbox[1].subject


def test_plan_managers_are_told_when_progress_waits_too_long(world, settings):
    plan, action, officer, manager = world
    update(action, officer, "Invented waiting.")
    assert staff.send_waiting() == 0
    later = timezone.now() + datetime.timedelta(days=settings.NOTICE_WAITING_DAYS, hours=1)
    assert staff.send_waiting(now=later) == 1
    assert staff.send_waiting(now=later) == 0  # at most once a week
    [notice] = mail.outbox
    assert notice.to == ["manager@example.org"]
    assert f"/dashboard/{plan.slug}/approvals/" in notice.body


def test_unconfirmed_requests_and_old_addresses_are_purged(world):
    plan = world[0]
    follow = following.ask_to_follow(email="r@example.net", plan=plan, frequency="daily")
    later = timezone.now() + datetime.timedelta(days=following.CONFIRM_DAYS + 1)
    result = retention.purge(received_before=later, now=later)
    assert (result.unconfirmed, result.message_addresses) == (1, 1)
    assert not Follow.objects.filter(pk=follow.pk).exists()
    assert SentMessage.objects.get().to == ""


def test_send_notices_says_what_it_sent(world):
    from io import StringIO

    out = StringIO()
    call_command("send_notices", stdout=out)
    assert out.getvalue().startswith("Digests: 0. Notices: 0 returned")


def test_unticking_every_notice_turns_them_all_off(client, world):
    officer = world[2]
    client.force_login(officer)
    assert client.post(reverse("staff_notices:preferences"), {}).status_code == 302
    preference = NoticePreference.objects.get(user=officer)
    assert not any(getattr(preference, kind) for kind in NoticePreference.KINDS)
