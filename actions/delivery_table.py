"""The delivery-plan table as officers know it, in one place for every format.

The published plan lays each objective out as a table: Target & Base Line | March 2012 | Owner |
Actions | Lead Officer | Funding. The CSV, XLSX, PDF and HTML views of a plan and the importer
all use the layout defined here, so an exported file always imports back into the same plan.

Layout, one row per action (a target row with no actions still gets one row):
- ``Objective`` holds "Objective 6: Reduce Arson and Improve Fire Safety" on the first row of each
  objective and is empty below it, as in a merged table.
- ``Target & Base Line`` and the target-label column (e.g. ``March 2012``) are filled on the
  first row of each target and empty below it.
- ``Owner``, ``Lead Officer`` and ``Funding`` are filled on every row that has them. A row on
  which all three are empty shares them with the row above (a merged cell), so an officer may
  leave them out; the exporter writes them out in full.
- ``Status`` is the action's status as the public pages show it ("On track"), for readers and
  filters; the importer ignores it (progress is reported through updates, not a new plan).
- ``Measures`` holds the structured reading of the target's words (JSON, one object per measure)
  on the first row of each target, so that numbers, units and TBC states survive a round trip;
  "[]" when the target has none. An officer's own spreadsheet may leave the column out, or a
  target's cell empty: the importer then reads the target's words.
- ``Objective number``, ``Target ID`` and ``Action ID`` are stable identifiers used to match
  rows when progress is imported back; they are ignored when a file creates a new plan.

A Word document keeps its tables to the published columns and Status, so that it reads like the
printed plan; what only the importer needs sits apart in a last table (``REIMPORT_COLUMNS``), one
row per target: the objective's number, the target's position in its objective's table, its ID,
how its words begin (so that a row no longer matching its target is noticed) and its Measures.
"""

import json
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Prefetch

# The one rule that keeps a cell from running as a formula, shared with the admin's exports;
# the public exports and the board report take it from here with the layout.
from cspplan.spreadsheet_formats import FORMULA_PREFIXES, neutralise  # noqa: F401

OBJECTIVE = "Objective"
TARGET = "Target & Base Line"
OWNER = "Owner"
ACTIONS = "Actions"
LEAD_OFFICER = "Lead Officer"
FUNDING = "Funding"
STATUS = "Status"
MEASURES = "Measures"
OBJECTIVE_NUMBER = "Objective number"
TARGET_ID = "Target ID"
ACTION_ID = "Action ID"
TARGET_ROW = "Target row"
TARGET_BEGINS = "Target begins"
REIMPORT_COLUMNS = (OBJECTIVE_NUMBER, TARGET_ROW, TARGET_ID, TARGET_BEGINS, MEASURES)
BEGINNING_LENGTH = 60

# Fields of a Measure carried in the Measures column, in this order.
MEASURE_FIELDS = (
    "name",
    "unit",
    "direction",
    "baseline_state",
    "baseline_value",
    "baseline_period",
    "baseline_wording",
    "target_state",
    "target_value",
    "target_wording",
    "figures_period",
)


def _from_older_cell(item: dict) -> dict:
    """A Measures cell written before a measure's figures had one kind of period: the flag
    ``figures_year_to_date`` and the units "per_month" and "per_year" read as they meant."""
    item = dict(item)
    year_to_date = item.pop("figures_year_to_date", None)
    unit = item.get("unit")
    if unit in {"per_month", "per_year"}:
        item["unit"] = "count"
        item.setdefault("figures_period", "month" if unit == "per_month" else "year")
    if year_to_date in {True, "true", "True", "1"}:
        item["figures_period"] = "year_to_date"
    return item


def headings(plan) -> list[str]:
    """Column headings for a plan; the target column is headed by its label, e.g. March 2012."""
    return [
        OBJECTIVE,
        TARGET,
        plan.target_label or "Target",
        OWNER,
        ACTIONS,
        LEAD_OFFICER,
        FUNDING,
        STATUS,
        MEASURES,
        OBJECTIVE_NUMBER,
        TARGET_ID,
        ACTION_ID,
    ]


def target_beginning(wording: str) -> str:
    """The first words of a target, enough to recognise it: its first line, cut at a word."""
    line = " ".join(wording.strip().split("\n", 1)[0].split())
    if len(line) <= BEGINNING_LENGTH:
        return line
    return line[:BEGINNING_LENGTH].rsplit(" ", 1)[0] + "…"


def begins_like(wording: str, beginning: str) -> bool:
    """Whether a target's words still begin as ``target_beginning`` recorded them."""
    expected = " ".join(beginning.removesuffix("…").split())
    return " ".join(wording.split()).startswith(expected)


def objective_heading(objective) -> str:
    return f"Objective {objective.number}: {objective.title}"


def measures_to_cell(measures) -> str:
    """The Measures cell: a JSON list, one object per measure, values as strings.

    A target with no measures is written "[]", so that an empty cell keeps its meaning for the
    importer: "not given here, read the target's words" (a row an officer adds by hand).
    """
    data = []
    for measure in measures:
        item = {}
        for field in MEASURE_FIELDS:
            value = getattr(measure, field)
            if isinstance(value, Decimal):
                value = format(value.normalize(), "f")
            item[field] = value
        data.append(item)
    return json.dumps(data, ensure_ascii=False)


def measures_from_cell(cell: str) -> list[dict]:
    """Parse a Measures cell back into field dictionaries (values as strings or None).

    Raises ValueError with a readable message when the cell is not the JSON the exporter writes.
    """
    if not cell or not cell.strip():
        return []
    try:
        data = json.loads(cell)
    except json.JSONDecodeError as error:
        raise ValueError(f"the Measures cell is not valid JSON ({error.msg})") from None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ValueError("the Measures cell must be a list of measures")
    data = [_from_older_cell(item) for item in data]
    for item in data:
        unknown = set(item) - set(MEASURE_FIELDS)
        if unknown:
            raise ValueError(f"the Measures cell has unknown fields: {', '.join(sorted(unknown))}")
        if not item.get("name"):
            raise ValueError("every measure in the Measures cell needs a name")
    return data


def plan_objectives(plan):
    """The plan's objectives with everything the table needs, in a fixed number of queries."""
    from actions.models import Action
    from objectives.models import Objective, Target

    actions = Action.objects.order_by("order")
    targets = Target.objects.order_by("order").prefetch_related(
        "measures", Prefetch("actions", queryset=actions)
    )
    return Objective.objects.filter(plan=plan).prefetch_related(Prefetch("targets", targets))


def rows(plan, objectives=None) -> Iterator[dict]:
    """The table's rows as dictionaries keyed by ``headings(plan)``, in the published order."""
    label = headings(plan)[2]
    for objective in objectives if objectives is not None else plan_objectives(plan):
        first_of_objective = True
        for target in objective.targets.all():
            actions = list(target.actions.all()) or [None]
            for index, action in enumerate(actions):
                first_of_target = index == 0
                source = action if action is not None else target
                yield {
                    OBJECTIVE: objective_heading(objective) if first_of_objective else "",
                    TARGET: target.wording if first_of_target else "",
                    label: target.target_wording if first_of_target else "",
                    OWNER: source.owner_wording,
                    ACTIONS: action.text if action is not None else "",
                    LEAD_OFFICER: source.lead_officer_wording,
                    FUNDING: source.funding_wording,
                    STATUS: action.get_status_display() if action is not None else "",
                    MEASURES: measures_to_cell(target.measures.all()) if first_of_target else "",
                    OBJECTIVE_NUMBER: objective.number,
                    TARGET_ID: target.pk,
                    ACTION_ID: action.pk if action is not None else "",
                }
                first_of_objective = False
