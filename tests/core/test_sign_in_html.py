"""Issue 25: the sign-in pages are valid HTML by the Nu Html Checker, like every other page
(tests/public/test_html_validity.py runs the checker), signed out and signed in."""

import pytest
from django.urls import reverse

from cspplan import invitations, roles
from cspplan.models import IdentityProvider, Invitation
from tests import factories
from tests.personas import plan_manager_of
from tests.public.test_html_validity import _check, _checker_command

pytestmark = pytest.mark.django_db


def test_the_sign_in_pages_are_valid_html(client, rf, tmp_path):
    command = _checker_command()
    partnership = factories.PartnershipFactory()
    manager = plan_manager_of(partnership)
    police = factories.OrganisationFactory(name="Ashdown Police", slug="ashdown-police")
    IdentityProvider.objects.create(
        organisation=police,
        issuer="https://login.example/tenant/v2.0",
        client_id="cspplan",
        email_domains="ashdown.police.example",
    )
    new_person = Invitation(
        partnership=partnership, email="lee@example.org", name="Lee", role=roles.CHAIR
    )
    token = invitations.invite(by=manager, invitation=new_person, request=rf.get("/"))
    at_police = Invitation(
        partnership=partnership, email="pat@ashdown.police.example", name="Pat", role="Chair"
    )
    police_token = invitations.invite(by=manager, invitation=at_police, request=rf.get("/"))

    pages = {
        "sign in": client.get(reverse("account_login") + "?next=/admin/"),
        "sign in, wrong password": client.post(
            reverse("account_login"), {"login": manager.username, "password": "wrong"}
        ),
        "organisation": client.post(
            reverse("account_login"), {"login": "pat@ashdown.police.example"}
        ),
        "password reset": client.get(reverse("account_reset_password")),
        "invitation": client.get(reverse("invitation_accept", args=[token])),
        "invitation with errors": client.post(
            reverse("invitation_accept", args=[token]),
            {"username": "lee", "password1": "short", "password2": "other"},
        ),
        "invitation at an organisation": client.get(
            reverse("invitation_accept", args=[police_token])
        ),
    }
    client.force_login(manager)
    for name in ("mfa_index", "usersessions_list", "account_change_password"):
        pages[name] = client.get(reverse(name))
    files, errors = _check(command, pages, tmp_path)
    assert not errors, "\n".join(errors)
    assert len(files) == 10
