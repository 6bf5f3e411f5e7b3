"""The second factor's secrets encrypted at rest (allauth.mfa's adapter, ``MFA_ADAPTER``).

allauth keeps an authenticator app's TOTP secret and the recovery codes' seed in its
``Authenticator.data`` column, and leaves their encryption to the project's adapter: without it
the database alone (a backup, a read-only replica, a leaked dump) holds every staff member's
second factor. Here each is a Fernet token (AES-128-CBC with HMAC-SHA256, from
``cryptography``), under the keys of ``CSPPLAN_MFA_ENCRYPTION_KEYS``: the first encrypts, every
one decrypts, so a key is rotated by putting a new one first and running
``manage.py encrypt_second_factor_secrets`` (docs/sign-in.md). With no key set the key is
derived from ``SECRET_KEY``; then changing the secret key makes every authenticator app and
recovery code unusable, which the docs say.

WebAuthn keeps only public keys, which need no secrecy.
"""

import base64
import hashlib

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# What allauth encrypts, per kind of authenticator: a value, or a list of values.
SECRET_FIELDS = {"totp": ("secret",), "recovery_codes": ("seed", "migrated_codes")}
TOKEN_PREFIX = "gAAAAA"


def _derived_key() -> bytes:
    """A Fernet key from ``SECRET_KEY``, for a deployment that set no key of its own; labelled,
    so it is no other use's key."""
    digest = hashlib.sha256(b"cspplan second factor secrets\0" + settings.SECRET_KEY.encode())
    return base64.urlsafe_b64encode(digest.digest())


def _fernets() -> list[Fernet]:
    """One per key, the first the one that encrypts."""
    configured = settings.CSPPLAN_MFA_ENCRYPTION_KEYS
    try:
        fernets = [Fernet(key) for key in configured] or [Fernet(_derived_key())]
    except ValueError as wrong:
        raise ImproperlyConfigured(
            "CSPPLAN_MFA_ENCRYPTION_KEYS: each key must be 32 url-safe base64-encoded bytes "
            "(make one with `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`)."
        ) from wrong
    return fernets


def keys() -> MultiFernet:
    return MultiFernet(_fernets())


def encrypt(text: str) -> str:
    return keys().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    return keys().decrypt(token.encode("ascii")).decode()


def is_encrypted(value: str) -> bool:
    """Whether ``value`` is a Fernet token (they all begin "gAAAAA", the version byte): a TOTP
    secret is base32 capitals and a seed hexadecimal, so neither ever looks like one. A token
    no configured key opens is an error, never taken for a secret in the clear: encrypting it
    again would bury it for good."""
    if not value.startswith(TOKEN_PREFIX):
        return False
    try:
        decrypt(value)
    except InvalidToken as unopened:
        raise ImproperlyConfigured(
            "A second-factor secret is encrypted under a key no longer in "
            "CSPPLAN_MFA_ENCRYPTION_KEYS: put the old key back (after the new one)."
        ) from unopened
    return True


def encrypt_data(kind: str, data: dict) -> bool:
    """Encrypt, in place, the values of an authenticator's ``data`` still in the clear, and
    re-encrypt under the first key those under an older one (``MultiFernet.rotate``). Whether
    anything changed."""
    changed = False
    for field in SECRET_FIELDS.get(kind, ()):
        value = data.get(field)
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        new = [_rotate(item) if is_encrypted(item) else encrypt(item) for item in values]
        if new != values:
            data[field] = new if isinstance(value, list) else new[0]
            changed = True
    return changed


def decrypt_data(kind: str, data: dict) -> bool:
    """The reverse of ``encrypt_data`` (the migration's way back)."""
    changed = False
    for field in SECRET_FIELDS.get(kind, ()):
        value = data.get(field)
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        new = [decrypt(item) if is_encrypted(item) else item for item in values]
        if new != values:
            data[field] = new if isinstance(value, list) else new[0]
            changed = True
    return changed


def _rotate(token: str) -> str:
    """Under the first key; unchanged when already so (rotate() always makes a new token, and
    a new token for the same secret would only be churn)."""
    try:
        _fernets()[0].decrypt(token.encode("ascii"))
    except InvalidToken:
        return keys().rotate(token.encode("ascii")).decode("ascii")
    return token


class EncryptingMFAAdapter(DefaultMFAAdapter):
    """allauth.mfa's adapter, encrypting what allauth asks it to (the TOTP secret, the recovery
    codes' seed) before it is stored."""

    def encrypt(self, text: str) -> str:
        return encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt(encrypted_text)


def encrypt_stored(authenticator_model) -> int:
    """Encrypt every secret still stored in the clear, and bring every one under the first key:
    the data migration that introduced encryption and ``manage.py
    encrypt_second_factor_secrets`` (after a key is added) both call it. How many rows changed."""
    changed = 0
    for row in authenticator_model.objects.filter(type__in=SECRET_FIELDS).iterator():
        if encrypt_data(row.type, row.data):
            row.save(update_fields=["data"])
            changed += 1
    return changed


def decrypt_stored(authenticator_model) -> int:
    """The way back (the data migration reversed)."""
    changed = 0
    for row in authenticator_model.objects.filter(type__in=SECRET_FIELDS).iterator():
        if decrypt_data(row.type, row.data):
            row.save(update_fields=["data"])
            changed += 1
    return changed
