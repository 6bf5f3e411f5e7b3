"""Milestones in an action's state: THE one place that says which milestones are late on a day,
how they are counted in words ("2 of 5 milestones done, 1 late") and when lateness makes an
action "at risk". ``progress.rag.assess_action`` (every page, file, count and the API) and the
pages that word an action's state without a full assessment ("my actions", search, the admin's
list) ask it, so a milestone is late in the same way everywhere.

A milestone is late on a day when it was due before that day and was not done by it (done
after the day, it was still open then). Done milestones never count as late, however late they
were done. A late milestone makes an open action that reports itself not started, on track,
ongoing or with no update yet "at risk": the officer's own words cannot outvote a date that
has passed. An action already at risk or off track keeps its worse words; a completed or
cancelled one owes nothing more; an overdue one is red anyway (``actions.models.is_overdue``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import ngettext

# The statuses a late milestone turns into "at risk" (ActionStatus values, kept as text so this
# module needs no models).
RAISED_BY_LATE_MILESTONE = frozenset({"not_reported", "not_started", "on_track", "ongoing"})
AT_RISK = "at_risk"


def is_done_by(milestone, day: datetime.date) -> bool:
    return milestone.done_on is not None and milestone.done_on <= day


def is_late(milestone, day: datetime.date) -> bool:
    """Due before ``day`` and not done by it."""
    return milestone.due_date < day and not is_done_by(milestone, day)


@dataclass(frozen=True)
class MilestoneTally:
    """An action's milestones counted on a day."""

    total: int = 0
    done: int = 0
    late: int = 0

    @property
    def words(self) -> str:
        """ "2 of 5 milestones done, 1 late"; empty for an action with no milestones."""
        if not self.total:
            return ""
        counted = {"done": self.done, "total": self.total, "late": self.late}
        if self.late:
            return (
                ngettext(
                    "%(done)s of %(total)s milestone done, %(late)s late",
                    "%(done)s of %(total)s milestones done, %(late)s late",
                    self.total,
                )
                % counted
            )
        return (
            ngettext(
                "%(done)s of %(total)s milestone done",
                "%(done)s of %(total)s milestones done",
                self.total,
            )
            % counted
        )


def tally(milestones, day: datetime.date) -> MilestoneTally:
    milestones = list(milestones)
    return MilestoneTally(
        total=len(milestones),
        done=sum(is_done_by(m, day) for m in milestones),
        late=sum(is_late(m, day) for m in milestones),
    )


def status_with_milestones(status: str, counted: MilestoneTally) -> str:
    """The status an action shows once its milestones are read: "at risk" when one is late and
    its own status says nothing worse (see the module docstring); otherwise its own."""
    if counted.late and str(status) in RAISED_BY_LATE_MILESTONE:
        return AT_RISK
    return status
