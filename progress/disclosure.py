"""THE rule for small numbers on public surfaces: what residents may see of a sensitive measure.

A count of three domestic-abuse incidents in a ward can point at the people in it. For a measure
marked sensitive (``Measure.sensitive``) every public surface — the pages, the open-data files
in ``public/exports/``, the Atom feeds and the read API — shows its approved measurements
through ``suppress_for_public`` (or ``public_plan_assessment`` for the RAG), never as stored.
Staff pages (dashboard, admin, board report) read the real figures and never come here.

The rule, per plan (``Policy.for_plan``: ``Plan.suppression_threshold``, default 5):

- Primary suppression: a count from 1 to threshold − 1 is shown as "fewer than 5". Zero is
  shown as 0 (nobody to recognise), as is every count of at least the threshold.
- Secondary suppression: a shown figure must not let a reader work a suppressed one out.
  Measurements of one measure may cover nested periods (monthly counts beside a quarterly or an
  annual one; year-to-date totals): the annual total minus eleven shown months gives the
  twelfth. So (1) every figure whose period contains a suppressed figure's period is withheld
  too, and (2) a final audit treats every figure as the sum of the stretches of time it covers
  and withholds more, until no suppressed figure is a combination of shown ones (exact
  linear algebra over those stretches; ``_echelon``, ``_in_span``). Figures withheld this way
  are shown as "withheld", which tells a reader nothing about the figure (not even whether it
  is small); so is a small figure whose period holds other withheld ones (a month "fewer than
  5" over four weeks each "fewer than 5" would say each week was exactly 1).
- Only count-like units (number, per month, per year) are suppressed; a percentage or a rate
  has no count to protect and is shown as it is. Baselines and targets are the plan's own
  published words and are not touched. Officers' notes on a sensitive measure's figures are
  not published (free text may name a count); the source is.
- It judges what is published now. A figure shown before a later one made it derivable (an
  annual total read in a feed before a small month was approved) cannot be recalled; the
  feeds and downloads show the rule as it stands.

RAG (``public_plan_assessment``): a suppressed measure keeps its public colour, since a colour
says how the measure stands against its trajectory, not the count — unless the colour itself
would give the count away: when the latest figure is "fewer than 5" and putting each of 1 … 4 in
its place would not give the same colour (a green against a trajectory of 1 means exactly 1),
the public sees the grey "withheld (small numbers)" instead. The sentence explaining a colour
quotes the figures, so a suppressed measure's public explanation says only that its figures are
withheld. Objectives are rolled up again from the public colours, so the roll-up cannot reveal
a colour that was withheld.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
from dataclasses import dataclass
from fractions import Fraction

from objectives.models import Measure
from progress import rag
from progress.assessment import Assessment, RagStatus

COUNT_UNITS = frozenset({Measure.Unit.COUNT})
PRIMARY = "primary"
SECONDARY = "secondary"
SECONDARY_WORDS = "withheld"
WITHHELD_EXPLANATION = (
    "The figures for this measure are small counts about people, so they are not published "
    "(“{words}” is shown instead). The status is worked out from the real figures."
)
WITHHELD_STATUS_EXPLANATION = (
    "The latest figure is a small count about people and is not published; its colour would "
    "give the figure away, so the status is withheld too."
)


@dataclass(frozen=True)
class Policy:
    """A plan's small-number rule: counts from 1 to ``threshold`` − 1 are not published."""

    threshold: int = 5

    @classmethod
    def for_plan(cls, plan) -> Policy:
        return cls(threshold=plan.suppression_threshold)

    @property
    def words(self) -> str:
        return f"fewer than {self.threshold}"

    def is_small(self, value) -> bool:
        return value is not None and 0 < value < self.threshold


@dataclass(frozen=True)
class Cell:
    """One figure for the rule: its period (first and last day) and value (None: no figure)."""

    key: object
    start: object
    end: object
    value: object

    def contains(self, other: Cell) -> bool:
        return self.start <= other.start and other.end <= self.end and self != other


def suppressed_cells(cells, policy: Policy) -> dict:
    """``{key: PRIMARY or SECONDARY}`` for the cells that must not be shown; see the module
    docstring. Deterministic: the same cells always give the same answer."""
    cells = list(cells)
    hidden = {c.key: PRIMARY for c in cells if policy.is_small(c.value)}
    if not hidden or not _any_overlap(cells):
        # Figures for separate periods (months only, or quarters only) reveal nothing of
        # each other: the common case costs no arithmetic.
        return hidden
    # (1) A period holding a suppressed period: its total would give it away.
    changed = True
    while changed:
        changed = False
        for cell in cells:
            if cell.key in hidden or cell.value is None:
                continue
            if any(cell.contains(other) for other in cells if other.key in hidden):
                hidden[cell.key] = SECONDARY
                changed = True
    # (2) The audit: withhold more until no small figure is a combination of shown ones.
    atoms = _atoms(cells)
    while True:
        shown = [c for c in cells if c.key not in hidden and c.value is not None]
        basis = _echelon([_vector(c, atoms) for c in shown])
        exposed = next(
            (
                c
                for c in cells
                if hidden.get(c.key) == PRIMARY and _in_span(_vector(c, atoms), basis)
            ),
            None,
        )
        if exposed is None:
            break
        hidden[_second_to_withhold(exposed, shown).key] = SECONDARY
    # (3) A small figure holding other withheld ones says "withheld", not "fewer than 5":
    # four weeks each "fewer than 5" inside a month "fewer than 5" would tell a reader that
    # every week was exactly 1.
    for cell in cells:
        if hidden.get(cell.key) == PRIMARY and any(
            cell.contains(other) for other in cells if other.key in hidden
        ):
            hidden[cell.key] = SECONDARY
    return hidden


def _atoms(cells):
    """The stretches of time between every period boundary, each as (first day, last day)."""
    edges = sorted({c.start for c in cells} | {_next(c.end) for c in cells})
    return list(zip(edges, edges[1:], strict=False))


def _next(day):
    return day + datetime.timedelta(days=1)


def _vector(cell, atoms):
    return [Fraction(1 if cell.start <= a and _next(cell.end) >= b else 0) for a, b in atoms]


def _any_overlap(cells) -> bool:
    ordered = sorted((c for c in cells if c.value is not None), key=lambda c: (c.start, c.end))
    return any(b.start <= a.end for a, b in zip(ordered, ordered[1:], strict=False))


# Each figure is the sum — or, for an average, a multiple of the sum — of the stretches of time
# it covers, so a figure can be worked out from shown ones exactly when its row of stretches is
# a linear combination of theirs. Exact arithmetic (fractions), so no rounding decides it.


def _echelon(rows) -> list:
    """The rows reduced to (pivot column, row) pairs, each pivot 1 and cleared from the rest."""
    basis = []
    for row in rows:
        row = _reduce(row, basis)
        pivot = next((i for i, x in enumerate(row) if x != 0), None)
        if pivot is None:
            continue
        row = [x / row[pivot] for x in row]
        basis = [(p, _minus(r, row, r[pivot])) for p, r in basis]
        basis.append((pivot, row))
    return basis


def _reduce(row, basis):
    row = list(row)
    for pivot, other in basis:
        if row[pivot] != 0:
            row = _minus(row, other, row[pivot])
    return row


def _minus(row, other, factor):
    return [x - factor * y for x, y in zip(row, other, strict=True)] if factor else row


def _in_span(vector, basis) -> bool:
    """Can ``vector`` be worked out from the rows behind ``basis``?"""
    return not any(_reduce(vector, basis))


def _second_to_withhold(exposed: Cell, shown) -> Cell:
    """The shown figure to withhold next: the smallest period holding the exposed one (a
    total), else the one overlapping it most. Withholding every overlapping figure makes the
    exposed one underivable, so the audit ends."""
    overlapping = [c for c in shown if c.start <= exposed.end and exposed.start <= c.end]
    holding = [c for c in overlapping if c.contains(exposed) or _same_period(c, exposed)]
    if holding:
        return min(holding, key=lambda c: (c.end - c.start, c.end, str(c.key)))
    return max(
        overlapping,
        key=lambda c: (min(c.end, exposed.end) - max(c.start, exposed.start), c.end, str(c.key)),
    )


def _same_period(a: Cell, b: Cell) -> bool:
    return a.start == b.start and a.end == b.end


# --- Measurements ---------------------------------------------------------------------------


def applies_to(measure) -> bool:
    return bool(measure.sensitive) and measure.unit in COUNT_UNITS


def suppress_for_public(measure, measurements, *, policy: Policy | None = None) -> list:
    """The measure's ``measurements`` as a public surface may show them, in the same order.

    For a sensitive measure, a suppressed measurement is a copy whose ``value`` is None and
    whose ``withheld`` says what to show instead ("fewer than 5", or "withheld"); the others
    are copies with ``withheld`` empty. Every copy's ``note`` is empty: an officer's words may
    name a count. Nothing is saved. Any other measure's measurements come
    back as they are. Pass every approved measurement of the measure that the surface may show
    (the secondary rule looks across them). ``policy`` defaults to the measure's plan's."""
    measurements = list(measurements)
    if not applies_to(measure) or not measurements:
        return measurements
    policy = policy or Policy.for_plan(measure.plan)
    cells = [Cell(m.pk or id(m), m.period_start, m.period_end, m.value) for m in measurements]
    # The single months a year-to-date reading adds up: a small month must not be worked out
    # as the difference of two totals, so they take part in the rule though not shown here.
    cells += [
        Cell(m.pk or id(m), m.period_start, m.period_end, m.value) for m in _parts(measurements)
    ]
    hidden = suppressed_cells(cells, policy)
    shown = []
    for cell, measurement in zip(cells[: len(measurements)], measurements, strict=True):
        public = copy.copy(measurement)
        public.withheld = ""
        # An officer's note may name the figure ("3 incidents, down from 4"): not published.
        public.note = ""
        if cell.key in hidden:
            public.value = None
            public.withheld = policy.words if hidden[cell.key] == PRIMARY else SECONDARY_WORDS
        shown.append(public)
    return shown


def _parts(measurements) -> list:
    """The months added up into ``measurements``' year-to-date readings, each once."""
    present = {id(m) for m in measurements}
    parts = {}
    for measurement in measurements:
        for part in getattr(measurement, "parts", ()):
            if id(part) not in present:
                parts[id(part)] = part
    return list(parts.values())


def shown_value(measurement) -> str:
    """What a public surface writes for a (public) measurement's figure when it is withheld."""
    return getattr(measurement, "withheld", "")


# --- RAG --------------------------------------------------------------------------------------


def public_measure_assessment(measure, assessment: Assessment, *, policy: Policy) -> Assessment:
    """The assessment residents see of a measure (see the module docstring)."""
    measurements = [*assessment.measurements, *_parts(assessment.measurements)]
    small = any(policy.is_small(m.value) for m in measurements)
    if not applies_to(measure) or not small:
        return assessment
    public = suppress_for_public(measure, assessment.measurements, policy=policy)
    by_key = {id(m): p for m, p in zip(assessment.measurements, public, strict=True)}
    latest = by_key.get(id(assessment.latest)) if assessment.latest is not None else None
    if latest is None and assessment.latest is not None:
        latest = suppress_for_public(measure, [assessment.latest], policy=policy)[0]
    status, text = assessment.status, WITHHELD_EXPLANATION.format(words=policy.words)
    if (
        assessment.latest is not None
        and policy.is_small(assessment.latest.value)
        and _colour_reveals(measure, assessment, policy)
    ):
        status, text = RagStatus.WITHHELD, WITHHELD_STATUS_EXPLANATION
    return dataclasses.replace(
        assessment,
        status=status,
        explanation=text,
        latest=latest,
        measurements=tuple(public),
        trajectory=assessment.trajectory,
        worse_by_percent=None,
    )


def _colour_reveals(measure, assessment, policy) -> bool:
    """Would the colour differ had the latest figure been another count below the threshold?"""
    colours = set()
    for candidate in range(1, policy.threshold):
        trial = copy.copy(assessment.latest)
        trial.value = type(assessment.latest.value)(candidate)
        others = [m for m in assessment.measurements if m is not assessment.latest]
        colours.add(rag.assess_measure(measure, [*others, trial], plan=assessment.plan).status)
    return len(colours) > 1


def public_plan_assessment(plan_assessment):
    """``plan_assessment`` (``progress.rag.assess_plan``, approved progress only) as residents
    may see it: sensitive measures through ``public_measure_assessment`` and every objective
    rolled up again from those public colours. Staff assessments never pass through here."""
    if not any(applies_to(m) for m in plan_assessment.measures):
        return plan_assessment
    policy = Policy.for_plan(plan_assessment.plan)
    measures = {
        m.pk: public_measure_assessment(m, plan_assessment.measure_assessments[m.pk], policy=policy)
        for m in plan_assessment.measures
    }
    by_objective = {}
    for measure in plan_assessment.measures:
        by_objective.setdefault(measure.target.objective_id, []).append(measures[measure.pk])
    actions_by_objective = {}
    for action in plan_assessment.actions:
        actions_by_objective.setdefault(action.target.objective_id, []).append(
            plan_assessment.action_assessments[action.pk]
        )
    objectives = {
        o.pk: rag.roll_up(by_objective.get(o.pk, []), actions_by_objective.get(o.pk, []))
        for o in plan_assessment.objectives
    }
    return dataclasses.replace(
        plan_assessment, measure_assessments=measures, objective_assessments=objectives
    )
