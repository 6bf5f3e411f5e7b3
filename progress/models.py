"""What ``progress/kept.py`` keeps: a plan's public summary, and the count of changes to the
records it was drawn from. The rules are in ``progress/rag.py``; these tables only keep their
result, so that the pages that show it need not assess every action again.

And the dates of the board meetings that review a plan's progress (``BoardMeeting``)."""

import datetime

from django.db import models
from simple_history.models import HistoricalRecords

from cspplan.models import PlanRecordQuerySet
from objectives.figures import long_date


class PlanChangeCount(models.Model):
    """How many times a record a plan's assessment reads (the plan, its objectives, targets,
    measures, figures, actions, updates and milestones) has been saved or deleted. Raised in the
    same transaction as the change (``progress.kept``), so a kept summary drawn at another count
    is never read as current."""

    plan = models.OneToOneField(
        "cspplan.Plan", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    count = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.plan_id}: {self.count} changes"


class KeptPlanSummary(models.Model):
    """A plan's public summary (``progress.kept.PlanSummary``) as drawn at ``version``: the
    plan's change count, the day it was judged as at, today's date and the code release."""

    plan = models.OneToOneField(
        "cspplan.Plan", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    version = models.CharField(max_length=120)
    summary = models.JSONField()

    class Meta:
        verbose_name_plural = "kept plan summaries"

    def __str__(self):
        return f"{self.plan_id} at {self.version}"


class BoardMeetingQuerySet(PlanRecordQuerySet):
    plan_path = "plan"

    def upcoming(self, today: datetime.date):
        """Meetings on ``today`` or later, soonest first."""
        return self.filter(date__gte=today).order_by("date", "pk")

    def next_for(self, plan, today: datetime.date):
        """The plan's next meeting (today's included), or None."""
        return self.filter(plan=plan).upcoming(today).first()


class BoardMeeting(models.Model):
    """A meeting of the partnership's board that reviews a plan's progress. Plan managers keep
    the dates in the admin; the dashboard shows the next one, the freeze form offers its date,
    and the chair is sent a digest before it (``notices/chair.py``)."""

    plan = models.ForeignKey(
        "cspplan.Plan", on_delete=models.CASCADE, related_name="board_meetings"
    )
    date = models.DateField(help_text="The day of the meeting.")
    place = models.CharField(
        max_length=200, blank=True, help_text="Optional, e.g. “Council offices, Ormskirk”."
    )
    history = HistoricalRecords()

    objects = BoardMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "date"], name="board_meeting_once_a_day"),
        ]

    def __str__(self):
        return f"Board meeting of {long_date(self.date)}"
