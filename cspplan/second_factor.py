"""A second factor before any staff page, for the roles that see drafts, progress awaiting
approval or personal data: plan managers, chairs and superusers (every member of staff with
``CSPPLAN_SECOND_FACTOR_FOR_ALL_STAFF``). The sign-in itself asks for the code once one is set
up (allauth.mfa); this middleware makes setting one up come first (except for a session
signed in through the person's organisation's provider, which relies on that provider's):
until then, such a person reaches only the account pages (/accounts/: set up a second
factor, change the password, sign out, sessions) and nothing that shows the plan, not even
the public pages (they preview drafts to staff). Everything else redirects to the
second-factor page, which says why.
"""

import time

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt, is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from cspplan import roles

SET_UP_MESSAGE = (
    "Your role can see draft plans and progress awaiting approval, so your account needs a "
    "second factor: set up an authenticator app (or a security key) before going on."
)


def needs_second_factor(user) -> bool:
    """Whether ``user`` must have a second factor before any staff page (set up or not)."""
    return settings.CSPPLAN_SECOND_FACTOR_REQUIRED and role_needs_second_factor(user)


def role_needs_second_factor(user) -> bool:
    """Whether ``user``'s role is one that needs a second factor."""
    if user is None or not user.is_authenticated:
        return False
    # Plan managers and chairs; superusers count as plan managers (cspplan.roles).
    if roles.reads_own_partnerships(user):
        return True
    if settings.CSPPLAN_SECOND_FACTOR_FOR_ALL_STAFF:
        return user.is_staff or roles.is_partnership_officer(user) or roles.is_county_reader(user)
    return False


def lacks_required_second_factor(user) -> bool:
    return needs_second_factor(user) and not is_mfa_enabled(user)


def signed_in_at_organisation(request) -> bool:
    """Whether this session was signed in through the person's organisation's provider, whose
    own second factor then stands (docs/sign-in.md)."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "socialaccount" for record in records)


def _always_open(path: str) -> bool:
    """The pages a person without the second factor may still open: their account pages (to set
    one up or sign out), static files and the load balancers' probes."""
    static = settings.STATIC_URL or "/static/"
    return path.startswith(("/accounts/", static)) or path in ("/healthz", "/readyz")


class RequireSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not _always_open(request.path)
            and lacks_required_second_factor(user)
            and not signed_in_at_organisation(request)
        ):
            messages.warning(request, SET_UP_MESSAGE)
            return redirect(reverse("mfa_index"))
        return self.get_response(request)


def current_totp_code(authenticator) -> str:
    """The code an authenticator app shows now for ``authenticator`` (a TOTP Authenticator): for
    the demo logins' ``demo_code`` command and the tests, which sign in as a person would."""
    secret = decrypt(authenticator.data["secret"])
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))
