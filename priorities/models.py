"""The strategic assessment: priority themes and the priorities under them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cspplan.limits import DESCRIPTION_MAX_LENGTH, LimitedTextField
from cspplan.models import Plan, PlanRecordQuerySet


class PriorityThemeQuerySet(PlanRecordQuerySet):
    plan_path = "plan"

    def get_by_natural_key(self, plan_slug, slug):
        return self.get(plan__slug=plan_slug, slug=slug)


class PriorityTheme(models.Model):
    """A heading of the strategic assessment, e.g. "Cross Cutting Themes"."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priority_themes")
    name = models.CharField(max_length=200, help_text="As published, e.g. Cross Cutting Themes")
    slug = models.SlugField()
    order = models.PositiveSmallIntegerField(help_text="Position in the assessment, from 1.")
    history = HistoricalRecords()

    objects = PriorityThemeQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="prioritytheme_unique_slug"),
            models.UniqueConstraint(fields=["plan", "order"], name="prioritytheme_unique_order"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.plan.natural_key(), self.slug)

    natural_key.dependencies = ["cspplan.plan"]


class PriorityQuerySet(PlanRecordQuerySet):
    plan_path = "plan"

    def get_by_natural_key(self, plan_slug, slug):
        return self.get(plan__slug=plan_slug, slug=slug)


class Priority(models.Model):
    """A community safety priority from the strategic assessment, e.g. "Drugs Misuse".

    ``plan`` repeats ``theme.plan`` so that the slug can be unique per plan in the database:
    the public address /plans/<plan>/priorities/<slug>/ relies on it.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    theme = models.ForeignKey(PriorityTheme, on_delete=models.CASCADE, related_name="priorities")
    name = models.CharField(max_length=200, help_text="As published, e.g. Drugs Misuse")
    slug = models.SlugField()
    order = models.PositiveSmallIntegerField(help_text="Position under its theme, from 1.")
    description = LimitedTextField(
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text="The assessment's description. Separate paragraphs with a blank line.",
    )
    objectives = models.ManyToManyField(
        "objectives.Objective",
        blank=True,
        related_name="priorities",
        help_text="The objectives of the plan that address this priority.",
    )
    history = HistoricalRecords(m2m_fields=[objectives])

    objects = PriorityQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "theme__order", "order"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="priority_unique_slug"),
            models.UniqueConstraint(fields=["theme", "order"], name="priority_unique_order"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.plan.natural_key(), self.slug)

    natural_key.dependencies = ["cspplan.plan", "priorities.prioritytheme"]

    def get_absolute_url(self):
        return reverse("plans:priority", args=[self.plan.slug, self.slug])

    def clean(self):
        if self.theme_id and self.plan_id and self.theme.plan_id != self.plan_id:
            raise ValidationError({"theme": "The theme must belong to the same plan."})
