"""The records of staff sign-in (issue 25; docs/sign-in.md): invitations, and the audit trail of
sign-ins. Imported by cspplan/models.py, so they are the ``cspplan`` app's models.

Both belong to a partnership where they can (``PlanRecordQuerySet.managed_by``): a plan manager
sees the invitations and the sign-in events of the partnerships they manage, superusers all.
"""

import hashlib
import os
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

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


class IdentityProviderQuerySet(models.QuerySet):
    def enabled(self):
        return self.filter(enabled=True).select_related("organisation")

    def for_email(self, email: str):
        """The enabled provider whose organisation owns ``email``'s domain, or None."""
        domain = (email or "").rpartition("@")[2].strip().lower()
        if not domain or "@" not in (email or ""):
            return None
        for provider in self.enabled():
            if domain in provider.domains():
                return provider
        return None

    def for_provider_id(self, provider_id: str):
        slug = provider_id.removeprefix(IdentityProvider.PROVIDER_ID_PREFIX)
        return self.enabled().filter(organisation__slug=slug).first()


class IdentityProvider(models.Model):
    """An organisation's own OpenID Connect provider (Microsoft Entra ID, Okta, ADFS…): staff
    whose e-mail address is at one of its domains sign in there (docs/sign-in.md). Set by a
    superuser: trusting a provider is a decision for the whole site."""

    PROVIDER_ID_PREFIX = "org-"

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="identity_provider"
    )
    issuer = models.URLField(
        max_length=300,
        help_text="The provider's issuer, e.g. https://login.microsoftonline.com/<tenant>/v2.0 "
        "(its /.well-known/openid-configuration is read from there).",
    )
    client_id = models.CharField(max_length=200, help_text="cspplan's client ID at the provider.")
    client_secret = models.CharField(
        max_length=300,
        blank=True,
        help_text="Leave blank to read it from the environment variable "
        "CSPPLAN_OIDC_SECRET_<ORGANISATION SLUG> (capitals, - as _).",
    )
    email_domains = models.CharField(
        max_length=500,
        help_text="The organisation's e-mail domains, comma-separated, e.g. lancashire.police.uk",
    )
    enabled = models.BooleanField(default=True)
    history = HistoricalRecords()

    objects = IdentityProviderQuerySet.as_manager()

    class Meta:
        verbose_name = "organisation's sign-in (OpenID Connect)"
        verbose_name_plural = "organisations' sign-in (OpenID Connect)"

    def __str__(self):
        return f"{self.organisation} ({self.issuer})"

    @property
    def provider_id(self) -> str:
        return f"{self.PROVIDER_ID_PREFIX}{self.organisation.slug}"

    def domains(self) -> list[str]:
        return [d.strip().lower() for d in self.email_domains.split(",") if d.strip()]

    def secret_variable(self) -> str:
        return "CSPPLAN_OIDC_SECRET_" + self.organisation.slug.upper().replace("-", "_")

    def secret(self) -> str:
        return self.client_secret or os.environ.get(self.secret_variable(), "")

    def clean(self):
        domains = self.domains()
        if not domains:
            raise ValidationError({"email_domains": "Name at least one e-mail domain."})
        bad = [d for d in domains if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", d)]
        if bad:
            raise ValidationError({"email_domains": f"Not a domain: {', '.join(bad)}."})
        others = IdentityProvider.objects.exclude(pk=self.pk)
        taken = [d for other in others for d in other.domains() if d in domains]
        if taken:
            raise ValidationError(
                {"email_domains": f"Already another organisation's: {', '.join(taken)}."}
            )
        self.email_domains = ", ".join(domains)
