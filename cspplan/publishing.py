"""The publishing workflow of a plan: draft → published → archived, who did what and when.

``PublishingRecord`` is the abstract part of ``Plan`` that records it; ``Plan`` keeps its status
and ``published_at``, and the database constraints tying them together. Archived plans are past
plans: still public (``PUBLIC_STATUSES``, ``Plan.objects.public()``), marked as such, linking to
the partnership's plan in force. Drafts are never public, and only a published plan is archived.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property

from cspplan import translated

# What residents may read: plans in force and past plans; drafts stay private.
PUBLIC_STATUSES = ("published", "archived")


class PublishingRecord(models.Model):
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who first published the plan.",
    )
    archived_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when the plan is archived: it then stays public as a past plan.",
    )
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who archived the plan.",
    )
    sent_to_pcc_on = models.DateField(
        null=True,
        blank=True,
        verbose_name="sent to the PCC on",
        help_text="The day the plan was sent to the Police and Crime Commissioner, as the "
        "partnership must each year. Leave empty until it has been sent.",
    )

    class Meta:
        abstract = True

    @property
    def is_public(self):
        """Residents may read it: published, or archived as a past plan."""
        return self.status in PUBLIC_STATUSES

    @property
    def is_archived(self):
        return self.status == "archived"

    @cached_property
    def current_plan_of_partnership(self):
        """The partnership's plan in force (its newest published plan), if it is not this
        one: where a past plan's page sends residents. One query."""
        current = (
            type(self)
            .objects.published()
            .partnership_plans()
            .filter(partnership_id=self.partnership_id)
            .order_by("-period_start", "-pk")
            .first()
        )
        return None if current is None or current.pk == self.pk else current

    def clean_publishing(self):
        if self.status == "archived" and self.published_at is None:
            # The database refuses it too (plan_archived_was_published).
            raise ValidationError(
                {
                    "status": "Only a published plan can be archived (an archived plan stays "
                    "public as a past plan). Publish it first, or keep it as a draft."
                }
            )

    def publish(self, *, when=None, by=None):
        """Publish (or republish an archived plan), recording when and by whom it was first
        published. The caller saves. Refused, naming why, for a plan that may not be public
        (``Plan.publishing_refusal``: an internal plan, a review's action plan before its
        review), or naming each missing text while a bilingual partnership's plan lacks Welsh
        or English (``cspplan.translated.refusal_for_plan``)."""
        refusal = self.publishing_refusal() or translated.refusal_for_plan(self)
        if refusal:
            raise ValidationError(refusal)
        self.status = "published"
        if self.published_at is None:
            self.published_at = when or timezone.now()
            self.published_by = by
        self.archived_at = self.archived_by = None

    def record_status_change(self, *, was: str | None, by=None):
        """A status chosen in the plan's form rather than with the list's actions keeps the same
        record of who and when: archiving records ``archived_at``/``archived_by``, bringing an
        archived plan back clears them. (Publishing a draft from the form is refused by
        ``Plan.clean``.) The caller saves."""
        if self.status == was:
            return
        if self.status == "archived":
            self.archive(by=by)
        elif self.status == "published" and was == "archived":
            self.publish(by=by)

    def archive(self, *, when=None, by=None):
        """Make a published plan a past plan: it stays public, marked as such. The caller
        saves. A draft cannot be archived (it was never public)."""
        if self.published_at is None:
            raise ValidationError("Only a published plan can be archived.")
        self.status = "archived"
        self.archived_at = when or timezone.now()
        self.archived_by = by
