"""Issue 25, gap 4: a security key (WebAuthn) as the second factor, in real Chromium. Chrome
DevTools Protocol's virtual authenticator stands in for the key (``WebAuthn.enable``,
``WebAuthn.addVirtualAuthenticator``): the browser's own WebAuthn code talks to it exactly as to
a USB key, and allauth's server (fido2) checks the real attestation and signatures. A plan
manager registers the key, signs out, and signs in with password and key; every page passes
axe. The live server is http://localhost, a secure context for WebAuthn in browsers and for
fido2, so no insecure-origin setting is needed."""

import pytest
from allauth.mfa.models import Authenticator

from tests import factories
from tests.personas import plan_manager_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def plug_in_a_security_key(page):
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    added = devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return devtools, added["authenticatorId"]


def sign_in_with_password(page):
    page.goto("/accounts/login/?next=/admin/")
    page.get_by_label("User name or e-mail address").fill("pm")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_plan_manager_registers_a_security_key_and_signs_in_with_it(
    page, settings, assert_accessible
):
    settings.CSPPLAN_SECOND_FACTOR_REQUIRED = True
    manager = plan_manager_of(factories.PartnershipFactory(), username="pm")
    devtools, authenticator_id = plug_in_a_security_key(page)

    sign_in_with_password(page)
    page.wait_for_url("**/accounts/2fa/")
    page.goto("/accounts/2fa/webauthn/add/")
    page.wait_for_url("**/accounts/reauthenticate/**")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/2fa/webauthn/add/")
    assert_accessible(page)
    page.get_by_label("Name").fill("Blue key")
    page.get_by_role("button", name="Add").click()
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)

    key = Authenticator.objects.get(user=manager, type=Authenticator.Type.WEBAUTHN)
    assert key.data["name"] == "Blue key"
    credentials = devtools.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert len(credentials["credentials"]) == 1  # the key holds the one credential made
    page.goto("/accounts/2fa/webauthn/")  # the list of keys, to rename or remove one
    assert page.get_by_text("Blue key").is_visible()
    assert_accessible(page)
    page.goto("/admin/")
    assert page.url.endswith("/admin/")  # a second factor now: staff pages open

    page.context.clear_cookies()
    sign_in_with_password(page)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    assert_accessible(page)
    page.get_by_role("button", name="Use a security key").click()
    page.wait_for_url("**/admin/")
    assert page.get_by_role("heading", level=1).count() >= 1
    sign_count = devtools.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert sign_count["credentials"][0]["signCount"] >= 1  # the key signed the sign-in
