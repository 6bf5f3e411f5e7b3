""" "You said, we did": what residents raised and what the partnership changed because of it
(a model of the consultation app, imported by consultation/models.py).

A plan manager writes and publishes each entry; drafts are never public. An entry is linked to
where residents said it (events, consultations, feedback) and to the objectives and actions
that changed, and shows on those objectives' public pages.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cspplan.demonstration import demonstration_flag
from cspplan.limits import DESCRIPTION_MAX_LENGTH, LimitedTextField
from cspplan.models import Plan, PlanRecordQuerySet
from cspplan.publishing import PUBLIC_STATUSES
from cspplan.translated import published_in_both_refusal


class YouSaidWeDidQuerySet(PlanRecordQuerySet):
    plan_path = "plan"

    def get_by_natural_key(self, plan_slug, slug):
        return self.get(plan__slug=plan_slug, slug=slug)

    def public(self):
        """Published entries of public plans. A draft entry never leaves the staff side."""
        return self.filter(published=True, plan__status__in=PUBLIC_STATUSES)


class YouSaidWeDid(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="you_said_we_did")
    title = models.CharField(
        max_length=200, help_text="A short heading, e.g. Speeding on Derby Street"
    )
    slug = models.SlugField(help_text="Used in the entry's web address.")
    you_said = LimitedTextField(
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text="What residents raised, summarised in plain English. No names or other "
        "personal details: this is public.",
    )
    we_did = LimitedTextField(
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text="What the partnership changed or did because of it.",
    )
    reported_on = models.DateField(
        default=timezone.localdate, help_text="The day you report it back to residents."
    )
    events = models.ManyToManyField(
        "consultation.EngagementEvent",
        blank=True,
        related_name="you_said_we_did",
        help_text="Events where residents raised it.",
    )
    consultations = models.ManyToManyField(
        "consultation.Consultation",
        blank=True,
        related_name="you_said_we_did",
        help_text="Consultations in which residents raised it.",
    )
    feedback = models.ManyToManyField(
        "consultation.Feedback",
        blank=True,
        related_name="you_said_we_did",
        help_text="Comments in which residents raised it. Staff only: the public page shows "
        "how many, never the comments or who sent them.",
    )
    objectives = models.ManyToManyField(
        "objectives.Objective",
        blank=True,
        related_name="you_said_we_did",
        help_text="The objectives concerned: the entry shows on their public pages.",
    )
    actions = models.ManyToManyField(
        "actions.Action",
        blank=True,
        related_name="you_said_we_did",
        help_text="The actions that changed or were added.",
    )
    published = models.BooleanField(
        default=False,
        help_text="Show it on the public site. Until then it is a draft, seen by staff only.",
    )
    demonstration = demonstration_flag()
    history = HistoricalRecords(m2m_fields=[events, consultations, feedback, objectives, actions])

    objects = YouSaidWeDidQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on", "title"]
        verbose_name = "“you said, we did” entry"
        verbose_name_plural = "“you said, we did” entries"
        constraints = [
            # /you-said-we-did/#<plan>-<slug> links to one entry.
            models.UniqueConstraint(fields=["plan", "slug"], name="yousaidwedid_unique_slug"),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (*self.plan.natural_key(), self.slug)

    natural_key.dependencies = ["cspplan.plan"]

    @property
    def anchor(self):
        return f"{self.plan.slug}-{self.slug}"

    def get_absolute_url(self):
        return reverse("you_said_we_did") + f"#{self.anchor}"

    def clean(self):
        super().clean()
        if refusal := published_in_both_refusal(self, self.plan_id and self.plan):
            raise ValidationError({"published": refusal})
