"""What residents say: surveys and their results, engagement events, consultations and the
feedback residents leave. Feedback holds personal data (name, e-mail) that is never public."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cspplan import roles
from cspplan.demonstration import demonstration_flag
from cspplan.limits import DESCRIPTION_MAX_LENGTH, LimitedTextField
from cspplan.models import (
    Organisation,
    Plan,
    PlanRecordQuerySet,
    is_superuser,
)
from cspplan.publishing import PUBLIC_STATUSES
from cspplan.translated import published_in_both_refusal
from objectives.models import Objective


class EngagementEventQuerySet(PlanRecordQuerySet):
    plan_path = "plan"

    def real(self):
        """Without the demonstration site's invented records: what counts as the
        partnership's own work."""
        return self.filter(demonstration=False)

    def get_by_natural_key(self, plan_slug, slug):
        return self.get(plan__slug=plan_slug, slug=slug)

    def public(self):
        """What residents may see: events a plan manager published, of a public plan. A draft
        event (or one of a draft plan) never leaves the staff side."""
        return self.filter(published=True, plan__status__in=PUBLIC_STATUSES)

    def upcoming(self, *, today=None):
        """Today's events and later ones, soonest first. By day, not by hour: an event stays
        "upcoming" all of its day, so a page cached for the day is never wrong."""
        today = today or timezone.localdate()
        return self.filter(date__gte=today).order_by("date", "start_time", "name", "pk")

    def past(self, *, today=None):
        today = today or timezone.localdate()
        return self.filter(date__lt=today).order_by("-date", "-start_time", "name", "pk")

    def public_meetings(self):
        """Meetings open to the public (the regulations' public meetings with the responsible
        authorities): Face the People, PACT meetings and other public meetings."""
        return self.filter(kind__in=EngagementEvent.Kind.public_meeting_kinds())


class EngagementEvent(models.Model):
    """A way the partnership meets residents, e.g. a Face the People event."""

    class Kind(models.TextChoices):
        FACE_THE_PEOPLE = "face_the_people", "Face the People"
        COMMUNITY_BEAT = "community_beat", "Community Beat event"
        PACT_MEETING = "pact_meeting", "PACT meeting"
        PUBLIC_MEETING = "public_meeting", "Public meeting"
        COMMUNITY_EVENT = "community_event", "Community event"
        WORKSHOP = "workshop", "Workshop"
        SURVEY = "survey", "Survey"
        ONLINE = "online", "Online"
        OTHER = "other", "Other"

        @classmethod
        def public_meeting_kinds(cls):
            """The kinds that are meetings open to the public."""
            return [cls.FACE_THE_PEOPLE, cls.PACT_MEETING, cls.PUBLIC_MEETING]

        @property
        def is_public_meeting(self):
            return self in type(self).public_meeting_kinds()

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="engagement_events")
    name = models.CharField(max_length=200, help_text="e.g. Face the People")
    slug = models.SlugField(help_text="Used in the event's web address.")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.OTHER)
    date = models.DateField(
        null=True, blank=True, help_text="The day it takes place. Leave empty until it is set."
    )
    start_time = models.TimeField(
        null=True, blank=True, help_text="When it starts, e.g. 18:30. Leave empty if not set."
    )
    end_time = models.TimeField(
        null=True, blank=True, help_text="When it ends, e.g. 20:00. Leave empty if not set."
    )
    location = models.CharField(
        "place",
        max_length=200,
        blank=True,
        help_text="Where it takes place, as residents would find it, e.g. Ormskirk Library.",
    )
    description = LimitedTextField(
        max_length=DESCRIPTION_MAX_LENGTH, blank=True, help_text="What it is for, in plain English."
    )
    action = models.ForeignKey(
        "actions.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="engagement_events",
        help_text="The plan action this event delivers.",
    )
    partners = models.ManyToManyField(
        Organisation,
        through="EventPartner",
        blank=True,
        related_name="engagement_events",
        help_text="The responsible authorities and other organisations that sent someone.",
    )
    attendance = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many residents came, once it has taken place."
    )
    raised = LimitedTextField(
        "what was raised",
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
        help_text="What residents raised, in a few sentences. Public once the event is "
        "published: no names or other personal details.",
    )
    outcome = LimitedTextField(
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
        help_text="What the partnership agreed to do about it. Public once published.",
    )
    published = models.BooleanField(
        default=False,
        help_text="Show it on the public site. Unpublished events are drafts, seen by staff only.",
    )
    demonstration = demonstration_flag()
    history = HistoricalRecords()

    objects = EngagementEventQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "date", "name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="engagementevent_unique_slug"),
            # The public list and the calendar feed place every published event on a day.
            models.CheckConstraint(
                condition=models.Q(published=False) | models.Q(date__isnull=False),
                name="engagementevent_published_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(end_time__isnull=True)
                | models.Q(start_time__isnull=False, end_time__gt=models.F("start_time")),
                name="engagementevent_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.plan.natural_key(), self.slug)

    natural_key.dependencies = ["cspplan.plan"]

    def get_absolute_url(self):
        return reverse("engagement:detail", args=[self.plan.slug, self.slug])

    def clean(self):
        errors = {}
        if self.published and self.date is None:
            errors["date"] = "Give the day it takes place before publishing it."
        if self.end_time is not None and self.start_time is None:
            errors["start_time"] = "Give the start time as well as the end time."
        elif self.end_time is not None and self.end_time <= self.start_time:
            errors["end_time"] = "The end time must be after the start time."
        if refusal := published_in_both_refusal(self, self.plan_id and self.plan):
            errors["published"] = refusal
        if errors:
            raise ValidationError(errors)

    @property
    def starts(self):
        """The start as an aware datetime, or None when only the day (or nothing) is known."""
        if self.date is None or self.start_time is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(self.date, self.start_time))

    @property
    def ends(self):
        if self.date is None or self.end_time is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(self.date, self.end_time))


class EventPartnerQuerySet(PlanRecordQuerySet):
    plan_path = "event__plan"


class EventPartner(models.Model):
    """An organisation at an event, and whether it sent someone senior (the regulations ask
    for public meetings attended by senior people from each responsible authority)."""

    event = models.ForeignKey(EngagementEvent, on_delete=models.CASCADE, related_name="presence")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="event_presence"
    )
    senior = models.BooleanField(
        default=False,
        help_text="Tick when the organisation sent someone senior, e.g. a chief inspector or "
        "a head of service.",
    )
    represented_by = models.CharField(
        max_length=200,
        blank=True,
        help_text="Their role, e.g. District Commander. A role, not a name: this is public.",
    )
    history = HistoricalRecords()

    objects = EventPartnerQuerySet.as_manager()

    class Meta:
        ordering = ["event", "organisation__name"]
        verbose_name = "partner present"
        verbose_name_plural = "partners present"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"], name="eventpartner_unique_organisation"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} at {self.event}"


class ConsultationQuerySet(PlanRecordQuerySet):
    plan_path = "plan"

    def real(self):
        """Without the demonstration site's invented records."""
        return self.filter(demonstration=False)

    def get_by_natural_key(self, plan_slug, slug):
        return self.get(plan__slug=plan_slug, slug=slug)

    def public(self):
        """What residents may see: published consultations of public plans (a past plan's
        closed ones included, with their results). Drafts never."""
        return self.filter(published=True, plan__status__in=PUBLIC_STATUSES)

    # One rule for whether a consultation takes answers, here and in ``Consultation.state``
    # (the two must agree: a test holds them together). A consultation takes answers when it
    # is published, on its plan in force (a published plan: an archived one is the past and
    # takes none, whatever the consultation's dates say), and now lies between its opening
    # and closing.
    def _taking_part(self):
        return self.filter(published=True, plan__status=Plan.Status.PUBLISHED)

    def open_now(self, *, now=None):
        """Consultations taking answers now. An unpublished one is a draft the plan manager is
        still writing, never open, whatever its dates say; one of a past plan has closed."""
        now = now or timezone.now()
        return (
            self._taking_part()
            .filter(opens_at__lte=now)
            .filter(models.Q(closes_at__isnull=True) | models.Q(closes_at__gt=now))
        )

    def upcoming(self, *, now=None):
        """Published consultations of the plan in force that open later."""
        return self._taking_part().filter(opens_at__gt=now or timezone.now())

    def closed(self, *, now=None):
        """Closed for good, their results public: past their closing time, or ended with
        their plan (archived)."""
        now = now or timezone.now()
        return self.filter(models.Q(closes_at__lte=now) | models.Q(plan__status="archived"))


class Consultation(models.Model):
    """A question the partnership puts to residents, e.g. "Have your say on the plan"."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="consultations")
    title = models.CharField(max_length=200)
    slug = models.SlugField(help_text="Used in the consultation's web address.")
    description = LimitedTextField(
        "summary",
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text="What you are asking residents, and why, in plain English.",
    )
    opens_at = models.DateTimeField(
        default=timezone.now, help_text="When residents can start to respond."
    )
    closes_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When it stops taking responses; its results are published then. Leave empty "
        "to keep it open.",
    )
    priorities = models.ManyToManyField(
        "priorities.Priority",
        blank=True,
        related_name="consultations",
        help_text="The plan's priorities it asks about.",
    )
    objectives = models.ManyToManyField(
        "objectives.Objective",
        blank=True,
        related_name="consultations",
        help_text="The plan's objectives it asks about.",
    )
    published = models.BooleanField(
        default=False,
        help_text="Show it on the public site. Until then it is a draft, seen by staff only, "
        "and takes no responses.",
    )
    demonstration = demonstration_flag()
    history = HistoricalRecords(m2m_fields=[priorities, objectives])

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

    def get_absolute_url(self):
        return reverse("consultations:detail", args=[self.plan.slug, self.slug])

    def clean(self):
        super().clean()
        if refusal := published_in_both_refusal(self, self.plan_id and self.plan):
            raise ValidationError({"published": refusal})

    def state(self, *, now=None) -> str:
        """ "open_now", "upcoming", "closed", or "draft" (unpublished, or of a draft plan):
        the rule of ``ConsultationQuerySet``, for one consultation already fetched."""
        now = now or timezone.now()
        if self.is_closed(now=now):
            return "closed"
        if not self.published or self.plan.status != Plan.Status.PUBLISHED:
            return "draft"
        return "upcoming" if self.opens_at > now else "open_now"

    def is_open(self, *, now=None) -> bool:
        """Taking answers now: what the list's "Open now", this page's form and
        ``submit_consultation_response`` all ask."""
        return self.state(now=now) == "open_now"

    def is_upcoming(self, *, now=None) -> bool:
        return self.state(now=now) == "upcoming"

    def is_closed(self, *, now=None) -> bool:
        """Closed for good, so its results may be published: past its closing time, or ended
        with its plan (archived)."""
        now = now or timezone.now()
        return (self.closes_at is not None and self.closes_at <= now) or self.plan.is_archived

    @property
    def closed_with_plan(self) -> bool:
        """Closed because its plan ended (was archived) before its own closing time."""
        return self.plan.is_archived and (self.closes_at is None or self.closes_at > timezone.now())


class FeedbackQuerySet(PlanRecordQuerySet):
    plan_path = "plan"

    def get_by_natural_key(self, uid):
        return self.get(uid=uid)

    def published(self):
        return self.filter(moderation=Feedback.Moderation.PUBLISHED)

    def editable_by(self, user):
        """The feedback a user handles: a plan manager's partnerships' (``managed_by``); for a
        partnership officer, the feedback on objectives their agency leads (owns a target row
        or an action of), and nothing else: not the plan in general, not another agency's."""
        if is_superuser(user) or roles.is_plan_manager(user):
            return self.managed_by(user)
        organisation = roles.officer_organisation(user)
        if not roles.is_partnership_officer(user) or organisation is None:
            return self.none()
        # Subqueries: owners are many-to-many, and a join would repeat rows.
        led = models.Q(targets__owners=organisation) | models.Q(
            targets__actions__owners=organisation
        )
        objectives = Objective.objects.filter(led).values("pk")
        return self.filter(objective__in=objectives)

    def received_between(self, start, end):
        """Feedback that arrived on the days ``start`` to ``end``, both included."""
        return self.filter(created_at__date__gte=start, created_at__date__lte=end)


class Feedback(models.Model):
    """What a resident said. Name and e-mail are personal data: staff only, never public."""

    class Moderation(models.TextChoices):
        PENDING = "pending", "Waiting for moderation"
        PUBLISHED = "published", "Published (comment only, without name or e-mail)"
        HIDDEN = "hidden", "Hidden"

    class Status(models.TextChoices):
        """How far staff have handled it, apart from whether it is published (``moderation``)."""

        NEW = "new", "New"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        RESPONDED = "responded", "Responded"
        CLOSED = "closed", "Closed"

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
    comment = LimitedTextField(max_length=DESCRIPTION_MAX_LENGTH)
    name = models.CharField(max_length=200, blank=True, help_text="Personal data: never public.")
    email = models.EmailField(blank=True, help_text="Personal data: never public.")
    postcode_district = models.CharField(
        max_length=8, blank=True, help_text="The first half of a postcode only, e.g. L39."
    )
    wants_reply = models.BooleanField(default=False)
    moderation = models.CharField(max_length=10, choices=Moderation, default=Moderation.PENDING)
    status = models.CharField(
        max_length=12,
        choices=Status,
        default=Status.NEW,
        help_text="How far the partnership has handled it: acknowledged, responded to (e.g. "
        "replied to the resident or acted on it), closed.",
    )
    assigned_to = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_feedback",
        help_text="The agency that is to deal with it.",
    )
    internal_notes = LimitedTextField(
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
        help_text="For staff only, never shown to the public: what was done, who was "
        "contacted. Do not copy the resident's name or e-mail here.",
    )
    personal_data_removed_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the retention period passed and personal data was removed "
        "(manage.py purge_feedback).",
    )
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


# The rest of the app's models, in modules of their own (each under 600 lines).
from consultation.questions import (  # noqa: E402, F401
    ConsultationAnswer,
    ConsultationQuestion,
    ConsultationResponse,
)
from consultation.surveys import Survey, SurveyResult  # noqa: E402, F401
from consultation.you_said_we_did import YouSaidWeDid  # noqa: E402, F401
