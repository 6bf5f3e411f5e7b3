"""A follower's digest as a surface (issue 28): what its text says, read as the follower reads
it, and whether it holds exactly what became public since the last one.

The reader never asks the models what was approved: it reads each change's heading (its
objective's reference and the action, as the e-mail writes them), the status words of an update
(the words every other surface uses for a status: ``surfaces.action_state``) and the milestone
ticks. The database names things only: which heading is which action, and, for the comparison,
which updates were approved in the digest's window (the approval queue's own record).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.template.defaultfilters import truncatechars

from actions.models import Action, ActionUpdate
from objectives.models import ApprovalStatus
from tests.stateful.surfaces import _ACTION_LABELS, UnreadableSurface

MILESTONE_DONE = "Milestone done: "


@dataclass
class DigestReading:
    # (heading, ActionStatus code) of each approved update the digest tells of
    updates: Counter = field(default_factory=Counter)
    # (heading, milestone title) of each milestone it says was done
    ticks: list = field(default_factory=list)


def _status_of(words: str) -> str:
    """ "At risk (6 December 2011). Note" -> "at_risk": the longest status words it starts with
    ("Ongoing (business as usual)" has a bracket of its own)."""
    found = [label for label in _ACTION_LABELS if words.startswith(f"{label} (")]
    if not found:
        raise UnreadableSurface(f"digest: no action status begins {words[:60]!r}")
    return _ACTION_LABELS[max(found, key=len)]


def read(text: str) -> DigestReading:
    """The changes of a digest's text part: each a heading (its lines not indented) followed by
    its words (indented)."""
    reading = DigestReading()
    body = text.split("\n--\n")[0].split("\n", 1)[1]  # the first line says since when
    heading = []
    for line in body.splitlines():
        if not line.strip() or line.startswith(("And ", "See it on the site")):
            continue
        if not line.startswith("  "):
            heading.append(line.strip())
            continue
        name, words = " ".join(" ".join(heading).split()), line.strip()
        heading = []
        if words.startswith(MILESTONE_DONE):
            reading.ticks.append((name, words.removeprefix(MILESTONE_DONE).rsplit(" (done ")[0]))
        else:
            reading.updates[name, _status_of(words)] += 1
    return reading


def heading(action) -> str:
    """How a digest heads a change of ``action`` (``notices.digests.Change.heading``, cut as
    its template cuts it)."""
    text = f"{action.target.objective.reference}: {action}"
    return " ".join(truncatechars(text, 150).split())


def findings(plan, readings: list[DigestReading], *, since, until) -> list[str]:
    """Whether the digests sent for (since, until] hold exactly the updates approved then,
    in the words every surface uses, and ticks of public milestones only."""
    expected = Counter(
        (heading(update.action), update.status)
        for update in ActionUpdate.objects.filter(
            action__in=Action.objects.for_plan(plan),
            approval=ApprovalStatus.APPROVED,
            approved_at__gt=since,
            approved_at__lte=until,
        ).select_related("action__target__objective__plan")
    )
    got = sum((reading.updates for reading in readings), Counter())
    problems = []
    if got != expected:
        missing, extra = expected - got, got - expected
        problems.append(
            f"the digest lists updates {sorted(extra.elements())[:5]} not approved then, and "
            f"misses {sorted(missing.elements())[:5]}"
        )
    done = {
        (heading(milestone.action), milestone.title)
        for action in Action.objects.for_plan(plan).prefetch_related("milestones")
        for milestone in action.milestones.all()
        if milestone.done_on is not None
    }
    for tick in (tick for reading in readings for tick in reading.ticks):
        if tick not in done:
            problems.append(f"the digest says milestone {tick} is done; no page does")
    return problems
