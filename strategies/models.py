"""What a Serious Violence strategy records beside its plan (Police, Crime, Sentencing and Courts
Act 2022, Part 2 Chapter 1: the Serious Violence Duty, in force since 31 January 2023).

The strategy itself is a ``Plan`` of kind "Serious Violence strategy": its objectives, actions,
owners, progress, approval and publishing are those of every plan. This app adds what the duty
asks of it: the specified authorities that hold the duty (section 11 and Schedule 1: police,
fire and rescue, integrated care boards or local health boards, local authorities, youth
offending teams, probation), each chosen from the partnership's organisations; the local
definition of serious violence; the strategic needs assessment; the educational, prison and
youth custody authorities consulted (section 8(4)) and when. Its checklist, what is met and what
is missing, is ``progress.serious_violence.check_strategy``.
"""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from cspplan.demonstration import demonstration_flag
from cspplan.limits import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH, LimitedTextField
from cspplan.models import Organisation, Plan, PlanRecordQuerySet


class StrategyQuerySet(PlanRecordQuerySet):
    plan_path = "plan"

    def shown_with(self, plan):
        """The strategy's records to show with ``plan`` (already one the reader may see: its
        page's own rule), with its duty holders and consultees loaded; None for a plan of
        another kind or with no records yet."""
        if plan.kind != Plan.Kind.SERIOUS_VIOLENCE:
            return None
        return (
            self.filter(plan=plan)
            .prefetch_related(
                models.Prefetch(
                    "duty_holders", queryset=DutyHolder.objects.select_related("organisation")
                ),
                "consulted",
            )
            .first()
        )


class SeriousViolenceStrategy(models.Model):
    plan = models.OneToOneField(
        Plan,
        on_delete=models.CASCADE,
        related_name="serious_violence",
        limit_choices_to={"kind": Plan.Kind.SERIOUS_VIOLENCE},
        help_text="The plan of kind “Serious Violence strategy” these records belong to.",
    )
    local_definition = LimitedTextField(
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
        verbose_name="local definition of serious violence",
        help_text="How the partners define serious violence in the area, as the strategy says.",
    )
    needs_assessment_title = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="strategic needs assessment",
        help_text="The strategic needs assessment the strategy answers, as it names it.",
    )
    needs_assessment_date = models.DateField(
        null=True, blank=True, verbose_name="strategic needs assessment completed on"
    )
    needs_assessment_url = models.URLField(
        blank=True, verbose_name="strategic needs assessment address"
    )
    data_sources = LimitedTextField(
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        help_text="The data the needs assessment drew on, e.g. police recorded crime, A&E "
        "assaults, youth justice data.",
    )
    publication_url = models.URLField(
        blank=True,
        verbose_name="published strategy address",
        help_text="Where the partners publish the strategy (the plan's publication date is "
        "recorded when it is published here).",
    )
    history = HistoricalRecords()

    objects = StrategyQuerySet.as_manager()

    class Meta:
        verbose_name = "Serious Violence strategy"
        verbose_name_plural = "Serious Violence strategies"

    def __str__(self):
        return str(self.plan)

    def clean(self):
        super().clean()
        if self.plan_id and self.plan.kind != Plan.Kind.SERIOUS_VIOLENCE:
            raise ValidationError(
                {"plan": "Choose a plan of kind “Serious Violence strategy” (the plan's form)."}
            )


class SpecifiedAuthority(models.TextChoices):
    """The specified authorities that hold the duty (PCSC Act 2022 s.11, Schedule 1)."""

    POLICE = "police", "Police"
    FIRE = "fire", "Fire and rescue"
    HEALTH = "health", "Integrated care board (England) or local health board (Wales)"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    YOUTH_OFFENDING = "youth_offending", "Youth offending team"
    PROBATION = "probation", "Probation"


class ConsultedKind(models.TextChoices):
    """The authorities the duty holders must consult (PCSC Act 2022 s.8(4), defined in s.12
    and Schedule 2)."""

    EDUCATIONAL = "educational", "Educational authority"
    PRISON = "prison", "Prison authority"
    YOUTH_CUSTODY = "youth_custody", "Youth custody authority"


class DutyHolderQuerySet(PlanRecordQuerySet):
    plan_path = "strategy__plan"


class DutyHolder(models.Model):
    strategy = models.ForeignKey(
        SeriousViolenceStrategy, on_delete=models.CASCADE, related_name="duty_holders"
    )
    authority = models.CharField(max_length=20, choices=SpecifiedAuthority)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="serious_violence_duties",
        help_text="The partnership's organisation that is this specified authority.",
    )
    history = HistoricalRecords()

    objects = DutyHolderQuerySet.as_manager()

    class Meta:
        ordering = ["strategy", "authority"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "authority", "organisation"], name="dutyholder_unique"
            )
        ]

    def __str__(self):
        return f"{self.get_authority_display()}: {self.organisation}"


class ConsultedAuthorityQuerySet(PlanRecordQuerySet):
    plan_path = "strategy__plan"

    def real(self):
        return self.filter(demonstration=False)


class ConsultedAuthority(models.Model):
    strategy = models.ForeignKey(
        SeriousViolenceStrategy, on_delete=models.CASCADE, related_name="consulted"
    )
    kind = models.CharField(max_length=20, choices=ConsultedKind)
    name = models.CharField(max_length=200, help_text="e.g. West Lancashire schools forum")
    consulted_on = models.DateField(help_text="When they were consulted.")
    demonstration = demonstration_flag()
    history = HistoricalRecords()

    objects = ConsultedAuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["strategy", "kind", "consulted_on"]
        verbose_name_plural = "consulted authorities"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"
