"""Objectives, the target rows of their delivery-plan tables, the measures inside those rows and
the measurements recorded against them.

The published table is kept in its own words (``Target.wording``, ``Target.target_wording``);
each measure then holds the structured reading of those words: a number and unit where the text
gives one, or a state (to be confirmed, to be agreed…) where it does not. A "TBC" is never stored
as zero: the database refuses a value alongside a not-known state.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from cspplan import roles, translated
from cspplan.limits import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH, LimitedTextField
from cspplan.models import PUBLIC_STATUSES, Plan, PlanRecordQuerySet, Responsibility, is_superuser
from objectives import labels, periods


class ObjectiveQuerySet(PlanRecordQuerySet):
    plan_path = "plan"

    def get_by_natural_key(self, plan_slug, number):
        return self.get(plan__slug=plan_slug, number=number)

    def for_plan(self, plan):
        """The plan's objectives; given the plan itself, each knows it without a query (its
        heading reads the plan's word for objectives: ``objectives.labels``), as
        ``plan.objectives.all()`` does."""
        queryset = self.filter(plan=plan)
        if isinstance(plan, Plan):
            queryset._known_related_objects = {self.model._meta.get_field("plan"): {plan.pk: plan}}
        return queryset

    def public(self):
        return self.filter(plan__status__in=PUBLIC_STATUSES)


class ObjectiveManager(models.Manager.from_queryset(ObjectiveQuerySet)):
    """Every objective comes with its plan (one join, no further query): its heading reads
    the plan's word for objectives and whether it numbers them (``objectives.labels``), on
    every page that lists objectives, through priorities, consultations or feedback alike."""

    def get_queryset(self):
        return super().get_queryset().select_related("plan")


class Objective(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    number = models.PositiveSmallIntegerField(
        help_text="Its place in the plan and in web addresses: 1, 2, 3…; shown as “Objective 2” "
        "only when the plan numbers its objectives and no label is written below."
    )
    title = models.CharField(max_length=200, help_text="e.g. Reduce Re-offending")
    label = models.CharField(
        max_length=50,
        blank=True,
        help_text="Its label as the plan writes it, e.g. “Outcome 2”, “Priority A” or “Stage”; "
        "leave empty to follow the plan's word and numbering.",
    )
    summary = LimitedTextField(
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
        help_text="Optional plain-English introduction for residents.",
    )
    no_target_reason = LimitedTextField(
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        verbose_name="why no measure has a target",
        help_text="If no measure of this objective has a target figure yet, say why, e.g. "
        "“The Home Office is still defining how PPO performance is measured”. The statutory "
        "checklist accepts a recorded reason in place of a target.",
    )
    history = HistoricalRecords()

    objects = ObjectiveManager()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            # /plans/<plan>/objectives/<number>/ relies on it.
            models.UniqueConstraint(fields=["plan", "number"], name="objective_unique_number"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="objective_number_from_one"
            ),
        ]

    def __str__(self):
        return self.heading

    @property
    def heading(self) -> str:
        """ "Outcome 2: Safer streets", or the title alone: ``objectives.labels``."""
        return labels.objective_heading(self)

    @property
    def shown_label(self) -> str:
        """ "Objective 6", "Outcome 2", "Stage", or "": ``objectives.labels``."""
        return labels.objective_label(self)

    @property
    def in_column(self) -> int | str:
        """The number, or its reference when it has no number: ``objectives.labels``."""
        return labels.objective_column(self)

    @property
    def reference(self) -> str:
        """Its label, or its title when it has none: ``objectives.labels``."""
        return labels.objective_reference(self)

    def natural_key(self):
        return (*self.plan.natural_key(), self.number)

    natural_key.dependencies = ["cspplan.plan"]

    def get_absolute_url(self):
        return reverse("plans:objective", args=[self.plan.slug, self.number])


class TargetQuerySet(PlanRecordQuerySet):
    plan_path = "objective__plan"

    def get_by_natural_key(self, plan_slug, objective_number, order):
        return self.get(
            objective__plan__slug=plan_slug, objective__number=objective_number, order=order
        )


class Target(Responsibility):
    """One row of an objective's delivery-plan table.

    Owner, lead officers and funding here are the row's own (who reports on its measures); each
    action carries its own as well, because one row may hold several groups of actions with
    different owners.
    """

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField(help_text="Position in the table, from 1.")
    wording = LimitedTextField(
        max_length=NOTE_MAX_LENGTH,
        help_text="The 'Target & Base Line' cell exactly as published. Separate paragraphs "
        "with a blank line.",
    )
    target_wording = LimitedTextField(
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        help_text="The target-date cell (headed e.g. 'March 2012') exactly as published.",
    )
    history = HistoricalRecords(m2m_fields=["owners", "lead_officers", "funding_sources"])

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["objective", "order"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "order"], name="target_unique_order"),
        ]

    def __str__(self):
        first_line = self.wording.strip().splitlines()[0] if self.wording.strip() else ""
        return f"{self.objective.number}.{self.order} {first_line[:80]}"

    def natural_key(self):
        return (*self.objective.natural_key(), self.order)

    natural_key.dependencies = ["objectives.objective"]


class MeasureQuerySet(PlanRecordQuerySet):
    plan_path = "target__objective__plan"

    def get_by_natural_key(self, plan_slug, objective_number, target_order, order):
        return self.get(
            target__objective__plan__slug=plan_slug,
            target__objective__number=objective_number,
            target__order=target_order,
            order=order,
        )

    def for_plan(self, plan):
        return self.filter(target__objective__plan=plan)

    def editable_by(self, user):
        """Measures the user may record measurements against: a plan manager's plans, or the
        target rows an officer's agency owns."""
        if is_superuser(user) or roles.is_plan_manager(user):
            return self.managed_by(user)
        organisation = roles.officer_organisation(user)
        if roles.is_partnership_officer(user) and organisation is not None:
            # A subquery: owners is many-to-many, and a join would repeat rows.
            return self.filter(
                pk__in=Measure.objects.filter(target__owners=organisation).values("pk")
            )
        return self.none()

    def reported_by(self, user):
        """The measures on the user's "my actions" page: those of target rows their agency
        owns or they lead, in plans still running (not archived), among those they may edit."""
        officer = getattr(user, "officer", None) if user.is_authenticated else None
        if officer is None:
            return self.none()
        mine = Q(target__lead_officers=officer)
        if officer.organisation_id:
            mine |= Q(target__owners=officer.organisation_id)
        return (
            self.editable_by(user)
            .filter(pk__in=Measure.objects.filter(mine).values("pk"))
            .exclude(target__objective__plan__status=Plan.Status.ARCHIVED)
        )


class Measure(models.Model):
    class Direction(models.TextChoices):
        REDUCE = "reduce", "Reduce (less is better)"
        INCREASE = "increase", "Increase (more is better)"
        MAINTAIN = "maintain", "Maintain (stay near the baseline)"
        DOWNWARD_TREND = "downward_trend", "Downward trend / maintenance"
        ESTABLISH_BASELINE = "establish_baseline", "Establish a baseline"
        DELIVER = "deliver", "Deliver (qualitative)"

    class Unit(models.TextChoices):
        COUNT = "count", "Number"
        PERCENT = "percent", "Per cent"
        RATE = "rate", "Rate"
        NONE = "none", "No unit (qualitative)"

    class FiguresPeriod(models.TextChoices):
        """The one kind of period each figure of a measure covers (``objectives/periods.py``
        says what fits each and words them)."""

        MONTH = "month", "Per month"
        QUARTER = "quarter", "Per quarter"
        YEAR = "year", "Per year"
        YEAR_TO_DATE = "year_to_date", "Year to date"

    class ValueState(models.TextChoices):
        # In the reader's language: residents read them in explanations and comparisons.
        KNOWN = "known", gettext_lazy("Known")
        TO_BE_CONFIRMED = "tbc", gettext_lazy("To be confirmed")
        TO_BE_AGREED = "to_be_agreed", gettext_lazy("To be agreed")
        TO_BE_ESTABLISHED = "to_be_established", gettext_lazy("To be established")
        NOT_APPLICABLE = "not_applicable", gettext_lazy("Not applicable")

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="measures")
    order = models.PositiveSmallIntegerField(help_text="Position within the row, from 1.")
    name = models.CharField(
        max_length=300, help_text="What is measured, e.g. Accidental dwelling fires"
    )
    unit = models.CharField(max_length=20, choices=Unit, default=Unit.COUNT)
    direction = models.CharField(max_length=20, choices=Direction)

    baseline_state = models.CharField(
        max_length=20, choices=ValueState, default=ValueState.TO_BE_CONFIRMED
    )
    baseline_value = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The starting figure, e.g. 75. Leave empty when it is not yet known.",
    )
    baseline_period = models.CharField(
        max_length=100, blank=True, help_text="The period the baseline covers, e.g. 2010"
    )
    baseline_wording = models.CharField(
        max_length=500, blank=True, help_text="The baseline exactly as published."
    )

    target_state = models.CharField(
        max_length=20, choices=ValueState, default=ValueState.TO_BE_CONFIRMED
    )
    target_value = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The figure to reach by the plan's target date, e.g. 68. Leave empty when "
        "the target is still to be confirmed or agreed.",
    )
    target_wording = models.CharField(
        max_length=500, blank=True, help_text="The target exactly as published."
    )
    figures_period = models.CharField(
        max_length=20,
        choices=FiguresPeriod,
        default=FiguresPeriod.YEAR,
        verbose_name="each figure covers",
        help_text="Per month or per quarter: each figure is that period's own (e.g. 100 "
        "restorative justice disposals a month). Per year: each figure is a whole year; a count "
        "may also take single months (police.uk's), which add up to its year to date. Year to "
        "date: each figure is the running total since the plan year began (e.g. fires so far "
        "this year against 68 for the year), judged against the target pro rata.",
    )
    sensitive = models.BooleanField(
        default=False,
        help_text="Tick for counts of people or incidents that a small number could identify "
        "(e.g. domestic abuse in a ward). Small counts are then published as “fewer than 5” "
        "(the plan's suppression threshold), on every public page, download, feed and the API; "
        "staff still see the figures.",
    )
    history = HistoricalRecords()

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["target", "order"]
        constraints = [
            models.UniqueConstraint(fields=["target", "order"], name="measure_unique_order"),
            # A value is stored exactly when the published words give one: a TBC never becomes 0.
            models.CheckConstraint(
                condition=(
                    models.Q(baseline_state="known", baseline_value__isnull=False)
                    | (~models.Q(baseline_state="known") & models.Q(baseline_value__isnull=True))
                ),
                name="measure_baseline_value_iff_known",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(target_state="known", target_value__isnull=False)
                    | (~models.Q(target_state="known") & models.Q(target_value__isnull=True))
                ),
                name="measure_target_value_iff_known",
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.target.natural_key(), self.order)

    natural_key.dependencies = ["objectives.target"]

    @property
    def plan(self):
        return self.target.objective.plan

    @property
    def figures_year_to_date(self) -> bool:
        return self.figures_period == self.FiguresPeriod.YEAR_TO_DATE


class MeasurementQuerySet(PlanRecordQuerySet):
    plan_path = "measure__target__objective__plan"

    def get_by_natural_key(self, uid):
        return self.get(uid=uid)

    def approved(self):
        return self.filter(status=ApprovalStatus.APPROVED)

    def for_plan(self, plan):
        return self.filter(measure__target__objective__plan=plan)

    def editable_by(self, user):
        return self.filter(measure__in=Measure.objects.editable_by(user).values("pk"))

    def returned_to(self, user):
        """Measurements returned to the officer and not yet corrected, among the measures on
        their "my actions" page. Recording the same period again corrects one and sends it
        back for approval, which takes it off this list."""
        return (
            self.filter(
                status=ApprovalStatus.REJECTED,
                measure__in=Measure.objects.reported_by(user).values("pk"),
            )
            .select_related("measure__target__objective__plan", "approved_by")
            .order_by("measure__target__objective__number", "measure__name", "period_end", "pk")
        )


class ApprovalStatus(models.TextChoices):
    """Progress from officers reaches public pages only once approved."""

    SUBMITTED = "submitted", "Submitted for approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Returned to the officer"


class PlanManagerDecision(models.Model):
    """Who approved or returned a piece of submitted progress, when, and what they told the
    officer. Shared by measurements and action updates, which go through the same approval."""

    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    decision_note = LimitedTextField(
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        verbose_name="note for the officer",
        help_text="Why it is returned, for the officer",
    )

    # The field holding the ApprovalStatus: Measurement.status, ActionUpdate.approval.
    approval_field: str

    class Meta:
        abstract = True

    @property
    def approval_status(self) -> str:
        return getattr(self, self.approval_field)

    def language_refusal(self, plan) -> str | None:
        """Why it may not go public yet: a bilingual text lacks a language (cspplan.translated)."""
        return translated.refusal_for_public(self, plan.partnership)

    def apply_approval_rule(self, *, plan, by, chosen_by_manager: bool = False) -> None:
        """Approve, or publish automatically: the one rule for progress as it is recorded or
        corrected, whichever way it arrives (the recording services behind "my actions" and
        the bulk imports, and the admin forms). It sets the fields; the caller saves.

        - On a plan that publishes progress automatically (``Plan.publish_progress_automatically``)
          new or corrected progress is approved now, by no one (the plan's setting decided).
        - A bilingual partnership's progress lacking Welsh or English text waits for a manager.
        - Otherwise it waits for a plan manager: submitted, with any earlier approval cleared,
          since a correction is something the public has not seen.
        - A plan manager saving in the admin (``chosen_by_manager``) decides themselves, except
          that on a plan publishing automatically new progress is published as always; when
          they approve, the approval is theirs, dated now.

        An approved action update then gives its action its status: the caller runs
        ``actions.services.take_status_of_latest_approved``.
        """
        automatic = plan.publish_progress_automatically
        if chosen_by_manager and not (automatic and self._state.adding):
            if self.approval_status == ApprovalStatus.APPROVED and self.approved_at is None:
                self.approved_at, self.approved_by = timezone.now(), by
            return
        if automatic and not self.language_refusal(plan):
            setattr(self, self.approval_field, ApprovalStatus.APPROVED)
            self.approved_at, self.approved_by = timezone.now(), None
        else:
            setattr(self, self.approval_field, ApprovalStatus.SUBMITTED)
            self.approved_at, self.approved_by = None, None


class Measurement(PlanManagerDecision):
    """An actual value of a measure for a period, as recorded by an officer."""

    class Rating(models.TextChoices):
        """For qualitative measures: the lead officer's own judgement."""

        GREEN = "green", "On track"
        AMBER = "amber", "Some concern"
        RED = "red", "Off track"
        COMPLETE = "complete", "Achieved"

    approval_field = "status"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="measurements")
    period_start = models.DateField(help_text="First day of the period measured.")
    period_end = models.DateField(help_text="Last day of the period measured.")
    period_label = models.CharField(
        max_length=100, blank=True, help_text="How the period is usually named, e.g. Q1 2011/12"
    )
    value = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The figure for the period. Leave empty for a qualitative measure.",
    )
    rating = models.CharField(
        max_length=10,
        choices=Rating,
        blank=True,
        help_text="For qualitative measures: how the lead officer judges progress.",
    )
    note = LimitedTextField(
        max_length=NOTE_MAX_LENGTH, blank=True, help_text="Anything a reader needs to know."
    )
    source = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where the figure comes from, e.g. iQuanta, Citizens Survey 2011.",
    )
    status = models.CharField(
        max_length=10, choices=ApprovalStatus, default=ApprovalStatus.SUBMITTED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["measure", "period_end"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="measurement_period_ends_after_start",
            ),
            # Something must have been measured: a figure, or a rating for qualitative measures.
            models.CheckConstraint(
                condition=models.Q(value__isnull=False) | ~models.Q(rating=""),
                name="measurement_has_value_or_rating",
            ),
            # One figure per measure and period; corrections edit it (history keeps the old one).
            models.UniqueConstraint(
                fields=["measure", "period_start", "period_end"],
                name="measurement_unique_period",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(approved_at__isnull=False),
                name="measurement_approved_has_approved_at",
            ),
        ]

    def __str__(self):
        shown = self.value if self.value is not None else self.get_rating_display()
        return f"{self.measure}: {shown} ({self.period_words})"

    def __eq__(self, other):  # unsaved year-to-date readings are equal by what they hold
        return periods.same_reading(self, other) if self.pk is None else super().__eq__(other)

    __hash__ = models.Model.__hash__

    @property
    def period_words(self) -> str:
        """The period as every surface words it (``objectives.periods.period_words``)."""
        return periods.measurement_period_words(self)

    def natural_key(self):
        return (str(self.uid),)

    @property
    def is_demo(self):
        return "demonstration" in self.source.lower()

    def clean(self):
        """A figure must make sense for its measure's unit, describe a period of its plan (or of
        the year before it, where baselines come from) and fit the kind of period its measure's
        figures cover (``objectives.periods.period_problem``). Each error names its field."""
        super().clean()
        if self.measure_id is None:
            return
        errors = {}
        problem = value_problem(self.measure.unit, self.value)
        if problem:
            errors["value"] = problem
        plan = self.measure.target.objective.plan
        earliest = plan.period_start - datetime.timedelta(days=366)
        if self.period_start and self.period_start < earliest:
            errors["period_start"] = (
                f"The period must start on or after {earliest:%d/%m/%Y}: within the plan "
                f"({plan.period_start:%d/%m/%Y} to {plan.period_end:%d/%m/%Y}) or the year "
                "before it, for a baseline."
            )
        if self.period_end and self.period_end > plan.period_end:
            errors["period_end"] = (
                f"The period must end by {plan.period_end:%d/%m/%Y}, the plan's last day."
            )
        if self.period_start and self.period_end and not errors:
            problem = periods.period_problem(self.measure, self.period_start, self.period_end, plan)
            if problem:
                errors[problem[0]] = problem[1]
        if errors:
            raise ValidationError(errors)


def value_problem(unit: str, value) -> str:
    """What is wrong with ``value`` as a figure in ``unit`` (a Measure.Unit), or ""."""
    if value is None:
        return ""
    if unit == Measure.Unit.COUNT:
        if value < 0 or value != value.to_integral_value():
            return f"A count is a whole number of 0 or more, not {value}."
    elif unit == Measure.Unit.PERCENT:
        if not 0 <= value <= 100:
            return f"A percentage is between 0 and 100, not {value}."
    elif unit != Measure.Unit.NONE and value < 0:
        return f"A {Measure.Unit(unit).label.lower()} cannot be negative ({value})."
    return ""


# The log of update reminders, in a module of its own to keep this one readable; imported here
# so that it is one of this app's models.
from objectives.plan_columns import PlanColumn, PlanColumnQuerySet  # noqa: E402, F401
from objectives.reminder_log import ReminderLog, ReminderLogQuerySet  # noqa: E402, F401
