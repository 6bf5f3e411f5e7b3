"""Bring every stored second-factor secret under the first key of CSPPLAN_MFA_ENCRYPTION_KEYS
(after a new key is put first), encrypting any still in the clear (docs/sign-in.md)."""

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand

from cspplan.second_factor_secrets import encrypt_stored


class Command(BaseCommand):
    help = "Re-encrypt the second factor's secrets under the first CSPPLAN_MFA_ENCRYPTION_KEYS key."

    def handle(self, *args, **options):
        changed = encrypt_stored(Authenticator)
        self.stdout.write(f"{changed} authenticator(s) re-encrypted.")
