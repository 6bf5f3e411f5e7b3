"""An imported plan's records, built in memory from the draft and then written in bulk.

Saving each record through the ORM cost an import an INSERT per record, per history row and per
relation, and a query per relation for its history (issue 24: a 10,000-row plan took 359 times
as long as reading its file). Here every objective, target row, measure, action and milestone is
built first, and each measure checked as a save would check it (naming its row), so a bad file
writes nothing; then each kind is written in a few statements with its history
(``cspplan.history.create_in_bulk``): the same records, and the same history a reader sees, as
the row-by-row saves wrote (tests/importer/test_bulk_import.py proves it).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone

from actions.models import Action, Milestone
from cspplan.history import create_in_bulk
from importer.drafts import PlanDraft, Responsible
from importer.errors import PlanImportError
from objectives.models import Measure, Objective, Target


@dataclass
class NewRecords:
    objectives: list = field(default_factory=list)
    # id(objective draft) -> its objective: sections name the objectives under them.
    objective_of_draft: dict = field(default_factory=dict)
    targets: list = field(default_factory=list)
    target_relations: list = field(default_factory=list)
    measures: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    action_relations: list = field(default_factory=list)
    milestones: list = field(default_factory=list)
    # (draft, record) of every target row and action, in the file's order: their plan columns'
    # cells (``extra_columns.write_columns``).
    created: list = field(default_factory=list)

    def write(self, by=None) -> None:
        """Insert everything, parents first (a record's key is set by its insert)."""
        when = timezone.now()
        create_in_bulk(Objective, self.objectives, by=by, when=when)
        create_in_bulk(Target, self.targets, relations=self.target_relations, by=by, when=when)
        create_in_bulk(Measure, self.measures, by=by, when=when)
        create_in_bulk(Action, self.actions, relations=self.action_relations, by=by, when=when)
        create_in_bulk(Milestone, self.milestones, by=by, when=when)


def build(
    plan, draft: PlanDraft, relations_of: Callable[[Responsible], dict[str, list]]
) -> NewRecords:
    """Every record of ``draft`` under ``plan`` (saved), unsaved; ``relations_of``: the
    records a row's Owner, Lead Officer and Funding cells name. Raises PlanImportError naming
    the row of the first measure a save would refuse."""
    records = NewRecords()
    for objective_draft in draft.objectives:
        objective = Objective(
            plan=plan,
            number=objective_draft.number,
            title=objective_draft.title[:200],
            label=objective_draft.label[:50],
        )
        records.objectives.append(objective)
        records.objective_of_draft[id(objective_draft)] = objective
        for target_order, target_draft in enumerate(objective_draft.targets, start=1):
            target = Target(
                objective=objective,
                order=target_order,
                wording=target_draft.wording,
                target_wording=target_draft.target_wording,
                **wording(target_draft.responsible),
            )
            records.targets.append(target)
            records.target_relations.append(relations_of(target_draft.responsible))
            records.created.append((target_draft, target))
            for measure_order, fields in enumerate(target_draft.measures, start=1):
                records.measures.append(
                    _checked_measure(target, measure_order, fields, target_draft)
                )
            for action_order, action_draft in enumerate(target_draft.actions, start=1):
                due_date, due_wording = action_draft.due
                action = Action(
                    target=target,
                    order=action_order,
                    text=action_draft.text,
                    due_date=due_date,
                    due_wording=due_wording,
                    **wording(action_draft.responsible),
                )
                records.actions.append(action)
                records.action_relations.append(relations_of(action_draft.responsible))
                records.milestones += [
                    Milestone(action=action, **fields) for fields in action_draft.milestones
                ]
                records.created.append((action_draft, action))
    return records


def wording(responsible: Responsible) -> dict:
    return {
        "owner_wording": responsible.owner_wording[:300],
        "lead_officer_wording": responsible.lead_officer_wording[:300],
        "funding_wording": responsible.funding_wording[:300],
    }


def _checked_measure(target, order, fields, target_draft) -> Measure:
    fields = {k: v for k, v in fields.items() if not k.startswith("_")}
    measure = Measure(target=target, order=order, **fields)
    try:
        measure.full_clean(exclude=["target"])
    except ValidationError as error:  # name the row, write nothing
        raise PlanImportError.single(
            f"measure {order} (“{measure.name}”) is not valid: {error}", target_draft.where
        ) from None
    return measure
