"""The columns of an imported file that no field of ours holds: kept as the plan's own columns,
or ignored, by the officer's choice, never dropped without a word.

A column is *unchosen* when the importer would not keep its cells (a heading it does not know,
or a second column for a field already taken) and nobody said what to do with it, and at least
one of its cells holds something. The preview lists every column with the cells it will not
keep; the import refuses to go on while any column is unchosen, naming each
(``check_choices``). The officer chooses per column in the preview ("Keep as a plan column" or
"ignore", remembered for the partnership) or on the command line (``import_plan --keep
"Heading"``, ``--ignore "Heading"``, ``--keep-all``).

A kept column becomes a ``PlanColumn`` of the new plan on its actions, each action taking the
cell of the row it comes from (a merged cell: every row it spans), its kind guessed from its
cells (``guess_kind``): money if most cells hold an amount, a date if most give a date, a link
if every one is a web address, else text. The words are always kept as written.
"""

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from actions import delivery_table as layout
from actions.column_values import is_link, read_amount, read_cell, read_date
from importer.columns import IGNORE, KEEP, ColumnUse
from importer.errors import PlanImportError, Problem
from importer.headings import RECOGNISED
from objectives.models import Target
from objectives.plan_columns import PlanColumn

# Columns read but not kept for a reason of their own, with no choice to make: a new plan's
# progress starts from its updates, and identifiers are the old plan's.
NOT_KEPT_BY_DESIGN = {
    layout.STATUS: "an action's status comes from its updates",
    layout.OBJECTIVE_NUMBER: "the identifiers of the plan it came from",
    layout.TARGET_ID: "the identifiers of the plan it came from",
    layout.ACTION_ID: "the identifiers of the plan it came from",
}


@dataclass
class NotKept:
    """A column whose cells the import will not keep, and why."""

    use: ColumnUse
    cells: int  # non-empty cells
    why: str
    needs_choice: bool


def keep_all(uses: list[ColumnUse]) -> None:
    """``--keep-all``: every column not otherwise taken, and not ignored by choice, is kept."""
    for use in uses:
        if use.field == IGNORE and use.how != "mapped":
            use.field, use.how, use.note = KEEP, "mapped", "kept: --keep-all"


def not_kept(table) -> list[NotKept]:
    """Every column with cells the import will not keep, in the file's order."""
    found = []
    for use in table.columns:
        cells = table.cell_counts.get(use.heading, 0)
        if use.field in NOT_KEPT_BY_DESIGN:
            found.append(NotKept(use, cells, NOT_KEPT_BY_DESIGN[use.field], False))
        elif use.field == IGNORE and use.how == "mapped":
            found.append(NotKept(use, cells, "ignored, as chosen", False))
        elif use.field == IGNORE:
            found.append(NotKept(use, cells, use.note or "not a heading we know", cells > 0))
    return [item for item in found if item.cells]


def unchosen(table) -> list[NotKept]:
    return [item for item in not_kept(table) if item.needs_choice] if table else []


def check_choices(table) -> None:
    """Refuse to import while any column with cells has neither been kept nor ignored."""
    missing = unchosen(table)
    if not missing:
        return
    names = ", ".join(f"“{item.use.heading}” ({counted_cells(item.cells)})" for item in missing)
    first = missing[0].use.heading
    raise PlanImportError(
        [
            Problem(
                "",
                f"these columns would not be kept: {names}. Choose for each: keep it as a plan "
                f'column or ignore it (in the preview; import_plan: --keep "{first}", '
                f'--ignore "{first}", or --keep-all)',
            )
        ]
    )


def counted_cells(number: int) -> str:
    return f"{number} cell" if number == 1 else f"{number} cells"


def guess_kind(texts: list[str]) -> str:
    """Money if most cells hold an amount ("£5,000 (CDRP fund)"; "Staff Time" among them), a
    date if most give a date, a link if every one is a web address, else text."""
    texts = [text for text in texts if text.strip()]
    if not texts:
        return PlanColumn.Kind.TEXT
    half = len(texts) / 2
    if all(is_link(text) for text in texts):
        return PlanColumn.Kind.LINK
    if sum(read_amount(text) is not None for text in texts) > half:
        return PlanColumn.Kind.MONEY
    if sum(read_date(text) is not None for text in texts) > half:
        return PlanColumn.Kind.DATE
    return PlanColumn.Kind.TEXT


@dataclass
class KeptColumn:
    heading: str
    kind: str
    cells: int
    applies_to: str = PlanColumn.AppliesTo.ACTIONS
    choices: str = ""


def kept_columns(draft) -> list[KeptColumn]:
    """The plan columns the import will create: as a downloaded file defines them, else on
    actions with the kind guessed from their cells."""
    table = draft.table
    if table is None:
        return []
    texts: dict[str, list[str]] = {}
    for record in [*draft.targets, *draft.actions]:
        for heading, text in record.values.items():
            texts.setdefault(heading, []).append(text)
    kept = []
    for use in table.columns:
        if use.field != KEEP:
            continue
        cells = texts.get(use.heading, [])
        defined = table.own_columns.get(use.normalised)
        if defined:
            kept.append(
                KeptColumn(
                    use.heading,
                    defined["kind"],
                    len(cells),
                    defined["applies_to"],
                    defined["choices"],
                )
            )
        else:
            # A heading known as a plan column of a kind ("Resource requirement": money,
            # importer/headings.py) keeps that kind; any other is guessed from its cells.
            recognised = RECOGNISED.get(use.normalised)
            kind = recognised.kind if recognised and recognised.is_plan_column else ""
            kept.append(KeptColumn(use.heading, kind or guess_kind(cells), len(cells)))
    return kept


def write_columns(plan, draft, created) -> None:
    """Create the kept columns on ``plan`` and each record's values (``created``: the
    draft → record pairs written, target rows and actions), with their history."""
    from simple_history.utils import bulk_create_with_history

    from actions.models import ActionColumnValue, TargetColumnValue

    columns = {}
    for order, kept in enumerate(kept_columns(draft), start=1):
        column = PlanColumn(
            plan=plan,
            name=kept.heading[:200],
            kind=kept.kind,
            order=order,
            applies_to=kept.applies_to,
            choices=kept.choices,
        )
        try:
            column.full_clean(validate_unique=False)
        except ValidationError as error:
            messages = "; ".join(message for messages in error.message_dict.values()
                                 for message in messages)  # fmt: skip
            raise PlanImportError.single(
                f"the column “{kept.heading}” cannot be kept as a plan column: {messages}"
            ) from None
        if column.name in {c.name for c in columns.values()}:
            raise PlanImportError.single(
                f"two columns are headed “{column.name}”; keep one of them, or rename one"
            )
        column.save()
        columns[kept.heading] = column
    values = {ActionColumnValue: [], TargetColumnValue: []}
    for record_draft, record in created:
        model = TargetColumnValue if isinstance(record, Target) else ActionColumnValue
        for heading, text in record_draft.values.items():
            column = columns[heading]
            try:
                value = read_cell(column, text)
            except ValueError as error:
                where = f"{record_draft.where}, column {heading}"
                raise PlanImportError.single(str(error), where) from None
            values[model].append(
                model(
                    **{model.record_field: record},
                    column=column,
                    text=value.text,
                    amount=value.amount,
                    date=value.date,
                )
            )
    for model, found in values.items():
        if found:
            bulk_create_with_history(found, model, batch_size=500)


def cell_counts(rows_cells) -> Counter:
    """Non-empty cells per heading, from (heading, text) pairs."""
    return Counter(heading for heading, text in rows_cells if text)
