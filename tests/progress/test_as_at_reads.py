"""progress/as_at.py read directly: what ``approved_progress`` gives for a past day from history
and for a day before the plan was recorded (as approved now): approved rows only, of the plan
(and of the one objective asked for), in order, the way each stood at the end of the day.
History is written on a day by moving the clock, as in test_as_at.py."""

import datetime
from contextlib import contextmanager
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone

from actions.models import ActionStatus, Milestone
from objectives.models import ApprovalStatus
from progress import as_at
from tests import factories

pytestmark = pytest.mark.django_db


def day(month, number, year=2026):
    return datetime.date(year, month, number)


@contextmanager
def at(moment: datetime.datetime):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def on(when: datetime.date, hour=12):
    """Everything saved inside happens at ``hour`` on ``when`` (local time), history included."""
    return at(timezone.make_aware(datetime.datetime.combine(when, datetime.time(hour))))


def objective_with_progress(plan, number, *, when):
    """An objective holding one measure with an approved figure, one action with an approved
    update and one milestone, all saved on ``when``."""
    with on(when):
        objective = factories.ObjectiveFactory(plan=plan, number=number)
        measure = factories.MeasureFactory(target__objective=objective)
        figure = factories.MeasurementFactory(
            measure=measure,
            period_start=day(10, 1, plan.period_start.year),
            period_end=day(12, 31, plan.period_start.year),
            status=ApprovalStatus.APPROVED,
            approved_at=timezone.now(),
        )
        action = factories.ActionFactory(target=measure.target, status=ActionStatus.ON_TRACK)
        update = factories.ActionUpdateFactory(
            action=action, date=when, approval=ApprovalStatus.APPROVED, approved_at=timezone.now()
        )
        milestone = Milestone.objects.create(action=action, title="Venue", due_date=when)
    return {
        "measure": measure,
        "figure": figure,
        "action": action,
        "update": update,
        "milestone": milestone,
        "objective": objective,
    }


@pytest.fixture
def recorded_plan():
    """A finished 2025–26 plan recorded on 1 April 2025 (its past days are read from history)."""
    with on(day(4, 1, 2025)):
        return factories.PlanFactory(
            period_start=day(4, 1, 2025), period_end=day(3, 31), target_date=day(3, 31)
        )


def test_a_past_day_reads_the_plans_approved_rows_of_each_kind_as_they_stood(recorded_plan):
    first = objective_with_progress(recorded_plan, 1, when=day(1, 10))
    elsewhere = objective_with_progress(factories.PlanFactory(), 1, when=day(1, 10))
    progress = as_at.approved_progress(recorded_plan, day(2, 1))
    assert progress.from_history
    assert progress.day == day(2, 1)
    assert progress.measurements == {first["measure"].pk: [first["figure"]]}
    assert progress.updates == {first["action"].pk: [first["update"]]}
    assert progress.milestones == {first["action"].pk: [first["milestone"]]}
    assert progress.action_statuses == {first["action"].pk: ActionStatus.ON_TRACK}
    assert elsewhere["action"].pk not in progress.action_due_dates


def test_a_past_day_of_one_objective_reads_that_objectives_rows_only(recorded_plan):
    first = objective_with_progress(recorded_plan, 1, when=day(1, 10))
    second = objective_with_progress(recorded_plan, 2, when=day(1, 10))
    progress = as_at.approved_progress(recorded_plan, day(2, 1), objective=first["objective"])
    assert progress.from_history
    assert set(progress.measurements) == {first["measure"].pk}
    assert set(progress.updates) == {first["action"].pk}
    assert set(progress.milestones) == {first["action"].pk}
    assert set(progress.action_statuses) == {first["action"].pk}
    assert second["action"].pk not in progress.action_due_dates


def test_a_past_day_leaves_out_a_figure_for_a_later_period_and_a_row_deleted_by_then(
    recorded_plan,
):
    first = objective_with_progress(recorded_plan, 1, when=day(1, 10))
    with on(day(1, 11)):
        later = factories.MeasurementFactory(
            measure=first["measure"],
            period_start=day(1, 1),
            period_end=day(3, 31),
            status=ApprovalStatus.APPROVED,
            approved_at=timezone.now(),
        )
    with on(day(1, 20)):
        first["milestone"].delete()
    progress = as_at.approved_progress(recorded_plan, day(2, 1))
    assert progress.measurements[first["measure"].pk] == [first["figure"]]
    assert progress.milestones == {}
    assert later.approved_at < as_at.end_of_day(day(2, 1))  # approved, but for a later period


def test_a_past_day_lists_figures_by_period_updates_newest_first_and_milestones_by_due_date(
    recorded_plan,
):
    first = objective_with_progress(recorded_plan, 1, when=day(1, 10))
    action, measure = first["action"], first["measure"]
    with on(day(1, 12)):
        earlier_figure = factories.MeasurementFactory(
            measure=measure,
            period_start=day(7, 1, 2025),
            period_end=day(9, 30, 2025),
            status=ApprovalStatus.APPROVED,
            approved_at=timezone.now(),
        )
        older_update = factories.ActionUpdateFactory(
            action=action,
            date=day(1, 5),
            approval=ApprovalStatus.APPROVED,
            approved_at=timezone.now(),
        )
        same_day_later = factories.ActionUpdateFactory(
            action=action,
            date=day(1, 10),
            approval=ApprovalStatus.APPROVED,
            approved_at=timezone.now(),
        )
        sooner = Milestone.objects.create(action=action, title="Sooner", due_date=day(1, 2))
    progress = as_at.approved_progress(recorded_plan, day(2, 1))
    assert progress.measurements[measure.pk] == [earlier_figure, first["figure"]]
    assert progress.updates[action.pk] == [same_day_later, first["update"], older_update]
    assert progress.milestones[action.pk] == [sooner, first["milestone"]]


def test_two_saves_at_the_same_moment_the_later_one_stands(recorded_plan):
    first = objective_with_progress(recorded_plan, 1, when=day(1, 10))
    figure = first["figure"]
    with on(day(1, 15)):
        figure.value = Decimal("40")
        figure.save()
        figure.value = Decimal("55")
        figure.save()
    progress = as_at.approved_progress(recorded_plan, day(2, 1))
    assert [f.value for f in progress.measurements[first["measure"].pk]] == [Decimal("55")]


def test_a_plan_recorded_at_midnight_is_not_read_from_history_for_the_day_before(recorded_plan):
    midnight = timezone.make_aware(datetime.datetime(2025, 6, 2))
    with at(midnight):
        plan = factories.PlanFactory(
            period_start=day(4, 1, 2025), period_end=day(3, 31), target_date=day(3, 31)
        )
    assert not as_at.reads_history(plan, day(6, 1, 2025))
    assert as_at.reads_history(plan, day(6, 2, 2025))


def test_a_day_before_the_plan_was_recorded_reads_approved_rows_as_now_by_period():
    plan = factories.PlanFactory(period_start=day(4, 1, 2011), period_end=day(3, 31, 2012))
    first = objective_with_progress(plan, 1, when=day(10, 5, 2011))
    second = objective_with_progress(plan, 2, when=day(10, 5, 2011))
    objective_with_progress(factories.PlanFactory(), 1, when=day(10, 5, 2011))
    action = first["action"]
    factories.MeasurementFactory(  # a later quarter
        measure=first["measure"],
        period_start=day(1, 1, 2012),
        period_end=day(3, 31, 2012),
        status=ApprovalStatus.APPROVED,
        approved_at=timezone.now(),
    )
    factories.ActionUpdateFactory(action=action, date=day(10, 6, 2011))  # awaiting approval
    sooner = Milestone.objects.create(action=action, title="Sooner", due_date=day(9, 1, 2011))
    in_january = day(1, 15, 2012)
    progress = as_at.approved_progress(plan, in_january)
    assert not progress.from_history
    assert progress.day == in_january
    assert progress.measurements == {
        first["measure"].pk: [first["figure"]],
        second["measure"].pk: [second["figure"]],
    }
    assert progress.updates == {
        action.pk: [first["update"]],
        second["action"].pk: [second["update"]],
    }
    assert progress.milestones == {
        action.pk: [sooner, first["milestone"]],
        second["action"].pk: [second["milestone"]],
    }
    alone = as_at.approved_progress(plan, in_january, objective=first["objective"])
    assert alone.measurements == {first["measure"].pk: [first["figure"]]}
    assert alone.updates == {action.pk: [first["update"]]}
    assert alone.milestones == {action.pk: [sooner, first["milestone"]]}
