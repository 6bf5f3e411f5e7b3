"""The plan importer: a delivery-plan table in CSV, Excel or Word becomes a new plan.

    table = read_table(name, data, target_label=..., mapping=...)  # reading*.py: file → rows
    draft = build_draft(table)                         # drafts.py: rows → objectives…
    plan = write_plan(draft=draft, partnership=..., …)  # writing.py: one transaction

Each step raises PlanImportError listing every problem with its row and column; nothing is
written unless the whole file is good. ``preview()`` says what would be created.
"""

from dataclasses import dataclass, field

from importer import extra_columns
from importer.columns import ColumnUse
from importer.drafts import PlanDraft, build_draft
from importer.errors import PlanImportError, Problem
from importer.preview import objective_rows, proposed
from importer.reading import read_table
from importer.writing import flag_agencies, resolve_names, write_plan

__all__ = [
    "PlanDraft",
    "PlanImportError",
    "Preview",
    "Problem",
    "build_draft",
    "preview",
    "read_draft",
    "read_table",
    "write_plan",
]


def read_draft(
    name: str,
    data: bytes,
    *,
    target_label: str | None = None,
    mapping: dict[str, str] | None = None,
    keep_all: bool = False,
) -> PlanDraft:
    """``mapping``: heading as written → field (``columns.FIELDS``), the officer's choice;
    ``keep_all``: keep every column not otherwise taken nor ignored (``extra_columns``)."""
    return build_draft(
        read_table(name, data, target_label=target_label, mapping=mapping, keep_all=keep_all)
    )


@dataclass
class Preview:
    draft: PlanDraft
    unknown_names: list[tuple[str, str, str]]  # (kind, name, where it first appears)
    # (kind, cell part, words matching nobody, where): linked to the names found, words kept.
    unmatched_words: list[tuple[str, str, str, str]]
    # (kind, name as written, what it would be created as, where)
    proposals: list[tuple[str, str, str, str]]
    objectives: list[dict]  # preview.objective_rows: each objective, target row and action
    # Agencies of other partnerships' plans the plan manager must confirm (writing.flag_agencies)
    agencies_to_confirm: list = field(default_factory=list)

    @property
    def columns(self) -> list[ColumnUse]:
        return self.draft.table.columns if self.draft.table else []

    @property
    def notes(self) -> list[str]:
        table = self.draft.table
        if table is None:
            return []
        notes = list(table.notes)
        notes += [
            f"Skipped a title row above the headings: “{row[:80]}”" for row in table.title_rows
        ]
        notes += [
            f"The section title “{title[:80]}” ({where}) is kept as a theme of the plan, "
            "with the objectives below it (shown on the plan's priorities page)."
            for title, where in self.draft.sections
        ]
        return notes

    @property
    def not_kept(self) -> list[extra_columns.NotKept]:
        """Every column with cells the import will not keep, and why."""
        return extra_columns.not_kept(self.draft.table) if self.draft.table else []

    @property
    def unchosen(self) -> list[extra_columns.NotKept]:
        """The columns the officer must keep or ignore before the import may go on."""
        return [item for item in self.not_kept if item.needs_choice]

    @property
    def kept_columns(self) -> list[extra_columns.KeptColumn]:
        return extra_columns.kept_columns(self.draft)

    @property
    def warnings(self) -> list[str]:
        """What looks wrong though it can be imported: the officer should check it first."""
        return self.draft.warnings

    @property
    def guessed_columns(self) -> bool:
        return any(use.is_guess for use in self.columns)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "objectives": len(self.draft.objectives),
            "targets": len(self.draft.targets),
            "measures": len(self.draft.measures),
            "actions": len(self.draft.actions),
        }


def preview(draft: PlanDraft, partnership=None) -> Preview:
    """What importing ``draft`` into ``partnership`` (None: a new one) would create."""
    resolved = resolve_names(draft)
    flag_agencies(resolved, partnership)
    return Preview(
        draft,
        resolved.unknown_names(),
        [
            (kind, part, leftover, where)
            for (kind, part), (leftover, where) in resolved.unmatched_words.items()
        ],
        [
            (kind, name, proposed(kind, name), where)
            for kind, name, where in resolved.unknown_names()
        ],
        objective_rows(draft, resolved),
        resolved.agencies_to_confirm,
    )
