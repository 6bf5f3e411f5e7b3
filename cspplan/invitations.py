"""Invitations instead of passwords handed out (issue 25; docs/sign-in.md).

A plan manager invites a person by e-mail to a partnership they manage, with a role (officer,
plan manager, chair) and, for an officer, their agency (``invite``). The e-mail holds a link
with a random token; only its digest is stored. The link works once and expires after
``CSPPLAN_INVITATION_DAYS``. Accepting it (``accept``) makes the person's account (or, for
someone who already has one, signs them in first) and gives exactly what the invitation says:

- its role (the group);
- plan managers and the chair: membership of its partnership (that is what lets them read and
  manage its plans); officers are not made members, since an officer's work is their agency's
  rows, and membership would show them the partnership's drafts;
- officers: an officer record for their agency, linked to the account (their "my actions").

Nothing else: no other role, partnership or staff right. They set their password on the page,
then sign in as everyone does, with a second factor where their role needs one.
"""

import datetime
import re
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from cspplan import roles
from cspplan.models import Invitation, Officer, Partnership, SignInEvent
from cspplan.sign_in_audit import record
from cspplan.sign_in_models import token_digest


class InvitationUnusable(Exception):
    """The link is unknown, used, revoked or expired: the page says which."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def may_invite(user, partnership) -> bool:
    return Partnership.objects.managed_by(user).filter(pk=partnership.pk).exists()


def invite(*, by, invitation: Invitation, request) -> str:
    """Save ``invitation`` (partnership, e-mail, name, role, agency filled in by the form),
    e-mail its link (an absolute address, from ``request``) and return the token. ``by`` must
    manage its partnership."""
    if not may_invite(by, invitation.partnership):
        raise PermissionDenied("You may invite people only to the partnerships you manage.")
    invitation.full_clean(exclude=["token_digest", "expires_at"])
    token = secrets.token_urlsafe(32)

    invitation.token_digest = token_digest(token)
    invitation.invited_by = by
    invitation.created_at = timezone.now()
    invitation.expires_at = invitation.created_at + datetime.timedelta(
        days=settings.CSPPLAN_INVITATION_DAYS
    )
    with transaction.atomic():
        invitation.save()
        record(
            SignInEvent.Kind.INVITED,
            request=request,
            actor=by,
            partnership=invitation.partnership,
            name_tried=invitation.email,
            detail=invitation.get_role_display(),
        )
    _send(invitation, token, request)
    return token


def accept_url(token: str, request) -> str:
    return request.build_absolute_uri(reverse("invitation_accept", args=[token]))


def _send(invitation, token, request):
    context = {
        "invitation": invitation,
        "link": accept_url(token, request),
        "days": settings.CSPPLAN_INVITATION_DAYS,
        "invited_by": invitation.invited_by.get_full_name() or invitation.invited_by.username,
    }
    send_mail(
        subject=f"cspplan: you are invited to {invitation.partnership}",
        message=render_to_string("emails/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def find(token: str) -> Invitation:
    """The invitation ``token`` opens, or InvitationUnusable saying why not."""

    invitation = (
        Invitation.objects.select_related("partnership", "organisation")
        .filter(token_digest=token_digest(token))
        .first()
    )
    if invitation is None:
        raise InvitationUnusable("This invitation link is not one we sent. Check the address.")
    if invitation.state == "accepted":
        raise InvitationUnusable("This invitation has already been used. Sign in instead.")
    if invitation.state == "revoked":
        raise InvitationUnusable("This invitation was withdrawn. Ask the plan manager again.")
    if invitation.state == "expired":
        raise InvitationUnusable(
            "This invitation has expired. Ask the plan manager who invited you for a new one."
        )
    return invitation


def existing_account(invitation):
    return get_user_model().objects.filter(email__iexact=invitation.email).first()


@transaction.atomic
def accept(token: str, *, username: str = "", password: str | None = "", user=None, request=None):
    """Use the invitation: make the account (``username``, ``password``) or, for someone
    already signed in as the invited address, use theirs (``user``); give the invitation's
    role, partnership and agency. Single use even if two requests race: the row is locked.
    ``password=None``: an account with no password, for someone who signs in at their
    organisation's provider."""
    invitation = find(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state != "pending":
        raise InvitationUnusable("This invitation has already been used. Sign in instead.")
    if user is None:
        if existing_account(invitation) is not None:
            raise InvitationUnusable(
                "An account already uses this e-mail address: sign in with it, then open the "
                "link again."
            )
        user_model = get_user_model()
        if user_model.objects.filter(username__iexact=username).exists():
            raise ValidationError({"username": "That user name is taken; choose another."})
        first, _, last = invitation.name.partition(" ")
        user = user_model.objects.create_user(
            username=username,
            email=invitation.email,
            password=password,
            first_name=first,
            last_name=last,
            is_staff=True,
        )
    elif (user.email or "").lower() != invitation.email:
        raise PermissionDenied("This invitation is for another e-mail address.")

    user.groups.add(Group.objects.get(name=invitation.role))
    if invitation.role in (roles.PLAN_MANAGERS, roles.CHAIR):
        invitation.partnership.members.add(user)
    if invitation.role == roles.PARTNERSHIP_OFFICERS and getattr(user, "officer", None) is None:
        Officer.objects.create(
            name=invitation.name,
            slug=_free_officer_slug(invitation.name),
            organisation=invitation.organisation,
            user=user,
            email=invitation.email,
        )
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record(
        SignInEvent.Kind.INVITATION_ACCEPTED,
        request=request,
        user=user,
        partnership=invitation.partnership,
        detail=invitation.get_role_display(),
    )
    return user


def accept_through_provider(token: str, *, email: str, request=None):
    """Use the invitation for someone whose organisation's provider has just vouched for
    ``email`` (cspplan/accounts.py): their account has no password (they sign in there)."""
    invitation = find(token)
    if invitation.email != email.lower():
        raise PermissionDenied("This invitation is for another e-mail address.")
    base = re.sub(r"[^\w.@+-]", "", email.split("@")[0])[:140] or "staff"
    username, number = base, 1
    while get_user_model().objects.filter(username__iexact=username).exists():
        number += 1
        username = f"{base}{number}"
    return accept(token, username=username, password=None, request=request)


def revoke(invitation, *, by, request=None):
    if invitation.state != "pending":
        return False
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record(
        SignInEvent.Kind.INVITATION_REVOKED,
        request=request,
        actor=by,
        partnership=invitation.partnership,
        name_tried=invitation.email,
    )
    return True


def _free_officer_slug(name: str) -> str:
    base = slugify(name)[:40] or "officer"
    slug, number = base, 1
    while Officer.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
