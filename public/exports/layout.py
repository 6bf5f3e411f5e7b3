"""The delivery plan grouped as the published tables show it, for the web page and the PDF.

The published table merges the Owner, Lead Officer and Funding cells over a run of actions that
share them. Here each run becomes one ``ResponsibilityGroup``; a target row with no actions still
gets one group carrying the target's own owner, lead officer and funding.
"""

from dataclasses import dataclass, field

from actions import delivery_table
from public.status import action_states, with_approved_updates


@dataclass
class ResponsibilityGroup:
    owner: str
    lead_officer: str
    funding: str
    actions: list = field(default_factory=list)

    @property
    def wording(self) -> tuple[str, str, str]:
        return (self.owner, self.lead_officer, self.funding)


@dataclass
class TargetRow:
    target: object
    groups: list[ResponsibilityGroup]

    @property
    def row_count(self) -> int:
        return len(self.groups)


@dataclass
class ObjectiveTable:
    objective: object
    targets: list[TargetRow]

    @property
    def heading(self) -> str:
        return delivery_table.objective_heading(self.objective)


def _wording(source) -> tuple[str, str, str]:
    return (source.owner_wording, source.lead_officer_wording, source.funding_wording)


def responsibility_groups(target) -> list[ResponsibilityGroup]:
    """Runs of the target's actions that share owner, lead officer and funding.

    An action with all three empty shares the row above, as a merged cell does in the published
    table (the same rule the importer follows, see ``actions.delivery_table``).
    """
    groups: list[ResponsibilityGroup] = []
    for action in target.actions.all():
        wording = _wording(action)
        if groups and (not any(wording) or wording == groups[-1].wording):
            groups[-1].actions.append(action)
            continue
        if not any(wording):
            wording = _wording(target)
        groups.append(ResponsibilityGroup(*wording, actions=[action]))
    if not groups:
        groups.append(ResponsibilityGroup(*_wording(target)))
    return groups


def delivery_plan_tables(plan) -> list[ObjectiveTable]:
    """One table per objective, in the published order, in a fixed number of queries. Each
    action carries its ``assessment`` (its state, as every other surface shows it)."""
    objectives = list(with_approved_updates(delivery_table.plan_objectives(plan)))
    states = action_states(plan, objectives)
    for objective in objectives:
        for target in objective.targets.all():
            for action in target.actions.all():
                action.assessment = states[action.pk]
    return [
        ObjectiveTable(
            objective=objective,
            targets=[
                TargetRow(target=target, groups=responsibility_groups(target))
                for target in objective.targets.all()
            ],
        )
        for objective in objectives
    ]
