"""Following by e-mail against a real SMTP server (tests/mail_server.py), read as a resident
reads their mail: a resident confirms a follow, an officer ticks a milestone, a plan manager
approves it, and the next digest holds exactly that change and a working one-click
unsubscribe (issue 28)."""

import datetime
import io
import re
from email.utils import parseaddr
from html import unescape

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions.models import Milestone, MilestoneProposal
from notices.models import Follow
from outbox import sending
from outbox.models import SentMessage
from tests import factories, mail_server
from tests.personas import officer_of, plan_manager_of

pytestmark = pytest.mark.django_db
smtp_inbox = mail_server.smtp_inbox  # the fixture: a real SMTP server

RESIDENT = "resident@example.net"


@pytest.fixture
def running():
    plan = factories.running_plan(slug="invented-follow")
    action = factories.ActionFactory(
        target__objective__plan=plan, text="Invented youth diversion scheme", status="on_track"
    )
    agency = factories.OrganisationFactory()
    action.owners.set([agency])
    officer = officer_of(agency, username="officer-follow")
    manager = plan_manager_of(plan.partnership, username="manager-follow")
    milestone = Milestone.objects.create(
        action=action,
        title="Invented venue booked",
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    return plan, action, officer, manager, milestone


def run_notices():
    call_command("send_notices", stdout=io.StringIO())


def parts(message):
    """The text and HTML parts of a received message."""
    found = {}
    for part in message.walk():
        if part.get_content_type() in ("text/plain", "text/html"):
            found[part.get_content_type()] = part.get_payload(decode=True).decode()
    return found["text/plain"], found["text/html"]


def arrived(inbox, count, subject_start):
    """The message of ``subject_start`` once ``count`` have arrived (their Date headers, to the
    second, do not order messages sent within one second)."""
    inbox.wait_for(count)
    [message] = [m for m in inbox.messages() if m["Subject"].startswith(subject_start)]
    return message


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def tick_and_approve(client, officer, manager, plan, milestone):
    client.force_login(officer)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("my_actions:index"),
        {"item": f"done-{milestone.pk}", f"done-{milestone.pk}-done_on": today},
    )
    assert response.status_code == 302
    proposal = MilestoneProposal.objects.latest("pk")
    run_notices()  # nothing approved yet
    client.force_login(manager)
    response = client.post(
        reverse("dashboard:approvals", args=[plan.slug]),
        {"kind": "milestone", "decision": "approve", "pk": proposal.pk, "note": ""},
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.is_done


def test_a_resident_confirms_a_follow_and_their_next_digest_holds_exactly_the_approved_tick(
    running, smtp_inbox
):
    plan, action, officer, manager, milestone = running
    resident = Client()
    follow_url = reverse("notices:follow_action", args=[action.pk])
    page = resident.get(follow_url)
    assert page.status_code == 200 and "Invented youth diversion scheme" in page.text
    response = resident.post(follow_url, {"email": RESIDENT, "frequency": "immediately"})
    assert response.status_code == 302

    confirmation = smtp_inbox.wait_for(1)
    assert parseaddr(confirmation["To"])[1] == RESIDENT
    text, html = parts(confirmation)
    link = path_of(re.search(r"(\S+/follow/confirm/\S+/)", text)[1])
    assert f'href="http://127.0.0.1:8000{link}"' in html
    assert resident.get(link).status_code == 200
    assert not Follow.objects.confirmed().exists()  # opening the link (a scanner) is not enough
    assert "You are following" in resident.post(link).text
    used_again = resident.post(link)
    assert used_again.status_code == 410 and "already follow" in used_again.text

    clerk = Client()
    tick_and_approve(clerk, officer, manager, plan, milestone)
    assert len(smtp_inbox.messages()) == 1  # the pending tick was in no digest
    run_notices()
    digest = arrived(smtp_inbox, 2, "Progress on")
    assert parseaddr(digest["To"])[1] == RESIDENT
    text, html = parts(digest)
    assert text.count("Milestone done:") == 1
    assert f"Milestone done: Invented venue booked (done {timezone.localdate():%-d %B %Y})" in text
    assert "Invented youth diversion scheme" in text
    assert '<html lang="en-GB">' in html and "<h1" in html
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = path_of("".join(digest["List-Unsubscribe"].split()).strip("<>"))  # unfolded
    assert unsubscribe in text and unsubscribe in html

    run_notices()
    assert len(smtp_inbox.messages()) == 2  # never twice for the same change

    # RFC 8058: the mail client's one-click POST, with no session and no CSRF token.
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        unsubscribe,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Follow.objects.exists()

    later = Milestone.objects.create(
        action=action, title="Invented second step", due_date=timezone.localdate()
    )
    later.done_on = timezone.localdate()
    later.save()
    run_notices()
    assert len(smtp_inbox.messages()) == 2  # no further digest


def test_a_failing_smtp_send_is_retried_until_it_arrives(running, smtp_inbox, settings):
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = mail_server._free_port()  # nothing listens there
    plan = running[0]
    resident = Client()
    resident.post(
        reverse("notices:follow_plan", args=[plan.slug]),
        {"email": RESIDENT, "frequency": "daily"},
    )
    [message] = SentMessage.objects.all()
    assert (message.status, message.attempts) == (SentMessage.Status.RETRYING, 1)
    assert smtp_inbox.messages() == []
    assert sending.retry_due() == 0  # not due yet: it waits its backoff

    settings.EMAIL_PORT = working_port
    assert sending.retry_due(now=timezone.now() + sending.backoff(1)) == 1
    assert parseaddr(smtp_inbox.wait_for(1)["To"])[1] == RESIDENT
    message.refresh_from_db()
    assert (message.status, message.attempts) == (SentMessage.Status.SENT, 2)


def test_a_welsh_followers_digest_is_welsh_with_welsh_content(running, smtp_inbox):
    """Followed from the Welsh page (/cy/dilyn/…): the confirmation, the digest (subject
    included) and their links are Welsh, and the content is read from the ``_cy`` fields; the
    manage link turns the next digest English."""
    from django.urls import translate_url

    from actions.services import record_action_update
    from cspplan.models import Partnership
    from progress.approval import approve_update

    plan, action, officer, manager, milestone = running
    Partnership.objects.filter(pk=plan.partnership_id).update(
        languages=Partnership.WELSH_AND_ENGLISH
    )
    plan.title_cy = "Cynllun dychmygol"
    plan.save()
    action.text_cy = "Cynllun dargyfeirio ieuenctid dychmygol"
    action.save()
    milestone.title_cy = "Lleoliad dychmygol wedi'i archebu"
    milestone.save()

    resident = Client()
    follow_url = translate_url(reverse("notices:follow_action", args=[action.pk]), "cy")
    assert follow_url.startswith("/cy/dilyn/camau-gweithredu/")
    page = resident.get(follow_url)
    assert page.status_code == 200 and "Dilyn drwy e-bost" in page.text
    assert "Cynllun dargyfeirio ieuenctid dychmygol" in page.text
    resident.post(follow_url, {"email": RESIDENT, "frequency": "immediately"})
    confirmation = smtp_inbox.wait_for(1)
    assert confirmation["Subject"].startswith("Cadarnhewch eich bod am ddilyn")
    text, html = parts(confirmation)
    assert "Cynllun dargyfeirio ieuenctid dychmygol" in text and '<html lang="cy">' in html
    link = path_of(re.search(r"(\S+/cy/dilyn/cadarnhau/\S+/)", text)[1])
    assert "Rydych yn dilyn" in resident.post(link).text

    clerk = Client()
    tick_and_approve(clerk, officer, manager, plan, milestone)
    update = record_action_update(
        action=action,
        by=officer,
        status="at_risk",
        note="Invented English note.",
        note_in_welsh="Nodyn dychmygol yn Gymraeg.",
    )
    approve_update(update_pk=update.pk, by=manager)
    run_notices()
    digest = arrived(smtp_inbox, 2, "Cynnydd ar")
    text, html = parts(digest)
    for part in (text, unescape(html)):
        assert "Cynllun dargyfeirio ieuenctid dychmygol" in part
        assert "Carreg filltir wedi'i chwblhau: Lleoliad dychmygol wedi'i archebu" in part
        assert "Mewn perygl" in part and "Nodyn dychmygol yn Gymraeg." in part
        assert "Invented" not in part and "Milestone done" not in part
    assert '<html lang="cy">' in html
    unsubscribe = path_of("".join(digest["List-Unsubscribe"].split()).strip("<>"))
    assert unsubscribe.startswith("/cy/dilyn/dad-danysgrifio/")
    manage = path_of(re.search(r"(\S+/cy/dilyn/rheoli/\S+/)", text)[1])
    assert "Iaith yr e-byst" in resident.get(manage).text
    resident.post(manage, {"frequency": "immediately", "language": "en"})

    second = record_action_update(
        action=action,
        by=officer,
        status="on_track",
        note="Invented back on track.",
        note_in_welsh="Dychmygol: yn ôl ar y trywydd.",
    )
    approve_update(update_pk=second.pk, by=manager)
    run_notices()
    english = arrived(smtp_inbox, 3, "Progress on")
    text, _html = parts(english)
    assert "Invented back on track." in text and "Dychmygol" not in text
