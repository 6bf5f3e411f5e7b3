"""The records of staff sign-in (issue 25; docs/sign-in.md): invitations, and the audit trail of
sign-ins. Imported by cspplan/models.py, so they are the ``cspplan`` app's models.

Both belong to a partnership where they can (``PlanRecordQuerySet.managed_by``): a plan manager
sees the invitations and the sign-in events of the partnerships they manage, superusers all.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from cspplan import roles
from cspplan.models import Organisation, Partnership, PlanRecordQuerySet

# The roles a plan manager may invite someone to. County readers read every partnership, so no
# one partnership's manager may grant that; a superuser gives it in the admin's user pages.
INVITABLE_ROLES = (roles.PARTNERSHIP_OFFICERS, roles.PLAN_MANAGERS, roles.CHAIR)


def token_digest(token: str) -> str:
    """What is kept of an invitation's token: its SHA-256, so the database alone never holds a
    working link."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(PlanRecordQuerySet):
    partnership_path = "partnership"

    def pending(self, now=None):
        now = now or timezone.now()
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class Invitation(models.Model):
    """A person invited by e-mail to a partnership, with a role and, for an officer, the agency
    they work for. The link in the e-mail is single use and expires; accepting it gives exactly
    this role and partnership (cspplan/invitations.py), nothing more."""

    class Role(models.TextChoices):
        OFFICER = roles.PARTNERSHIP_OFFICERS, "Partnership officer"
        PLAN_MANAGER = roles.PLAN_MANAGERS, "Plan manager"
        CHAIR = roles.CHAIR, "Chair"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(help_text="Where the invitation is sent; their sign-in address.")
    name = models.CharField(max_length=200, help_text="Their name, e.g. Andrew Hill.")
    role = models.CharField(max_length=50, choices=Role)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name="agency",
        help_text="For an officer: the agency they work for (they record its actions' progress).",
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="invitations_sent",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(editable=False)
    accepted_at = models.DateTimeField(null=True, blank=True, editable=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="invitations_accepted",
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} to {self.partnership} as {self.get_role_display()}"

    def clean(self):
        self.email = (self.email or "").strip().lower()
        if self.role == roles.PARTNERSHIP_OFFICERS and self.organisation_id is None:
            raise ValidationError({"organisation": "An officer's invitation names their agency."})
        if self.role != roles.PARTNERSHIP_OFFICERS and self.organisation_id is not None:
            raise ValidationError({"organisation": "Only an officer's invitation names an agency."})

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"


class SignInEventQuerySet(PlanRecordQuerySet):
    partnership_path = "partnership"

    def visible_to(self, user):
        """Superusers every event; a plan manager those of the partnerships they manage, and
        of their members (a member's sign-ins name no partnership: a person may belong to
        several)."""
        if roles.is_plan_manager(user) and not user.is_superuser:
            managed = Partnership.objects.managed_by(user)
            members = Partnership.members.through.objects.filter(partnership__in=managed)
            return self.filter(
                models.Q(partnership__in=managed) | models.Q(user__in=members.values("user"))
            )
        return self.managed_by(user)


class SignInEvent(models.Model):
    """One line of the sign-in audit trail: who, what, when and from where. Written by
    cspplan/sign_in_audit.py, never edited; removed after ``CSPPLAN_SIGN_IN_AUDIT_DAYS`` by
    ``manage.py purge_sign_in_events``."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        SIGNED_OUT = "signed_out", "Signed out"
        SECOND_FACTOR_ADDED = "second_factor_added", "Second factor set up"
        SECOND_FACTOR_REMOVED = "second_factor_removed", "Second factor removed"
        INVITED = "invited", "Invited"
        INVITATION_ACCEPTED = "invitation_accepted", "Invitation accepted"
        INVITATION_REVOKED = "invitation_revoked", "Invitation revoked"
        ROLE_ADDED = "role_added", "Role given"
        ROLE_REMOVED = "role_removed", "Role taken away"
        JOINED_PARTNERSHIP = "joined_partnership", "Joined a partnership"
        LEFT_PARTNERSHIP = "left_partnership", "Left a partnership"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=30, choices=Kind)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sign_in_events",
        help_text="The account the event is about.",
    )
    name_tried = models.CharField(
        max_length=254, blank=True, help_text="For a failed sign-in: the name typed."
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who did it, when not the person themselves (an invitation, a role change).",
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    address = models.CharField(max_length=45, blank=True, help_text="The client's IP address.")
    user_agent = models.CharField(max_length=300, blank=True)
    detail = models.CharField(max_length=300, blank=True)

    objects = SignInEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "sign-in event"

    def __str__(self):
        return (
            f"{self.get_kind_display()}: {self.user or self.name_tried} at {self.at:%Y-%m-%d %H:%M}"
        )
