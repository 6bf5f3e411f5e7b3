"""Encrypt the TOTP secrets and recovery codes' seeds stored in the clear before
cspplan/second_factor_secrets.py (issue 25). Reversible: the way back decrypts them."""

from django.db import migrations

from cspplan.second_factor_secrets import decrypt_stored, encrypt_stored


def encrypt(apps, schema_editor):
    encrypt_stored(apps.get_model("mfa", "Authenticator"))


def decrypt(apps, schema_editor):
    decrypt_stored(apps.get_model("mfa", "Authenticator"))


class Migration(migrations.Migration):
    dependencies = [
        ("cspplan", "0013_partnership_languages"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt, decrypt)]
