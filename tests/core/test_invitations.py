"""Issue 25: invitations instead of passwords handed out, and the audit trail of sign-ins.

A plan manager invites a person through the admin; the message goes to a real SMTP server
started by the test; the test follows the link in it, sets a password and signs in as a person
would. The invitation gives exactly its role and partnership, once, before it expires."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cspplan import invitations, roles
from cspplan.models import Invitation, SignInEvent
from tests import factories, mail_server
from tests.personas import plan_manager_of

smtp_inbox = mail_server.smtp_inbox  # the fixture: a real SMTP server

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW_PASSWORD = "a long new password for pat"
ADD = "/admin/cspplan/invitation/add/"


@pytest.fixture
def partnership():
    return factories.PartnershipFactory(name="Ashdown Vale CSP", slug="ashdown-vale")


@pytest.fixture
def manager(partnership):
    return plan_manager_of(partnership, username="manager")


@pytest.fixture
def police():
    return factories.OrganisationFactory(name="Ashdown Police", short_name="AP")


def send_invitation(client, partnership, **fields):
    data = {"partnership": partnership.pk, "email": "pat@ashdown.police.example"}
    data |= {"name": "Pat Officer", "role": roles.PARTNERSHIP_OFFICERS, "_save": "Save"}
    data |= fields
    return client.post(ADD, {k: v for k, v in data.items() if v is not None})


def link_in(message) -> str:
    body = message.get_payload(decode=True).decode()
    return re.search(r"http://testserver(/accounts/invitation/\S+/)", body)[1]


def test_an_invited_officer_follows_the_emailed_link_sets_a_password_and_signs_in(
    client, partnership, manager, police, smtp_inbox
):
    client.force_login(manager)
    response = send_invitation(client, partnership, organisation=police.pk)
    assert response.status_code == 302, response.text[:2000]

    message = smtp_inbox.wait_for(1)
    assert message["To"] == "pat@ashdown.police.example"
    assert "Ashdown Vale CSP" in message["Subject"]
    link = link_in(message)
    invitation = Invitation.objects.get()
    assert link.split("/")[-2] not in invitation.token_digest  # only the digest is kept

    newcomer = Client()
    page = newcomer.get(link)
    assert page.status_code == 200
    assert "partnership officer" in page.text and "Ashdown Police" in page.text
    response = newcomer.post(
        link, {"username": "pat", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"

    pat = User.objects.get(username="pat")
    assert pat.email == "pat@ashdown.police.example" and pat.is_staff
    assert list(pat.groups.values_list("name", flat=True)) == [roles.PARTNERSHIP_OFFICERS]
    assert pat.officer.organisation == police
    assert not pat.partnerships.exists()  # an officer's work is their agency's rows
    assert not pat.is_superuser

    response = newcomer.post("/accounts/login/", {"login": "pat", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert newcomer.get("/my-actions/").status_code == 200

    # Single use.
    again = Client().get(link)
    assert again.status_code == 410 and "already been used" in again.text

    invited_at = SignInEvent.objects.get(kind=SignInEvent.Kind.INVITED).pk
    since = SignInEvent.objects.filter(pk__gte=invited_at).order_by("pk")
    kinds = list(since.values_list("kind", flat=True))
    assert SignInEvent.Kind.ROLE_ADDED in kinds
    assert kinds[-2:] == [SignInEvent.Kind.INVITATION_ACCEPTED, SignInEvent.Kind.SIGNED_IN][
        -2:
    ] or (SignInEvent.Kind.SIGNED_IN in kinds and SignInEvent.Kind.INVITATION_ACCEPTED in kinds)
    invited = SignInEvent.objects.get(kind=SignInEvent.Kind.INVITED)
    assert invited.actor == manager and invited.partnership == partnership
    assert invited.address == "127.0.0.1"


def test_an_invited_plan_manager_must_set_up_a_second_factor_first(
    client, partnership, manager, smtp_inbox, settings
):
    client.force_login(manager)
    send_invitation(client, partnership, email="sam@ashdown.example", role=roles.PLAN_MANAGERS)
    client.logout()
    settings.CSPPLAN_SECOND_FACTOR_REQUIRED = True
    link = link_in(smtp_inbox.wait_for(1))
    client.post(link, {"username": "sam", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    sam = User.objects.get(username="sam")
    assert list(sam.partnerships.all()) == [partnership]
    client.post("/accounts/login/", {"login": "sam@ashdown.example", "password": NEW_PASSWORD})
    assert client.session.get("_auth_user_id") == str(sam.pk)
    assert client.get("/admin/")["Location"] == "/accounts/2fa/"


def test_an_expired_or_withdrawn_invitation_opens_nothing(partnership, manager, client, rf):
    invitation = Invitation(
        partnership=partnership, email="lee@example.org", name="Lee", role=roles.CHAIR
    )
    token = invitations.invite(by=manager, invitation=invitation, request=rf.get("/"))
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(f"/accounts/invitation/{token}/")
    assert response.status_code == 410 and "expired" in response.text
    response = client.post(
        f"/accounts/invitation/{token}/",
        {"username": "lee", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 410 and not User.objects.filter(username="lee").exists()

    other = Invitation(partnership=partnership, email="kim@example.org", name="Kim", role="Chair")
    token = invitations.invite(by=manager, invitation=other, request=rf.get("/"))
    invitations.revoke(other, by=manager)
    assert Client().get(f"/accounts/invitation/{token}/").status_code == 410
    assert Client().get("/accounts/invitation/not-a-token/").status_code == 410


def test_a_manager_invites_only_to_their_own_partnership_and_never_a_county_reader(
    client, partnership, manager, police
):
    elsewhere = factories.PartnershipFactory(name="Brindle Moor CSP", slug="brindle-moor")
    client.force_login(manager)
    response = send_invitation(client, elsewhere, organisation=police.pk)
    assert response.status_code == 200 and "Select a valid choice" in response.text
    response = send_invitation(client, partnership, role=roles.COUNTY_READERS)
    assert response.status_code == 200 and "Select a valid choice" in response.text
    response = send_invitation(client, partnership)  # an officer with no agency
    assert response.status_code == 200 and "names their agency" in response.text
    assert not Invitation.objects.exists()
    officer = factories.UserFactory(is_staff=True)
    client.force_login(officer)
    assert client.get(ADD).status_code == 403


def test_someone_signed_in_as_another_address_cannot_take_the_invitation(
    client, partnership, manager, rf
):
    invitation = Invitation(
        partnership=partnership, email="lee@example.org", name="Lee", role=roles.PLAN_MANAGERS
    )
    token = invitations.invite(by=manager, invitation=invitation, request=rf.get("/"))
    intruder = factories.UserFactory(username="intruder", email="intruder@example.org")
    client.force_login(intruder)
    client.post(f"/accounts/invitation/{token}/", {"username": "x", "password1": "y"})
    assert not intruder.groups.exists() and not intruder.partnerships.exists()
    assert Invitation.objects.get().state == "pending"


def test_leaving_the_partnership_ends_access_at_once(partnership, manager, client):
    client.post(
        "/accounts/login/", {"login": "manager", "password": "correct horse battery staple"}
    )
    assert client.get("/admin/").status_code == 200
    partnership.members.remove(manager)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    left = SignInEvent.objects.get(kind=SignInEvent.Kind.LEFT_PARTNERSHIP)
    assert left.user == manager and left.partnership == partnership


def test_failed_sign_ins_are_recorded_and_each_manager_reads_their_own_partnerships(
    client, partnership, manager
):
    client.post(
        "/accounts/login/", {"login": "manager", "password": "wrong"}, REMOTE_ADDR="192.0.2.9"
    )
    failed = SignInEvent.objects.get(kind=SignInEvent.Kind.SIGN_IN_FAILED)
    assert failed.user == manager and failed.name_tried == "manager"
    assert failed.address == "192.0.2.9"

    elsewhere = factories.PartnershipFactory(name="Brindle Moor CSP", slug="brindle-moor")
    other_manager = plan_manager_of(elsewhere, username="other")
    reader = Client()
    reader.force_login(other_manager)
    listing = reader.get("/admin/cspplan/signinevent/")
    assert listing.status_code == 200
    assert "192.0.2.9" not in listing.text
    reader.force_login(manager)
    assert "192.0.2.9" in reader.get("/admin/cspplan/signinevent/").text


def test_old_events_are_purged_after_the_retention_period(settings, manager):
    settings.CSPPLAN_SIGN_IN_AUDIT_DAYS = 30
    SignInEvent.objects.all().delete()
    old = SignInEvent.objects.create(kind="signed_in", user=manager)
    SignInEvent.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=31))
    SignInEvent.objects.create(kind="signed_in", user=manager)
    call_command("purge_sign_in_events", stdout=__import__("io").StringIO())
    assert SignInEvent.objects.count() == 1 and not SignInEvent.objects.filter(pk=old.pk).exists()
