"""Board reports frozen for a meeting: the files exactly as they were taken to it."""

from django.conf import settings
from django.db import models

from cspplan.models import Plan


class BoardReportSnapshot(models.Model):
    """The board report (PDF and spreadsheet) of a plan as it stood when a plan manager froze it
    for a meeting. The files are stored, not rebuilt, so later edits, approvals or corrections
    never change what the board was given. Never edited: a new snapshot is frozen instead."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="report_snapshots")
    meeting_date = models.DateField(help_text="The day of the board meeting it is for.")
    as_at = models.DateField(help_text="The day the report judges progress as at.")
    frozen_at = models.DateTimeField(auto_now_add=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    pdf = models.BinaryField()
    xlsx = models.BinaryField()
    # The same report for readers who may not know how much progress awaited approval (county
    # readers): its accountability counts approved progress only (issue 22). Empty for reports
    # frozen before it was kept; such readers are not offered those.
    approved_only_pdf = models.BinaryField(null=True, editable=False)
    approved_only_xlsx = models.BinaryField(null=True, editable=False)

    class Meta:
        ordering = ["-meeting_date", "-frozen_at"]

    def file(self, extension: str, *, shows_pending: bool) -> bytes | None:
        """The frozen file ("pdf" or "xlsx") for a reader who sees pending progress or not;
        None when there is no copy for that reader."""
        value = getattr(self, extension if shows_pending else f"approved_only_{extension}")
        return None if value is None else bytes(value)

    def __str__(self):
        return f"Board report for the meeting of {self.meeting_date:%d/%m/%Y}"
