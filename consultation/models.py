"""What residents say: surveys and their results, engagement events, consultations and the
feedback residents leave. Feedback holds personal data (name, e-mail) that is never public."""

import uuid

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cspplan.models import Organisation, Partnership, Plan, PlanRecordQuerySet


class SurveyQuerySet(PlanRecordQuerySet):
    partnership_path = "partnership"

    def get_by_natural_key(self, partnership_slug, slug):
        return self.get(partnership__slug=partnership_slug, slug=slug)


class Survey(models.Model):
    """A survey whose results the plan relies on, e.g. the Citizens Survey 2010."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="surveys")
    name = models.CharField(max_length=200, help_text="e.g. Citizens Survey")
    slug = models.SlugField()
    year = models.PositiveSmallIntegerField(help_text="The year it was carried out, e.g. 2010")
    conducted_by = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="surveys"
    )
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="survey_unique_slug"),
        ]

    def __str__(self):
        return f"{self.name} {self.year}"

    def natural_key(self):
        return (*self.partnership.natural_key(), self.slug)

    natural_key.dependencies = ["cspplan.partnership"]


class SurveyResultQuerySet(PlanRecordQuerySet):
    partnership_path = "survey__partnership"

    def get_by_natural_key(self, partnership_slug, survey_slug, order):
        return self.get(
            survey__partnership__slug=partnership_slug, survey__slug=survey_slug, order=order
        )


class SurveyResult(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="results")
    order = models.PositiveSmallIntegerField()
    statement = models.TextField(
        help_text="The statement respondents were asked about, in the plan's words."
    )
    value = models.DecimalField(max_digits=6, decimal_places=2, help_text="e.g. 75")
    unit = models.CharField(max_length=20, default="percent")
    wording = models.CharField(
        max_length=300, blank=True, help_text="How the plan reports it, e.g. three quarters."
    )
    measure = models.ForeignKey(
        "objectives.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_results",
        help_text="The measure this result is the baseline or a reading of.",
    )
    history = HistoricalRecords()

    objects = SurveyResultQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "order"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "order"], name="surveyresult_unique_order"),
            models.CheckConstraint(
                condition=~models.Q(unit="percent") | models.Q(value__gte=0, value__lte=100),
                name="surveyresult_percent_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.survey}: {self.value}"

    def natural_key(self):
        return (*self.survey.natural_key(), self.order)

    natural_key.dependencies = ["consultation.survey"]


class EngagementEventQuerySet(PlanRecordQuerySet):
    plan_path = "plan"

    def get_by_natural_key(self, plan_slug, slug):
        return self.get(plan__slug=plan_slug, slug=slug)


class EngagementEvent(models.Model):
    """A way the partnership meets residents, e.g. a Face the People event."""

    class Kind(models.TextChoices):
        PUBLIC_MEETING = "public_meeting", "Public meeting"
        COMMUNITY_EVENT = "community_event", "Community event"
        SURVEY = "survey", "Survey"
        WORKSHOP = "workshop", "Workshop"
        ONLINE = "online", "Online"
        OTHER = "other", "Other"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="engagement_events")
    name = models.CharField(max_length=200, help_text="e.g. Face the People")
    slug = models.SlugField()
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.OTHER)
    date = models.DateField(null=True, blank=True, help_text="Leave empty until it is set.")
    location = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    action = models.ForeignKey(
        "actions.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="engagement_events",
        help_text="The plan action this event delivers.",
    )
    history = HistoricalRecords()

    objects = EngagementEventQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "date", "name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="engagementevent_unique_slug"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.plan.natural_key(), self.slug)

    natural_key.dependencies = ["cspplan.plan"]


class ConsultationQuerySet(PlanRecordQuerySet):
    plan_path = "plan"

    def get_by_natural_key(self, plan_slug, slug):
        return self.get(plan__slug=plan_slug, slug=slug)

    def open_now(self, *, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now).filter(
            models.Q(closes_at__isnull=True) | models.Q(closes_at__gt=now)
        )


class Consultation(models.Model):
    """A question the partnership puts to residents, e.g. "Have your say on the plan"."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="consultations")
    title = models.CharField(max_length=200)
    slug = models.SlugField()
    description = models.TextField(help_text="What you are asking residents, in plain English.")
    opens_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField(
        null=True, blank=True, help_text="Leave empty to keep it open."
    )
    history = HistoricalRecords()

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-opens_at"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="consultation_unique_slug"),
            models.CheckConstraint(
                condition=models.Q(closes_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_opening",
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (*self.plan.natural_key(), self.slug)

    natural_key.dependencies = ["cspplan.plan"]

    def is_open(self, *, now=None):
        now = now or timezone.now()
        return self.opens_at <= now and (self.closes_at is None or self.closes_at > now)


class FeedbackQuerySet(PlanRecordQuerySet):
    plan_path = "plan"

    def get_by_natural_key(self, uid):
        return self.get(uid=uid)

    def published(self):
        return self.filter(moderation=Feedback.Moderation.PUBLISHED)


class Feedback(models.Model):
    """What a resident said. Name and e-mail are personal data: staff only, never public."""

    class Moderation(models.TextChoices):
        PENDING = "pending", "Waiting for moderation"
        PUBLISHED = "published", "Published (comment only, without name or e-mail)"
        HIDDEN = "hidden", "Hidden"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="feedback")
    consultation = models.ForeignKey(
        Consultation, on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback"
    )
    objective = models.ForeignKey(
        "objectives.Objective",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
        help_text="The objective the comment is about, if any.",
    )
    comment = models.TextField()
    name = models.CharField(max_length=200, blank=True, help_text="Personal data: never public.")
    email = models.EmailField(blank=True, help_text="Personal data: never public.")
    postcode_district = models.CharField(
        max_length=8, blank=True, help_text="The first half of a postcode only, e.g. L39."
    )
    wants_reply = models.BooleanField(default=False)
    moderation = models.CharField(max_length=10, choices=Moderation, default=Moderation.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    # History records moderation, never the resident's name or e-mail: personal data must go
    # when the feedback is deleted (an erasure request), and history rows outlive the record.
    history = HistoricalRecords(excluded_fields=["name", "email"])

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "feedback"
        constraints = [
            # We can only promise a reply to someone who told us where to send it.
            models.CheckConstraint(
                condition=models.Q(wants_reply=False) | ~models.Q(email=""),
                name="feedback_reply_needs_email",
            ),
        ]

    def __str__(self):
        return (
            f"Feedback on {self.plan} ({self.created_at:%d %b %Y})"
            if self.created_at
            else "Feedback"
        )

    def natural_key(self):
        return (str(self.uid),)
