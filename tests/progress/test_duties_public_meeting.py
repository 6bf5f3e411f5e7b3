"""Reg 12(4) in the statutory checklist (progress/duties.py): a public meeting in the year
attended by senior people from each responsible authority the plan names, judged only where
attendance was recorded."""

import datetime

import pytest

from consultation.models import EngagementEvent, EventPartner
from cspplan.models import Organisation
from progress.duties import Outcome, check_plan
from tests import factories

pytestmark = pytest.mark.django_db


def public_meeting(plan):
    return next(d for d in check_plan(plan).duties if d.key == "public_meeting")


@pytest.fixture
def plan():
    """An invented 2011–12 plan whose actions are owned by two responsible authorities and
    one voluntary group, with one public meeting held in the year."""
    plan = factories.PlanFactory()
    target = factories.TargetFactory(objective=factories.ObjectiveFactory(plan=plan))
    police = factories.OrganisationFactory(name="Invented Police", is_responsible_authority=True)
    council = factories.OrganisationFactory(name="Invented Council", is_responsible_authority=True)
    group = factories.OrganisationFactory(name="Invented Residents Group")
    factories.ActionFactory(target=target, owners=[police, group])
    target.owners.add(council)
    factories.EngagementEventFactory(
        plan=plan,
        kind=EngagementEvent.Kind.FACE_THE_PEOPLE,
        date=datetime.date(2011, 10, 5),
        name="Invented Face the People",
    )
    return plan


def attended(plan, name, *, senior):
    event = plan.engagement_events.get()
    organisation = Organisation.objects.get(name=name)
    EventPartner.objects.create(event=event, organisation=organisation, senior=senior)


def test_a_meeting_held_with_no_attendance_recorded_is_not_judged(plan):
    found = public_meeting(plan)
    assert found.outcome == Outcome.NOT_RECORDED
    assert "Which authorities sent someone senior is not recorded" in found.finding


def test_a_meeting_attended_by_senior_people_from_every_responsible_authority_is_met(plan):
    attended(plan, "Invented Police", senior=True)
    attended(plan, "Invented Council", senior=True)
    # The voluntary group is not a responsible authority: its absence does not count.
    found = public_meeting(plan)
    assert found.outcome == Outcome.MET
    assert "Invented Council and Invented Police" in found.finding


def test_an_authority_absent_or_not_senior_where_attendance_was_recorded_is_not_met(plan):
    attended(plan, "Invented Police", senior=True)
    attended(plan, "Invented Council", senior=False)
    found = public_meeting(plan)
    assert found.outcome == Outcome.NOT_MET
    assert found.finding.endswith("had none from Invented Council.")
    assert found.fix.label == "Record who attended Invented Face the People"


def test_the_meeting_that_came_closest_is_the_one_reported(plan):
    attended(plan, "Invented Police", senior=True)
    attended(plan, "Invented Council", senior=True)
    factories.EngagementEventFactory(
        plan=plan,
        kind=EngagementEvent.Kind.PACT_MEETING,
        date=datetime.date(2012, 1, 10),
        name="Invented PACT",
    )
    # A second meeting with no one recorded does not undo the first.
    assert public_meeting(plan).outcome == Outcome.MET


def test_a_plan_naming_no_responsible_authority_cannot_say_who_should_attend(plan):
    Organisation.objects.update(is_responsible_authority=False)
    found = public_meeting(plan)
    assert found.outcome == Outcome.NOT_RECORDED
    assert "names no responsible authority" in found.finding
