"""Match the names in a draft plan to organisations, officers and funds, then write it.

Owner, Lead Officer and Funding cells are split on "/" and each name matched by name or alias,
ignoring case. An unknown name is an error naming its row, because a misspelt agency would
silently lose its actions from that agency's "my actions" page. ``create_missing=True`` (the
command's ``--create-missing``) creates them instead, for a first import into an empty site.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from actions.models import Action
from cspplan.importer.drafts import PlanDraft, Responsible
from cspplan.importer.errors import PlanImportError, Problem
from cspplan.models import FundingSource, Officer, Organisation, Partnership, Plan
from objectives.models import Measure, Objective, Target

# Words in a Lead Officer cell that are not a person.
NOT_A_NAME = {"tbc", "to be confirmed", "n/a", "none", "various", "all"}


def split_names(cell: str) -> list[str]:
    names = []
    for line in cell.replace("\n", "/").split("/"):
        name = " ".join(line.split()).strip(" ,;")
        if name and name.lower() not in NOT_A_NAME and name not in names:
            names.append(name)
    return names


@dataclass
class Resolved:
    organisations: dict[str, Organisation | None] = field(default_factory=dict)
    officers: dict[str, Officer | None] = field(default_factory=dict)
    funds: dict[str, FundingSource | None] = field(default_factory=dict)
    # (kind, name) -> the first place it appears, for the error message and the preview.
    unknown: dict[tuple[str, str], str] = field(default_factory=dict)

    def unknown_names(self) -> list[tuple[str, str, str]]:
        return [(kind, name, where) for (kind, name), where in self.unknown.items()]


def _find_officer(name: str) -> Officer | None:
    for officer in Officer.objects.all():
        if name.lower() in {officer.name.lower(), str(officer).lower()}:
            return officer
    return None


def resolve_names(draft: PlanDraft) -> Resolved:
    resolved = Resolved()
    responsibilities = [t.responsible for t in draft.targets] + [
        a.responsible for a in draft.actions
    ]
    for responsible in responsibilities:
        for kind, cell, table, finder in (
            ("organisation", responsible.owner_wording, resolved.organisations, _find_org),
            ("officer", responsible.lead_officer_wording, resolved.officers, _find_officer),
            ("funding source", responsible.funding_wording, resolved.funds, _find_fund),
        ):
            for name in split_names(cell):
                if name not in table:
                    table[name] = finder(name)
                if table[name] is None:
                    resolved.unknown.setdefault((kind, name), responsible.where)
    return resolved


def _find_org(name: str) -> Organisation | None:
    return Organisation.objects.matching(name).first()


def _find_fund(name: str) -> FundingSource | None:
    return FundingSource.objects.filter(name__iexact=name).first()


def _unique_slug(model, base: str) -> str:
    base = slugify(base)[:45] or "item"
    slug, number = base, 2
    while model._default_manager.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _create_missing(resolved: Resolved) -> None:
    for (kind, name), _where in resolved.unknown.items():
        if kind == "organisation":
            resolved.organisations[name] = Organisation.objects.create(
                name=name, slug=_unique_slug(Organisation, name)
            )
        elif kind == "officer":
            resolved.officers[name] = Officer.objects.create(
                name=name, slug=_unique_slug(Officer, name)
            )
        else:
            resolved.funds[name] = FundingSource.objects.create(
                name=name, slug=_unique_slug(FundingSource, name)
            )
    resolved.unknown.clear()


def _set_responsibility(record, responsible: Responsible, resolved: Resolved) -> None:
    record.owners.set(resolved.organisations[n] for n in split_names(responsible.owner_wording))
    record.lead_officers.set(
        resolved.officers[n] for n in split_names(responsible.lead_officer_wording)
    )
    record.funding_sources.set(resolved.funds[n] for n in split_names(responsible.funding_wording))


def _wording(responsible: Responsible) -> dict:
    return {
        "owner_wording": responsible.owner_wording[:300],
        "lead_officer_wording": responsible.lead_officer_wording[:300],
        "funding_wording": responsible.funding_wording[:300],
    }


@transaction.atomic
def write_plan(
    *,
    draft: PlanDraft,
    partnership: Partnership,
    title: str,
    start: datetime.date,
    end: datetime.date,
    target_label: str | None = None,
    publish: bool = False,
    create_missing: bool = False,
    by=None,
) -> Plan:
    """Create the plan from the draft in one transaction; raise PlanImportError before writing
    anything when a name is unknown (unless ``create_missing``)."""
    resolved = resolve_names(draft)
    if resolved.unknown and not create_missing:
        raise PlanImportError(
            [
                Problem(
                    where,
                    f"unknown {kind} “{name}”; add it (or an alias) first, or import "
                    "with --create-missing",
                )
                for kind, name, where in resolved.unknown_names()
            ]
        )
    _create_missing(resolved)
    if end <= start:
        raise PlanImportError.single(f"the plan must end after it starts ({start} to {end})")
    plan = Plan(
        partnership=partnership,
        title=title,
        slug=_unique_slug(Plan, f"{partnership.slug}-{title}"),
        period_start=start,
        period_end=end,
        target_date=end,
        target_label=target_label or draft.target_label or "Target",
    )
    if publish:
        plan.publish()
    plan._history_user = by
    plan.save()
    for objective_draft in draft.objectives:
        objective = Objective.objects.create(
            plan=plan, number=objective_draft.number, title=objective_draft.title[:200]
        )
        for target_order, target_draft in enumerate(objective_draft.targets, start=1):
            target = Target.objects.create(
                objective=objective,
                order=target_order,
                wording=target_draft.wording,
                target_wording=target_draft.target_wording,
                **_wording(target_draft.responsible),
            )
            _set_responsibility(target, target_draft.responsible, resolved)
            for measure_order, fields in enumerate(target_draft.measures, start=1):
                measure = Measure(target=target, order=measure_order, **fields)
                try:
                    measure.full_clean(exclude=["target"])
                except Exception as error:  # ValidationError: name the row, write nothing
                    raise PlanImportError.single(
                        f"measure {measure_order} (“{measure.name}”) is not valid: {error}",
                        target_draft.where,
                    ) from None
                measure.save()
            for action_order, action_draft in enumerate(target_draft.actions, start=1):
                due_date, due_wording = action_draft.due
                action = Action.objects.create(
                    target=target,
                    order=action_order,
                    text=action_draft.text,
                    due_date=due_date,
                    due_wording=due_wording,
                    **_wording(action_draft.responsible),
                )
                _set_responsibility(action, action_draft.responsible, resolved)
    return plan
