"""An action's timeline for residents: its milestones and its approved updates in date order, as
a list with dates (templates/includes/action_timeline.html), never a chart only.

It reads what the action's public assessment already holds (``Assessment.milestone_rows``, as
they stood on the day judged, and that day) and the approved updates the page loaded
(``approved_updates``): no query, nothing pending, and the same "late" as the action's state
(``actions.milestones.is_late``). Updates dated after the day judged are left out, as
``progress.rag.assess_action`` leaves them out of the state.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import pgettext

from actions import milestones as milestone_rule
from objectives.figures import long_date


@dataclass(frozen=True)
class TimelineEntry:
    date: datetime.date
    kind: str  # "milestone" or "update"
    title: str
    state: str  # "Done 20 May 2011", "Late", "Due", or the update's status
    note: str = ""

    @property
    def date_words(self) -> str:
        return long_date(self.date)


def action_timeline(action) -> list[TimelineEntry]:
    assessment = action.assessment
    day = assessment.day
    entries = []
    for milestone in assessment.milestone_rows:
        if milestone_rule.is_done_by(milestone, day):
            state = pgettext("a milestone", "Done %(day)s") % {"day": long_date(milestone.done_on)}
        elif milestone_rule.is_late(milestone, day):
            state = pgettext("a milestone", "Late")
        else:
            state = pgettext("a milestone", "Due")
        entries.append(
            TimelineEntry(milestone.due_date, "milestone", milestone.title, state, milestone.note)
        )
    for update in getattr(action, "approved_updates", ()):
        if update.date <= day:
            entries.append(
                TimelineEntry(
                    update.date, "update", "Progress update", update.get_status_display(),
                    update.note,
                )
            )  # fmt: skip
    # Milestones before updates on the same day: the plan's step, then what was said of it.
    return sorted(entries, key=lambda e: (e.date, e.kind != "milestone"))
