"""A published plan with every kind of record the residents' pages show, built with factories,
and the list of its public addresses. Shared by the tests of the public site."""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from actions.models import ActionStatus
from cspplan.models import Partnership, Plan
from objectives.models import ApprovalStatus, Measure
from tests import factories

APPROVED = {"status": ApprovalStatus.APPROVED}


@dataclass
class PublicPlan:
    plan: Plan
    organisations: list = field(default_factory=list)
    officers: list = field(default_factory=list)
    priorities: list = field(default_factory=list)
    objectives: list = field(default_factory=list)
    targets: list = field(default_factory=list)
    measures: list = field(default_factory=list)
    actions: list = field(default_factory=list)

    def urls(self):
        """Every public page of this plan (and the site pages around it)."""
        slug = self.plan.slug
        return [
            reverse("home"),
            reverse("plans:list"),
            reverse("accessibility"),
            reverse("plans:detail", args=[slug]),
            reverse("plans:priorities", args=[slug]),
            *[reverse("plans:priority", args=[slug, p.slug]) for p in self.priorities],
            *[reverse("plans:objective", args=[slug, o.number]) for o in self.objectives],
            *[reverse("plans:organisation", args=[slug, o.slug]) for o in self.organisations],
            *[reverse("plans:officer", args=[slug, o.slug]) for o in self.officers],
        ]


def build_public_plan(
    *,
    partnership_slug="west-lancashire-csp",
    objectives=2,
    targets_per_objective=2,
    actions_per_target=2,
    measures_per_target=2,
    status=Plan.Status.PUBLISHED,
    label="",
):
    """A plan shaped like the seed: sections, themes and priorities, objectives with target rows,
    measures (some TBC) with approved and unapproved figures, actions with owners, lead officers
    (who have e-mail addresses), funding, and approved and unapproved updates.

    ``label`` is put into every text, so a test can look for (or rule out) this plan's words.
    """
    suffix = f" {label}" if label else ""
    plan_kwargs = {"status": status}
    if status == Plan.Status.DRAFT:
        plan_kwargs["published_at"] = None
    partnership = Partnership.objects.filter(slug=partnership_slug).first()
    if partnership is None:
        partnership = factories.PartnershipFactory(
            slug=partnership_slug, name=f"West Lancashire Community Safety Partnership{suffix}"
        )
    plan = factories.PlanFactory(
        partnership=partnership, title=f"Partnership Plan 2011 to 2012{suffix}", **plan_kwargs
    )
    built = PublicPlan(plan=plan)
    factories.PlanSectionFactory(
        plan=plan,
        order=1,
        slug="foreword",
        title="Foreword",
        body=f"I am delighted to introduce our plan.{suffix}",
        signatory_name="David Tilleray",
        signatory_role="Chairman, West Lancashire Community Safety Partnership",
    )
    factories.PlanSectionFactory(
        plan=plan,
        order=2,
        slug="vision",
        title="Vision",
        body=f"- To remain one of the safest boroughs to live, work and visit.{suffix}",
    )
    police = factories.OrganisationFactory(
        name=f"Lancashire Constabulary{suffix}", short_name="Police"
    )
    fire = factories.OrganisationFactory(name=f"Lancashire Fire and Rescue Service{suffix}")
    built.organisations = [police, fire]
    hill = factories.OfficerFactory(name=f"Andrew Hill{suffix}", organisation=police)
    hurst = factories.OfficerFactory(name=f"Geoff Hurst{suffix}", organisation=fire)
    built.officers = [hill, hurst]
    existing = factories.FundingSourceFactory(name=f"Existing budgets{suffix}")

    theme = factories.PriorityThemeFactory(plan=plan, name=f"Cross Cutting Themes{suffix}", order=1)
    for number in range(1, objectives + 1):
        objective = factories.ObjectiveFactory(
            plan=plan, number=number, title=f"Objective title {number}{suffix}"
        )
        built.objectives.append(objective)
        priority = factories.PriorityFactory(
            theme=theme, order=number, name=f"Priority {number}{suffix}"
        )
        priority.objectives.add(objective)
        built.priorities.append(priority)
        for row in range(1, targets_per_objective + 1):
            target = factories.TargetFactory(
                objective=objective,
                order=row,
                wording=f"Reduce incidents in row {number}.{row}{suffix}\n\nBaseline (TBC)",
                target_wording=f"To be confirmed{suffix}",
                owner_wording="Lancs. Police",
            )
            target.owners.add(police)
            target.lead_officers.add(hill)
            built.targets.append(target)
            for order in range(1, measures_per_target + 1):
                measure = factories.MeasureFactory(
                    target=target, order=order, name=f"Measure {number}.{row}.{order}{suffix}"
                )
                built.measures.append(measure)
                factories.MeasurementFactory(
                    measure=measure,
                    value=95,
                    period_label="Q1 2011/12",
                    source="Demonstration data",
                    approved_at=timezone.now(),
                    **APPROVED,
                )
                factories.MeasurementFactory(
                    measure=measure,
                    period_start=datetime.date(2011, 7, 1),
                    period_end=datetime.date(2011, 9, 30),
                    value=123456,
                    period_label="Q2 2011/12 awaiting approval",
                )
            # A TBC measure: its target must stay "To be confirmed", never 0.
            if measures_per_target:
                factories.MeasureFactory(
                    target=target,
                    order=measures_per_target + 1,
                    name=f"Measure to be confirmed {number}.{row}{suffix}",
                    direction=Measure.Direction.REDUCE,
                    target_state=Measure.ValueState.TO_BE_CONFIRMED,
                    target_value=None,
                    target_wording="",
                )
            for order in range(1, actions_per_target + 1):
                action = factories.ActionFactory(
                    target=target,
                    order=order,
                    text=f"Deliver activity {number}.{row}.{order}{suffix}",
                    owner_wording="Lancs. Police / LFRS",
                    funding_wording="Existing budgets",
                    owners=[police, fire],
                    lead_officers=[hill, hurst],
                    status=ActionStatus.ON_TRACK,
                )
                action.funding_sources.add(existing)
                built.actions.append(action)
                factories.ActionUpdateFactory(
                    action=action,
                    note=f"Approved progress on {number}.{row}.{order}{suffix}",
                    approval=ApprovalStatus.APPROVED,
                    approved_at=timezone.now(),
                )
                factories.ActionUpdateFactory(
                    action=action,
                    date=datetime.date(2011, 9, 30),
                    note="Unapproved note awaiting a plan manager",
                )
    return built
