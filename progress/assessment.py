"""What an assessment is: a RAG status, its words, and the sentence saying how it was reached.

The rules that produce them are in progress/rag.py; this module holds the result, so that the
pages, exports and reports that show one need not know the rules.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models

from actions.models import ActionStatus, ActionUpdate
from objectives.models import Measurement


class RagStatus(models.TextChoices):
    RED = "red", "Off track"
    AMBER = "amber", "Some concern"
    GREEN = "green", "On track"
    COMPLETE = "complete", "Achieved"
    NOT_MEASURED = "not_measured", "Not yet measured"
    TO_BE_AGREED = "to_be_agreed", "Target to be agreed"
    NOT_ENOUGH_DATA = "not_enough_data", "Not enough data"
    NO_BASELINE = "no_baseline", "No baseline"
    NO_UPDATE = "no_update", "No update yet"
    NOT_STARTED = "not_started", "Not started"
    CANCELLED = "cancelled", "Cancelled"
    # Public surfaces only: a sensitive measure whose colour would reveal a small count
    # (progress/disclosure.py). Staff never see it.
    WITHHELD = "withheld", "Withheld (small numbers)"

    @property
    def is_grey(self):
        return self not in COLOURS

    @property
    def severity(self):
        """Higher is worse; greys are below every colour (they never win a roll-up)."""
        return COLOURS.index(self) if self in COLOURS else -1


# Worst last, so ``severity`` orders them.
COLOURS = (RagStatus.COMPLETE, RagStatus.GREEN, RagStatus.AMBER, RagStatus.RED)


@dataclass(frozen=True)
class Assessment:
    """A colour, the words for it, the sentence saying how it was reached, and the figures."""

    status: RagStatus
    explanation: str
    baseline: Decimal | None = None
    target: Decimal | None = None
    latest: Measurement | None = None
    trajectory: Decimal | None = None
    worse_by_percent: Decimal | None = None
    # Measurements in period order (those the rules may use, pre-plan ones included for charts).
    measurements: tuple = ()
    # Actions only: the action's own status (the one every page shows, in its own words; the
    # colour is the RAG reading of it).
    action_status: ActionStatus | None = None
    is_overdue: bool = False
    last_update: ActionUpdate | None = None
    days_since_update: int | None = None
    is_stale: bool = False
    # Objectives only: counts of member statuses.
    counts: dict = field(default_factory=dict)
    # Measures only: the plan judged against (charts draw its trajectory), kept so templates
    # never query for it.
    plan: object = field(default=None, compare=False, repr=False)

    @property
    def label(self):
        """The words shown with the colour. An action's are its own status ("Completed", "At
        risk"), as on every other page, with "overdue" added when that made it red."""
        if self.action_status is None:
            return self.status.label
        words = ActionStatus(self.action_status).label
        return f"{words} · overdue" if self.is_overdue else words

    @property
    def is_grey(self):
        return self.status.is_grey

    @property
    def evidence(self) -> str:
        """For an objective: how much its colour rests on, e.g. "1 of 17 assessed" (its
        measures and actions with a colour, of all of them), so a badge on thin evidence says
        so. Empty for a measure or an action."""
        if not self.counts:
            return ""
        coloured = sum(count for status, count in self.counts.items() if not status.is_grey)
        return f"{coloured} of {sum(self.counts.values())} assessed"

    @property
    def latest_value(self):
        return self.latest.value if self.latest is not None else None

    @property
    def freshness(self):
        """ "Last update 93 days ago", in words for people."""
        if self.days_since_update is None:
            return "No update yet"
        if self.days_since_update == 0:
            return "Last update today"
        if self.days_since_update == 1:
            return "Last update 1 day ago"
        return f"Last update {self.days_since_update} days ago"
