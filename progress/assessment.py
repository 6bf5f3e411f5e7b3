"""What an assessment is: a RAG status, its words, and the sentence saying how it was reached.

The rules that produce them are in progress/rag.py; this module holds the result, so that the
pages, exports and reports that show one need not know the rules.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from actions.milestones import MilestoneTally
from actions.models import ActionStatus, ActionUpdate, state_words
from objectives.figures import long_date
from objectives.models import Measurement


class RagStatus(models.TextChoices):
    RED = "red", _("Off track")
    AMBER = "amber", _("Some concern")
    GREEN = "green", _("On track")
    COMPLETE = "complete", _("Achieved")
    NOT_MEASURED = "not_measured", _("Not yet measured")
    TO_BE_AGREED = "to_be_agreed", _("Target to be agreed")
    NOT_ENOUGH_DATA = "not_enough_data", _("Not enough data")
    NO_BASELINE = "no_baseline", _("No baseline")
    # The same code as ``ActionStatus.NOT_REPORTED``: one word for "No update yet" in the API
    # and the files, whether a reader looks at the action's status or at its assessment.
    NO_UPDATE = "not_reported", _("No update yet")
    NOT_STARTED = "not_started", _("Not started")
    CANCELLED = "cancelled", _("Cancelled")
    # Public surfaces only: a sensitive measure whose colour would reveal a small count
    # (progress/disclosure.py). Staff never see it.
    WITHHELD = "withheld", _("Withheld (small numbers)")

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
    # Actions only: the day the state is as at (the plan's reporting day, or a past "as at").
    day: datetime.date | None = None
    # Actions only: its milestones counted on that day ("2 of 5 milestones done, 1 late"), and
    # the milestones themselves as they stood, by due date (the public timeline).
    milestones: MilestoneTally = field(default_factory=MilestoneTally)
    milestone_rows: tuple = field(default=(), compare=False, repr=False)
    # Objectives only: counts of member statuses, and how many measures and actions it has
    # (``progress.roll_up``: its sentence is drawn from these two).
    counts: dict = field(default_factory=dict)
    members: tuple = ()
    # Measures only: the plan judged against (charts draw its trajectory), kept so templates
    # never query for it.
    plan: object = field(default=None, compare=False, repr=False)

    @property
    def label(self):
        """The words shown with the colour. An action's are its own status ("Completed", "At
        risk"), as on every other page, with "overdue" added when that made it red."""
        if self.action_status is None:
            # A str in the language being read (the label is lazy): files and JSON take it as is.
            return str(self.status.label)
        return state_words(self.action_status, self.is_overdue, self.milestones)

    @property
    def code(self) -> str:
        """The code the API and the files give an action's state: its own status's code
        ("at_risk", "not_reported"), with ``is_overdue`` beside it. A measure's or an
        objective's is its colour's code."""
        if self.action_status is None:
            return self.status.value
        return ActionStatus(self.action_status).value

    @property
    def counted_as(self) -> tuple[str, str]:
        """(code, words) of the row an action is counted in: "Overdue" for an open action past
        its due date, whatever its last update said; otherwise its own status."""
        if self.is_overdue:
            return OVERDUE_CODE, action_count_words(OVERDUE_CODE)
        return self.action_status, action_count_words(self.action_status)

    @property
    def is_grey(self):
        return self.status.is_grey

    @property
    def milestone_evidence(self) -> str:
        """An action's milestones in words, "2 of 5 milestones done, 1 late" (empty without)."""
        return self.milestones.words

    @property
    def evidence(self) -> str:
        """For an objective: how much its colour rests on, e.g. "1 of 17 assessed" (its
        measures and actions with a colour, of all of them), so a badge on thin evidence says
        so. Empty for a measure or an action."""
        if not self.counts:
            return ""
        coloured = sum(count for status, count in self.counts.items() if not status.is_grey)
        return gettext("%(coloured)s of %(total)s assessed") % {
            "coloured": coloured,
            "total": sum(self.counts.values()),
        }

    @property
    def latest_value(self):
        return self.latest.value if self.latest is not None else None

    @property
    def freshness(self):
        """How long ago the latest update was, in words, the one way every surface says it:
        "Last update 93 days ago" while the plan runs. As at a past day (a finished plan's last
        day, or a chosen "as at") it names the update's day and counts back from the day judged
        ("Last update 19 March 2012: 12 days before 31 March 2012"), never "today" for a day
        long gone. An update sent on a later day than it describes says so
        (``ActionUpdate.dated``: "31 March 2012, sent 6 December 2026")."""
        days, last = self.days_since_update, self.last_update
        if days is None:
            return gettext("No update yet")
        if self.day is not None and self.day != timezone.localdate():
            if days == 0:
                return gettext("Last update %(dated)s") % {"dated": last.dated}
            return ngettext(
                "Last update %(dated)s: %(days)s day before %(day)s",
                "Last update %(dated)s: %(days)s days before %(day)s",
                days,
            ) % {"dated": last.dated, "days": days, "day": long_date(self.day)}
        if days == 0:
            when = gettext("Last update today")
        else:
            when = ngettext(
                "Last update %(days)s day ago", "Last update %(days)s days ago", days
            ) % {"days": days}
        if last.is_sent_late:
            return gettext("%(when)s, %(sent)s") % {"when": when, "sent": last.sent_words}
        return when


# The row an overdue action is counted in (``Assessment.counted_as``).
OVERDUE_CODE = "overdue"


def action_count_words(code: str) -> str:
    """The words of a row of the count of actions by state, in the reader's language: read when
    shown, never kept, so a summary kept in the database reads in Welsh and English alike."""
    if code == OVERDUE_CODE:
        return str(_("Overdue"))
    return str(ActionStatus(code).label)


def rag_count_words(code: str) -> str:
    """The words of a row of the count of measures or objectives by colour (as above)."""
    return str(RagStatus(code).label)


@dataclass
class StatusCount:
    status: str
    label: str
    count: int


def count_by_status(assessments) -> list[StatusCount]:
    """How many of these assessments (measures' or objectives') have each status, in the order
    the statuses are declared (from "off track" to "cancelled"), leaving out statuses nobody
    has."""
    counts = Counter(assessment.status for assessment in assessments)
    return [
        StatusCount(status.value, rag_count_words(status.value), counts[status])
        for status in RagStatus
        if counts[status]
    ]


def count_actions_by_state(assessments) -> list[StatusCount]:
    """THE count of actions by state, shown on the home page, /partnerships/, the dashboard and
    the board report alike: overdue first (an open action past its due date is counted there,
    whatever its last update said, as its colour is red), then each status in the order it is
    declared; statuses nobody has are left out."""
    counts = Counter(assessment.counted_as for assessment in assessments)
    order = [
        (code, action_count_words(code))
        for code in (OVERDUE_CODE, *(status.value for status in ActionStatus))
    ]
    return [
        StatusCount(code, label, counts[code, label])
        for code, label in order
        if counts[code, label]
    ]
