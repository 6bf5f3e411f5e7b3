"""Surveys whose results the plan relies on (the Citizens Survey 2010) and their later waves,
whose results become measurements (a model module of the consultation app, imported by
consultation/models.py)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from cspplan import roles
from cspplan.limits import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH, LimitedTextField
from cspplan.models import Organisation, Partnership, PlanRecordQuerySet, is_superuser


class SurveyQuerySet(PlanRecordQuerySet):
    partnership_path = "partnership"

    def get_by_natural_key(self, partnership_slug, slug):
        return self.get(partnership__slug=partnership_slug, slug=slug)

    def editable_by(self, user):
        """A plan manager's partnerships' surveys; an officer's, those their agency conducts
        (the council's officers add the Citizens Survey's later waves)."""
        if is_superuser(user) or roles.is_plan_manager(user):
            return self.managed_by(user)
        organisation = roles.officer_organisation(user)
        if roles.is_partnership_officer(user) and organisation is not None:
            return self.filter(conducted_by=organisation)
        return self.none()


class Survey(models.Model):
    """A survey whose results the plan relies on, e.g. the Citizens Survey 2010."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="surveys")
    name = models.CharField(max_length=200, help_text="e.g. Citizens Survey")
    slug = models.SlugField()
    year = models.PositiveSmallIntegerField(help_text="The year it was carried out, e.g. 2010")
    conducted_by = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="surveys"
    )
    description = LimitedTextField(max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    fieldwork_start = models.DateField(
        null=True,
        blank=True,
        help_text="First day of fieldwork. Leave empty to count the survey's whole year.",
    )
    fieldwork_end = models.DateField(
        null=True,
        blank=True,
        help_text="Last day of fieldwork, e.g. 2011-12-16. Leave empty to count the survey's "
        "whole year.",
    )
    history = HistoricalRecords()

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="survey_unique_slug"),
            models.CheckConstraint(
                condition=models.Q(fieldwork_start__isnull=True)
                | models.Q(fieldwork_end__isnull=True)
                | models.Q(fieldwork_end__gte=models.F("fieldwork_start")),
                name="survey_fieldwork_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.name} {self.year}"

    def clean(self):
        if (
            self.fieldwork_start
            and self.fieldwork_end
            and self.fieldwork_end < self.fieldwork_start
        ):
            raise ValidationError(
                {"fieldwork_end": "The last day of fieldwork must be on or after the first."}
            )

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        """The days the survey's results describe: its fieldwork, or else its whole year."""
        return (
            self.fieldwork_start or datetime.date(self.year, 1, 1),
            self.fieldwork_end or datetime.date(self.year, 12, 31),
        )

    def natural_key(self):
        return (*self.partnership.natural_key(), self.slug)

    natural_key.dependencies = ["cspplan.partnership"]


class SurveyResultQuerySet(PlanRecordQuerySet):
    partnership_path = "survey__partnership"

    def editable_by(self, user):
        return self.filter(survey__in=Survey.objects.editable_by(user).values("pk"))

    def get_by_natural_key(self, partnership_slug, survey_slug, order):
        return self.get(
            survey__partnership__slug=partnership_slug, survey__slug=survey_slug, order=order
        )


class SurveyResult(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="results")
    order = models.PositiveSmallIntegerField()
    statement = LimitedTextField(
        max_length=NOTE_MAX_LENGTH,
        help_text="The statement respondents were asked about, in the plan's words.",
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
    measurement = models.OneToOneField(
        "objectives.Measurement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="survey_result",
        help_text="The measurement this result was recorded as (a later wave's reading).",
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

    @property
    def is_baseline(self) -> bool:
        """A result from before its measure's plan began is that measure's baseline (the
        Citizens Survey 2010 for the 2011-12 plan), not a reading of progress."""
        if self.measure_id is None:
            return False
        _, last_day = self.survey.period
        return last_day < self.measure.target.objective.plan.period_start
