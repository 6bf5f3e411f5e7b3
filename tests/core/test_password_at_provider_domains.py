"""Issue 25, gap 2: staff whose e-mail address is at the domain of an organisation with its own
provider sign in there, never with a password kept here, whichever name they type (user name
or address), and cannot reset one; a superuser named as a break-glass account still can, for
the day the provider is down (``CSPPLAN_BREAK_GLASS_USERS``)."""

import pytest
from django.core import mail
from django.test import Client

from cspplan.models import IdentityProvider, SignInEvent
from tests import factories
from tests.personas import officer_of

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
LOGIN = "/accounts/login/"


@pytest.fixture
def police():
    organisation = factories.OrganisationFactory(name="Ashdown Police", slug="ashdown-police")
    IdentityProvider.objects.create(
        organisation=organisation,
        issuer="https://login.example/ashdown/v2.0",
        client_id="cspplan-ashdown",
        client_secret="s3cret",
        email_domains="ashdown.police.example",
    )
    return organisation


@pytest.fixture
def pat(police):
    """An officer at the force who had a password here before the force's provider was set."""
    return with_email(officer_of(police, username="pat"), "pat@ashdown.police.example")


def with_email(user, email):
    user.email = email
    user.save(update_fields=["email"])
    return user


def test_the_user_name_and_right_password_are_sent_to_the_provider(client, pat):
    page = client.post(LOGIN, {"login": "pat", "password": PASSWORD})
    assert page.status_code == 403
    assert "_auth_user_id" not in client.session
    assert "Ashdown Police signs its staff in" in page.text
    assert "Continue to Ashdown Police" in page.text  # the way in it offers instead
    refused = SignInEvent.objects.get(kind=SignInEvent.Kind.SIGN_IN_FAILED)
    assert refused.name_tried == "pat" and "Ashdown Police" in refused.detail


def test_a_wrong_password_says_only_that_it_is_wrong(client, pat):
    """Nothing about the account or its organisation before the password is right."""
    page = client.post(LOGIN, {"login": "pat", "password": "wrong password"})
    assert page.status_code == 200 and "Ashdown Police" not in page.text


def test_staff_at_other_domains_still_sign_in_with_a_password(client, police):
    with_email(officer_of(factories.OrganisationFactory(), username="sam"), "sam@council.example")
    response = client.post(LOGIN, {"login": "sam", "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_a_disabled_provider_gives_the_password_back(client, pat):
    IdentityProvider.objects.update(enabled=False)
    response = client.post(LOGIN, {"login": "pat", "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_no_password_reset_for_the_providers_addresses(client, pat):
    page = client.post("/accounts/password/reset/", {"email": "pat@ashdown.police.example"})
    assert page.status_code == 200
    assert "Ashdown Police" in page.text and "their own sign-in" in page.text
    assert mail.outbox == []
    # Every other address gets allauth's usual answer (the same whether or not it has an account).
    page = client.post("/accounts/password/reset/", {"email": "nobody@council.example"})
    assert page.status_code == 302


def test_a_break_glass_superuser_still_signs_in_with_a_password(settings, police):
    settings.CSPPLAN_SECOND_FACTOR_REQUIRED = False
    factories.UserFactory(
        username="glass", email="it@ashdown.police.example", is_superuser=True, is_staff=True
    )
    factories.UserFactory(
        username="admin2", email="admin2@ashdown.police.example", is_superuser=True, is_staff=True
    )
    settings.CSPPLAN_BREAK_GLASS_USERS = ["glass"]
    browser = Client()
    assert browser.post(LOGIN, {"login": "glass", "password": PASSWORD}).status_code == 302
    assert "_auth_user_id" in browser.session
    # Other superusers at the domain are not break-glass accounts.
    other = Client()
    assert other.post(LOGIN, {"login": "admin2", "password": PASSWORD}).status_code == 403


def test_a_break_glass_name_that_is_not_a_superuser_is_no_exception(settings, client, pat):
    settings.CSPPLAN_BREAK_GLASS_USERS = ["pat"]
    assert client.post(LOGIN, {"login": "pat", "password": PASSWORD}).status_code == 403
