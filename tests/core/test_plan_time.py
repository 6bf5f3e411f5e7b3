"""Plan time: every plan is judged as at its reporting day — today while it runs, its last day
once it has ended, its first day before it starts — never simply as at today."""

import datetime

import pytest
from django.utils import timezone

from actions.models import Action, ActionStatus
from objectives.figures import long_date
from objectives.models import ApprovalStatus
from progress.rag import assess_plan
from progress.reminders import send_update_reminders
from tests.factories import ActionFactory, ActionUpdateFactory, PlanFactory, running_plan

pytestmark = pytest.mark.django_db


def test_the_reporting_day_is_today_its_last_day_or_its_first_day():
    plan = PlanFactory.build(
        period_start=datetime.date(2011, 4, 1), period_end=datetime.date(2012, 3, 31)
    )
    assert plan.reporting_day(datetime.date(2011, 11, 15)) == datetime.date(2011, 11, 15)
    assert plan.reporting_day(datetime.date(2026, 11, 30)) == datetime.date(2012, 3, 31)
    assert plan.reporting_day(datetime.date(2010, 1, 1)) == datetime.date(2011, 4, 1)
    assert plan.timing(datetime.date(2026, 11, 30)) == "finished"
    assert plan.timing(datetime.date(2010, 1, 1)) == "not started"
    assert plan.timing(datetime.date(2011, 11, 15)) == "running"


def test_a_finished_plan_is_assessed_as_at_its_last_day():
    plan = PlanFactory()  # 2011–12
    action = ActionFactory(target__objective__plan=plan, due_date=datetime.date(2012, 3, 31))
    ActionUpdateFactory(
        action=action,
        date=datetime.date(2012, 3, 1),
        status=ActionStatus.ON_TRACK,
        approval=ApprovalStatus.APPROVED,
        approved_at=timezone.now(),
    )
    assessment = assess_plan(plan)
    assert assessment.today == datetime.date(2012, 3, 31)
    found = assessment.for_action(action)
    # Thirty days, not fifteen years; and due on the plan's last day is not overdue on it.
    assert found.days_since_update == 30
    assert not found.is_overdue
    # Counted back from the plan's last day, naming both days, and when it was sent (today,
    # long after the day it describes).
    assert found.freshness == (
        f"Last update 1 March 2012, sent {long_date(timezone.localdate())}: "
        "30 days before 31 March 2012"
    )


def test_overdue_actions_are_judged_on_their_plans_reporting_day():
    finished = PlanFactory()  # ended 31 March 2012
    on_the_last_day = ActionFactory(
        target__objective__plan=finished, due_date=datetime.date(2012, 3, 31)
    )
    before_the_end = ActionFactory(
        target__objective__plan=finished, due_date=datetime.date(2012, 1, 31)
    )
    running = running_plan()
    late = ActionFactory(
        target__objective__plan=running,
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    overdue = set(Action.objects.overdue())
    assert before_the_end in overdue and late in overdue
    assert on_the_last_day not in overdue


def test_reminders_are_not_sent_for_a_plan_that_has_ended():
    plan = PlanFactory(status="published", published_at=timezone.now())
    with pytest.raises(ValueError, match="Not running on"):
        send_update_reminders(plan_slugs=[plan.slug], dry_run=True)
    # Without names, only plans running today are reminded: the finished one is left out.
    assert send_update_reminders(dry_run=True).sent == []
