"""What an import will create, cell by cell, for a person to check before anything is written.

Each objective, target row and action as it will be created; what was understood from each
cell (the agencies, people and funds it names, a target's measure); and what was guessed —
a column taken by its wording, an objective numbered in order, a measure read from words, a
name the site does not know that would be created — marked as a guess.
"""

from dataclasses import dataclass, field

from importer.cells import read_funding, read_person
from importer.drafts import PlanDraft, Responsible
from importer.extra_columns import counted_cells
from importer.writing import Resolved, split_names
from objectives.models import Measure

_STATES = dict(Measure.ValueState.choices)


@dataclass
class Item:
    """One thing understood from a cell; ``guess`` when it is a guess the officer should check."""

    text: str
    guess: bool = False


@dataclass
class CellReading:
    column: str
    items: list[Item] = field(default_factory=list)


def describe_measure(fields: dict) -> str:
    direction = Measure.Direction(fields.get("direction") or Measure.Direction.DELIVER).label
    parts = [f"{fields.get('name') or 'Measure'}: {direction.split(' (')[0].lower()}"]
    for side in ("baseline", "target"):
        state = fields.get(f"{side}_state", Measure.ValueState.TO_BE_CONFIRMED)
        if state == Measure.ValueState.KNOWN:
            unit = "%" if fields.get("unit") == Measure.Unit.PERCENT else ""
            parts.append(f"{side} {fields.get(f'{side}_value')}{unit}")
        elif state != Measure.ValueState.NOT_APPLICABLE:
            parts.append(f"{side} {_STATES[state].lower()}")
    if fields.get("_understood"):
        parts.append(fields["_understood"])
    return "; ".join(parts)


def _names(kind: str, cell: str, table: dict, resolved: Resolved) -> list[Item]:
    items = []
    for part in split_names(cell):
        for piece in resolved.pieces.get(part, [part]):
            records = table.get(piece, [])
            if records:
                items.extend(Item(str(record)) for record in records)
                items.extend(
                    Item(f"“{alias}” matched through the alias of {named}", guess=True)
                    for alias, named in resolved.through_alias.get(piece, [])
                )
                items.extend(
                    Item(
                        f"{record} works in another partnership’s plans and in none of this "
                        "partnership’s: confirm it below before it owns anything here",
                        guess=True,
                    )
                    for record in records
                    if record in resolved.agencies_to_confirm
                )
                leftover = resolved.unmatched_words.get((kind, piece))
                if leftover:
                    items.append(Item(f"“{leftover[0]}” names nobody known: kept in the words"))
            elif (kind, piece) in resolved.proposals:
                items.append(Item(f"new {kind}: {proposed(kind, piece)}", guess=True))
            if kind == "funding source":
                funding = read_funding(piece)
                if funding.amount is not None:
                    items.append(Item(f"amount £{funding.amount:,}", guess=True))
    return items


def proposed(kind: str, part: str) -> str:
    if kind == "officer":
        return read_person(part).describe()
    if kind == "funding source":
        return read_funding(part).source or part
    return part


def cell_readings(responsible: Responsible, resolved: Resolved) -> list[CellReading]:
    return [
        CellReading("Owner", _names("organisation", responsible.owner_wording,
                                    resolved.organisations, resolved)),
        CellReading("Lead Officer", _names("officer", responsible.lead_officer_wording,
                                           resolved.officers, resolved)),
        CellReading("Funding", _names("funding source", responsible.funding_wording,
                                      resolved.funds, resolved)),
    ]  # fmt: skip


def objective_rows(draft: PlanDraft, resolved: Resolved) -> list[dict]:
    """Everything the preview page shows under each objective."""
    objectives = []
    for objective in draft.objectives:
        targets = []
        for target in objective.targets:
            measures = [
                Item(describe_measure(fields), guess=target.measures_read_from_words)
                for fields in target.measures
            ]
            actions = []
            for action in target.actions:
                due_date, due_wording = action.due
                actions.append(
                    {
                        "text": action.text,
                        "where": action.where,
                        "due": due_date,
                        "due_wording": due_wording,
                        "cells": cell_readings(action.responsible, resolved),
                        "values": action.values,  # the plan's own columns kept
                    }
                )
            targets.append(
                {
                    "draft": target,
                    "measures": measures,
                    "notes": [Item(note, guess=True) for note in target.notes],
                    "cells": cell_readings(target.responsible, resolved),
                    "actions": actions,
                }
            )
        objectives.append(
            {
                "draft": objective,
                "notes": [Item(note, guess=True) for note in objective.notes],
                "targets": targets,
            }
        )
    return objectives


def column_lines(summary) -> list[str]:
    """How each column is read, the plan columns it will create and every column with cells it
    will not keep, those waiting for a choice marked so."""
    lines = ["Columns:"]
    for use in summary.columns:
        how = f"guess: {use.note}" if use.is_guess else use.how
        lines.append(f"  {use.heading} → {use.field_label} ({how})")
    for kept in summary.kept_columns:
        lines.append(f"Kept as a plan column: {kept.heading} ({kept.kind}, {kept.cells} cells)")
    for item in summary.not_kept:
        choose = "; CHOOSE: --keep or --ignore" if item.needs_choice else ""
        lines.append(
            f"Not kept: {item.use.heading}: {counted_cells(item.cells)} ({item.why}){choose}"
        )
    return lines


def preview_lines(summary) -> list[str]:
    """The preview as text, for ``import_plan --dry-run``: guesses marked "(guess)"."""
    lines = [
        *summary.notes,
        *(f"Check: {warning}" for warning in summary.warnings),
        *column_lines(summary),
    ]

    def items(label, found):
        text = "; ".join(f"{i.text}{' (guess)' if i.guess else ''}" for i in found) or "none"
        return f"      {label}: {text}"

    for objective in summary.objectives:
        draft = objective["draft"]
        under = "".join(f"; under the section “{section}”" for section in draft.sections)
        lines.append(f"{draft.heading} ({draft.where}{under})")
        lines += [f"  {note.text} (guess)" for note in objective["notes"]]
        for number, target in enumerate(objective["targets"], start=1):
            first = target["draft"].wording.split("\n")[0][:70]
            lines.append(f"    Target row {number} ({target['draft'].where}): {first}")
            lines.append(items("Measures", target["measures"]))
            lines += [items(cell.column, cell.items) for cell in target["cells"]]
            lines += [f"      {note.text} (guess)" for note in target["notes"]]
            for action in target["actions"]:
                lines.append(f"      Action ({action['where']}): {action['text'][:70]}")
    return lines
