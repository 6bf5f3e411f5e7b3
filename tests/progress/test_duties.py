"""The statutory checklist (progress/duties.py): each rule met and not met (or not recorded),
on a made-up plan that meets every duty and is then broken one duty at a time; the seed plan's
checklist says what the 2011 plan records."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultation.models import Consultation, EngagementEvent, EventPartner, YouSaidWeDid
from cspplan.models import Plan
from demonstration.engagement import load_demo_engagement
from progress.duties import Outcome, check_plan
from tests import factories

pytestmark = pytest.mark.django_db

HELD = datetime.date(2011, 9, 14)


def outcomes(plan):
    return {duty.key: duty.outcome for duty in check_plan(plan).duties}


def duty(plan, key):
    return next(d for d in check_plan(plan).duties if d.key == key)


@pytest.fixture
def plan():
    """A made-up plan for 2011–12 with everything the duties ask for recorded."""
    plan = factories.PlanFactory(
        strategy_group="Invented Borough Strategy Group",
        strategic_assessment_title="Invented Strategic Assessment 2010",
        strategic_assessment_date=datetime.date(2011, 1, 31),
    )
    agency = factories.OrganisationFactory(
        name="Invented Borough Police", is_responsible_authority=True
    )
    theme = factories.PriorityThemeFactory(plan=plan)
    for number, title in [(1, "Reduce re-offending"), (2, "Reduce drug and alcohol misuse")]:
        objective = factories.ObjectiveFactory(plan=plan, number=number, title=title)
        target = factories.TargetFactory(objective=objective)
        factories.MeasureFactory(target=target)
        factories.ActionFactory(target=target, owners=[agency])
        priority = factories.PriorityFactory(theme=theme, name=f"Priority about {title}")
        priority.objectives.add(objective)
    forum = factories.EngagementEventFactory(
        plan=plan, kind=EngagementEvent.Kind.PUBLIC_MEETING, date=HELD, name="Invented forum"
    )
    EventPartner.objects.create(event=forum, organisation=agency, senior=True)
    return plan


def test_a_plan_with_everything_recorded_meets_every_duty_that_applies(plan):
    report = check_plan(plan)

    assert {d.key: d.outcome for d in report.duties} == {
        "strategy_group": Outcome.MET,
        "plan_for_the_year": Outcome.MET,
        "strategic_assessment": Outcome.MET,
        "priorities_addressed": Outcome.MET,
        "responsible_bodies": Outcome.MET,
        "actions": Outcome.MET,
        "targets": Outcome.MET,
        "reoffending": Outcome.MET,
        "substance_misuse": Outcome.MET,
        "consultation": Outcome.MET,
        "public_meeting": Outcome.MET,
        # The plan's year ended before 22 November 2012.
        "sent_to_pcc": Outcome.DOES_NOT_APPLY,
    }
    assert report.summary == "11 of 11 met"


def test_every_duty_names_where_it_comes_from(plan):
    for item in check_plan(plan).duties:
        assert "SI 2007/1830" in item.regulation or "Crime and Disorder Act" in item.regulation
    assert duty(plan, "public_meeting").regulation == "SI 2007/1830, reg 12(4)"
    assert duty(plan, "sent_to_pcc").regulation.startswith("SI 2007/1830, reg 13A")


def test_without_a_strategy_group_it_is_not_recorded(plan):
    Plan.objects.filter(pk=plan.pk).update(strategy_group="")
    plan.refresh_from_db()

    found = duty(plan, "strategy_group")
    assert found.outcome == Outcome.NOT_RECORDED
    assert found.fix.url == f"/admin/cspplan/plan/{plan.pk}/change/"


def test_a_plan_of_several_years_or_a_draft_is_not_revised_for_the_year(plan):
    plan.period_end = datetime.date(2014, 3, 31)
    assert duty(plan, "plan_for_the_year").outcome == Outcome.NOT_MET
    plan.period_end = datetime.date(2012, 3, 31)
    plan.status = Plan.Status.DRAFT
    assert duty(plan, "plan_for_the_year").outcome == Outcome.NOT_MET


def test_without_a_strategic_assessment_it_is_not_recorded(plan):
    plan.strategic_assessment_title = ""
    assert duty(plan, "strategic_assessment").outcome == Outcome.NOT_RECORDED
    plan.strategic_assessment_url = "https://example.org/invented-assessment.pdf"
    assert duty(plan, "strategic_assessment").outcome == Outcome.MET


def test_a_priority_no_objective_addresses_is_not_met_and_named(plan):
    orphan = factories.PriorityFactory(theme=plan.priority_themes.get(), name="Invented worry")

    found = duty(plan, "priorities_addressed")
    assert found.outcome == Outcome.NOT_MET
    assert "Invented worry" in found.finding
    assert [gap.url for gap in found.gaps] == [f"/admin/priorities/priority/{orphan.pk}/change/"]


def test_a_plan_without_priorities_has_none_recorded(plan):
    plan.priorities.all().delete()
    assert duty(plan, "priorities_addressed").outcome == Outcome.NOT_RECORDED


def test_an_objective_with_no_owner_no_action_or_no_target_fails_each_check_alone(plan):
    bare = factories.ObjectiveFactory(plan=plan, number=3, title="Invented bare objective")
    target = factories.TargetFactory(objective=bare)

    checked = outcomes(plan)
    assert checked["responsible_bodies"] == Outcome.NOT_MET
    assert checked["actions"] == Outcome.NOT_MET
    assert checked["targets"] == Outcome.NOT_MET
    assert [g.label for g in duty(plan, "actions").gaps] == [str(bare)]

    # An owner on the target row names the responsible body without any action.
    target.owners.add(factories.OrganisationFactory())
    assert outcomes(plan)["responsible_bodies"] == Outcome.MET
    factories.ActionFactory(target=target)
    assert outcomes(plan)["actions"] == Outcome.MET


def test_a_recorded_reason_stands_in_for_a_target_but_a_tbc_target_does_not(plan):
    objective = plan.objectives.get(number=1)
    measure = objective.targets.get().measures.get()
    measure.target_state, measure.target_value = "to_be_agreed", None
    measure.save()
    assert duty(plan, "targets").outcome == Outcome.NOT_MET

    objective.no_target_reason = "The invented national measure is not yet defined."
    objective.save()
    assert duty(plan, "targets").outcome == Outcome.MET


def test_a_plan_that_never_names_reoffending_does_not_meet_that_duty(plan):
    plan.objectives.filter(number=1).update(title="Reduce invented crime")
    plan.priorities.filter(name__icontains="offending").update(name="Invented crime")

    assert duty(plan, "reoffending").outcome == Outcome.NOT_MET


def test_substance_misuse_needs_alcohol_as_well_as_drugs(plan):
    plan.objectives.filter(number=2).update(title="Reduce drug misuse")
    plan.priorities.filter(name__icontains="drug").update(name="Drugs")

    found = duty(plan, "substance_misuse")
    assert found.outcome == Outcome.NOT_MET
    assert found.finding == "No objective or priority names alcohol."


def test_consultation_counts_only_what_was_held_in_the_plans_year(plan):
    plan.engagement_events.update(date=datetime.date(2010, 6, 1))
    assert outcomes(plan)["consultation"] == Outcome.NOT_RECORDED

    factories.SurveyFactory(partnership=plan.partnership, year=2011)
    assert outcomes(plan)["consultation"] == Outcome.MET


def test_an_open_consultation_in_the_year_counts_as_consultation(plan):
    plan.engagement_events.all().delete()
    factories.ConsultationFactory(
        plan=plan, opens_at=datetime.datetime(2011, 10, 1, tzinfo=datetime.UTC)
    )
    assert outcomes(plan)["consultation"] == Outcome.MET


def test_a_public_meeting_needs_a_date_in_the_year_and_another_kind_of_event_is_not_one(plan):
    plan.engagement_events.update(kind=EngagementEvent.Kind.WORKSHOP)
    assert outcomes(plan)["public_meeting"] == Outcome.NOT_RECORDED
    assert outcomes(plan)["consultation"] == Outcome.MET

    plan.engagement_events.update(kind=EngagementEvent.Kind.PUBLIC_MEETING, date=None)
    found = duty(plan, "public_meeting")
    assert found.outcome == Outcome.NOT_RECORDED
    assert "Recorded without a date: Invented forum" in found.finding


def test_sending_the_plan_to_the_pcc_applies_from_november_2012(plan):
    plan.period_start, plan.period_end = datetime.date(2013, 4, 1), datetime.date(2014, 3, 31)
    plan.target_date = plan.period_end
    assert duty(plan, "sent_to_pcc").outcome == Outcome.NOT_RECORDED

    plan.sent_to_pcc_on = datetime.date(2013, 5, 2)
    found = duty(plan, "sent_to_pcc")
    assert found.outcome == Outcome.MET
    assert found.finding == "Sent on 2 May 2013."


def test_the_checklist_costs_the_same_queries_whatever_the_plans_size(plan):
    with CaptureQueriesContext(connection) as small:
        check_plan(plan)
    for number in range(3, 13):
        objective = factories.ObjectiveFactory(plan=plan, number=number)
        factories.ActionFactory(target=factories.TargetFactory(objective=objective))
        factories.EngagementEventFactory(plan=plan)
    with CaptureQueriesContext(connection) as large:
        check_plan(plan)

    # Objectives, priorities, events and who attended them, surveys, consultations, the
    # responsible authorities the plan names.
    assert len(small.captured_queries) == len(large.captured_queries) == 7


def test_the_seed_plans_checklist_says_what_the_2011_plan_records():
    call_command("loaddata", "west_lancashire_2011_12", verbosity=0)
    plan = Plan.objects.get(slug="west-lancashire-2011-12")

    report = {d.key: d for d in check_plan(plan).duties}

    # Background: "the West Lancashire Strategic Review Group fulfills this role".
    assert report["strategy_group"].outcome == Outcome.MET
    assert "West Lancashire Strategic Review Group" in report["strategy_group"].finding
    # Written "following the production of the Strategic Assessment", which it does not date.
    assert report["strategic_assessment"].finding == (
        "The plan answers the Strategic Assessment, date not recorded."
    )
    # No objective, target or action mentions child sexual exploitation or metal theft.
    assert report["priorities_addressed"].outcome == Outcome.NOT_MET
    assert [g.label for g in report["priorities_addressed"].gaps] == [
        "Child Sexual Exploitation",
        "Metal Theft",
    ]
    # Objective 1's targets are all to be agreed or confirmed, with no reason recorded.
    assert report["targets"].outcome == Outcome.NOT_MET
    assert "Objective 1: Reduce Re-offending" in [g.label for g in report["targets"].gaps]
    assert report["reoffending"].outcome == Outcome.MET
    assert report["substance_misuse"].outcome == Outcome.MET
    # Face the People and the Community Beat Events are planned actions with no date; the
    # Citizens Survey is of 2010, before the plan's year.
    assert report["consultation"].outcome == Outcome.NOT_RECORDED
    assert report["public_meeting"].outcome == Outcome.NOT_RECORDED
    assert "Face the People" in report["public_meeting"].finding
    assert report["sent_to_pcc"].outcome == Outcome.DOES_NOT_APPLY


def test_demonstration_records_never_meet_a_duty():
    """`make run`'s invented Face the People and consultations (``load_demo_engagement``) are
    marked as demonstrations by the loader, and the checklist leaves them out."""
    call_command("loaddata", "west_lancashire_2011_12", verbosity=0)
    plan = Plan.objects.get(slug="west-lancashire-2011-12")
    load_demo_engagement(plan)

    report = {d.key: d for d in check_plan(plan).duties}

    assert report["consultation"].outcome == Outcome.NOT_RECORDED
    assert report["public_meeting"].outcome == Outcome.NOT_RECORDED
    assert "Demonstration" not in report["consultation"].finding
    assert "Demonstration" not in report["public_meeting"].finding
    # The seed's own events (Face the People, PACT meetings…) stay real.
    assert plan.engagement_events.filter(demonstration=False).count() == 3
    assert plan.engagement_events.filter(demonstration=True).count() == 2
    assert not plan.consultations.filter(demonstration=False).exists()
    assert not plan.you_said_we_did.filter(demonstration=False).exists()


def test_a_real_record_titled_like_a_demonstration_still_counts(plan):
    """Demonstrations are known by their flag, not by words a plan manager may also use."""
    plan.engagement_events.update(name="Demonstration: how the new CCTV works")
    assert outcomes(plan)["public_meeting"] == Outcome.MET


def test_the_migration_flags_demonstration_records_loaded_before_the_flag_existed():
    call_command("loaddata", "west_lancashire_2011_12", verbosity=0)
    plan = Plan.objects.get(slug="west-lancashire-2011-12")
    load_demo_engagement(plan)
    for model in (EngagementEvent, Consultation, YouSaidWeDid):
        model.objects.update(demonstration=False)  # as loaded before 0007
    real = factories.EngagementEventFactory(
        plan=factories.PlanFactory(), slug="demo-face-the-people-ormskirk"
    )
    migration = importlib.import_module("consultation.migrations.0007_flag_demonstration_records")

    migration.flag_existing_demonstrations(django_apps, None)

    assert EngagementEvent.objects.filter(demonstration=True).count() == 2
    assert Consultation.objects.filter(demonstration=True).count() == 2
    assert YouSaidWeDid.objects.filter(demonstration=True).count() == 1
    real.refresh_from_db()
    assert not real.demonstration
