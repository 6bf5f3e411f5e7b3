"""Issue 25, gap 1: the second factor's secrets (an authenticator app's TOTP secret, the recovery
codes' seed) are stored encrypted (cspplan/second_factor_secrets.py): the database row holds no
secret in the clear, sign-in with the code still works, secrets stored before are encrypted by
the data migration, and a key is rotated without losing anyone's authenticator."""

import importlib
import io

import pytest
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from cspplan import second_factor_secrets
from cspplan.second_factor import current_totp_code
from tests import factories
from tests.core.test_second_factor import code_now, set_up_authenticator_app, sign_in
from tests.personas import plan_manager_of

pytestmark = pytest.mark.django_db
MIGRATION = importlib.import_module("cspplan.migrations.0014_encrypt_second_factor_secrets")


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    settings.CSPPLAN_SECOND_FACTOR_REQUIRED = True


def stored_row(authenticator_id) -> str:
    """The row as the database holds it, read past the ORM."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator WHERE id = %s", [authenticator_id])
        return str(cursor.fetchone()[0])


def test_the_database_row_holds_no_secret_and_the_code_still_signs_in(client):
    manager = plan_manager_of(factories.PartnershipFactory())
    sign_in(client, manager.username)
    _response, secret = set_up_authenticator_app(client)

    totp = Authenticator.objects.get(user=manager, type=Authenticator.Type.TOTP)
    assert secret not in stored_row(totp.pk)
    assert secret.lower() not in stored_row(totp.pk).lower()
    recovery = Authenticator.objects.get(user=manager, type=Authenticator.Type.RECOVERY_CODES)
    seed = second_factor_secrets.decrypt(recovery.data["seed"])
    assert seed not in stored_row(recovery.pk)

    client.post(reverse("account_logout"))
    assert sign_in(client, manager.username)["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": code_now(secret)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_migration_encrypts_secrets_stored_before_and_can_be_undone():
    manager = plan_manager_of(factories.PartnershipFactory())
    plain_secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    plain_seed = "ab" * 40
    # As allauth stored them before cspplan's adapter: in the clear.
    totp = Authenticator.objects.create(user=manager, type="totp", data={"secret": plain_secret})
    recovery = Authenticator.objects.create(
        user=manager, type="recovery_codes", data={"seed": plain_seed, "used_mask": 0}
    )
    assert plain_secret in stored_row(totp.pk)

    MIGRATION.encrypt(apps, None)
    assert plain_secret not in stored_row(totp.pk)
    assert plain_seed not in stored_row(recovery.pk)
    totp.refresh_from_db()
    assert second_factor_secrets.decrypt(totp.data["secret"]) == plain_secret
    assert current_totp_code(totp) == code_now(plain_secret)
    encrypted = stored_row(totp.pk)
    MIGRATION.encrypt(apps, None)  # run again: nothing encrypted twice
    assert stored_row(totp.pk) == encrypted

    MIGRATION.decrypt(apps, None)
    totp.refresh_from_db()
    recovery.refresh_from_db()
    assert totp.data["secret"] == plain_secret and recovery.data["seed"] == plain_seed


def test_a_new_key_is_put_first_and_the_command_re_encrypts_under_it(settings):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.CSPPLAN_MFA_ENCRYPTION_KEYS = [old_key]
    manager = plan_manager_of(factories.PartnershipFactory())
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    totp = Authenticator.objects.create(
        user=manager, type="totp", data={"secret": second_factor_secrets.encrypt(secret)}
    )

    settings.CSPPLAN_MFA_ENCRYPTION_KEYS = [new_key, old_key]
    assert current_totp_code(totp) == code_now(secret)  # still opens under the old key
    out = io.StringIO()
    call_command("encrypt_second_factor_secrets", stdout=out)
    assert "1 authenticator(s)" in out.getvalue()

    settings.CSPPLAN_MFA_ENCRYPTION_KEYS = [new_key]
    totp.refresh_from_db()
    assert current_totp_code(totp) == code_now(secret)
    # A token under a key that has gone is an error, never taken for a secret in the clear.
    settings.CSPPLAN_MFA_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ImproperlyConfigured, match="no longer in"):
        call_command("encrypt_second_factor_secrets", stdout=io.StringIO())


def test_without_a_key_of_its_own_the_key_comes_from_the_secret_key(settings):
    settings.CSPPLAN_MFA_ENCRYPTION_KEYS = []
    token = second_factor_secrets.encrypt("SECRET")
    assert second_factor_secrets.decrypt(token) == "SECRET"
    settings.SECRET_KEY = "another-secret-key-" + "y" * 40
    with pytest.raises(Exception):  # noqa: B017 (cryptography's InvalidToken)
        second_factor_secrets.decrypt(token)


def test_a_key_that_is_not_a_fernet_key_is_refused_with_its_setting_named(settings):
    settings.CSPPLAN_MFA_ENCRYPTION_KEYS = ["not-a-key"]
    with pytest.raises(ImproperlyConfigured, match="CSPPLAN_MFA_ENCRYPTION_KEYS"):
        second_factor_secrets.encrypt("SECRET")
