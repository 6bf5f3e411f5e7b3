"""From table rows to a draft plan: objectives, target rows, measures and actions.

Rows follow actions/delivery_table.py: an Objective cell starts an objective (any common label,
numbered or not: see ``headings``; the same heading repeated on the next rows continues it); a
Target & Base Line cell starts a target row and empty ones below belong to it; a row whose
Owner, Lead Officer and Funding are all empty shares them with the row above (a merged cell). A
target's own owner, lead officer and funding are those of its first row. Whatever had to be
guessed is noted on the objective or target row, for the preview.

A bilingual table's Welsh columns (``columns.TRANSLATED``, keyed "Actions@cy") give each
record's Welsh beside its English: the objective's title, the target's words, each action (a
bulleted cell's actions paired in order) and each milestone (paired by line, on the same days).
A Welsh cell that does not pair with its English is a problem naming the Welsh column.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from actions import delivery_table as layout
from actions import table_languages as languages
from actions.due_dates import parse_due_date
from actions.models import Action
from importer.errors import PlanImportError, Problem
from importer.headings import OBJECTIVE_LABELS, Heading, label_word, number_headings, read_heading
from importer.measure_words import measures_from_words
from importer.reading import TARGET_COLUMN, SourceRow, Table
from objectives.labels import heading_words, label_words
from objectives.models import Measure, Target

BULLET = re.compile(r"^\s*[•\-*○▪◦]\s+")


@dataclass
class Responsible:
    owner_wording: str = ""
    lead_officer_wording: str = ""
    funding_wording: str = ""
    where: str = ""


@dataclass
class ActionDraft:
    text: str
    responsible: Responsible
    where: str
    # The plan's own columns (importer/extra_columns.py): heading -> the cell of its row.
    values: dict[str, str] = field(default_factory=dict)
    # From the row's Milestones cell (``delivery_table.milestones_from_cell``).
    milestones: list[dict] = field(default_factory=list)
    text_cy: str = ""  # its Welsh, from a bilingual table's Welsh column

    @property
    def due(self):
        return parse_due_date(self.text)


@dataclass
class TargetDraft:
    wording: str
    target_wording: str
    responsible: Responsible
    measures: list[dict]
    where: str
    actions: list[ActionDraft] = field(default_factory=list)
    measures_read_from_words: bool = False
    notes: list[str] = field(default_factory=list)  # guesses, for the preview
    # The plan's own columns of target rows (a downloaded file defines them): heading -> text.
    values: dict[str, str] = field(default_factory=dict)
    wording_cy: str = ""  # its Welsh, from a bilingual table's Welsh columns
    target_wording_cy: str = ""


@dataclass
class ObjectiveDraft:
    number: int | None
    title: str
    where: str
    targets: list[TargetDraft] = field(default_factory=list)
    published: str = ""  # the heading as written
    notes: list[str] = field(default_factory=list)
    cell: str = ""  # "Row 7, column Outcome", for errors
    label: str = ""  # as written: "Outcome 2", "Priority A", "Stage"; "" for a bare title
    word: str = ""  # the word its heading uses for objectives ("Outcome")
    sections: list[str] = field(default_factory=list)  # the section titles it sits under
    heading: str = ""  # as pages will show it (``objectives.labels``), set by ``build_draft``
    title_cy: str = ""  # its Welsh title, from a bilingual table's Welsh Objective column


@dataclass
class PlanDraft:
    objectives: list[ObjectiveDraft]
    target_label: str
    table: Table | None = None
    # The plan's word for its objectives and whether the source numbered them all
    # (``Plan.objective_word``, ``Plan.objectives_numbered``): see ``plan_word``.
    objective_word: str = ""
    objectives_numbered: bool = False
    # Section titles between the rows ("Prevention"), in order, with where each is.
    sections: list[tuple[str, str]] = field(default_factory=list)
    # What the officer must check before importing (shown in every preview and by import_plan).
    warnings: list[str] = field(default_factory=list)

    @property
    def targets(self):
        return [target for objective in self.objectives for target in objective.targets]

    @property
    def actions(self):
        return [action for target in self.targets for action in target.actions]

    @property
    def measures(self):
        return [measure for target in self.targets for measure in target.measures]


def split_actions(text: str) -> list[str]:
    """A cell holding only bullet points is several actions; a bullet list after a lead-in line
    ("…operations including: -") stays inside that one action, one "• " line per bullet."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) > 1 and all(BULLET.match(line) for line in lines):
        return [BULLET.sub("", line) for line in lines]
    return [text.strip()] if text.strip() else []


def _decimal(value, where: str, field_name: str, problems: list) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        problems.append(Problem(where, f"{field_name} “{value}” is not a number"))
        return None
    return number


def _measures_from_cell(row: SourceRow, problems: list) -> list[dict]:
    where = row.at(layout.MEASURES)
    try:
        items = layout.measures_from_cell(row.cells.get(layout.MEASURES, ""))
    except ValueError as error:
        problems.append(Problem(where, str(error)))
        return []
    choices = {
        "unit": Measure.Unit.values,
        "direction": Measure.Direction.values,
        "baseline_state": Measure.ValueState.values,
        "target_state": Measure.ValueState.values,
        "figures_period": Measure.FiguresPeriod.values,
    }
    measures = []
    for number, item in enumerate(items, start=1):
        label = f"measure {number} (“{item.get('name')}”)"
        measure = {key: (value if value is not None else "") for key, value in item.items()}
        for key, allowed in choices.items():
            if key in measure and measure[key] not in allowed:
                problems.append(
                    Problem(
                        where,
                        f"{label}: {key} “{measure[key]}” is not one of {', '.join(allowed)}",
                    )
                )
        for key in ("baseline_value", "target_value"):
            measure[key] = _decimal(item.get(key), where, f"{label}: {key}", problems)
        for side in ("baseline", "target"):
            known = measure.get(f"{side}_state", "tbc") == Measure.ValueState.KNOWN
            has_value = measure[f"{side}_value"] is not None
            if known != has_value and not problems:
                problems.append(
                    Problem(
                        where,
                        f"{label}: a {side} value is needed exactly when {side}_state is known",
                    )
                )
        measures.append(measure)
    return measures


def _fits(text: str, model, field_name: str, what: str, where: str, problems: list) -> None:
    """The model's limit for the field (``cspplan.limits``), checked here so the problem names
    its row and column: the plan is written in bulk, past model validation."""
    limit = model._meta.get_field(field_name).max_length
    if limit and len(text) > limit:
        problems.append(
            Problem(where, f"{what} can be up to {limit:,} characters; it has {len(text):,}")
        )


def welsh(field_name: str) -> str:
    """The key of a field's Welsh column in a row: "Actions@cy"."""
    return languages.key(field_name, languages.WELSH)


def _objective(row: SourceRow, heading_text: str) -> ObjectiveDraft:
    heading = read_heading(heading_text)
    objective = ObjectiveDraft(
        heading.number,
        heading.title,
        row.where,
        published=heading_text,
        cell=row.at(layout.OBJECTIVE),
        label=heading.label,
        word=heading.word,
    )
    if heading.note:
        objective.notes.append(heading.note)
    welsh_heading = row.cells.get(welsh(layout.OBJECTIVE), "")
    if welsh_heading:
        objective.title_cy = read_heading(welsh_heading).title
    return objective


def _number_objectives(objectives: list[ObjectiveDraft], problems: list) -> None:
    headings = [Heading(o.number, o.title) for o in objectives]
    unnumbered = [o.number is None for o in objectives]
    number_headings(headings)
    seen = {}
    for objective, heading, was_unnumbered in zip(objectives, headings, unnumbered, strict=True):
        objective.number = heading.number
        if was_unnumbered:
            objective.notes.append(heading.note)
        if objective.number in seen:
            problems.append(
                Problem(
                    objective.cell,
                    f"objective number {objective.number} appears twice "
                    f"(“{seen[objective.number][:60]}” and “{objective.published[:60]}”)",
                )
            )
        seen.setdefault(objective.number, objective.published)


def _read_milestones(row: SourceRow, actions: list[ActionDraft], problems: list) -> None:
    """The row's Milestones cell onto its one action; a cell on a row with no action, or with
    several (a bulleted cell split into actions), cannot say whose they are."""
    cell = row.cells.get(layout.MILESTONES, "")
    if not cell.strip():
        return
    where = row.at(layout.MILESTONES)
    if len(actions) != 1:
        problems.append(
            Problem(where, "milestones must be on a row with exactly one action, to say whose")
        )
        return
    try:
        milestones = layout.milestones_from_cell(cell)
    except ValueError as error:
        problems.append(Problem(where, str(error)))
        return
    for milestone in milestones:
        if len(milestone["title"]) > 200:
            problems.append(Problem(where, "a milestone's title can be up to 200 characters"))
            return
    actions[0].milestones = milestones
    _read_welsh_milestones(row, milestones, problems)


def _read_welsh_milestones(row: SourceRow, milestones: list[dict], problems: list) -> None:
    """The Welsh Milestones cell: each line the Welsh of the English line in its place, on the
    same days."""
    cell = row.cells.get(welsh(layout.MILESTONES), "")
    if not cell.strip():
        return
    where = row.at(welsh(layout.MILESTONES))
    try:
        in_welsh = layout.milestones_from_cell(cell)
    except ValueError as error:
        problems.append(Problem(where, str(error)))
        return
    if len(in_welsh) != len(milestones):
        problems.append(
            Problem(
                where,
                f"{len(in_welsh)} milestones in Welsh for {len(milestones)} in English: give "
                "each milestone in both, in the same order",
            )
        )
        return
    for number, (english, cymraeg) in enumerate(zip(milestones, in_welsh, strict=True), 1):
        days = ("due_date", "done_on")
        if any(english[day] != cymraeg[day] for day in days):
            problems.append(Problem(where, f"line {number} gives other days than its English line"))
            return
        if len(cymraeg["title"]) > 200:
            problems.append(Problem(where, "a milestone's title can be up to 200 characters"))
            return
        english["title_cy"], english["note_cy"] = cymraeg["title"], cymraeg["note"]


def plan_word(objectives: list[ObjectiveDraft], table: Table) -> tuple[str, bool]:
    """The plan's word for its objectives and whether it numbers them, as the source does: the
    word its headings use most ("Outcome") when every heading has one; when none has, the
    heading of its Objective column if that is a word of its own ("Stage", "Aim": our own
    "Objective" column says nothing); else none, so that an objective written without a label
    is shown by its title alone. Numbered only when every heading had a number."""
    words = Counter(objective.word for objective in objectives if objective.word)
    word = ""
    if words and all(objective.word for objective in objectives):
        word = words.most_common(1)[0][0]
    elif not words:
        column = next((u.heading for u in table.columns if u.field == layout.OBJECTIVE), "")
        candidate = label_word(column)
        if candidate.lower() in OBJECTIVE_LABELS and candidate.lower() != "objective":
            word = candidate
    numbered = bool(objectives) and all(
        objective.label and any(ch.isdigit() for ch in objective.label) for objective in objectives
    )
    return word, numbered


def build_draft(table: Table) -> PlanDraft:
    """Raise PlanImportError listing every problem, each with its row and column."""
    problems: list[Problem] = []
    objectives: list[ObjectiveDraft] = []
    objective, target = None, None
    # Kept columns of target rows, as a downloaded file defines them; any other is on actions.
    of_targets = {
        definition["name"]
        for definition in table.own_columns.values()
        if definition["applies_to"] == "targets"
    }
    responsible = Responsible()
    section, sections = "", []
    for number, row in enumerate(table.rows):
        cells = row.cells
        if row.section_title:
            if _starts_an_objective(table.rows[number + 1 :]):
                section = row.section_title
                sections.append((section, row.where))
                if row.section_column:
                    # Kept, as a section: not a cell of its column the import would lose.
                    table.cell_counts[row.section_column] -= 1
                continue
            if not any(cells.values()):
                continue  # a lone cell of an ignored column, as any other
        heading = cells.get(layout.OBJECTIVE, "")
        if heading and not (objective is not None and heading == objective.published):
            objective = _objective(row, heading)
            objectives.append(objective)
            target = None
        if objective is not None and section and section not in objective.sections:
            objective.sections.append(section)
        if row.heading_only:
            continue
        if objective is None:
            problems.append(
                Problem(
                    row.at(layout.OBJECTIVE),
                    "the first row must name its objective (an Objective column, or a row "
                    "of its own such as “Outcome 1: …” above it)",
                )
            )
            break
        row_responsible = Responsible(
            cells.get(layout.OWNER, ""),
            cells.get(layout.LEAD_OFFICER, ""),
            cells.get(layout.FUNDING, ""),
            row.where,
        )
        starts_target = bool(cells.get(layout.TARGET) or cells.get(TARGET_COLUMN))
        own_cells = (
            row_responsible.owner_wording,
            row_responsible.lead_officer_wording,
            row_responsible.funding_wording,
        )
        # Only a row with all three empty, inside a target row, shares the row above's (a merged
        # cell); a new target row does not inherit its owners.
        if any(own_cells) or starts_target or target is None:
            responsible = row_responsible
        if starts_target or target is None:
            wording = cells.get(layout.TARGET, "")
            target_wording = cells.get(TARGET_COLUMN, "")
            _fits(wording, Target, "wording", "the target", row.at(layout.TARGET), problems)
            _fits(
                target_wording,
                Target,
                "target_wording",
                "the target figure",
                row.at(TARGET_COLUMN),
                problems,
            )
            from_words = not (table.has_measures_column and cells.get(layout.MEASURES, "").strip())
            if from_words:
                # No Measures given for this target (an officer's own row): read the words.
                measures = measures_from_words(wording, target_wording)
            else:
                measures = _measures_from_cell(row, problems)
            target = TargetDraft(wording, target_wording, responsible, measures, row.where)
            target.wording_cy = cells.get(welsh(layout.TARGET), "")
            target.target_wording_cy = cells.get(welsh(TARGET_COLUMN), "")
            _fits(target.wording_cy, Target, "wording", "the target",
                  row.at(welsh(layout.TARGET)), problems)  # fmt: skip
            target.measures_read_from_words = from_words and bool(measures)
            if not starts_target:
                target.notes.append(
                    "no target or baseline is given: the actions are kept under a target row "
                    "with no words"
                )
            objective.targets.append(target)
            target.values = {h: t for h, t in row.kept.items() if h in of_targets}
        for heading in of_targets & set(row.kept):
            # A target row's value below its first row: the same (a merged cell) or misplaced.
            if row.kept[heading] != target.values.get(heading):
                problems.append(
                    Problem(
                        f"{row.where}, column {heading}",
                        f"“{heading}” belongs to target rows: give it on the target's first row",
                    )
                )
        kept = {h: t for h, t in row.kept.items() if h not in of_targets}
        texts = split_actions(cells.get(layout.ACTIONS, ""))
        row_actions = []
        for text in texts:
            _fits(text, Action, "text", "the action", row.at(layout.ACTIONS), problems)
            row_actions.append(ActionDraft(text, responsible, row.at(layout.ACTIONS), kept))
        _pair_welsh_actions(row, row_actions, problems)
        target.actions.extend(row_actions)
        _read_milestones(row, row_actions, problems)
        for heading, text in kept.items():
            _fits(text, Action, "text", f"the {heading} cell", f"{row.where}, column {heading}",
                  problems)  # fmt: skip
            if not texts:
                problems.append(
                    Problem(
                        f"{row.where}, column {heading}",
                        "a cell kept as a plan column on a row with no action: the plan's own "
                        "columns hold a value per action; move it to an action's row, or "
                        "ignore the column",
                    )
                )
    _number_objectives(objectives, problems)
    for objective in objectives:
        if not objective.targets:
            problems.append(
                Problem(objective.cell, f"“{objective.published[:60]}” has no rows under it")
            )
    if not objectives and not problems:
        problems.append(Problem("", "no objectives found"))
    if problems:
        raise PlanImportError(problems)
    word, numbered = plan_word(objectives, table)
    for objective in objectives:
        label = label_words(
            label=objective.label, word=word, numbered=numbered, number=objective.number
        )
        objective.heading = heading_words(label, objective.title)
    draft = PlanDraft(objectives, table.target_label, table, word, numbered, sections)
    draft.warnings = merged_column_warnings(draft)
    return draft


def _pair_welsh_actions(row: SourceRow, actions: list[ActionDraft], problems: list) -> None:
    """The Welsh Actions cell, split as the English one is, each action its English's Welsh."""
    texts = split_actions(row.cells.get(welsh(layout.ACTIONS), ""))
    if not texts:
        return
    where = row.at(welsh(layout.ACTIONS))
    if len(texts) != len(actions):
        problems.append(
            Problem(
                where,
                f"{len(texts)} actions in Welsh for {len(actions)} in English: give each "
                "action in both, in the same order",
            )
        )
        return
    for action, text in zip(actions, texts, strict=True):
        _fits(text, Action, "text", "the action", where, problems)
        action.text_cy = text


def _starts_an_objective(rows: list[SourceRow]) -> bool:
    """Whether the next row that is not itself a title starts an objective: then a lone title
    above it is a section title, not an objective of its own nor a row's words."""
    following = next((row for row in rows if not row.section_title), None)
    return following is not None and bool(following.cells.get(layout.OBJECTIVE))


def merged_column_warnings(draft: PlanDraft) -> list[str]:
    """A table read as one objective while an ignored column repeats its values down merged
    cells (*STAGE | ACTION | WHO | WHEN BY?*, each stage merged down its actions): that column
    looks like the objectives, and the officer is told how to make it so."""
    if len(draft.objectives) != 1 or draft.table is None:
        return []
    only = draft.objectives[0]
    return [
        f"Column “{heading}” repeats each of its {len(values)} values down merged cells "
        f"(“{'”, “'.join(value[:40] for value in values[:4])}”{'…' if len(values) > 4 else ''})"
        f", yet every action would go under the one objective “{only.heading[:60]}”: it looks "
        f"like the objectives. To make each of its values an objective, take it as the "
        f'Objective column (in the column list, or --map "Objective={heading}").'
        for heading, values, _covered in draft.table.merged_columns
        if len(values) > 1
    ]
