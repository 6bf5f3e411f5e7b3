"""The partnership's register of statutory reviews: Domestic Homicide Reviews (Domestic Abuse
Related Death Reviews once the 2024 Act's section is in force, ``reviews/law.py``) and
Offensive Weapons Homicide Reviews.

Restricted by design: a review is staff-only until the partnership publishes it
(``reviews.services.publish_review``), and then residents read only ``PUBLISHED_FIELDS`` and
its recommendations. No field holds a victim's or a family's personal data: the reference is
the partnership's own, the independent chair is named by a professional role, and the forms
say so. The recommendations are the actions of the review's action plan (``action_plan``: a
``Plan`` of kind "Review action plan"), so owners, lead officers, due dates, updates, approval,
history and the one action-state rule (``progress.rag.assess_action``) are those of every plan.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from cspplan.demonstration import demonstration_flag
from cspplan.limits import NOTE_MAX_LENGTH, LimitedTextField
from cspplan.models import Partnership, Plan, PlanRecordQuerySet, is_superuser
from reviews import law

# Never a victim's or family's details: said on every free-text field of a review.
NO_PERSONAL_DATA = (
    "Never write the name, initials, age, address or any other detail of the person who died, "
    "their family or anyone else involved: this register is read by every plan manager and "
    "the chair, and what is published is read by everyone."
)

# What residents may read of a published review, and nothing else (its recommendations are its
# action plan's actions, public with it).
PUBLISHED_FIELDS = ("kind_name", "reference", "published_on", "overview_report_url")


class ReviewQuerySet(PlanRecordQuerySet):
    partnership_path = "partnership"

    def public(self):
        """Reviews the partnership has published: the only ones any public surface reads."""
        return self.filter(published_on__isnull=False)

    def visible_to(self, user):
        """Every review of the partnerships a chair or plan manager is a member of; published
        ones for anyone else (a county reader); superusers every review."""
        if is_superuser(user):
            return self.all()
        return self.filter(
            Q(pk__in=self.in_partnerships_of(user).values("pk")) | Q(published_on__isnull=False)
        )

    def real(self):
        """Not invented for the demonstration site."""
        return self.filter(demonstration=False)


class Review(models.Model):
    class Kind(models.TextChoices):
        DOMESTIC = "domestic", "Domestic Homicide Review / Domestic Abuse Related Death Review"
        OFFENSIVE_WEAPONS = "offensive_weapons", law.OFFENSIVE_WEAPONS_HOMICIDE_REVIEW

    class Decision(models.TextChoices):
        PENDING = "pending", "Not yet decided"
        HOLD = "hold", "A review is to be held"
        NOT_HELD = "not_held", "No review: the criteria are not met"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(max_length=20, choices=Kind)
    reference = models.CharField(
        max_length=50,
        help_text="The partnership's own reference, e.g. DHR 2025/01. Never a name or initials. "
        + NO_PERSONAL_DATA,
    )
    notified_on = models.DateField(
        verbose_name="notified on",
        help_text="The day the partnership was notified of the death. It decides the review's "
        "name: a Domestic Abuse Related Death Review from the day section 19 of the Victims and "
        "Prisoners Act 2024 comes into force, a Domestic Homicide Review before.",
    )
    decision = models.CharField(max_length=10, choices=Decision, default=Decision.PENDING)
    decided_on = models.DateField(
        null=True, blank=True, help_text="The day the partnership decided whether to hold it."
    )
    commissioned_on = models.DateField(
        null=True, blank=True, help_text="The day the review was commissioned."
    )
    independent_chair = models.CharField(
        max_length=200,
        blank=True,
        help_text="The independent chair's professional role, e.g. Independent chair, former "
        "senior probation officer. " + NO_PERSONAL_DATA,
    )
    submitted_to_home_office_on = models.DateField(
        null=True,
        blank=True,
        verbose_name="sent to the Home Office on",
        help_text="The day the overview report was sent to the Home Office (and the Domestic "
        "Abuse Commissioner).",
    )
    overview_report_url = models.URLField(
        blank=True,
        verbose_name="published overview report address",
        help_text="Where the overview report is published, once it is: public with the review.",
    )
    published_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="Set by “Publish the selected reviews”: only then is anything of the review "
        "public.",
    )
    notes = LimitedTextField(
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        help_text="Staff only, never published. " + NO_PERSONAL_DATA,
    )
    action_plan = models.OneToOneField(
        Plan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="review",
        help_text="The plan whose actions are the review's recommendations (“Start the action "
        "plan of the selected reviews”).",
    )
    demonstration = demonstration_flag()
    history = HistoricalRecords()

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-notified_on", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "reference"], name="review_unique_reference"
            ),
            # Nothing is public before the overview report is: a published review has been
            # sent to the Home Office and says where its report is.
            models.CheckConstraint(
                condition=Q(published_on__isnull=True)
                | (Q(submitted_to_home_office_on__isnull=False) & ~Q(overview_report_url="")),
                name="review_published_has_report",
            ),
        ]

    def __str__(self):
        return f"{self.kind_name} {self.reference}"

    @property
    def kind_name(self) -> str:
        """The review's name by the law in force on its notification day (``reviews/law.py``)."""
        if self.kind == self.Kind.OFFENSIVE_WEAPONS:
            return law.OFFENSIVE_WEAPONS_HOMICIDE_REVIEW
        return law.domestic_review_name(self.notified_on)

    @property
    def is_published(self) -> bool:
        return self.published_on is not None

    @property
    def stage(self) -> str:
        return self.stage_on()

    def stage_on(self, day=None) -> str:
        """Where the review stands, read from its dates (never typed, so it cannot disagree
        with them); as at ``day`` when given, a date after it not yet reached."""

        def reached(date):
            return date is not None and (day is None or date <= day)

        if reached(self.published_on):
            return "Published"
        if reached(self.submitted_to_home_office_on):
            return "Sent to the Home Office"
        if reached(self.commissioned_on):
            return "Commissioned"
        if reached(self.decided_on) and self.decision == self.Decision.NOT_HELD:
            return "Not held"
        if reached(self.decided_on) and self.decision == self.Decision.HOLD:
            return "To be held"
        return "Notified, decision pending"

    # The dates in the order a review reaches them: each on or after the one before.
    _DATE_ORDER = (
        "notified_on",
        "decided_on",
        "commissioned_on",
        "submitted_to_home_office_on",
        "published_on",
    )

    def clean(self):
        super().clean()
        errors = {}
        earlier = None
        for name in self._DATE_ORDER:
            day = getattr(self, name)
            if day is None:
                continue
            if earlier is not None and day < getattr(self, earlier):
                label = self._meta.get_field(earlier).verbose_name
                errors[name] = (
                    f"Cannot be before the day {label} ({getattr(self, earlier):%-d %B %Y})."
                )
            earlier = name
        if self.decision != self.Decision.PENDING and self.decided_on is None:
            errors["decided_on"] = "Give the day of the decision."
        if self.decision != self.Decision.HOLD:
            for name in ("commissioned_on", "submitted_to_home_office_on"):
                if getattr(self, name) is not None and name not in errors:
                    errors[name] = "Only a review the partnership decided to hold has this date."
        if errors:
            raise ValidationError(errors)
