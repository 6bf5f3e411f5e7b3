"""A Serious Violence strategy: a plan of its own kind with the duty's records, checked against
the Serious Violence Duty (PCSC Act 2022 Part 2 Chapter 1), saying which duty holders and
consultees are missing (issue 26)."""

import datetime

import pytest
from django.urls import reverse

from cspplan.models import Plan
from progress.duties import Outcome, check_plan
from strategies.models import (
    ConsultedAuthority,
    ConsultedKind,
    DutyHolder,
    SeriousViolenceStrategy,
    SpecifiedAuthority,
)
from tests import factories
from tests.personas import chair
from tests.public_plan_builder import build_public_plan

pytestmark = pytest.mark.django_db


def _strategy(**fields):
    plan = factories.PlanFactory(
        kind=Plan.Kind.SERIOUS_VIOLENCE, title="Serious Violence Strategy 2011 to 2012"
    )
    return SeriousViolenceStrategy.objects.create(plan=plan, **fields)


def _outcomes(report):
    return {duty.key: (duty.outcome, duty.finding) for duty in report.duties}


def test_the_checklist_names_the_missing_duty_holders_and_consultees():
    strategy = _strategy(local_definition="Violence with a weapon, in public or at home.")
    police = factories.OrganisationFactory(name="Invented Constabulary")
    council = factories.OrganisationFactory(name="Invented District Council")
    DutyHolder.objects.create(strategy=strategy, authority="police", organisation=police)
    DutyHolder.objects.create(strategy=strategy, authority="local_authority", organisation=council)
    ConsultedAuthority.objects.create(
        strategy=strategy,
        kind=ConsultedKind.EDUCATIONAL,
        name="Invented schools forum",
        consulted_on=datetime.date(2011, 6, 1),
    )
    # Invented for the demonstration site: never counts.
    ConsultedAuthority.objects.create(
        strategy=strategy,
        kind=ConsultedKind.PRISON,
        name="Demonstration: HMP Invented",
        consulted_on=datetime.date(2011, 6, 1),
        demonstration=True,
    )
    report = check_plan(strategy.plan)
    outcomes = _outcomes(report)
    assert "Serious Violence Duty" in report.law
    holders_outcome, holders = outcomes["duty_holders"]
    assert holders_outcome == Outcome.NOT_MET
    assert "2 of 6 specified authorities are named" in holders
    for missing in ("Fire and rescue", "Youth offending team", "Probation", "Integrated care"):
        assert missing in holders
    consulted_outcome, consulted = outcomes["consulted"]
    assert consulted_outcome == Outcome.NOT_RECORDED
    assert "prison authority and youth custody authority" in consulted
    assert outcomes["definition"][0] == Outcome.MET
    assert outcomes["needs_assessment"][0] == Outcome.NOT_RECORDED


def test_every_duty_holder_and_consultee_recorded_meets_those_duties():
    strategy = _strategy(
        needs_assessment_title="Strategic Needs Assessment 2011",
        needs_assessment_date=datetime.date(2011, 3, 1),
        data_sources="Police recorded crime; A&E assaults",
        publication_url="https://council.example.org/sv-strategy",
    )
    for authority in SpecifiedAuthority:
        DutyHolder.objects.create(
            strategy=strategy,
            authority=authority,
            organisation=factories.OrganisationFactory(name=f"Invented {authority.label}"),
        )
    for kind in ConsultedKind:
        ConsultedAuthority.objects.create(
            strategy=strategy,
            kind=kind,
            name=f"Invented {kind.label}",
            consulted_on=datetime.date(2011, 5, 1),
        )
    outcomes = _outcomes(check_plan(strategy.plan))
    for key in ("duty_holders", "consulted", "needs_assessment", "published"):
        assert outcomes[key][0] == Outcome.MET, key


def test_the_duties_page_of_a_strategy_shows_its_own_checklist(client):
    strategy = _strategy()
    client.force_login(chair(strategy.plan.partnership))
    page = client.get(reverse("dashboard:duties", args=[strategy.plan.slug])).content.decode()
    assert "Serious Violence Duty" in page
    assert "Youth offending team" in page


def test_a_published_strategy_is_public_beside_the_plan_in_force(client, settings):
    settings.DEFAULT_PARTNERSHIP_SLUG = "west-lancashire-csp"
    in_force = build_public_plan()
    strategy = factories.PlanFactory(
        partnership=in_force.plan.partnership,
        kind=Plan.Kind.SERIOUS_VIOLENCE,
        title="Serious Violence Strategy STRATEGYWORD",
        period_start=datetime.date(2011, 6, 1),
    )
    assert client.get(reverse("plans:detail", args=[strategy.slug])).status_code == 200
    home = client.get("/").content.decode()
    # The home page leads with the plan in force, not the newer strategy.
    assert f'<p class="lead"><a href="{in_force.plan.get_absolute_url()}">' in home
    partnership = client.get(reverse("partnership", args=["west-lancashire-csp"])).content.decode()
    assert "STRATEGYWORD" in partnership
