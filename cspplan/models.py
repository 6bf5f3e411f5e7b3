"""The partnership, its plans and the people and agencies that deliver them.

Organisations and officers are shared across plans (the same police force sits on many
partnerships and keeps its officers from one year's plan to the next); plans belong to one
partnership.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from simple_history.models import HistoricalRecords

from cspplan import roles
from cspplan.limits import SECTION_MAX_LENGTH, LimitedTextField
from cspplan.publishing import PUBLIC_STATUSES, PublishingRecord

# Who may see and change the records every partnership shares (organisations, officers):
# their querysets, in a module of their own to keep this one readable.
from cspplan.shared_records import (  # noqa: F401 (ORGANISATION_USED_IN, is_superuser: re-exported)
    ORGANISATION_USED_IN,
    OfficerQuerySet,
    OrganisationQuerySet,
    is_superuser,
)
from cspplan.strategy import StrategyRecord
from cspplan.text import targets_met_by


class PlanRecordQuerySet(models.QuerySet):
    """The base of every plan record's queryset: which rows a plan manager manages.

    Each subclass says how its rows reach their plan (``plan_path``) or, for records that belong
    to a partnership rather than to one of its plans, their partnership (``partnership_path``).
    A plan manager manages exactly the partnerships they are a member of
    (``Partnership.members``): a manager who is a member of none manages nothing, since on a site
    with several partnerships "none" must never quietly mean "all". Superusers manage
    everything; every other user nothing. Domain querysets add what officers may edit
    (``editable_by``) on top of this.
    """

    plan_path: str | None = None
    partnership_path: str | None = None

    def in_partnerships_of(self, user):
        """The rows of the partnerships ``user`` is a member of, whatever their role (plan
        managers manage them, the chair reads them); superusers every row."""
        if is_superuser(user):
            return self.all()
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if self.partnership_path is not None:
            path = self.partnership_path
        else:
            path = f"{self.plan_path}__partnership"
        # Every path is a chain of foreign keys, and a user is a member of a partnership once,
        # so the join cannot repeat rows.
        return self.filter(**{f"{path}__members" if path else "members": user})

    def managed_by(self, user):
        if is_superuser(user):
            return self.all()
        if not roles.is_plan_manager(user):
            return self.none()
        return self.in_partnerships_of(user)

    def read_by(self, user):
        """The rows a user reads without editing them: the chair reads every record of the
        partnerships they are a member of (never another partnership's); superusers all."""
        if is_superuser(user):
            return self.all()
        if not roles.is_chair(user):
            return self.none()
        return self.in_partnerships_of(user)

    def choosable_by(self, user):
        """The rows a user may pick in a form, e.g. as the parent of a record they add or move:
        those they may edit (``editable_by`` where the model has it, else ``managed_by``)."""
        editable = getattr(self, "editable_by", None)
        return editable(user) if editable is not None else self.managed_by(user)


class PartnershipQuerySet(PlanRecordQuerySet):
    partnership_path = ""  # the partnership itself

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Partnership(models.Model):
    name = models.CharField(
        max_length=200, unique=True, help_text="e.g. West Lancashire Community Safety Partnership"
    )
    short_name = models.CharField(max_length=50, blank=True, help_text="e.g. West Lancashire CSP")
    slug = models.SlugField(unique=True, help_text="Used in web addresses.")
    area = models.CharField(
        max_length=200, blank=True, help_text="The borough or district it covers."
    )
    website = models.URLField(blank=True)
    ENGLISH, WELSH_AND_ENGLISH = "en", "cy+en"
    LANGUAGE_CHOICES = [(ENGLISH, "English"), (WELSH_AND_ENGLISH, "Welsh and English")]
    # A Welsh partnership's councils are bound by the Welsh Language Standards: pages, files and
    # messages in both languages at once (issue 27). An English partnership's site is unchanged.
    languages = models.CharField(
        max_length=8,
        choices=LANGUAGE_CHOICES,
        default=ENGLISH,
        help_text="Welsh and English: nothing is published while either language is missing.",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="partnerships",
        help_text="Plan managers who manage this partnership's plans. A plan manager sees and "
        "edits only the plans of the partnerships they are a member of.",
    )
    history = HistoricalRecords()

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    @property
    def is_bilingual(self):
        """Whether this partnership publishes in Welsh and English (issue 27)."""
        return self.languages == self.WELSH_AND_ENGLISH


class PlanQuerySet(PlanRecordQuerySet):
    partnership_path = "partnership"

    def published(self):
        """Plans in force: published and not yet archived (a partnership's current plan)."""
        return self.filter(status=Plan.Status.PUBLISHED)

    def partnership_plans(self):
        """The annual partnership plans, the kind that is a partnership's "plan in force" on
        the home page and the county overview (a strategy or a review's action plan never is)."""
        return self.filter(kind=Plan.Kind.PARTNERSHIP)

    def public(self):
        """What residents may read: published plans and archived ones (past plans stay on the
        public site, marked as such). Drafts never."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def visible_to(self, user):
        """Public plans (published, and archived ones as past plans) for everyone. Staff may
        also preview the drafts of their own partnerships: a plan manager's or the chair's
        (``Partnership.members``), or, for a partnership officer, the plans in which their
        agency owns an action or a target row. Superusers preview every plan. Another
        partnership's draft stays a 404."""
        if is_superuser(user):
            return self.all()
        if user is None or not user.is_authenticated or not user.is_active or not user.is_staff:
            return self.public()
        previews = models.Q(pk__in=self.in_partnerships_of(user).values("pk"))
        organisation = (
            roles.officer_organisation(user) if roles.is_partnership_officer(user) else None
        )
        if organisation is not None:
            # Through reverse relations, so this core module names no app above it.
            owned = models.Q(objectives__targets__actions__owners=organisation) | models.Q(
                objectives__targets__owners=organisation
            )
            previews |= models.Q(pk__in=Plan.objects.filter(owned).values("pk"))
        return self.filter(models.Q(status__in=PUBLIC_STATUSES) | previews)

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Plan(PublishingRecord, StrategyRecord):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    class Kind(models.TextChoices):
        PARTNERSHIP = "partnership", "Partnership plan"
        SERIOUS_VIOLENCE = "serious_violence", "Serious Violence strategy"
        # Prevent (Counter-Terrorism and Security Act 2015 s.26): kept, progressed and reviewed
        # like any plan, never published.
        INTERNAL = "internal", "Internal plan (never public, e.g. Prevent)"
        # The recommendations of a statutory review (``reviews.Review.action_plan``): public
        # only once the review is published, with it.
        REVIEW = "review", "Review action plan"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="plans")
    kind = models.CharField(
        max_length=20,
        choices=Kind,
        default=Kind.PARTNERSHIP,
        help_text="A partnership plan (the annual plan), a Serious Violence strategy, an "
        "internal plan, which is never published (e.g. Prevent), or the action plan of a "
        "review's recommendations, published only with its review.",
    )
    title = models.CharField(
        max_length=200, help_text="As on the cover, e.g. Partnership Plan 2011 to 2012"
    )
    slug = models.SlugField(
        unique=True, help_text="Used in web addresses, e.g. west-lancashire-2011-12"
    )
    period_start = models.DateField(help_text="First day the plan covers, e.g. 1 April 2011.")
    period_end = models.DateField(help_text="Last day the plan covers, e.g. 31 March 2012.")
    target_date = models.DateField(
        help_text="The date targets are to be met by; progress is judged against it."
    )
    target_label = models.CharField(
        max_length=50,
        default=translation.gettext_lazy("March 2012"),  # lazy: each language its own words
        help_text="The heading of the targets column in the published table, e.g. March 2012.",
    )
    objective_word = models.CharField(
        max_length=30,
        blank=True,
        default=translation.gettext_lazy("Objective"),
        help_text="What the plan calls its objectives, e.g. Objective, Outcome, Aim, Priority, "
        "Stage; empty to show each objective's title alone.",
    )
    objectives_numbered = models.BooleanField(
        default=True,
        help_text="The plan numbers its objectives (“Objective 1”, “Objective 2”…). Untick when "
        "it does not, so that no number is shown that the plan never had.",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when the plan is first published."
    )
    rag_tolerance_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=5,
        help_text="How far worse than the trajectory a measure may be and still be amber, "
        "in per cent. Beyond it the measure is red.",
    )
    publish_progress_automatically = models.BooleanField(
        default=False,
        help_text="Publish officers' measurements and updates without a plan manager's approval.",
    )
    suppression_threshold = models.PositiveSmallIntegerField(
        default=5,
        help_text="For measures marked sensitive: counts from 1 up to one less than this are "
        "published as “fewer than 5” (with 5), never as the number, so that nobody can be "
        "recognised from a small count. 0 is published as 0. Staff always see the figures. "
        "Set it to 1 to publish every count.",
    )
    history = HistoricalRecords()

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")),
                name="plan_period_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(target_date__gte=models.F("period_start")),
                name="plan_target_date_not_before_start",
            ),
            # A published plan always says when it was published (public pages show it).
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="plan_published_has_published_at",
            ),
            # Archiving makes a plan a past plan, still public: only a plan that was published
            # can be archived, so a draft never reaches the public that way.
            models.CheckConstraint(
                condition=~models.Q(status="archived") | models.Q(published_at__isnull=False),
                name="plan_archived_was_published",
            ),
            # An internal plan (Prevent) is never public: it stays a draft, so every public
            # filter (``PUBLIC_STATUSES``) leaves it out without knowing about kinds.
            models.CheckConstraint(
                condition=~models.Q(kind="internal") | models.Q(status="draft"),
                name="plan_internal_never_public",
            ),
            models.CheckConstraint(
                condition=models.Q(rag_tolerance_percent__gte=0, rag_tolerance_percent__lte=100),
                name="plan_rag_tolerance_is_a_percentage",
            ),
            # progress/disclosure.py reads "fewer than N": N of at least 1 (1 withholds nothing).
            models.CheckConstraint(
                condition=models.Q(suppression_threshold__gte=1),
                name="plan_suppression_threshold_at_least_one",
            ),
        ]

    def __str__(self):
        return f"{self.partnership.short_name or self.partnership.name}: {self.title}"

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.slug])

    @property
    def targets_met_by(self) -> str:
        """When targets are to be met, in words that follow "Targets are to be met by": the
        date its target label names ("March 2012"; "By 2008" → "2008"), the target date when
        the label is only "Target", else the column the label heads (an imported heading such as
        "To be achieved by": "the dates in the “To be achieved by” column")."""
        return targets_met_by(self.target_label, self.target_date)

    def reporting_day(self, today: datetime.date | None = None) -> datetime.date:
        """The day the plan is judged as at: today for a running plan, its last day for a
        finished one, its first day for one not yet started.

        Everything that depends on the calendar asks this, not the clock: the freshness of
        updates, the quarter officers report on, where a measure should be by now, what is
        overdue, the reminders, form defaults and the dashboard's "as at". A 2011–12 plan read
        in 2026 is then shown as it stood when it ended, not as fifteen years overdue.
        """
        today = today or timezone.localdate()
        return min(max(today, self.period_start), self.period_end)

    def timing(self, today: datetime.date | None = None) -> str:
        """ "running", "finished" or "not started", as at ``today`` (default: now)."""
        today = today or timezone.localdate()
        if today > self.period_end:
            return "finished"
        if today < self.period_start:
            return "not started"
        return "running"

    def publishing_refusal(self) -> str | None:
        """Why this plan may not be published, or None. An internal plan never is; a review's
        action plan is published by publishing its review (``reviews.services.publish_review``),
        never before. Read through the reverse relation, so this core module names no app
        above it."""
        if self.kind == self.Kind.INTERNAL:
            return (
                f"{self.title} is an internal plan: it is never published. Change its kind "
                "first if it is meant for the public."
            )
        if self.kind == self.Kind.REVIEW:
            review = getattr(self, "review", None)
            if review is None or not review.is_published:
                return (
                    f"{self.title} is a review's action plan: it is published when its review "
                    "is published (“Publish the selected reviews” on the list of reviews)."
                )
        return None

    def clean(self):
        super().clean()
        self.clean_publishing()
        if self.status != self.Status.DRAFT and (refusal := self.publishing_refusal()):
            # A public plan made internal (the database refuses that too:
            # plan_internal_never_public), or a review's action plan ahead of its review.
            raise ValidationError({"kind": refusal})
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            # The database refuses it too (plan_published_has_published_at); say so in the form.
            raise ValidationError(
                {
                    "status": "A plan is published with “Publish the selected plans” on the "
                    "list of plans, which records when it was published. Save it as a draft "
                    "first, then publish it."
                }
            )


class PlanSectionQuerySet(PlanRecordQuerySet):
    plan_path = "plan"

    def get_by_natural_key(self, plan_slug, slug):
        return self.get(plan__slug=plan_slug, slug=slug)


class PlanSection(models.Model):
    """A narrative part of the plan (foreword, vision, background…), in the published order.

    The body is plain text: blank lines separate paragraphs, lines starting "- " are bullet
    points and lines starting "1. " numbered points, so officers never have to write HTML.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(help_text="Position in the plan, from 1.")
    slug = models.SlugField(help_text="Used in web addresses, e.g. foreword")
    title = models.CharField(max_length=200)
    body = LimitedTextField(
        max_length=SECTION_MAX_LENGTH,
        help_text="Paragraphs separated by a blank line; start a line with '- ' for a bullet.",
    )
    signatory_name = models.CharField(
        max_length=200, blank=True, help_text="Who signed this section, e.g. the foreword."
    )
    signatory_role = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    objects = PlanSectionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            # The plan overview's table of contents and anchors rely on both being unique.
            models.UniqueConstraint(fields=["plan", "slug"], name="plansection_unique_slug"),
            models.UniqueConstraint(fields=["plan", "order"], name="plansection_unique_order"),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (*self.plan.natural_key(), self.slug)

    natural_key.dependencies = ["cspplan.plan"]


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", "Local council"
        POLICE = "police", "Police"
        POLICE_AUTHORITY = "police_authority", "Police authority"
        FIRE = "fire", "Fire and rescue"
        HEALTH = "health", "Health"
        PROBATION = "probation", "Probation"
        YOUTH = "youth", "Youth services and youth offending"
        VOLUNTARY = "voluntary", "Voluntary, community and faith sector"
        PARTNERSHIP = "partnership", "Partnership or multi-agency group"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True, help_text="The full, official name.")
    short_name = models.CharField(max_length=50, blank=True, help_text="e.g. LFRS")
    slug = models.SlugField(unique=True, help_text="Used in web addresses.")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.OTHER)
    is_responsible_authority = models.BooleanField(
        default=False,
        help_text="A responsible authority under the Crime and Disorder Act 1998, with a "
        "statutory duty to deliver community safety.",
    )
    website = models.URLField(blank=True)
    history = HistoricalRecords()

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class OrganisationAliasQuerySet(models.QuerySet):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class OrganisationAlias(models.Model):
    """Another spelling an organisation goes by in plans, e.g. "Lancs. Police"."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200, help_text="The spelling exactly as it appears.")

    objects = OrganisationAliasQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "organisation aliases"
        constraints = [
            # Importers match owners by alias; one spelling must mean one organisation.
            models.UniqueConstraint(Lower("name"), name="organisationalias_unique_name_ci"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)


class Officer(models.Model):
    """A named lead officer. Their e-mail address is for reminders only, never shown publicly."""

    name = models.CharField(max_length=200, help_text="As published, e.g. Andrew Hill")
    slug = models.SlugField(unique=True, help_text="Used in web addresses.")
    title = models.CharField(max_length=50, blank=True, help_text="e.g. Sgt")
    role = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="officers",
        help_text="The agency they work for, where known.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="officer",
        help_text="Their login, if they update the plan themselves.",
    )
    email = models.EmailField(
        blank=True, help_text="For update reminders. Never shown on public pages."
    )
    history = HistoricalRecords()

    objects = OfficerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.title} {self.name}".strip()

    def natural_key(self):
        return (self.slug,)


def display_name(user) -> str:
    """The name a user is known by in messages and history: their officer name if they have
    one (officers know each other by it), else their full name, else their username."""
    if user is None:
        return ""
    officer = getattr(user, "officer", None)
    if officer is not None:
        return officer.name
    return user.get_full_name() or user.get_username()


class FundingSourceQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class FundingSource(models.Model):
    name = models.CharField(max_length=200, unique=True, help_text="e.g. Existing budgets")
    slug = models.SlugField(unique=True)
    history = HistoricalRecords()

    objects = FundingSourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Responsibility(models.Model):
    """Who owns, leads and funds a row of the delivery plan.

    Shared by targets and actions: the published table gives an owner, lead officer and funding
    to each group of actions, and sometimes to a target row that has no actions at all. The
    ``*_wording`` fields keep the cell exactly as published ("Lancs. Police / CSP"); the
    relations say which organisations, officers and funds those words mean.
    """

    owners = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="%(app_label)s_%(class)s_owned",
        help_text="The agencies responsible.",
    )
    lead_officers = models.ManyToManyField(
        Officer,
        blank=True,
        related_name="%(app_label)s_%(class)s_led",
        help_text="The named people who lead and report on it.",
    )
    funding_sources = models.ManyToManyField(
        FundingSource, blank=True, related_name="%(app_label)s_%(class)s_funded"
    )
    owner_wording = models.CharField(
        max_length=300, blank=True, help_text="The Owner cell as published."
    )
    lead_officer_wording = models.CharField(
        max_length=300, blank=True, help_text="The Lead Officer cell as published."
    )
    funding_wording = models.CharField(
        max_length=300, blank=True, help_text="The Funding cell as published."
    )

    class Meta:
        abstract = True


# Staff sign-in's records (invitations, the audit trail), in a module of their own.
from cspplan.sign_in_models import IdentityProvider, Invitation, SignInEvent  # noqa: E402, F401
