"""An objective's colour from its measures' and actions' (``progress.rag`` asks it): the WORST
colour among them, with greys counted beside it (the reasons are in ``progress.rag``'s
docstring), and the sentence saying how it was reached.

The sentence is drawn from the counts alone (``roll_up_words``), so a summary kept in the
database (``progress.kept``) keeps the counts, never the words, and reads the sentence in the
reader's language when it is shown."""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext

from progress.assessment import COLOURS, Assessment, RagStatus


def roll_up(measure_assessments, action_assessments) -> Assessment:
    """Worst-of over the colours; greys counted beside it."""
    measure_assessments, action_assessments = list(measure_assessments), list(action_assessments)
    members = measure_assessments + action_assessments
    counts = dict(Counter(a.status for a in members))
    coloured = [status for status in counts if not status.is_grey]
    worst = max(coloured, key=lambda s: s.severity) if coloured else RagStatus.NOT_MEASURED
    size = (len(measure_assessments), len(action_assessments))
    return Assessment(worst, roll_up_words(worst, counts, size), counts=counts, members=size)


def roll_up_words(status: RagStatus, counts: dict, size: tuple[int, int]) -> str:
    """How an objective's ``status`` was reached from its members' ``counts`` ({status: n})
    and ``size`` (its number of measures and of actions), in the reader's language."""
    greys = ", ".join(
        f"{counts[s]} {s.label.lower()}" for s in RagStatus if s.is_grey and counts.get(s)
    )
    grey_note = " " + gettext("Not counted: %(greys)s.") % {"greys": greys} if greys else ""
    measures, actions = size
    members = gettext("%(measures)s measure(s) and %(actions)s action(s)") % {
        "measures": measures,
        "actions": actions,
    }
    if not any(not s.is_grey for s, n in counts.items() if n):
        return gettext(
            "None of its %(members)s has a colour yet.%(grey_note)s → not yet measured."
        ) % {
            "members": members,
            "grey_note": grey_note,
        }
    tally = ", ".join(f"{counts[s]} {s.label.lower()}" for s in reversed(COLOURS) if counts.get(s))
    return gettext(
        "The worst colour among its %(members)s (%(tally)s) → %(status)s; a red is never averaged "
        "away.%(grey_note)s"
    ) % {"members": members, "tally": tally, "status": status.label.lower(), "grey_note": grey_note}
