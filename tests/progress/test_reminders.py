"""send_update_reminders: each lead officer, their stale items, at most once a quarter."""

import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.utils import timezone

from actions.models import ActionStatus
from objectives.models import ApprovalStatus, ReminderLog
from progress.reminders import send_update_reminders
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    MeasureFactory,
    MeasurementFactory,
    OfficerFactory,
    PlanFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2011, 11, 15)  # quarter from 1 October 2011


@pytest.fixture
def plan():
    return PlanFactory(slug="west-lancs")


@pytest.fixture
def hill(plan):
    return OfficerFactory(name="Andrew Hill", email="andrew.hill@example.org")


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("send_update_reminders", "--today", "2011-11-15", *args, stdout=out)
    return out.getvalue()


def test_it_emails_a_lead_officer_the_actions_and_measures_they_have_not_updated(plan, hill):
    ActionFactory(
        target__objective__plan=plan,
        target__objective__number=3,
        text="Deliver Operation Summer Nights",
        lead_officers=[hill],
        due_date=datetime.date(2011, 12, 31),
    )
    measure = MeasureFactory(target__objective__plan=plan, name="Deliberate secondary fires")
    measure.target.lead_officers.add(hill)
    output = run()
    assert "Reminded Andrew Hill <andrew.hill@example.org>: 1 action, 1 measure." in output
    [email] = mail.outbox
    assert email.to == ["andrew.hill@example.org"]
    assert email.subject == "Please update 2 items of the community safety plan"
    assert "Objective 3: Deliver Operation Summer Nights (due 31 December 2011)" in email.body
    assert "Deliberate secondary fires" in email.body
    assert "since the quarter began on 1 October 2011" in email.body
    assert "/my-actions/" in email.body
    log = ReminderLog.objects.get()
    assert (log.officer, log.quarter_start, log.action_count, log.measure_count) == (
        hill,
        datetime.date(2011, 10, 1),
        1,
        1,
    )


def test_items_updated_this_quarter_or_finished_are_left_out(plan, hill):
    updated = ActionFactory(target__objective__plan=plan, lead_officers=[hill])
    ActionUpdateFactory(action=updated, date=datetime.date(2011, 10, 20))  # awaiting approval
    done = ActionFactory(
        target__objective__plan=plan, lead_officers=[hill], status=ActionStatus.COMPLETED
    )
    assert done
    run()
    assert mail.outbox == []


def test_a_measure_with_a_figure_recorded_this_quarter_is_not_stale(plan, hill):
    measure = MeasureFactory(target__objective__plan=plan)
    measure.target.lead_officers.add(hill)
    figure = MeasurementFactory(
        measure=measure, status=ApprovalStatus.APPROVED, approved_at=timezone.now()
    )
    recorded = timezone.make_aware(datetime.datetime(2011, 10, 5, 9, 0))
    type(figure).objects.filter(pk=figure.pk).update(recorded_at=recorded)
    run()
    assert mail.outbox == []


def test_an_officer_is_reminded_at_most_once_a_quarter(plan, hill):
    ActionFactory(target__objective__plan=plan, lead_officers=[hill])
    run()
    output = run()
    assert len(mail.outbox) == 1
    assert "Already reminded this quarter: Andrew Hill." in output
    # The database refuses a second row for the same officer and quarter.
    with pytest.raises(IntegrityError):
        ReminderLog.objects.create(
            officer=hill,
            quarter_start=datetime.date(2011, 10, 1),
            sent_at=timezone.now(),
            sent_to=hill.email,
        )


def test_a_new_quarter_brings_a_new_reminder(plan, hill):
    ActionFactory(target__objective__plan=plan, lead_officers=[hill])
    run()
    call_command("send_update_reminders", "--today", "2012-01-10", "--plan", plan.slug)
    assert len(mail.outbox) == 2
    assert ReminderLog.objects.count() == 2


def test_a_dry_run_says_who_would_be_reminded_and_sends_nothing(plan, hill):
    ActionFactory(target__objective__plan=plan, lead_officers=[hill])
    output = run("--dry-run")
    assert "Would remind Andrew Hill" in output
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()


def test_officers_without_an_email_are_named_not_mailed(plan):
    nobody = OfficerFactory(name="Geoff Hurst", email="")
    ActionFactory(target__objective__plan=plan, lead_officers=[nobody])
    output = run()
    assert "Cannot remind Geoff Hurst: no e-mail address on record." in output
    assert mail.outbox == []


def test_only_published_plans_running_today_are_included_unless_named(hill):
    draft = PlanFactory(draft=True)
    finished = PlanFactory(
        period_start=datetime.date(2010, 4, 1),
        period_end=datetime.date(2011, 3, 31),
        target_date=datetime.date(2011, 3, 31),
    )
    for plan in (draft, finished):
        ActionFactory(target__objective__plan=plan, lead_officers=[hill])
    run()
    assert mail.outbox == []
    run("--plan", draft.slug)
    assert len(mail.outbox) == 1


def test_an_unknown_plan_is_named_in_the_error(plan):
    with pytest.raises(CommandError, match="No plan with the address: nope."):
        run("--plan", "nope")


def test_a_failed_send_is_retried_by_the_queue_and_the_officer_is_reminded_once(
    plan, hill, monkeypatch
):
    """The reminder goes through the one sending path (outbox): a failed send is logged and
    tried again when due, never by a second run of the command (which would mail twice)."""
    from outbox import sending
    from outbox.models import SentMessage

    ActionFactory(target__objective__plan=plan, lead_officers=[hill])
    real_send = mail.EmailMultiAlternatives.send

    def broken(self, fail_silently=False):
        raise ConnectionError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken)
    send_update_reminders(today=TODAY)
    [message] = SentMessage.objects.all()
    assert (message.status, message.attempts) == (SentMessage.Status.RETRYING, 1)
    assert mail.outbox == []
    send_update_reminders(today=TODAY)
    assert SentMessage.objects.count() == 1

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", real_send)
    assert sending.retry_due(now=timezone.now() + sending.backoff(1)) == 1
    [email] = mail.outbox
    assert email.to == ["andrew.hill@example.org"]
    message.refresh_from_db()
    assert message.status == SentMessage.Status.SENT


def test_an_officer_who_turned_reminders_off_is_not_reminded(plan, hill, django_user_model):
    from outbox.models import NoticePreference

    hill.user = django_user_model.objects.create_user("hill", "andrew.hill@example.org")
    hill.save()
    NoticePreference.objects.create(user=hill.user, reminders=False)
    ActionFactory(target__objective__plan=plan, lead_officers=[hill])
    assert "Not reminded: Andrew Hill turned these reminders off." in run()
    assert mail.outbox == []
