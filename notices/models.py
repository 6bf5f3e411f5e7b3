"""Who follows what, and which notices each member of staff wants.

A follower's address is personal data: no history is kept of ``Follow`` (a history row would
outlive the follow's deletion), staff see only counts, and ``manage.py purge_followers``
removes unconfirmed requests and forgets old addresses (``notices.retention``)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actions.models import Action
from cspplan.models import Plan
from objectives.models import Objective
from outbox.models import language_for


class FollowQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def of_user(self, user):
        return self.filter(user=user)


class Follow(models.Model):
    """One person following a plan, one of its objectives or one action. A resident gives an
    address (``email``) and confirms it by a link (double opt-in); a member of staff follows as
    themselves (``user``, confirmed at once)."""

    class Frequency(models.TextChoices):
        IMMEDIATELY = "immediately", _("As soon as something is approved")
        DAILY = "daily", _("At most once a day")
        WEEKLY = "weekly", _("At most once a week")

    # The secret of this follow's links (confirm, unsubscribe), signed in them.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    frequency = models.CharField(max_length=12, choices=Frequency, default=Frequency.IMMEDIATELY)
    # The language of its e-mails: that of the page it was followed from (a Welsh page, Welsh),
    # changeable from the manage link. A staff follow's e-mails follow the person's preference.
    language = models.CharField(max_length=5, choices=settings.LANGUAGES, default="en")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The next digest holds what was approved after this moment.
    digest_from = models.DateTimeField(null=True, blank=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=True) & ~Q(email=""))
                | (Q(user__isnull=False) & Q(email="")),
                name="follow_resident_or_staff",
            ),
        ]

    def __str__(self):
        return f"Following {self.followed}"

    @property
    def followed(self):
        """What is followed: the action, else the objective, else the plan."""
        return self.action or self.objective or self.plan

    @property
    def email_language(self) -> str:
        """The language its e-mails are written in: a resident's, the follow's own; a member
        of staff's, their preference (``outbox.models.language_for``)."""
        return language_for(self.user) if self.user_id else self.language

    @property
    def address(self) -> str:
        return self.user.email if self.user_id else self.email
