"""Issue 25 in Chromium: a plan manager signs in with a password, is sent to set up a second
factor, reads the secret off the page, types the code an authenticator app would show, and next
time signs in with password and code. Each sign-in page passes axe."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests import factories
from tests.personas import plan_manager_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def code_now(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_a_plan_manager_signs_in_with_a_password_and_an_authenticator_code(
    page, settings, assert_accessible
):
    settings.CSPPLAN_SECOND_FACTOR_REQUIRED = True
    plan_manager_of(factories.PartnershipFactory(), username="pm")

    page.goto("/admin/")  # the admin sends people to the one sign-in page
    assert page.url.split("?")[0].endswith("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("User name or e-mail address").fill("pm")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # No staff page before a second factor: the set-up page, saying why.
    page.wait_for_url("**/accounts/2fa/")
    assert page.get_by_text("needs a second factor").is_visible()
    assert_accessible(page)
    page.goto("/accounts/2fa/totp/activate/")
    page.wait_for_url("**/accounts/reauthenticate/**")  # the password again, to change it
    assert_accessible(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    assert_accessible(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(code_now(secret))
    page.get_by_role("button", name="Activate").click()
    page.goto("/admin/")
    assert page.url.endswith("/admin/")

    page.goto("/accounts/sessions/")
    assert_accessible(page)
    page.locator(".staff-sign-out").get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()

    page.goto("/accounts/login/?next=/admin/")
    page.get_by_label("User name or e-mail address").fill("pm")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    assert_accessible(page)
    if time.time() % 30 > 27:  # a code about to change: wait for the next one
        time.sleep(30 - time.time() % 30)
    page.get_by_label("Code").fill(code_now(secret))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/admin/")
