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
from django.db import IntegrityError, transaction
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
    # (measure, its place in its row, the row's place in the file), to name a refused one.
    measure_rows: list = field(default_factory=list)
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
        self._write_measures(by, when)
        create_in_bulk(Action, self.actions, relations=self.action_relations, by=by, when=when)
        create_in_bulk(Milestone, self.milestones, by=by, when=when)

    def _write_measures(self, by, when) -> None:
        """The database checks what a measure's figures must agree on (``Measure.Meta``'s
        constraints) as they are inserted, which costs nothing; checking each one before,
        as a save does, cost two queries a measure. Refused, the first measure the same check
        refuses is named by its row (the insert is undone; the import writes nothing)."""
        try:
            with transaction.atomic():
                create_in_bulk(Measure, self.measures, by=by, when=when)
        except IntegrityError:
            for measure, order, where in self.measure_rows:
                try:
                    measure.validate_constraints(exclude=["target"])
                except ValidationError as error:
                    raise _refused(measure, order, where, error) from None
            raise


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
            **_welsh(title_cy=objective_draft.title_cy[:200]),
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
                **_welsh(
                    wording_cy=target_draft.wording_cy,
                    target_wording_cy=target_draft.target_wording_cy,
                ),
                **wording(target_draft.responsible),
            )
            records.targets.append(target)
            records.target_relations.append(relations_of(target_draft.responsible))
            records.created.append((target_draft, target))
            for measure_order, fields in enumerate(target_draft.measures, start=1):
                measure = _checked_measure(target, measure_order, fields, target_draft)
                records.measures.append(measure)
                records.measure_rows.append((measure, measure_order, target_draft.where))
            for action_order, action_draft in enumerate(target_draft.actions, start=1):
                due_date, due_wording = action_draft.due
                action = Action(
                    target=target,
                    order=action_order,
                    text=action_draft.text,
                    **_welsh(text_cy=action_draft.text_cy),
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


def _welsh(**texts) -> dict:
    """The Welsh texts a bilingual table gave; none at all from a table in English alone, so
    its records are written exactly as before Welsh came."""
    return {name: text for name, text in texts.items() if text}


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
        # Its constraints are checked as it is inserted (``NewRecords._write_measures``).
        measure.full_clean(exclude=["target"], validate_constraints=False)
    except ValidationError as error:  # name the row, write nothing
        raise _refused(measure, order, target_draft.where, error) from None
    return measure


def _refused(measure, order, where, error) -> PlanImportError:
    return PlanImportError.single(
        f"measure {order} (“{measure.name}”) is not valid: {error}", where
    )
