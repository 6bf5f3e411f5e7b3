"""The plan importer: a delivery-plan table in CSV, Excel or Word becomes a new plan.

    table = read_table(name, data, target_label=...)   # reading.py: file → rows
    draft = build_draft(table)                         # drafts.py: rows → objectives…
    plan = write_plan(draft=draft, partnership=..., …)  # writing.py: one transaction

Each step raises PlanImportError listing every problem with its row and column; nothing is
written unless the whole file is good. ``preview()`` says what would be created.
"""

from dataclasses import dataclass

from importer.drafts import PlanDraft, build_draft
from importer.errors import PlanImportError, Problem
from importer.reading import read_table
from importer.writing import resolve_names, write_plan

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


def read_draft(name: str, data: bytes, *, target_label: str | None = None) -> PlanDraft:
    return build_draft(read_table(name, data, target_label=target_label))


@dataclass
class Preview:
    draft: PlanDraft
    unknown_names: list[tuple[str, str, str]]  # (kind, name, where it first appears)
    # (kind, cell part, words matching nobody, where): linked to the names found, words kept.
    unmatched_words: list[tuple[str, str, str, str]]

    @property
    def counts(self) -> dict[str, int]:
        return {
            "objectives": len(self.draft.objectives),
            "targets": len(self.draft.targets),
            "measures": len(self.draft.measures),
            "actions": len(self.draft.actions),
        }


def preview(draft: PlanDraft) -> Preview:
    resolved = resolve_names(draft)
    return Preview(
        draft,
        resolved.unknown_names(),
        [
            (kind, part, leftover, where)
            for (kind, part), (leftover, where) in resolved.unmatched_words.items()
        ],
    )
