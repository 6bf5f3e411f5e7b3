"""The plan's dashboard shows the quarter's feedback per objective and per priority: counted in
the quarter of the day it is judged as at, at a fixed query cost."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultation.counts import feedback_counts
from consultation.models import Feedback
from cspplan import roles
from tests import factories
from tests.personas import in_role

pytestmark = pytest.mark.django_db

Q3 = (datetime.date(2011, 10, 1), datetime.date(2011, 12, 31))


def on(day, **fields):
    feedback = factories.FeedbackFactory(**fields)
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    Feedback.objects.filter(pk=feedback.pk).update(created_at=when)
    return feedback


@pytest.fixture
def plan():
    plan = factories.PlanFactory()
    theme = factories.PriorityThemeFactory(plan=plan)
    one = factories.ObjectiveFactory(plan=plan, number=1, title="Invented objective one")
    two = factories.ObjectiveFactory(plan=plan, number=2, title="Invented objective two")
    both = factories.PriorityFactory(theme=theme, name="Invented shared priority")
    both.objectives.set([one, two])
    factories.PriorityFactory(theme=theme, name="Invented quiet priority")
    return plan


def fill(plan, size):
    one, two = plan.objectives.order_by("number")
    for _ in range(size):
        on(datetime.date(2011, 11, 5), plan=plan, objective=one)
        on(datetime.date(2011, 12, 31), plan=plan, objective=two, status="closed")
        on(datetime.date(2011, 10, 1), plan=plan)
        on(datetime.date(2011, 9, 30), plan=plan, objective=one)  # the quarter before


def test_it_counts_per_objective_and_per_priority_in_the_quarter_only(plan):
    fill(plan, 2)

    counts = feedback_counts(plan, start=Q3[0], end=Q3[1])

    assert [(o.number, o.received, o.waiting) for o in counts.objectives] == [(1, 2, 2), (2, 2, 0)]
    assert [(p.name, p.received, p.waiting) for p in counts.priorities] == [
        ("Invented shared priority", 4, 2),
        ("Invented quiet priority", 0, 0),
    ]
    assert (counts.general_received, counts.general_waiting, counts.total) == (2, 2, 6)


@pytest.mark.parametrize("size", [1, 6])
def test_the_counts_cost_three_queries_at_any_size(plan, size):
    fill(plan, size)
    with CaptureQueriesContext(connection) as queries:
        counts = feedback_counts(plan, start=Q3[0], end=Q3[1])
    assert counts.total == 3 * size
    # objectives, priorities, the plan in general.
    assert len(queries.captured_queries) == 3


def test_the_chair_sees_the_quarter_of_the_day_chosen(client, plan):
    fill(plan, 1)
    client.force_login(in_role(roles.CHAIR, partnership=plan.partnership))
    url = reverse("dashboard:plan", args=[plan.slug])

    html = client.get(url, {"as_at": "2011-11-15"}).content.decode()
    assert "What residents said, Oct–Dec 2011" in html
    assert "3 comments received from 1 October 2011 to 31 December 2011" in html
    assert "Invented shared priority" in html

    html = client.get(url, {"as_at": "2011-08-15"}).content.decode()
    assert "What residents said, Jul–Sep 2011" in html
    assert "1 comment received" in html


def test_consultation_responses_count_for_the_consultations_objectives_and_priorities(plan):
    from consultation.models import ConsultationResponse

    one = plan.objectives.get(number=1)
    consultation = factories.ConsultationFactory(plan=plan)
    consultation.objectives.add(one)
    consultation.priorities.add(plan.priorities.get(name="Invented quiet priority"))
    inside, before = (ConsultationResponse.objects.create(consultation=consultation) for _ in "ab")
    for response, day in (
        (inside, datetime.date(2011, 11, 2)),
        (before, Q3[0].replace(day=1, month=9)),
    ):
        when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        ConsultationResponse.objects.filter(pk=response.pk).update(submitted_at=when)
    on(datetime.date(2011, 11, 5), plan=plan, objective=one)

    counts = feedback_counts(plan, start=Q3[0], end=Q3[1])

    assert [(o.number, o.received, o.responses) for o in counts.objectives] == [
        (1, 1, 1),
        (2, 0, 0),
    ]
    assert [(p.name, p.responses) for p in counts.priorities] == [
        ("Invented shared priority", 0),
        ("Invented quiet priority", 1),
    ]
