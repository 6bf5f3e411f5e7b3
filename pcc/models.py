"""The register of what the police and crime commissioner asked of the partnership: a report
required under section 7(1) of the Crime and Disorder Act 1998 (as amended by the Police Reform
and Social Responsibility Act 2011), or a recommendation; the partnership's decision with its
reasons; the day it replied. The reply letter is drafted from the record as a Word file
(``pcc/letter.py``). The plan's "sent to the PCC" day is on the plan (``Plan.sent_to_pcc_on``).

Staff only: nothing here is on a public surface.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from cspplan.demonstration import demonstration_flag
from cspplan.limits import NOTE_MAX_LENGTH, LimitedTextField
from cspplan.models import Partnership, PlanRecordQuerySet


class PccRequestQuerySet(PlanRecordQuerySet):
    partnership_path = "partnership"

    def open(self):
        """Not yet replied to."""
        return self.filter(replied_on__isnull=True)

    def overdue(self, day: datetime.date):
        """Open past the day the reply was due."""
        return self.open().filter(reply_due_on__lt=day)

    def real(self):
        return self.filter(demonstration=False)


class PccRequest(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", "Report required (Crime and Disorder Act 1998, s.7(1))"
        RECOMMENDATION = "recommendation", "Recommendation"

    class Decision(models.TextChoices):
        PENDING = "pending", "Not yet decided"
        ACCEPTED = "accepted", "Accepted"
        PARTLY = "partly", "Partly accepted"
        DECLINED = "declined", "Declined"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="pcc_requests"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    reference = models.CharField(
        max_length=50, help_text="The PCC's or the partnership's reference, e.g. PCC/2025/03."
    )
    received_on = models.DateField(help_text="The day the PCC's letter was received.")
    request = LimitedTextField(
        max_length=NOTE_MAX_LENGTH, help_text="What the PCC asked, in a sentence or two."
    )
    reply_due_on = models.DateField(
        null=True, blank=True, help_text="The day the PCC asked for a reply by, if any."
    )
    decision = models.CharField(max_length=10, choices=Decision, default=Decision.PENDING)
    reasons = LimitedTextField(
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        help_text="The partnership's reasons for its decision: they go into the reply letter.",
    )
    replied_on = models.DateField(null=True, blank=True, help_text="The day the reply was sent.")
    demonstration = demonstration_flag()
    history = HistoricalRecords()

    objects = PccRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "reference"]
        verbose_name = "PCC request"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "reference"], name="pccrequest_unique_reference"
            ),
            # A reply says what was decided.
            models.CheckConstraint(
                condition=Q(replied_on__isnull=True) | ~Q(decision="pending"),
                name="pccrequest_reply_has_decision",
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.get_kind_display()}"

    def clean(self):
        super().clean()
        errors = {}
        if self.decision != self.Decision.PENDING and not self.reasons.strip():
            errors["reasons"] = "Give the partnership's reasons for its decision."
        if self.replied_on is not None and self.decision == self.Decision.PENDING:
            errors["decision"] = "Record the decision the reply gave."
        for name in ("reply_due_on", "replied_on"):
            day = getattr(self, name)
            if day is not None and self.received_on and day < self.received_on:
                errors[name] = "Cannot be before the day the request was received."
        if errors:
            raise ValidationError(errors)
