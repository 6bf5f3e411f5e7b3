"""The page an invitation's link opens (cspplan/invitations.py): set a user name and password
and the account is made with the invitation's role; or, for someone signed in as the invited
address, accept it onto their account. Then they sign in as everyone does."""

from django import forms
from django.contrib import messages
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from cspplan import invitations
from cspplan.accounts import INVITATION_SESSION_KEY
from cspplan.models import IdentityProvider


class SetUpAccountForm(forms.Form):
    username = forms.RegexField(
        label="User name",
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text="Letters, digits and . @ + - _ only; you sign in with it or your e-mail address.",
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="The password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords differ.")
        elif first:
            from django.contrib.auth import get_user_model

            candidate = get_user_model()(
                username=cleaned.get("username", ""), email=self.invitation.email
            )
            try:
                password_validation.validate_password(first, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


@never_cache
@sensitive_post_parameters("password1", "password2")
def accept(request, token):
    try:
        invitation = invitations.find(token)
    except invitations.InvitationUnusable as unusable:
        return render(
            request, "account/invitation_unusable.html", {"reason": unusable.reason}, status=410
        )
    signed_in_as_invited = (
        request.user.is_authenticated and (request.user.email or "").lower() == invitation.email
    )
    account_exists = invitations.existing_account(invitation) is not None
    identity_provider = IdentityProvider.objects.for_email(invitation.email)
    if identity_provider is not None and not account_exists:
        # Their organisation signs them in: the provider's answer comes back to this browser,
        # which holds the invitation (cspplan.accounts.OrganisationSignInAdapter).
        request.session[INVITATION_SESSION_KEY] = token
        return render(
            request,
            "account/invitation_accept.html",
            {"invitation": invitation, "identity_provider": identity_provider},
        )
    form = None
    if request.method == "POST":
        try:
            if signed_in_as_invited:
                invitations.accept(token, user=request.user, request=request)
                messages.success(
                    request,
                    f"You are now a {invitation.get_role_display().lower()} "
                    f"of {invitation.partnership}.",
                )
                return redirect("staff_home")
            if not account_exists and not request.user.is_authenticated:
                form = SetUpAccountForm(request.POST, invitation=invitation)
                if form.is_valid():
                    invitations.accept(
                        token,
                        username=form.cleaned_data["username"],
                        password=form.cleaned_data["password1"],
                        request=request,
                    )
                    messages.success(
                        request, "Your account is ready. Sign in with your new password."
                    )
                    return redirect(reverse("account_login"))
        except invitations.InvitationUnusable as unusable:
            return render(
                request, "account/invitation_unusable.html", {"reason": unusable.reason}, status=410
            )
        except ValidationError as error:  # the user name was taken meanwhile
            for field, problems in error.message_dict.items():
                form.add_error(field, problems)
        except PermissionDenied as denied:
            return render(
                request, "account/invitation_unusable.html", {"reason": str(denied)}, status=403
            )
    if form is None and not account_exists and not request.user.is_authenticated:
        form = SetUpAccountForm(
            initial={"username": invitation.email.split("@")[0]}, invitation=invitation
        )
    return render(
        request,
        "account/invitation_accept.html",
        {
            "invitation": invitation,
            "form": form,
            "signed_in_as_invited": signed_in_as_invited,
            "account_exists": account_exists,
            "login_url": f"{reverse('account_login')}?next={request.path}",
        },
    )
