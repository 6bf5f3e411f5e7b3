"""A consultation's questions and residents' responses to them (models of the consultation app,
imported by consultation/models.py).

A response holds no personal data: no name, no e-mail, no address. Its answers are public only
as counts (``consultation/results.py``), and free text is counted, never shown, on the public
site: it is not moderated.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from cspplan.limits import NOTE_MAX_LENGTH, LimitedTextField
from cspplan.models import PlanRecordQuerySet
from cspplan.translated import refusal_for_public

SCALE_POINTS = (1, 2, 3, 4, 5)
DEFAULT_SCALE_LABELS = (
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
)
FREE_TEXT_MAX_LENGTH = 2000


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ConsultationQuestionQuerySet(PlanRecordQuerySet):
    plan_path = "consultation__plan"


class ConsultationQuestion(models.Model):
    class Kind(models.TextChoices):
        FREE_TEXT = "free_text", "Free text"
        SINGLE_CHOICE = "single_choice", "Single choice"
        SCALE = "scale", "Scale of 1 to 5"

    consultation = models.ForeignKey(
        "consultation.Consultation", on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(help_text="Questions are asked in this order: 1, 2…")
    text = models.CharField(
        "question",
        max_length=300,
        help_text="As residents will read it, e.g. How safe do you feel in your area after dark?",
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.FREE_TEXT)
    options = LimitedTextField(
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        help_text="Single choice: the options, one a line (at least two). Scale: the five "
        "labels from 1 to 5, one a line, or leave empty for 'Strongly disagree' to 'Strongly "
        "agree'. Free text: leave empty.",
    )
    required = models.BooleanField(
        default=False, help_text="Residents must answer it to send their response."
    )
    history = HistoricalRecords()

    objects = ConsultationQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["consultation", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "order"], name="consultationquestion_unique_order"
            ),
        ]

    def __str__(self):
        return self.text

    def clean(self):
        lines = _lines(self.options)
        if self.kind == self.Kind.SINGLE_CHOICE and len(lines) < 2:
            raise ValidationError({"options": "Give at least two options, one a line."})
        if self.kind == self.Kind.SINGLE_CHOICE and len(set(lines)) != len(lines):
            raise ValidationError({"options": "Each option must be different."})
        if self.kind == self.Kind.SCALE and lines and len(lines) != len(SCALE_POINTS):
            raise ValidationError(
                {"options": f"Give five labels, one a line, or none ({len(lines)} given)."}
            )
        if self.kind == self.Kind.FREE_TEXT and lines:
            raise ValidationError({"options": "A free-text question has no options."})
        consultation = self.consultation if self.consultation_id else None
        if consultation is not None and consultation.published:
            # Asked on the consultation's page: published with it, in both languages at once.
            partnership = consultation.plan.partnership
            if refusal := refusal_for_public(self, partnership, what="published"):
                raise ValidationError(refusal)

    @property
    def choices(self) -> list[str]:
        """The options of a single-choice question."""
        return _lines(self.options) if self.kind == self.Kind.SINGLE_CHOICE else []

    @property
    def scale_labels(self) -> list[tuple[int, str]]:
        """(point, label) for a scale question: 1 to 5 with their words."""
        if self.kind != self.Kind.SCALE:
            return []
        labels = _lines(self.options) or list(DEFAULT_SCALE_LABELS)
        return list(zip(SCALE_POINTS, labels, strict=True))


class ConsultationResponseQuerySet(PlanRecordQuerySet):
    plan_path = "consultation__plan"


class ConsultationResponse(models.Model):
    """One resident's answers to one consultation. No personal data: nothing says who sent it.

    No history: a response is never edited, and history rows would outlive its deletion.
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consultation = models.ForeignKey(
        "consultation.Consultation", on_delete=models.CASCADE, related_name="responses"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    objects = ConsultationResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self):
        when = f" ({self.submitted_at:%d %b %Y})" if self.submitted_at else ""
        return f"Response to {self.consultation}{when}"


class ConsultationAnswer(models.Model):
    """The answer to one question: the words, the option chosen or the point on the scale."""

    response = models.ForeignKey(
        ConsultationResponse, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        ConsultationQuestion, on_delete=models.CASCADE, related_name="answers"
    )
    text = LimitedTextField(blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    choice = models.CharField(
        max_length=300, blank=True, help_text="The option chosen, in its words."
    )
    scale = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["response", "question__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="consultationanswer_one_per_question"
            ),
            models.CheckConstraint(
                condition=models.Q(scale__isnull=True) | models.Q(scale__gte=1, scale__lte=5),
                name="consultationanswer_scale_1_to_5",
            ),
        ]

    def __str__(self):
        return f"Answer to {self.question}"
