"""How django-allauth treats cspplan's staff (``ACCOUNT_ADAPTER``; docs/sign-in.md).

Nobody signs themselves up: a staff account is made by a superuser in the admin or by accepting
an invitation (cspplan/invitations.py), which says the partnership, the role and the agency. So
allauth's sign-up page always answers "sign-up is closed". The same for an organisation's
provider (``OrganisationSignInAdapter``, below).
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import ResetPasswordForm
from allauth.account.views import LoginView
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from cspplan import invitations, sign_in_audit
from cspplan.models import IdentityProvider, SignInEvent


class StaffAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False

    def authenticate(self, request, **credentials):
        """allauth's password check, then: a person whose address is at an organisation with
        its own provider is sent there, whatever name they typed (the sign-in page sends an
        address there before any password; a user name reaches here). Checked only once the
        password is right, so a wrong one tells nobody where the account belongs."""
        user = super().authenticate(request, **credentials)
        identity_provider = user and provider_instead_of_password(user)
        if identity_provider:
            sign_in_audit.record(
                SignInEvent.Kind.SIGN_IN_FAILED,
                request=request,
                user=user,
                name_tried=(credentials.get("username") or credentials.get("email") or "")[:254],
                detail=f"Password refused: {identity_provider.organisation} signs its staff in.",
            )
            raise ImmediateHttpResponse(
                render(
                    request,
                    "account/organisation_sign_in.html",
                    {"identity_provider": identity_provider, "password_refused": True},
                    status=403,
                )
            )
        return user

    def send_password_reset_mail(self, user, email, context):
        # The form refuses the providers' addresses; this keeps any other way of asking for a
        # reset (an address changed since) from sending a link for a password that is refused.
        if provider_instead_of_password(user) is None:
            super().send_password_reset_mail(user, email, context)


def provider_instead_of_password(user) -> IdentityProvider | None:
    """The organisation's provider that ``user`` must sign in through, instead of a password kept
    here: the enabled provider owning their address's domain. None for anyone else, and for the
    superusers named in ``CSPPLAN_BREAK_GLASS_USERS`` (a way in when the provider is down)."""
    if user.is_superuser and user.get_username() in settings.CSPPLAN_BREAK_GLASS_USERS:
        return None
    return IdentityProvider.objects.for_email(user.email)


class StaffResetPasswordForm(ResetPasswordForm):
    """allauth's password reset (``ACCOUNT_FORMS``), refusing an address at an organisation with
    its own provider, whose passwords are reset there. Said of the domain, never of an account:
    the answer tells nobody whether the address has one."""

    def clean_email(self):
        identity_provider = IdentityProvider.objects.for_email(self.cleaned_data.get("email", ""))
        if identity_provider is not None:
            raise forms.ValidationError(
                f"Addresses at {identity_provider.organisation} use their own sign-in: "
                "their passwords are reset there, not here. Sign in with "
                f"{identity_provider.organisation} from the sign-in page."
            )
        return super().clean_email()


# --- Each organisation's own sign-in (OpenID Connect) --------------------------------------

INVITATION_SESSION_KEY = "cspplan_invitation_token"


class OrganisationSignInAdapter(DefaultSocialAccountAdapter):
    """allauth.socialaccount's adapter (``SOCIALACCOUNT_ADAPTER``): the providers are the
    organisations' (``IdentityProvider``, set in the admin), and a provider's sign-in is linked
    to a cspplan account only when one exists for the address, or the person holds an
    invitation for it (they opened its link in this browser). A valid provider sign-in never
    makes an account by itself, nor gives a role or partnership."""

    def list_apps(self, request, provider=None, client_id=None):
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        for identity_provider in IdentityProvider.objects.enabled():
            if provider not in (None, "openid_connect", identity_provider.provider_id):
                continue
            if client_id not in (None, identity_provider.client_id):
                continue
            apps.append(
                SocialApp(
                    provider="openid_connect",
                    provider_id=identity_provider.provider_id,
                    name=identity_provider.organisation.name,
                    client_id=identity_provider.client_id,
                    secret=identity_provider.secret(),
                    settings={"server_url": identity_provider.issuer, "oauth_pkce_enabled": True},
                )
            )
        return apps

    def is_open_for_signup(self, request, sociallogin):
        return False

    def pre_social_login(self, request, sociallogin):
        if sociallogin.is_existing:
            return
        identity_provider = IdentityProvider.objects.for_provider_id(sociallogin.account.provider)
        email = _verified_email(sociallogin)
        if (
            identity_provider is None
            or email is None
            or identity_provider != (IdentityProvider.objects.for_email(email))
        ):
            self._refuse(request, email, "The provider gave no verified address of its domains.")
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            token = request.session.get(INVITATION_SESSION_KEY)
            if not token:
                self._refuse(request, email, "No account and no invitation for this address.")
            try:
                user = invitations.accept_through_provider(token, email=email, request=request)
            except (invitations.InvitationUnusable, PermissionDenied) as refused:
                self._refuse(request, email, str(refused))
            request.session.pop(INVITATION_SESSION_KEY, None)
        sociallogin.connect(request, user)

    def _refuse(self, request, email, why):
        sign_in_audit.record(
            SignInEvent.Kind.SIGN_IN_FAILED,
            request=request,
            name_tried=(email or "")[:254],
            detail=f"Organisation's sign-in: {why}"[:300],
        )
        raise ImmediateHttpResponse(
            render(request, "account/organisation_no_account.html", {"email": email}, status=403)
        )


def _verified_email(sociallogin) -> str | None:
    for address in sociallogin.email_addresses:
        if address.verified and address.email:
            return address.email.strip().lower()
    return None


def sign_in(request):
    """The one sign-in page (``/accounts/login/``): allauth's, except that an e-mail address at
    an organisation with its own provider is sent there (a page naming the organisation, whose
    button starts its sign-in) instead of being asked for a password here."""
    if request.method == "POST":
        identity_provider = IdentityProvider.objects.for_email(request.POST.get("login", ""))
        if identity_provider is not None:
            return render(
                request,
                "account/organisation_sign_in.html",
                {
                    "identity_provider": identity_provider,
                    "next": request.POST.get("next", ""),
                },
            )
    return LoginView.as_view()(request)
