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
- ``Status`` is the action's state as the public pages show it ("On track", "At risk ·
  overdue": ``progress.rag.assess_action``), for readers and filters; the importer ignores it
  (progress is reported through updates, not a new plan).
- ``Milestones`` holds the action's milestones, one a line, in due-date order:
  "Venue booked (due 31 May 2011; done 20 May 2011): the note", the note and the done day only
  when there are (``milestones_to_cell``). The importer reads it back (``milestones_from_cell``)
  onto the row's action; a file with no such column imports no milestones.
- ``Measures`` holds the structured reading of the target's words (JSON, one object per measure)
  on the first row of each target, so that numbers, units and TBC states survive a round trip;
  "[]" when the target has none. An officer's own spreadsheet may leave the column out, or a
  target's cell empty: the importer then reads the target's words.
- ``Objective number``, ``Target ID`` and ``Action ID`` are stable identifiers, for joining the
  table to other data; they are ignored when a file creates a new plan.

That is the layout the importer reads in one table. The downloads keep what only a program needs
out of the reader's view (finding 12 of issue 21):

- the XLSX's "Delivery plan" sheet has the reader's columns (``reader_headings``: the published
  ones and Status); a hidden sheet ``DATA_SHEET`` holds, for each of its rows (``ROW``, the
  row's number on that sheet), the identifiers and, on a target's first row, the target's
  position in its objective, how its words begin and its Measures (``DATA_SHEET_COLUMNS``);
- the Word document keeps its tables to the reader's columns; each target's record
  (``reimport_records``) travels in a custom XML part of the file, which Word keeps and never
  shows (``public/exports/word.py``);
- the open-data CSV has the reader's columns and the identifiers (``csv_headings``); the
  measures are a CSV of their own, one row per measure, joined by ``Target ID``
  (``MEASURES_CSV_COLUMNS``).

Each file is written in the reader's language (issue 27: drawn under ``translation.override``
at a Welsh address, or on the worker): a heading's words come from ``shown_heading`` (the
constants below are the columns' names in code and their English headings, which the importer
reads), the content from the records' fields in the active language, status words, dates and
the milestones' "due"/"done" from the catalogue. What a program joins on stays the same in both:
the identifiers' values, the measures' codes, and the hidden sheet and the Word document's data
part, headed in English.

A bilingual partnership's table carries the plan's words in both languages: after Milestones,
the translated columns again in the other language ("Actions (Welsh)"), and both languages'
words of each measure in the Measures cell (``actions/table_languages.py``), so that a file
downloaded in either language imports back with nothing lost.

The plan's own columns (``objectives/plan_columns.py``: legislation, resources…) are a column
each after Funding, under their names: an action's value on its row, a target row's on the
target's first row. The hidden sheet and the Word document's data part also define them
(``OWN_COLUMN_FIELDS``, ``column_definitions``), so they import back as they were.

A record names its target by objective number and position among the objective's targets, and
says how the target's words begin, so that a row an officer edited or moved is noticed and its
figures read from its words instead (``importer/reimport_data.py``).
"""

import json
from collections.abc import Iterator
from decimal import Decimal
from itertools import groupby

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from actions import table_languages as languages

# The Milestones cell, written and read back (its own module; part of this layout).
from actions.milestone_cells import milestones_from_cell, milestones_to_cell  # noqa: F401

# The one rule that keeps a cell from running as a formula, shared with the admin's exports;
# the public exports and the board report take it from here with the layout.
from cspplan.spreadsheet_formats import FORMULA_PREFIXES, neutralise  # noqa: F401
from objectives.labels import heading_words, objective_label

OBJECTIVE = "Objective"
TARGET = "Target & Base Line"
OWNER = "Owner"
ACTIONS = "Actions"
LEAD_OFFICER = "Lead Officer"
FUNDING = "Funding"
STATUS = "Status"
MILESTONES = "Milestones"
MEASURES = "Measures"
OBJECTIVE_NUMBER = "Objective number"
TARGET_ID = "Target ID"
ACTION_ID = "Action ID"
TARGET_ROW = "Target row"
TARGET_BEGINS = "Target begins"
ROW = "Row"
# A target's record for the importer: what a Word document carries apart from its tables (and
# what its older copies showed as a last table headed so).
REIMPORT_COLUMNS = (OBJECTIVE_NUMBER, TARGET_ROW, TARGET_ID, TARGET_BEGINS, MEASURES)
IDENTIFIERS = (OBJECTIVE_NUMBER, TARGET_ID, ACTION_ID)
# The XLSX's hidden sheet: a line per row of the "Delivery plan" sheet, ROW being its number there.
DATA_SHEET = "Data for re-importing"
DATA_SHEET_COLUMNS = (
    ROW,
    OBJECTIVE_NUMBER,
    TARGET_ROW,
    TARGET_ID,
    ACTION_ID,
    TARGET_BEGINS,
    MEASURES,
)
# The plan's own columns, defined beside the hidden sheet's records (a definition a line, from
# its second) and in the Word document's custom XML part (a <column> element each), so that a
# download imports back to the same columns: kind, what they belong to and choices.
OWN_COLUMN = "Own column"
OWN_COLUMN_FIELDS = {
    OWN_COLUMN: "name",
    "Own column kind": "kind",
    "Own column belongs to": "applies_to",
    "Own column choices": "choices",
}
# The Word document's custom XML part: <targets xmlns=…><target objective="6" row="1" id="41"
# begins="…"><measures>[…]</measures></target>…</targets>, a target element per record.
REIMPORT_XML_NAMESPACE = "urn:cspplan:delivery-plan:reimport:1"
REIMPORT_XML_ATTRIBUTES = {
    OBJECTIVE_NUMBER: "objective",
    TARGET_ROW: "row",
    TARGET_ID: "id",
    TARGET_BEGINS: "begins",
}
BEGINNING_LENGTH = 60
# The target-label column's heading when the plan has no label of its own ("March 2012").
TARGET_LABEL = "Target"
# A column's heading as a file shows it, in the reader's language; a heading not here (a plan's
# own column, the target label "March 2012") is shown as written.
SHOWN_HEADINGS = {
    OBJECTIVE: _("Objective"),
    TARGET: _("Target & Base Line"),
    TARGET_LABEL: _("Target"),
    OWNER: _("Owner"),
    ACTIONS: _("Actions"),
    LEAD_OFFICER: _("Lead Officer"),
    FUNDING: _("Funding"),
    STATUS: _("Status"),
    MILESTONES: _("Milestones"),
    MEASURES: _("Measures"),
    OBJECTIVE_NUMBER: _("Objective number"),
    TARGET_ID: _("Target ID"),
    ACTION_ID: _("Action ID"),
}

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


def plan_columns(plan) -> list:
    """The plan's own columns (``objectives.plan_columns``), in their order; read once per plan
    instance, as every file asks for its headings more than once."""
    found = getattr(plan, "_own_columns", None)
    if found is None:
        found = list(plan.columns.all()) if plan.pk else []
        plan._own_columns = found
    return found


def shown_heading(heading: str) -> str:
    """The words a file heads ``heading``'s column with, in the active language ("Owner" →
    "Perchennog" in Welsh; unchanged in English)."""
    heading, language = languages.split(heading)
    shown = SHOWN_HEADINGS.get(heading)
    shown = heading if shown is None else str(shown)
    return shown if language is None else languages.shown(shown, language)


def headings(plan) -> list[str]:
    """Column headings for a plan; the target column is headed by its label, e.g. March 2012;
    the plan's own columns (legislation, resources…) follow Funding, each under its name. A
    bilingual plan's label names its language ("March 2012@cy"): a label reads the same in
    both, and the importer must know which language the column's words are in."""
    label = plan.target_label or TARGET_LABEL
    if languages.other_language(plan, translation.get_language()):
        label = languages.key(label, translation.get_language())
    return [
        OBJECTIVE,
        TARGET,
        label,
        OWNER,
        ACTIONS,
        LEAD_OFFICER,
        FUNDING,
        *(column.name for column in plan_columns(plan)),
        STATUS,
        MILESTONES,
        *other_language_headings(plan),
        MEASURES,
        OBJECTIVE_NUMBER,
        TARGET_ID,
        ACTION_ID,
    ]


def other_language_headings(plan) -> list[str]:
    """A bilingual plan's translated columns in the language not being read ("Actions@cy" in an
    English file), keyed as ``table_languages.key``; none for an English partnership's."""
    other = languages.other_language(plan, translation.get_language())
    if other is None:
        return []
    label = plan.target_label or TARGET_LABEL
    return [
        languages.key(heading, other) for heading in (OBJECTIVE, TARGET, label, ACTIONS, MILESTONES)
    ]


def reader_headings(plan) -> list[str]:
    """The columns a reader sees: the published table's, each action's Status and its
    Milestones (and a bilingual plan's words in the other language)."""
    every = headings(plan)
    return every[: every.index(MEASURES)]


def csv_headings(plan) -> list[str]:
    """The open-data CSV's columns: the reader's and the identifiers to join other data on."""
    return [*reader_headings(plan), *IDENTIFIERS]


def column_definitions(plan) -> list[dict]:
    """Each of the plan's own columns as the downloads define it for the importer
    (``OWN_COLUMN_FIELDS``' values as keys)."""
    return [
        {field: getattr(column, field) for field in OWN_COLUMN_FIELDS.values()}
        for column in plan_columns(plan)
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
    return objective.heading


# A measure's words, in English and Welsh: a bilingual plan's Measures cell holds both.
TRANSLATED_MEASURE_FIELDS = ("name", "baseline_wording", "target_wording")
WELSH_MEASURE_FIELDS = tuple(f"{field}_cy" for field in TRANSLATED_MEASURE_FIELDS)


def measure_values(measure, *, bilingual: bool = False) -> dict:
    """A measure's ``MEASURE_FIELDS``, numbers as strings ("68", "12.5") so none loses
    precision; its words in the language being read. ``bilingual``: its words in English,
    each with its Welsh beside it (``name_cy``…), whatever the language being read."""
    item = {}
    for field in MEASURE_FIELDS:
        if bilingual and field in TRANSLATED_MEASURE_FIELDS:
            value = languages.exactly(measure, field, languages.ENGLISH)
        else:
            value = getattr(measure, field)
        if isinstance(value, Decimal):
            value = format(value.normalize(), "f")
        item[field] = value
    if bilingual:
        for field in TRANSLATED_MEASURE_FIELDS:
            item[f"{field}_cy"] = languages.exactly(measure, field, languages.WELSH)
    return item


def measures_to_cell(measures, *, bilingual: bool = False) -> str:
    """The Measures cell: a JSON list, one object per measure, values as strings.

    A target with no measures is written "[]", so that an empty cell keeps its meaning for the
    importer: "not given here, read the target's words" (a row an officer adds by hand).
    """
    return json.dumps(
        [measure_values(measure, bilingual=bilingual) for measure in measures], ensure_ascii=False
    )


# The open-data measures CSV: a row per measure, in its target's order, joined by Target ID.
MEASURE_ORDER = "Measure order"
MEASURE_HEADINGS = {field: field.replace("_", " ").capitalize() for field in MEASURE_FIELDS}
MEASURES_CSV_COLUMNS = (OBJECTIVE_NUMBER, TARGET_ID, MEASURE_ORDER, *MEASURE_HEADINGS.values())
SHOWN_HEADINGS.update(
    {
        MEASURE_ORDER: _("Measure order"),
        "Name": _("Name"),
        "Unit": _("Unit"),
        "Direction": _("Direction"),
        "Baseline state": _("Baseline state"),
        "Baseline value": _("Baseline value"),
        "Baseline period": _("Baseline period"),
        "Baseline wording": _("Baseline wording"),
        "Target state": _("Target state"),
        "Target value": _("Target value"),
        "Target wording": _("Target wording"),
        "Figures period": _("Figures period"),
    }
)


def measure_rows(plan, objectives=None) -> Iterator[dict]:
    """The plan's measures as rows keyed by ``MEASURES_CSV_COLUMNS``; empty for a value not
    known (as ``null`` in the JSON); "Figures period" is the kind's code ("year_to_date")."""
    for objective in objectives if objectives is not None else plan_objectives(plan):
        for target in objective.targets.all():
            for order, measure in enumerate(target.measures.all(), start=1):
                row = {
                    OBJECTIVE_NUMBER: objective.number,
                    TARGET_ID: target.pk,
                    MEASURE_ORDER: order,
                }
                for field, value in measure_values(measure).items():
                    if isinstance(value, bool):
                        value = "true" if value else "false"
                    row[MEASURE_HEADINGS[field]] = "" if value is None else value
                yield row


def reimport_records(rows: list[dict]) -> list[dict]:
    """One record per target of ``rows()`` (``REIMPORT_COLUMNS``): its objective's number, its
    position among the objective's targets as the importer meets them, its ID, how its words
    begin and its Measures."""
    found, position, objective = [], 0, None
    for target_id, target_rows in groupby(rows, key=lambda row: row[TARGET_ID]):
        first = next(target_rows)
        if first[OBJECTIVE_NUMBER] != objective:
            objective, position = first[OBJECTIVE_NUMBER], 0
        position += 1
        found.append(
            {
                OBJECTIVE_NUMBER: objective,
                TARGET_ROW: position,
                TARGET_ID: target_id,
                # The English words, which the importer compares, whatever the file's language.
                TARGET_BEGINS: target_beginning(
                    first.get(languages.key(TARGET, "en"), first[TARGET])
                ),
                MEASURES: first[MEASURES],
            }
        )
    return found


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
        unknown = set(item) - set(MEASURE_FIELDS) - set(WELSH_MEASURE_FIELDS)
        if unknown:
            raise ValueError(f"the Measures cell has unknown fields: {', '.join(sorted(unknown))}")
        if not item.get("name"):
            raise ValueError("every measure in the Measures cell needs a name")
    return data


def plan_objectives(plan):
    """The plan's objectives with everything the table needs, in a fixed number of queries."""
    from actions.column_values import column_values_prefetch
    from actions.models import Action, ActionColumnValue, TargetColumnValue
    from objectives.models import Objective, Target

    # A plan without columns of its own (most) asks nothing more for their values.
    kinds = {column.applies_to for column in plan_columns(plan)}
    actions = Action.objects.order_by("order").prefetch_related(
        "milestones",
        column_values_prefetch(ActionColumnValue, wanted="actions" in kinds),
    )
    targets = Target.objects.order_by("order").prefetch_related(
        "measures",
        Prefetch("actions", queryset=actions),
        column_values_prefetch(TargetColumnValue, wanted="targets" in kinds),
    )
    return Objective.objects.for_plan(plan).prefetch_related(Prefetch("targets", targets))


def _status_words(action, states) -> str:
    if action is None:
        return ""
    return states[action.pk].label if states is not None else action.get_status_display()


def _milestones(action, states):
    """The action's milestones as its state read them (as they stood on the day judged), else
    as they are."""
    if states is not None:
        return states[action.pk].milestone_rows
    return action.milestones.all()


def rows(plan, objectives=None, *, states=None) -> Iterator[dict]:
    """The table's rows as dictionaries keyed by ``headings(plan)``, in the published order.

    ``states``: each action's state by id (``progress.rag``'s assessment, which this layer may
    not compute), whose words fill Status ("At risk · overdue"); without it, the status stored
    on the action (enough for a round trip, which ignores Status)."""
    from actions.column_values import values_by_heading

    label = headings(plan)[2]
    own = plan_columns(plan)
    other = languages.other_language(plan, translation.get_language())
    for objective in objectives if objectives is not None else plan_objectives(plan):
        first_of_objective = True
        for target in objective.targets.all():
            actions = list(target.actions.all()) or [None]
            target_values = values_by_heading(target)
            for index, action in enumerate(actions):
                first_of_target = index == 0
                source = action if action is not None else target
                # A target row's own column on its first row (as its words), an action's on its.
                values = {**values_by_heading(action)} if action is not None else {}
                if first_of_target:
                    values.update(target_values)
                yield {
                    OBJECTIVE: objective_heading(objective) if first_of_objective else "",
                    TARGET: target.wording if first_of_target else "",
                    label: target.target_wording if first_of_target else "",
                    OWNER: source.owner_wording,
                    ACTIONS: action.text if action is not None else "",
                    LEAD_OFFICER: source.lead_officer_wording,
                    FUNDING: source.funding_wording,
                    **{column.name: values.get(column.name, "") for column in own},
                    STATUS: _status_words(action, states),
                    MILESTONES: (
                        milestones_to_cell(_milestones(action, states))
                        if action is not None
                        else ""
                    ),
                    **(
                        _in_other_language(
                            other,
                            languages.split(label)[0],
                            objective,
                            target,
                            action,
                            states,
                            first_of_objective=first_of_objective,
                            first_of_target=first_of_target,
                        )
                        if other
                        else {}
                    ),
                    MEASURES: (
                        measures_to_cell(target.measures.all(), bilingual=other is not None)
                        if first_of_target
                        else ""
                    ),
                    OBJECTIVE_NUMBER: objective.number,
                    TARGET_ID: target.pk,
                    ACTION_ID: action.pk if action is not None else "",
                }
                first_of_objective = False


def _in_other_language(
    language, label, objective, target, action, states, *, first_of_objective, first_of_target
) -> dict:
    """A bilingual plan's row's words in ``language`` (the one not being read), as stored in
    it, under the keys of ``other_language_headings``; dates and "due" in that language."""
    key = languages.key
    with translation.override(language):
        title = languages.exactly(objective, "title", language)
        return {
            key(OBJECTIVE, language): (
                heading_words(objective_label(objective), title) if first_of_objective else ""
            ),
            key(TARGET, language): (
                languages.exactly(target, "wording", language) if first_of_target else ""
            ),
            key(label, language): (
                languages.exactly(target, "target_wording", language) if first_of_target else ""
            ),
            key(ACTIONS, language): (
                languages.exactly(action, "text", language) if action is not None else ""
            ),
            key(MILESTONES, language): (
                milestones_to_cell(_milestones(action, states), language)
                if action is not None
                else ""
            ),
        }
