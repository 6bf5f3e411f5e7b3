"""Quarterly reminders to lead officers whose actions and measures have had no update this
quarter. ``python manage.py send_update_reminders`` is the way in.

Rules:
- Which items are due and stale is ``progress.accountability``'s answer, the same as on the
  dashboard.
- Plans: the published plans whose period includes today, or the plans named.
- One e-mail per officer per quarter, listing their items across those plans. The
  ``ReminderLog`` row is written in the same transaction as the e-mail is queued on the one
  sending path (``outbox.sending.send``, key "reminder:officer-<id>:<quarter>"); its unique
  constraint (officer, quarter) means a second run — or a second scheduler running at the same
  moment — skips the officer instead of mailing them twice. Delivery is the queue's: a failed
  send is retried there (``outbox.sending``), not by the next run.
- Officers without an e-mail address cannot be reminded; the run says who they are. Officers
  who turned reminders off (``outbox.models.NoticePreference``) are not reminded either.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from cspplan.models import Plan
from cspplan.quarters import current_quarter
from objectives.models import ReminderLog
from outbox import sending
from outbox.models import language_for, wants
from progress.accountability import OfficerDue, assess_accountability
from progress.rag import assess_plan


@dataclass
class ReminderRun:
    quarter_start: datetime.date
    sent: list = field(default_factory=list)  # OfficerDue
    already_reminded: list = field(default_factory=list)
    no_email: list = field(default_factory=list)
    turned_off: list = field(default_factory=list)  # officers who turned reminders off
    dry_run: bool = False


def plans_to_remind(*, today: datetime.date, slugs=None):
    if slugs:
        plans = Plan.objects.filter(slug__in=slugs)
        missing = set(slugs) - set(plans.values_list("slug", flat=True))
        if missing:
            raise ValueError(f"No plan with the address: {', '.join(sorted(missing))}.")
        # A plan not running on ``today`` owes no reports then: reminding officers of a plan
        # that ended years ago would ask for updates nobody can give.
        idle = [p.slug for p in plans if p.timing(today) != "running"]
        if idle:
            raise ValueError(
                f"Not running on {today:%Y-%m-%d}, so nothing is due: {', '.join(sorted(idle))}."
            )
        return plans.select_related("partnership")
    return (
        Plan.objects.published()
        .filter(period_start__lte=today, period_end__gte=today)
        .select_related("partnership")
    )


def due_by_officer(plans, *, today: datetime.date) -> list[OfficerDue]:
    """Each lead officer with stale items, their items from every plan merged."""
    merged: dict = {}
    for plan in plans:
        for due in assess_accountability(assess_plan(plan, today=today)).officers:
            entry = merged.setdefault(due.officer.pk, OfficerDue(due.officer))
            entry.actions += due.actions
            entry.measures += due.measures
    return sorted(merged.values(), key=lambda due: due.officer.name)


def _message(due: OfficerDue, *, quarter_start, base_url: str) -> sending.Rendered:
    context = {
        "officer": due.officer,
        "actions": due.actions,
        "measures": due.measures,
        "count": due.count,
        "quarter_start": quarter_start,
        "base_url": (base_url or settings.SITE_URL).rstrip("/"),
    }
    # In the officer's language (their choice on "Your e-mails"; English by default).
    return sending.render_message(
        "update_reminder", context, language=language_for(getattr(due.officer, "user", None))
    )


def send_update_reminders(
    *, today: datetime.date | None = None, plan_slugs=None, dry_run: bool = False, base_url=""
) -> ReminderRun:
    today = today or timezone.localdate()
    quarter_start, _ = current_quarter(today)
    run = ReminderRun(quarter_start=quarter_start, dry_run=dry_run)
    dues = due_by_officer(plans_to_remind(today=today, slugs=plan_slugs), today=today)
    reminded = set(
        ReminderLog.objects.for_quarter(quarter_start)
        .filter(officer__in=[d.officer.pk for d in dues])
        .values_list("officer_id", flat=True)
    )
    for due in dues:
        if not due.officer.email:
            run.no_email.append(due)
        elif due.officer.user_id and not wants(due.officer.user, "reminders"):
            run.turned_off.append(due)
        elif due.officer.pk in reminded:
            run.already_reminded.append(due)
        elif dry_run or _send_one(due, quarter_start=quarter_start, base_url=base_url):
            run.sent.append(due)
        else:
            run.already_reminded.append(due)
    return run


def _send_one(due: OfficerDue, *, quarter_start, base_url) -> bool:
    """Log and send in one transaction; False when another run logged this officer first."""
    try:
        with transaction.atomic():
            ReminderLog.objects.create(
                officer=due.officer,
                quarter_start=quarter_start,
                sent_at=timezone.now(),
                sent_to=due.officer.email,
                action_count=len(due.actions),
                measure_count=len(due.measures),
            )
            sending.send(
                key=f"reminder:officer-{due.officer.pk}:{quarter_start.isoformat()}",
                to=due.officer.email,
                message=_message(due, quarter_start=quarter_start, base_url=base_url),
            )
    except IntegrityError:
        return False
    return True
