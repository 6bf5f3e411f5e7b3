"""Issue 25: each organisation's own sign-in, through a real OpenID Connect provider started by
the test (tests/oidc_provider.py: discovery, authorization code with PKCE, token, userinfo,
RS256-signed ID tokens, over HTTP). The test follows every redirect as a browser would.

A new person invited by e-mail signs in through their organisation's provider and gets the
invitation's account; the same provider sign-in without an invitation makes nothing."""

from urllib.parse import urlparse

import pytest
import requests
from django.contrib.auth import get_user_model
from django.test import Client

from cspplan import invitations, roles
from cspplan.models import IdentityProvider, Invitation, SignInEvent
from tests import factories
from tests.oidc_provider import Provider
from tests.personas import plan_manager_of

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def provider():
    running = Provider(client_id="cspplan-ashdown", client_secret="s3cret").start()
    yield running
    running.stop()


@pytest.fixture
def police(provider):
    organisation = factories.OrganisationFactory(name="Ashdown Police", slug="ashdown-police")
    IdentityProvider.objects.create(
        organisation=organisation,
        issuer=provider.issuer,
        client_id="cspplan-ashdown",
        client_secret="s3cret",
        email_domains="ashdown.police.example",
    )
    return organisation


@pytest.fixture
def partnership():
    return factories.PartnershipFactory(name="Ashdown Vale CSP", slug="ashdown-vale")


@pytest.fixture
def manager(partnership):
    return plan_manager_of(partnership, username="manager")


def signed_in_at_provider(provider, email, name="Pat Officer"):
    provider.person = {"sub": f"sub-{email}", "email": email, "email_verified": True, "name": name}


def through_provider(browser, form_page):
    """Press the page's "Continue to …" button, go to the provider, come back: the response of
    cspplan's callback."""
    action = form_page.text.split('action="', 2)[-1].split('"', 1)[0]
    assert action.startswith("/accounts/oidc/org-ashdown-police/login/"), action
    to_provider = browser.post(action, {"process": "login"})
    assert to_provider.status_code == 302
    authorize = to_provider["Location"]
    assert "code_challenge=" in authorize and "code_challenge_method=S256" in authorize
    at_provider = requests.get(authorize, allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = urlparse(at_provider.headers["Location"])
    return browser.get(f"{back.path}?{back.query}")


def test_an_invited_person_signs_in_through_their_organisations_provider(
    partnership, manager, police, provider, rf, settings
):
    settings.CSPPLAN_SECOND_FACTOR_REQUIRED = True
    invitation = Invitation(
        partnership=partnership,
        email="pat@ashdown.police.example",
        name="Pat Officer",
        role=roles.PARTNERSHIP_OFFICERS,
        organisation=police,
    )
    token = invitations.invite(by=manager, invitation=invitation, request=rf.get("/"))
    signed_in_at_provider(provider, "pat@ashdown.police.example")

    browser = Client()
    page = browser.get(f"/accounts/invitation/{token}/")
    assert page.status_code == 200 and "Continue to Ashdown Police" in page.text
    arrived = through_provider(browser, page)
    assert arrived.status_code == 302, arrived.text[:3000]

    pat = User.objects.get(email="pat@ashdown.police.example")
    assert browser.session.get("_auth_user_id") == str(pat.pk)
    assert not pat.has_usable_password()  # they sign in at their organisation
    assert list(pat.groups.values_list("name", flat=True)) == [roles.PARTNERSHIP_OFFICERS]
    assert pat.officer.organisation == police
    assert Invitation.objects.get().state == "accepted"
    assert browser.get("/my-actions/").status_code == 200
    # The provider did the whole flow: discovery, authorize, token (with the PKCE verifier).
    assert ("POST", "/token") in provider.requests
    assert ("GET", "/.well-known/openid-configuration") in provider.requests

    # Next time: the sign-in page sends their address to their organisation.
    again = Client()
    page = again.post("/accounts/login/", {"login": "pat@ashdown.police.example"})
    assert page.status_code == 200 and "Sign in with Ashdown Police" in page.text
    assert through_provider(again, page).status_code == 302
    assert again.session.get("_auth_user_id") == str(pat.pk)
    assert User.objects.filter(email="pat@ashdown.police.example").count() == 1

    kinds = set(SignInEvent.objects.filter(user=pat).values_list("kind", flat=True))
    assert {SignInEvent.Kind.INVITATION_ACCEPTED, SignInEvent.Kind.SIGNED_IN} <= kinds


def test_a_provider_sign_in_without_an_invitation_makes_no_account(police, provider, manager):
    signed_in_at_provider(provider, "eve@ashdown.police.example", name="Eve")
    browser = Client()
    page = browser.post("/accounts/login/", {"login": "eve@ashdown.police.example"})
    refused = through_provider(browser, page)
    assert refused.status_code == 403 and "No cspplan account" in refused.text
    assert not User.objects.filter(email="eve@ashdown.police.example").exists()
    assert "_auth_user_id" not in browser.session
    failed = SignInEvent.objects.get(kind=SignInEvent.Kind.SIGN_IN_FAILED)
    assert failed.name_tried == "eve@ashdown.police.example"


def test_a_provider_sign_in_for_someone_elses_invitation_is_refused(
    partnership, manager, police, provider, rf
):
    invitation = Invitation(
        partnership=partnership,
        email="pat@ashdown.police.example",
        name="Pat",
        role=roles.PLAN_MANAGERS,
    )
    token = invitations.invite(by=manager, invitation=invitation, request=rf.get("/"))
    signed_in_at_provider(provider, "eve@ashdown.police.example", name="Eve")
    browser = Client()
    page = browser.get(f"/accounts/invitation/{token}/")
    refused = through_provider(browser, page)
    assert refused.status_code == 403
    assert not User.objects.filter(email__endswith="ashdown.police.example").exists()
    assert Invitation.objects.get().state == "pending"
    assert not partnership.members.exclude(pk=manager.pk).exists()


def test_an_existing_account_is_linked_and_a_manager_relies_on_the_providers_second_factor(
    partnership, police, provider, settings
):
    settings.CSPPLAN_SECOND_FACTOR_REQUIRED = True
    existing = plan_manager_of(partnership, username="sam")
    existing.email = "sam@ashdown.police.example"
    existing.save()
    signed_in_at_provider(provider, "sam@ashdown.police.example", name="Sam")
    browser = Client()
    page = browser.post("/accounts/login/", {"login": "sam@ashdown.police.example"})
    assert through_provider(browser, page).status_code == 302
    assert browser.session.get("_auth_user_id") == str(existing.pk)
    assert browser.get("/admin/").status_code == 200  # no second factor asked of them here
    assert list(existing.partnerships.all()) == [partnership]  # nothing added
