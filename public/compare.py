"""Two years of a partnership's plan side by side: what was added, removed and changed.

The earlier plan (by its first day) is "before", the later "after", whichever order the address
gives them. Records are matched as a rollover carries them (progress/rollover.py):

- objectives by number;
- target rows by their position within a matched objective;
- measures by name (ignoring case and spacing) within a matched target row;
- actions by their words (ignoring spacing) within a matched objective, so an action moved to
  another row of its objective is "changed", not removed and added.

A record is "changed" when the words residents read differ (titles, wordings, owners, lead
officers, funding, due dates, baselines and targets); progress (statuses, figures) is not a
change of the plan. Measures carried over are listed with baseline → target → outturn for both
years; the outturn is the latest approved figure.

Reads a fixed number of queries for each plan, whatever its size (tests/public/test_compare.py).
"""

import csv
import io
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from actions.models import Action
from objectives.models import Measure, Measurement, Objective, Target
from objectives.wording import under_heading
from progress import disclosure

# Words shown for the codes a comparison keeps (``Change.what``, ``Change.kind``), in the
# reader's language: the page and its CSV both read them.
WHAT_WORDS = {
    "Objective": _("Objective"),
    "Target": _("Target"),
    "Measure": _("Measure"),
    "Action": pgettext_lazy("a row of the plan", "Action"),
}
KIND_WORDS = {
    "added": pgettext_lazy("a change of the plan", "added"),
    "removed": pgettext_lazy("a change of the plan", "removed"),
    "changed": pgettext_lazy("a change of the plan", "changed"),
    "carried over": pgettext_lazy("a change of the plan", "carried over"),
}


@dataclass
class Change:
    kind: str  # "added", "removed", "changed"
    what: str  # "Objective", "Target", "Measure", "Action"
    objective: int
    name: str
    before: str = ""
    after: str = ""
    # How the objective is shown (``Objective.in_column``: the number, or "Outcome 2", or its
    # title where the plan does not number them); ``objective`` matches and sorts.
    objective_name: int | str = ""

    @property
    def what_words(self) -> str:
        return str(WHAT_WORDS[self.what])

    @property
    def kind_words(self) -> str:
        return str(KIND_WORDS[self.kind])


@dataclass
class CarriedMeasure:
    objective: int
    name: str
    before: tuple[str, str, str]  # baseline, target, outturn
    after: tuple[str, str, str]
    objective_name: int | str = ""


@dataclass
class Comparison:
    before: object
    after: object
    changes: list[Change] = field(default_factory=list)
    measures: list[CarriedMeasure] = field(default_factory=list)

    def count(self, kind):
        return sum(1 for change in self.changes if change.kind == kind)

    @property
    def counts(self):
        return {kind: self.count(kind) for kind in ("added", "removed", "changed")}


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _figure(value, unit="") -> str:
    text = f"{value.normalize():f}"
    return f"{text}%" if unit == Measure.Unit.PERCENT else text


def _value(wording, value, state_label, unit, kind) -> str:
    """The plan's words without the label the heading gives (``objectives.wording``), else the
    figure, else the state ("To be confirmed")."""
    shown = under_heading(wording, state_label, kind) if wording.strip() else ""
    if shown and shown != state_label:
        return shown
    if value is not None:
        return _figure(value, unit)
    return state_label


def baseline(measure) -> str:
    return _value(
        measure.baseline_wording,
        measure.baseline_value,
        measure.get_baseline_state_display(),
        measure.unit,
        "baseline",
    )


def target(measure) -> str:
    return _value(
        measure.target_wording,
        measure.target_value,
        measure.get_target_state_display(),
        measure.unit,
        "target",
    )


def outturn(measure) -> str:
    """The latest approved figure (or rating) and its period."""
    if not measure.approved_figures:
        return gettext("No approved figure")
    latest = measure.approved_figures[0]
    if latest.value is not None:
        shown = _figure(latest.value, measure.unit)
    elif disclosure.shown_value(latest):
        shown = disclosure.shown_value(latest)
    else:
        shown = latest.get_rating_display()
    return f"{shown} ({latest.period_words})"


def _load(plan):
    """The plan's objectives, and its target rows with measures (and their approved figures,
    newest first) and actions. Five queries."""
    objectives = list(Objective.objects.for_plan(plan).select_related("plan").order_by("number"))
    approved = Measurement.objects.approved().order_by("-period_end", "-period_start", "-pk")
    measures = Measure.objects.order_by("order").prefetch_related(
        Prefetch("measurements", queryset=approved, to_attr="approved_figures")
    )
    targets = list(
        Target.objects.filter(objective__plan=plan)
        .select_related("objective")
        .order_by("objective__number", "order")
        .prefetch_related(
            Prefetch("measures", queryset=measures),
            Prefetch("actions", queryset=Action.objects.order_by("order")),
        )
    )
    # What residents may see of a sensitive measure's figures (progress/disclosure.py).
    policy = disclosure.Policy.for_plan(plan)
    for target in targets:
        for measure in target.measures.all():
            measure.approved_figures = disclosure.suppress_for_public(
                measure, measure.approved_figures, policy=policy
            )
    return objectives, targets


def _target_name(target) -> str:
    first = target.wording.strip().splitlines()[0] if target.wording.strip() else ""
    return gettext("Target %(objective)s.%(order)s: %(wording)s") % {
        "objective": target.objective.number,
        "order": target.order,
        "wording": first,
    }


def _responsibility(record) -> str:
    parts = [
        (gettext("Owner"), record.owner_wording),
        (gettext("Lead officer"), record.lead_officer_wording),
        (gettext("Funding"), record.funding_wording),
    ]
    return "; ".join(f"{label}: {value}" for label, value in parts if value)


def _target_text(target) -> str:
    return "\n".join(
        part
        for part in (target.wording.strip(), target.target_wording.strip(), _responsibility(target))
        if part
    )


def _action_text(action) -> str:
    due = gettext("Due: %(due)s") % {"due": action.due_wording} if action.due_wording else ""
    return "\n".join(part for part in (_responsibility(action), due) if part)


def _measure_text(measure) -> str:
    return gettext("Baseline: %(baseline)s\nTarget: %(target)s") % {
        "baseline": baseline(measure),
        "target": target(measure),
    }


def _diff(changes, what, number, before, after, name, text):
    """Compare two {key: record} maps of one kind; return the matched pairs."""
    pairs = []
    for key, record in before.items():
        if key not in after:
            changes.append(Change("removed", what, number(record), name(record), text(record)))
    for key, record in after.items():
        if key not in before:
            changes.append(Change("added", what, number(record), name(record), "", text(record)))
            continue
        old = before[key]
        pairs.append((old, record))
        if text(old) != text(record) or _key(name(old)) != _key(name(record)):
            changes.append(
                Change("changed", what, number(record), name(record), text(old), text(record))
            )
    return pairs


def compare(first, second) -> Comparison:
    """What changed from the earlier of two plans to the later."""
    before_plan, after_plan = sorted((first, second), key=lambda p: (p.period_start, p.pk))
    result = Comparison(before=before_plan, after=after_plan)
    (old_objectives, old_targets), (new_objectives, new_targets) = (
        _load(before_plan),
        _load(after_plan),
    )
    changes = result.changes
    _diff(
        changes,
        "Objective",
        lambda o: o.number,
        {o.number: o for o in old_objectives},
        {o.number: o for o in new_objectives},
        lambda o: o.heading,
        lambda o: o.summary.strip(),
    )
    # Targets, and measures within matched targets.
    target_pairs = _diff(
        changes,
        "Target",
        lambda t: t.objective.number,
        {(t.objective.number, t.order): t for t in old_targets},
        {(t.objective.number, t.order): t for t in new_targets},
        _target_name,
        _target_text,
    )
    for old, new in target_pairs:
        for old_measure, new_measure in _diff(
            changes,
            "Measure",
            lambda m, number=new.objective.number: number,
            {_key(m.name): m for m in old.measures.all()},
            {_key(m.name): m for m in new.measures.all()},
            lambda m: m.name,
            _measure_text,
        ):
            result.measures.append(
                CarriedMeasure(
                    new.objective.number,
                    new_measure.name,
                    (baseline(old_measure), target(old_measure), outturn(old_measure)),
                    (baseline(new_measure), target(new_measure), outturn(new_measure)),
                )
            )
    # Measures of rows only in one year are added or removed with their row.
    matched_rows = {(old.objective.number, old.order) for old, _ in target_pairs}
    for kind, targets in (("removed", old_targets), ("added", new_targets)):
        for row in targets:
            if (row.objective.number, row.order) in matched_rows:
                continue
            for measure in row.measures.all():
                text = _measure_text(measure)
                changes.append(
                    Change(
                        kind,
                        "Measure",
                        row.objective.number,
                        measure.name,
                        text if kind == "removed" else "",
                        text if kind == "added" else "",
                    )
                )

    # Actions, matched by their words within an objective.
    def actions_of(targets):
        found = {}
        for row in targets:
            for action in row.actions.all():
                found.setdefault((row.objective.number, _key(action.text)), action)
        return found

    numbers = {row.pk: row.objective.number for row in (*old_targets, *new_targets)}

    old_actions, new_actions = actions_of(old_targets), actions_of(new_targets)
    _diff(
        changes,
        "Action",
        lambda a: numbers[a.target_id],
        old_actions,
        new_actions,
        lambda a: a.text.strip(),
        _action_text,
    )
    order = {"Objective": 0, "Target": 1, "Measure": 2, "Action": 3}
    kinds = {"changed": 0, "added": 1, "removed": 2}
    changes.sort(key=lambda c: (c.objective, order[c.what], kinds[c.kind]))
    names = {o.number: o.in_column for o in (*old_objectives, *new_objectives)}
    for row in (*changes, *result.measures):
        row.objective_name = names.get(row.objective, row.objective)
    return result


CSV_HEADER = [
    _("Objective"),
    pgettext_lazy("a row of the plan", "What"),
    pgettext_lazy("a row of the plan", "Change"),
    _("Name"),
    pgettext_lazy("the earlier plan", "Before"),
    pgettext_lazy("the later plan", "After"),
]
CARRIED_OVER = "carried over"


def _figures_text(figures: tuple[str, str, str]) -> str:
    baseline_words, target_words, outturn_words = figures
    return gettext("Baseline: %(baseline)s\nTarget: %(target)s\nOutturn: %(outturn)s") % {
        "baseline": baseline_words,
        "target": target_words,
        "outturn": outturn_words,
    }


def comparison_csv(result: Comparison) -> bytes:
    """One table headed on its first row, as ``csv.DictReader`` and spreadsheets read it: the
    changes, then each measure carried over ("carried over") with its baseline, target and
    outturn in each year. UTF-8 with a byte-order mark, so Excel opens it; cells that look like
    formulas start with an apostrophe. The plans compared are in the file's name."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(heading) for heading in CSV_HEADER])
    for change in result.changes:
        writer.writerow(
            _safe(
                [
                    change.objective_name,
                    change.what_words,
                    change.kind_words,
                    change.name,
                    change.before,
                    change.after,
                ]
            )
        )
    for measure in result.measures:
        writer.writerow(
            _safe(
                [
                    measure.objective_name,
                    str(WHAT_WORDS["Measure"]),
                    str(KIND_WORDS[CARRIED_OVER]),
                    measure.name,
                    _figures_text(measure.before),
                    _figures_text(measure.after),
                ]
            )
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _safe(cells):
    return [
        f"'{cell}" if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@") else cell
        for cell in cells
    ]
