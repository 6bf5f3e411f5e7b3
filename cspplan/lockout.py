"""Sign-in lockout by account as well as by address (django-axes' handler, ``AXES_HANDLER``).

django-axes locks a user name from one address after ``AXES_FAILURE_LIMIT`` wrong passwords
(``AXES_LOCKOUT_PARAMETERS``): someone guessing from many addresses was never stopped, since
each address started its own count (issue 22, finding 8). This handler adds a cap per user name
across every address: past ``CSPPLAN_LOGIN_ACCOUNT_FAILURE_LIMIT`` wrong passwords for one name
within the cool-off (``AXES_COOLOFF_TIME``), that name is locked from every address until the
cool-off has passed since the latest of them (or ``manage.py axes_reset_username NAME``).

The cap is higher than the per-address limit: a person mistyping from one place is stopped by
that; the cap is for guessing spread over addresses. Its cost, said in docs/security.md: whoever
knows a user name can lock that account for the cool-off by failing often enough.
"""

from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.base.forms import AuthenticateForm
from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_response
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Sum


def account_failures(request, credentials=None) -> int:
    """Wrong passwords for this request's user name within the cool-off, from every address."""
    username = get_client_username(request, credentials)
    if not username:
        return 0
    recent = AccessAttempt.objects.filter(
        username=username, attempt_time__gte=get_cool_off_threshold(request)
    )
    return recent.aggregate(total=Sum("failures_since_start"))["total"] or 0


class SecondFactorCodeForm(AuthenticateForm):
    """allauth's form for the second factor's code at sign-in (``MFA_FORMS``), with its failures
    counted by django-axes under the account's user name, with the wrong passwords: one count,
    one limit, one "too many attempts" page (docs/sign-in.md, "Lockout"). allauth's own limit on
    wrong codes is the same ``login_failed`` count switched off for passwords
    (``ACCOUNT_RATE_LIMITS``), so without this a password, once known, could be followed by
    codes without end. A name locked out is refused here even with the right code."""

    def clean_code(self):
        request = context.request
        credentials = {"username": self.user.get_username()}
        if not AxesProxyHandler.is_allowed(request, credentials):
            raise ImmediateHttpResponse(get_lockout_response(request, credentials=credentials))
        return super().clean_code()

    def _emit_authentication_failed(self, authenticator):
        super()._emit_authentication_failed(authenticator)
        # Django's own signal for a failed sign-in, which axes counts (and the audit trail
        # records); axes marks the request locked out when this failure reaches the limit, and
        # its middleware answers with the lockout page.
        user_login_failed.send(
            sender=__name__,
            credentials={"username": self.user.get_username(), "second_factor": True},
            request=context.request,
        )


class AccountCapHandler(AxesDatabaseHandler):
    """axes' database handler, locking a name also past the cap across addresses. axes compares
    ``get_failures`` with its one limit, both on a failure (to lock) and before a sign-in (to
    refuse): a name past the cap reports at least that limit."""

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        if account_failures(request, credentials) >= settings.CSPPLAN_LOGIN_ACCOUNT_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures


def name_tried(request, credentials=None) -> str | None:
    """The name a sign-in tried (``AXES_USERNAME_CALLABLE``): allauth passes a user name or an
    e-mail address, and its form calls the field "login"."""
    if credentials:
        return credentials.get("username") or credentials.get("email")
    data = getattr(request, "data", None) or getattr(request, "POST", {})
    return data.get("login") or data.get("username")
