"""progress/as_at.py: the plan as it stood on a past day, from history — approvals, values and
action statuses then, not now — on the dashboard and the board report alike.

History is written on the day it happened by moving the clock (``django.utils.timezone.now``,
which django-simple-history and the approval service read) to that day. The plan is an invented
2025–26 plan, finished, so its reporting day (31 March 2026) is later than every day read.
"""

import datetime
import io
from contextlib import contextmanager
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actions.models import ActionStatus
from cspplan import roles
from dashboard.reports import board_report_data
from objectives.models import ApprovalStatus, Measurement
from objectives.services import record_measurement
from progress import as_at
from progress.approval import approve_measurement, approve_update
from progress.rag import RagStatus, assess_plan
from tests import factories
from tests.personas import in_role, plan_manager_of

pytestmark = pytest.mark.django_db


def day(month, number, year=2026):
    return datetime.date(year, month, number)


@contextmanager
def on(when: datetime.date, hour=12):
    """Everything saved inside happens at noon on ``when`` (local time), history included."""
    moment = timezone.make_aware(datetime.datetime.combine(when, datetime.time(hour)))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


@pytest.fixture
def world():
    with on(day(4, 1, 2025)):
        plan = factories.PlanFactory(
            title="Invented Dale plan 2025 to 2026",
            slug="invented-dale-2025-26",
            period_start=day(4, 1, 2025),
            period_end=day(3, 31),
            target_date=day(3, 31),
        )
        objective = factories.ObjectiveFactory(plan=plan, number=1, title="Fewer invented fires")
        measure = factories.MeasureFactory(target__objective=objective, name="Invented fires")
        action = factories.ActionFactory(
            target=measure.target, text="Invented patrols", status=ActionStatus.ON_TRACK
        )
        manager = plan_manager_of(plan.partnership, username="manager-dale")
    return {"plan": plan, "measure": measure, "action": action, "manager": manager}


def record(world, value, *, when):
    with on(when):
        return record_measurement(
            measure=world["measure"],
            by=world["manager"],
            period_start=day(10, 1, 2025),
            period_end=day(12, 31, 2025),
            value=Decimal(value),
        )


def approve(world, measurement, *, when):
    with on(when):
        approve_measurement(measurement_pk=measurement.pk, by=world["manager"])


def latest_value(plan, measure, as_at_day):
    return assess_plan(plan, today=as_at_day).for_measure(measure).latest_value


def test_a_figure_approved_on_10_march_is_not_shown_as_at_1_march(world):
    measurement = record(world, "40", when=day(2, 20))
    approve(world, measurement, when=day(3, 10))
    plan, measure = world["plan"], world["measure"]
    assert latest_value(plan, measure, day(3, 1)) is None
    assert assess_plan(plan, today=day(3, 1)).for_measure(measure).status == (
        RagStatus.NOT_MEASURED
    )
    assert latest_value(plan, measure, day(3, 9)) is None
    assert latest_value(plan, measure, day(3, 10)) == Decimal("40")  # approved that day
    assert latest_value(plan, measure, day(3, 15)) == Decimal("40")


def test_a_value_corrected_after_approval_shows_the_old_value_as_at_an_earlier_day(world):
    measurement = record(world, "40", when=day(2, 20))
    approve(world, measurement, when=day(3, 10))
    corrected = record(world, "55", when=day(3, 20))  # the same period: a correction
    assert corrected.pk == measurement.pk
    plan, measure = world["plan"], world["measure"]
    assert latest_value(plan, measure, day(3, 15)) == Decimal("40")
    # Withdrawn for approval again: on 20 March the public saw no figure for the period, as
    # it sees none now.
    assert latest_value(plan, measure, day(3, 21)) is None
    assert latest_value(plan, measure, plan.reporting_day()) is None
    approve(world, corrected, when=day(3, 22))
    assert latest_value(plan, measure, day(3, 15)) == Decimal("40")
    assert latest_value(plan, measure, day(3, 22)) == Decimal("55")
    assert latest_value(plan, measure, plan.reporting_day()) == Decimal("55")


def test_an_action_shows_the_status_it_had_before_it_changed(world):
    action = world["action"]
    with on(day(3, 5)):
        action.status = ActionStatus.OFF_TRACK
        action.save()
    plan = world["plan"]
    before = assess_plan(plan, today=day(3, 1)).for_action(action)
    assert (before.action_status, before.status) == (ActionStatus.ON_TRACK, RagStatus.GREEN)
    after = assess_plan(plan, today=day(3, 6)).for_action(action)
    assert (after.action_status, after.status) == (ActionStatus.OFF_TRACK, RagStatus.RED)
    assert assess_plan(plan).for_action(action).status == RagStatus.RED
    action.refresh_from_db()
    assert action.status == ActionStatus.OFF_TRACK  # the assessment changed nothing stored


def test_an_action_added_later_is_not_in_a_past_day(world):
    """Found by the statutory work's review (issue 26): an action added on 10 March showed, with
    its status now, on the dashboard and board report as at 1 March."""
    with on(day(3, 10)):
        later = factories.ActionFactory(
            target=world["measure"].target, text="Invented later action"
        )
    plan = world["plan"]
    then = assess_plan(plan, today=day(3, 1))
    assert [action.pk for action in then.actions] == [world["action"].pk]
    assert later.pk not in then.action_assessments
    assert sum(then.summary.values()) == 2  # the measure and the one action of 1 March
    assert later.pk in {action.pk for action in assess_plan(plan, today=day(3, 11)).actions}
    report = board_report_data(plan, today=day(3, 1), with_charts=False)
    assert "Invented later action" not in [
        action.text for section in report.sections for action, _ in section.actions
    ]


def test_a_due_date_moved_later_leaves_a_past_day_overdue_as_it_was(world):
    """Found by the stateful test (seed 7, 4 examples of 15 steps): a due date changed after a
    day ended rewrote that day; as at 1 March the action was overdue, whatever came later."""
    action = world["action"]
    with on(day(2, 1)):
        action.due_date = day(2, 15)
        action.save()
    with on(day(3, 10)):
        action.due_date = day(3, 30)
        action.save()
    plan = world["plan"]
    then = assess_plan(plan, today=day(3, 1)).for_action(action)
    assert (then.is_overdue, then.status) == (True, RagStatus.RED)
    assert assess_plan(plan, today=day(3, 11)).for_action(action).is_overdue is False
    action.refresh_from_db()
    assert action.due_date == day(3, 30)  # the assessment changed nothing stored


def test_an_update_counts_from_the_day_it_was_approved_not_the_day_it_is_dated(world):
    action = world["action"]
    with on(day(2, 1)):
        update = factories.ActionUpdateFactory(
            action=action, date=day(2, 1), status=ActionStatus.AT_RISK, note="Invented delay."
        )
    with on(day(2, 15)):
        approve_update(update_pk=update.pk, by=world["manager"])
    plan = world["plan"]
    waiting = assess_plan(plan, today=day(2, 10)).for_action(action)
    assert waiting.last_update is None
    assert waiting.action_status == ActionStatus.ON_TRACK
    approved = assess_plan(plan, today=day(2, 20)).for_action(action)
    assert approved.last_update.note == "Invented delay."
    assert approved.action_status == ActionStatus.AT_RISK


def test_the_dashboard_and_the_board_report_read_the_same_past_day(client, world):
    measurement = record(world, "40", when=day(2, 20))
    approve(world, measurement, when=day(3, 10))
    record(world, "55", when=day(3, 20))
    approve(world, measurement, when=day(3, 22))
    plan, measure = world["plan"], world["measure"]
    client.force_login(in_role(roles.CHAIR, partnership=plan.partnership))
    url = reverse("dashboard:plan", args=[plan.slug])

    def figures(response):
        rows = response.context["dashboard"].measure_rows
        return [row.assessment.latest_value for row in rows if row.measure == measure]

    assert figures(client.get(url, {"as_at": "2026-03-01"})) == [None]
    on_15_march = client.get(url, {"as_at": "2026-03-15"})
    assert figures(on_15_march) == [Decimal("40")]
    assert "approvals and action statuses as they stood that day" in on_15_march.text
    assert figures(client.get(url)) == [Decimal("55")]
    drill_down = client.get(
        reverse("dashboard:objective", args=[plan.slug, 1]), {"as_at": "2026-03-15"}
    )
    assert [a.latest_value for m, a in drill_down.context["measures"] if m == measure] == [
        Decimal("40")
    ]
    report = board_report_data(plan, today=day(3, 15), with_charts=False)
    [entry] = [e for section in report.sections for e in section.measures]
    assert entry.assessment.latest_value == Decimal("40")
    assert report.reading == "approved progress as it stood that day"
    cover = load_workbook(
        io.BytesIO(client.get(reverse("dashboard:report_xlsx", args=[plan.slug])).getvalue())
    )["Cover"]
    assert cover["A3"].value.endswith("; approved progress only.")


def test_a_past_day_before_the_plan_was_held_says_its_approvals_are_as_now(client):
    plan = factories.PlanFactory(period_start=day(4, 1, 2011), period_end=day(3, 31, 2012))
    client.force_login(in_role(roles.CHAIR, partnership=plan.partnership))
    page = client.get(reverse("dashboard:plan", args=[plan.slug]), {"as_at": "2011-11-15"})
    assert "there is no record of what was approved then" in page.text
    report = client.get(reverse("dashboard:report_xlsx", args=[plan.slug]), {"as_at": "2011-11-15"})
    cover = load_workbook(io.BytesIO(report.getvalue()))["Cover"]
    assert "as approved now (there is no record of what was approved then)" in cover["A3"].value


def test_a_day_before_the_plan_was_recorded_reads_the_progress_as_approved_now():
    # A past year loaded after the fact: the database holds no record of approvals then.
    plan = factories.PlanFactory(period_start=day(4, 1, 2011), period_end=day(3, 31, 2012))
    measurement = factories.MeasurementFactory(
        measure__target__objective__plan=plan,
        status=ApprovalStatus.APPROVED,
        approved_at=timezone.now(),
    )
    progress = as_at.approved_progress(plan, day(11, 15, 2011))
    assert not progress.from_history
    assert progress.measurements[measurement.measure_id] == [measurement]


def test_on_the_reporting_day_nothing_is_read_from_history(world, django_assert_num_queries):
    with django_assert_num_queries(3):  # measurements, updates, milestones
        progress = as_at.approved_progress(world["plan"], world["plan"].reporting_day())
    assert not progress.from_history


@pytest.mark.parametrize("size", [1, 5])
def test_a_past_day_costs_four_queries_whatever_the_size(world, size, django_assert_num_queries):
    plan, measure = world["plan"], world["measure"]
    rows = []
    with on(day(1, 10)):
        for number in range(size):
            rows.append(
                factories.MeasurementFactory(
                    measure=factories.MeasureFactory(target=measure.target),
                    value=Decimal(number),
                    period_start=day(10, 1, 2025),
                    period_end=day(12, 31, 2025),
                )
            )
            rows.append(
                factories.ActionUpdateFactory(
                    action=factories.ActionFactory(target=measure.target), date=day(1, 10)
                )
            )
    for when, note in ((day(1, 20), "Approved."), (day(2, 20), "Edited.")):  # history grows
        with on(when):
            for row in rows:
                field = "status" if isinstance(row, Measurement) else "approval"
                setattr(row, field, ApprovalStatus.APPROVED)
                row.approved_at = timezone.now()
                row.note = note
                row.save()
    # The plan's first record, measurements, updates, action statuses, milestones.
    with django_assert_num_queries(5):
        progress = as_at.approved_progress(plan, day(3, 1))
    assert progress.from_history
    assert sum(len(rows) for rows in progress.measurements.values()) == size
    assert sum(len(rows) for rows in progress.updates.values()) == size
    assert {u.note for rows in progress.updates.values() for u in rows} == {"Edited."}
    assert len(progress.action_statuses) == size + 1
    # assess_plan: its seven of its own, and five on a past day read from history.
    with django_assert_num_queries(12):
        assess_plan(plan, today=day(3, 1))
