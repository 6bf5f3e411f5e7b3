"""The accountability score: the share of due measures and actions reported this quarter, for
the plan and for each agency."""

import datetime

import pytest
from django.utils import timezone

from actions.models import ActionStatus
from objectives.models import ApprovalStatus, Measurement
from progress.accountability import Share, assess_accountability
from progress.rag import assess_plan
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    MeasureFactory,
    MeasurementFactory,
    OrganisationFactory,
    PlanFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2011, 11, 15)  # the quarter from 1 October 2011


def accountability(plan):
    return assess_accountability(assess_plan(plan, today=TODAY))


def test_the_plan_score_is_the_share_of_due_items_reported_this_quarter():
    plan = PlanFactory()
    police, fire = OrganisationFactory(name="Police"), OrganisationFactory(name="Fire")
    reported = ActionFactory(target__objective__plan=plan, owners=[police])
    ActionUpdateFactory(action=reported, date=datetime.date(2011, 10, 3))
    ActionFactory(target__objective__plan=plan, owners=[police])  # silent
    last_quarter = ActionFactory(target__objective__plan=plan, owners=[fire])
    ActionUpdateFactory(action=last_quarter, date=datetime.date(2011, 9, 30))
    ActionFactory(target__objective__plan=plan, owners=[fire], status=ActionStatus.COMPLETED)
    result = accountability(plan)
    assert (result.plan_share.updated, result.plan_share.due) == (1, 3)
    assert str(result.plan_share) == "33% (1 of 3 updated this quarter)"
    by_agency = {a.organisation.name: (a.share.updated, a.share.due) for a in result.agencies}
    assert by_agency == {"Police": (1, 2), "Fire": (0, 1)}
    # Lowest score first: the board asks about those.
    assert [a.organisation.name for a in result.agencies] == ["Fire", "Police"]


def test_a_measure_counts_for_the_agencies_owning_its_row():
    plan = PlanFactory()
    council = OrganisationFactory(name="Council")
    measure = MeasureFactory(target__objective__plan=plan)
    measure.target.owners.add(council)
    figure = MeasurementFactory(
        measure=measure, status=ApprovalStatus.APPROVED, approved_at=timezone.now()
    )
    Measurement.objects.filter(pk=figure.pk).update(
        recorded_at=timezone.make_aware(datetime.datetime(2011, 11, 1, 12, 0))
    )
    [agency] = accountability(plan).agencies
    assert agency.organisation == council
    assert str(agency.share) == "100% (1 of 1 updated this quarter)"


def test_returned_progress_does_not_count_as_reported():
    plan = PlanFactory()
    action = ActionFactory(target__objective__plan=plan)
    ActionUpdateFactory(
        action=action, date=datetime.date(2011, 10, 3), approval=ApprovalStatus.REJECTED
    )
    assert accountability(plan).plan_share.updated == 0


def test_nothing_due_is_said_in_words_not_as_a_percentage():
    assert Share().percent is None
    assert str(Share()) == "nothing due"
    assert Share(updated=2, due=3).percent == 67
