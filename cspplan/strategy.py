"""What a plan records about the statutory strategy behind it: the strategy group that prepares
it and the strategic assessment it answers (the Crime and Disorder (Formulation and
Implementation of Strategy) Regulations 2007, SI 2007/1830).

``StrategyRecord`` is the abstract part of ``Plan`` that holds them (as ``PublishingRecord``
holds the publishing workflow), so ``cspplan/models.py`` stays short. The priorities the
assessment identified are the plan's ``Priority`` records (``priorities`` app), each linked to
the objectives that address it. The checks that read these fields live in
``progress/duties.py``.
"""

from django.db import models


class StrategyRecord(models.Model):
    strategy_group = models.CharField(
        max_length=200,
        blank=True,
        help_text="The group of responsible authorities that prepares the strategic assessment "
        "and this plan, as the plan names it, e.g. West Lancashire Strategic Review Group. "
        "Leave empty if the plan does not name one.",
    )
    strategic_assessment_title = models.CharField(
        max_length=200,
        blank=True,
        help_text="The strategic assessment this plan answers, as the plan names it, e.g. "
        "Strategic Assessment 2010. Leave empty if the plan does not say.",
    )
    strategic_assessment_date = models.DateField(
        null=True,
        blank=True,
        help_text="When the strategic assessment was completed, if the plan says.",
    )
    strategic_assessment_url = models.URLField(
        blank=True, help_text="Where the strategic assessment is published, if anywhere."
    )

    class Meta:
        abstract = True

    @property
    def records_strategic_assessment(self) -> bool:
        return bool(self.strategic_assessment_title or self.strategic_assessment_url)
