"""A plan's public summary is kept (progress/kept.py) and drawn again exactly when a record it
reads changes: in the same transaction, for that plan only; a record moved to another plan
changes both; a delete changes every plan. The stateful test checks the same after every step
people take (tests/stateful/)."""

import datetime
import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from actions.models import ActionStatus, Milestone
from objectives.models import ApprovalStatus
from progress import kept
from progress.approval import approve_update
from progress.models import KeptPlanSummary, PlanChangeCount
from public.caching import bump_public_version
from tests import factories
from tests.personas import plan_manager_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_plans():
    plans = []
    for _ in range(2):
        action = factories.ActionFactory(
            target__objective__plan=factories.PlanFactory(), status=ActionStatus.ON_TRACK
        )
        plans.append((action.target.objective.plan, action))
    return plans


def counted(summary):
    return {row.status: row.count for row in summary.action_counts}


def change_count(plan):
    return PlanChangeCount.objects.get(plan=plan).count


def test_every_plan_made_gets_its_change_count(two_plans):
    for plan, _ in two_plans:
        assert PlanChangeCount.objects.filter(plan=plan).exists()


def test_a_kept_summary_is_read_without_assessing_the_plan_again(
    two_plans, django_assert_num_queries
):
    plan, _ = two_plans[0]
    drawn = kept.plan_summary(plan)
    assert KeptPlanSummary.objects.filter(plan=plan).exists()
    # The change counts, the kept versions, the kept summaries.
    with mock.patch("progress.kept.rag.assess_plan") as assess, django_assert_num_queries(3):
        again = kept.plan_summary(plan)
    assess.assert_not_called()
    assert again == drawn == kept.fresh_summary(plan)


def test_an_approved_update_draws_its_plans_summary_again_and_no_other(two_plans):
    (plan, action), (other, _) = two_plans
    assert counted(kept.plan_summary(plan)) == {"on_track": 1}
    kept.plan_summary(other)
    other_count = change_count(other)

    update = factories.ActionUpdateFactory(
        action=action, status=ActionStatus.COMPLETED, approval=ApprovalStatus.SUBMITTED
    )
    # Waiting for approval: residents do not see it, and the summary says so.
    assert counted(kept.plan_summary(plan)) == {"on_track": 1}
    approve_update(update_pk=update.pk, by=plan_manager_of(plan.partnership))

    assert counted(kept.plan_summary(plan)) == {"completed": 1}
    assert kept.plan_summary(plan) == kept.fresh_summary(plan)
    assert change_count(other) == other_count


def test_a_milestone_made_late_puts_the_action_at_risk_in_the_kept_summary(two_plans):
    plan, action = two_plans[0]
    kept.plan_summary(plan)
    Milestone.objects.create(
        action=action, title="Venue booked", due_date=datetime.date(2011, 5, 1)
    )
    assert counted(kept.plan_summary(plan)) == {"at_risk": 1}


def test_an_action_moved_to_another_plan_changes_both_summaries(two_plans):
    (plan, action), (other, other_action) = two_plans
    assert kept.plan_summary(plan).action_total == 1
    assert kept.plan_summary(other).action_total == 1
    action.target = other_action.target
    action.save()
    assert kept.plan_summary(plan).action_total == 0
    assert kept.plan_summary(other).action_total == 2


def test_a_delete_draws_every_summary_again(two_plans):
    (plan, action), (other, _) = two_plans
    kept.plan_summary(plan)
    other_count = change_count(other)
    action.delete()
    assert kept.plan_summary(plan).action_total == 0
    assert change_count(other) > other_count


def test_a_write_that_sends_no_signal_is_told_by_bump_public_version(two_plans):
    plan, action = two_plans[0]
    kept.plan_summary(plan)
    type(action).objects.filter(pk=action.pk).update(status=ActionStatus.OFF_TRACK)
    bump_public_version()
    assert counted(kept.plan_summary(plan)) == {"off_track": 1}


def test_a_new_day_draws_the_summary_again(two_plans, settings):
    """An action becomes overdue with no edit at all: the day is part of the version."""
    plan, action = two_plans[0]
    plan.period_end = plan.target_date = datetime.date(2040, 3, 31)
    plan.save()
    action.due_date = datetime.date.today() + datetime.timedelta(days=1)
    action.save()
    assert counted(kept.plan_summary(plan)) == {"on_track": 1}
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        assert counted(kept.plan_summary(plan)) == {"overdue": 1}


def test_a_plan_made_without_its_count_is_drawn_afresh_until_it_has_one(two_plans):
    plan, action = two_plans[0]
    PlanChangeCount.objects.filter(plan=plan).delete()
    assert counted(kept.plan_summary(plan)) == {"on_track": 1}
    assert not KeptPlanSummary.objects.filter(plan=plan).exists()
    PlanChangeCount.objects.filter(plan=plan).update(count=F("count"))
    assert PlanChangeCount.objects.filter(plan=plan).exists()
    kept.plan_summary(plan)
    assert KeptPlanSummary.objects.filter(plan=plan).exists()


def test_the_kept_summary_reads_as_the_rules_after_a_round_trip(two_plans):
    """The objectives' roll-ups, completed counts and every count survive being kept."""
    plan, action = two_plans[0]
    factories.MeasurementFactory(
        measure=factories.MeasureFactory(target=action.target),
        status=ApprovalStatus.APPROVED,
        approved_at=timezone.now(),
    )
    fresh = kept.fresh_summary(plan)
    assert kept.PlanSummary.from_json(fresh.as_json()) == fresh
    objective = action.target.objective
    assert kept.plan_summary(plan).for_objective(objective).evidence == (
        fresh.for_objective(objective).evidence
    )


def test_a_summary_kept_while_one_language_was_read_gives_the_other_its_own_words(two_plans):
    """A summary drawn for a Welsh page and then read on an English one (or the other way)
    names each count in the reader's language: the kept row holds codes and numbers only."""
    from django.utils import translation

    plan, _ = two_plans[0]
    with translation.override("cy"):
        welsh = kept.plan_summary(plan)
    with translation.override("en"):
        english = kept.plan_summary(plan)
    assert [row.label for row in english.action_counts] == ["On track"]
    assert [row.label for row in welsh.action_counts] != ["On track"]
    stored = KeptPlanSummary.objects.get(plan=plan).summary
    assert stored["action_counts"] == [["on_track", 1]]


# --- Drawn by the worker after the change commits (settings.KEEP_SUMMARIES_AFTER_COMMIT) ---


def read_without_assessing(plan):
    with mock.patch("progress.kept.rag.assess_plan") as assess:
        summary = kept.plan_summary(plan)
    assess.assert_not_called()
    return summary


def test_the_first_reader_after_an_approval_reads_a_kept_summary(
    two_plans, settings, django_capture_on_commit_callbacks
):
    (plan, action), (other, _) = two_plans
    kept.plan_summary(plan)
    manager = plan_manager_of(plan.partnership)
    update = factories.ActionUpdateFactory(
        action=action, status=ActionStatus.COMPLETED, approval=ApprovalStatus.SUBMITTED
    )
    # On from here: the test's own transaction never commits, and a job is queued once per
    # transaction (from its first change on).
    settings.KEEP_SUMMARIES_AFTER_COMMIT = True
    with django_capture_on_commit_callbacks(execute=True):
        approve_update(update_pk=update.pk, by=manager)
    # The tests' immediate queue ran the worker's job as the change committed.
    summary = read_without_assessing(plan)
    assert summary == kept.fresh_summary(plan)
    assert counted(summary) == {ActionStatus.COMPLETED.value: 1}
    assert read_without_assessing(other) == kept.fresh_summary(other)


def test_one_job_for_a_transaction_however_many_records_it_saves(
    two_plans, settings, django_capture_on_commit_callbacks
):
    settings.KEEP_SUMMARIES_AFTER_COMMIT = True
    (plan, action), _ = two_plans
    with (
        mock.patch("progress.tasks.keep_plan_summaries") as job,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        for title in ("One", "Two", "Three"):
            action.title = title
            action.save()
            Milestone.objects.create(action=action, title=title, due_date=datetime.date.today())
    assert [c for c in callbacks if c is kept._enqueue_drawing] == [kept._enqueue_drawing]
    job.enqueue.assert_called_once_with()


def test_nothing_is_queued_when_a_change_is_rolled_back(
    two_plans, settings, django_capture_on_commit_callbacks
):
    settings.KEEP_SUMMARIES_AFTER_COMMIT = True
    (plan, action), _ = two_plans
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                action.title = "Never saved"
                action.save()
                raise RuntimeError("the save is rolled back")
        except RuntimeError:
            pass
    assert kept._enqueue_drawing not in callbacks


def test_the_scheduler_draws_the_summaries_a_new_day_made_stale(two_plans):
    for plan, _ in two_plans:
        kept.plan_summary(plan)
    assert kept.keep_current_summaries() == 0
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with mock.patch("progress.kept.timezone.localdate", return_value=tomorrow):
        out = io.StringIO()
        call_command("keep_plan_summaries", stdout=out)
        assert "2 plan summaries drawn." in out.getvalue()
        for plan, _ in two_plans:
            assert read_without_assessing(plan).day == plan.reporting_day()
        assert kept.keep_current_summaries() == 0
