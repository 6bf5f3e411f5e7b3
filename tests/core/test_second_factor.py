"""Issue 25: a second factor before any staff page for the roles that see drafts, progress
awaiting approval or personal data (plan managers, chairs, superusers), through allauth's own
pages, signed in as a person would: the password form, the authenticator-app set-up with a
code computed from the secret the page holds, then the code at the next sign-in."""

import io
import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.core.management import call_command
from django.urls import reverse

from cspplan.second_factor import current_totp_code
from tests import factories
from tests.personas import chair, officer_of, plan_manager_of

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
LOGIN = "/accounts/login/"
MFA_INDEX = "/accounts/2fa/"


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    settings.CSPPLAN_SECOND_FACTOR_REQUIRED = True


@pytest.fixture
def partnership():
    return factories.PartnershipFactory()


def sign_in(client, login, password=PASSWORD, next_page="/admin/"):
    return client.post(LOGIN, {"login": login, "password": password, "next": next_page})


def code_now(secret):
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def set_up_authenticator_app(client):
    """Open the set-up page, read the secret it shows, answer with the code an app would."""
    page = client.get(reverse("mfa_activate_totp"))
    # Changing a second factor asks for the password again (allauth: a session left open on a
    # shared computer cannot set or remove one).
    assert page.status_code == 302 and page["Location"].startswith("/accounts/reauthenticate/")
    client.post(page["Location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in page.text  # shown for typing into an app, beside the QR code
    return client.post(reverse("mfa_activate_totp"), {"code": code_now(secret)}), secret


STAFF_PAGES = ("/admin/", "/dashboard/", "/staff/", "/my-actions/", "/plans/", "/")


def test_a_plan_manager_with_a_password_reaches_no_staff_page_before_a_second_factor(
    client, partnership
):
    manager = plan_manager_of(partnership)
    response = sign_in(client, manager.username)
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(manager.pk)
    for path in STAFF_PAGES:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == MFA_INDEX, path
    # The page it sends them to says why.
    page = client.get(MFA_INDEX)
    assert page.status_code == 200
    assert "needs a second factor" in page.text

    response, _secret = set_up_authenticator_app(client)
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=manager, type="totp").exists()
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("make", [chair, lambda p: factories.UserFactory(is_superuser=True)])
def test_the_chair_and_superusers_need_one_too(client, partnership, make):
    person = make(partnership)
    client.force_login(person)
    assert client.get("/admin/")["Location"] == MFA_INDEX


def test_an_officer_needs_none_unless_the_setting_asks_for_all_staff(client, partnership, settings):
    officer = officer_of(factories.OrganisationFactory())
    client.force_login(officer)
    assert client.get("/my-actions/").status_code == 200
    settings.CSPPLAN_SECOND_FACTOR_FOR_ALL_STAFF = True
    officer = type(officer).objects.get(pk=officer.pk)
    client.force_login(officer)
    assert client.get("/my-actions/")["Location"] == MFA_INDEX


def test_once_set_up_the_sign_in_asks_for_the_code_and_refuses_a_wrong_one(client, partnership):
    manager = plan_manager_of(partnership)
    sign_in(client, manager.username)
    _response, secret = set_up_authenticator_app(client)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session

    response = sign_in(client, manager.username)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # the password alone signs nobody in
    assert client.get("/admin/").status_code == 302
    wrong = "000000" if code_now(secret) != "000000" else "111111"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": code_now(secret)})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.session.get("_auth_user_id") == str(manager.pk)
    assert client.get("/admin/").status_code == 200


def test_the_admin_sign_in_page_sends_people_to_the_one_sign_in_page(client):
    response = client.get("/admin/login/?next=/admin/cspplan/plan/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/cspplan/plan/"


def test_nobody_signs_themselves_up(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "someone@example.org",
            "username": "someone",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert "closed" in response.text.lower()
    assert not factories.UserFactory._meta.model.objects.filter(username="someone").exists()


def test_the_demo_manager_signs_in_with_the_printed_secret(client, settings):
    call_command("loaddata", "west_lancashire_2011_12", verbosity=0)
    out = io.StringIO()
    call_command("create_demo_users", stdout=out)
    output = out.getvalue()
    password = re.search(r"^demo-manager .*Created with password: (\S+)", output, re.M)[1]
    secret = re.search(r"^demo-manager: second factor .*secret (\w+);", output, re.M)[1]
    # The officer's role needs no second factor, so no secret is printed for them.
    assert not re.search(r"^demo-officer: second factor", output, re.M)

    assert sign_in(client, "demo-manager", password)["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": code_now(secret)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200

    # demo_code prints the code an app would show, in development only.
    authenticator = Authenticator.objects.get(user__username="demo-manager", type="totp")
    assert current_totp_code(authenticator) == code_now(secret)
    settings.DEBUG = True
    printed = io.StringIO()
    call_command("demo_code", "demo-manager", stdout=printed)
    assert printed.getvalue().strip() == code_now(secret)
    settings.DEBUG = False
    with pytest.raises(Exception, match="development only"):
        call_command("demo_code", "demo-manager", stdout=io.StringIO())


def test_a_persons_sessions_are_listed_and_the_others_signed_out_from_one(client, partnership):
    """allauth.usersessions: each sign-in is a session listed on /accounts/sessions/ with its
    address; "sign out the other sessions" ends them at once."""
    from django.test import Client

    officer = officer_of(factories.OrganisationFactory(), username="pat")
    laptop, phone = client, Client()
    sign_in(laptop, "pat", next_page="/my-actions/")
    phone.post(
        LOGIN,
        {"login": "pat", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.23",
        HTTP_USER_AGENT="Phone browser",
    )
    assert phone.get("/my-actions/").status_code == 200
    listing = laptop.get(reverse("usersessions_list"))
    assert listing.status_code == 200 and "198.51.100.23" in listing.text

    laptop.post(reverse("usersessions_list"))
    assert phone.get("/my-actions/").status_code == 302  # signed out, sent to sign in
    assert laptop.get("/my-actions/").status_code == 200
    assert officer.is_active
