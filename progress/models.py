"""What ``progress/kept.py`` keeps: a plan's public summary, and the count of changes to the
records it was drawn from. The rules are in ``progress/rag.py``; these tables only keep their
result, so that the pages that show it need not assess every action again."""

from django.db import models


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
