"""Notices to staff, each once per event (the key of ``outbox.sending.send``) and each turned
off by its recipient on their preferences page (``outbox.models.NoticePreference``):

- ``returned``: an officer, when a plan manager returns an update, a figure or a milestone they
  sent (read from the item's history, where the return is recorded, in the last
  ``LOOK_BACK`` days: a first run never mails years of old returns);
- ``milestones``: an action's lead officers, once when an open milestone falls due within
  ``settings.NOTICE_MILESTONE_DAYS`` days, and once when it is late (past its due date on a
  plan still running);
- ``waiting``: each plan manager of a partnership, when progress of one of its plans has
  waited for approval longer than ``settings.NOTICE_WAITING_DAYS`` days; at most once a week
  per plan;
- ``chair_digest``: the chair, before each board meeting (``notices/chair.py``, through
  ``send_notice``).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from actions.models import ActionUpdate, Milestone, MilestoneProposal
from cspplan import roles
from cspplan.models import Plan
from objectives.models import ApprovalStatus, Measurement
from outbox import sending
from outbox.models import language_for, wants
from progress.approval import pending_measurements, pending_milestones, pending_updates

LOOK_BACK = datetime.timedelta(days=7)


def _preferences_url() -> str:
    return settings.SITE_URL + reverse("staff_notices:preferences")


def send_notice(kind: str, *, key: str, user, to: str, template: str, context: dict) -> bool:
    """Send one notice of ``kind`` (a ``NoticePreference`` field) unless its recipient turned
    it off; whether it was sent now (False too when its key was sent before)."""
    if not to or not wants(user, kind):
        return False
    context = {**context, "preferences_url": _preferences_url(), "site_url": settings.SITE_URL}
    # Written in the language the person chose (English unless they chose Welsh).
    message = sending.render_message(template, context, language=language_for(user))
    return sending.send(key=key, to=to, message=message) is not None


def _returned_rows(now):
    """(history row, what it was, its author) of each return in the last ``LOOK_BACK``."""
    since = now - LOOK_BACK
    for model, field, author, label in (
        (ActionUpdate, "approval", "author", "update"),
        (MilestoneProposal, "approval", "author", "milestone"),
        (Measurement, "status", "recorded_by", "figure"),
    ):
        rows = model.history.filter(
            **{field: ApprovalStatus.REJECTED}, history_date__gte=since
        ).select_related(author)
        for row in rows:
            yield row, label, getattr(row, author)


def send_returned(*, now=None) -> int:
    now = now or timezone.now()
    sent = 0
    for row, label, author in _returned_rows(now):
        if author is None:
            continue
        sent += send_notice(
            "returned",
            key=f"returned:{label}-history-{row.history_id}:user-{author.pk}",
            user=author,
            to=author.email,
            template="notice_returned",
            context={
                "row": row,
                "what": label,
                "my_actions_url": settings.SITE_URL + reverse("my_actions:index"),
            },
        )
    return sent


def send_milestones(*, today=None) -> int:
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=settings.NOTICE_MILESTONE_DAYS)
    milestones = (
        Milestone.objects.filter(
            done_on__isnull=True,
            due_date__lte=soon,
            action__target__objective__plan__period_start__lte=today,
            action__target__objective__plan__period_end__gte=today,
        )
        .exclude(action__target__objective__plan__status=Plan.Status.ARCHIVED)
        .select_related("action__target__objective__plan")
        .prefetch_related("action__lead_officers__user")
    )
    sent = 0
    for milestone in milestones:
        late = milestone.due_date < today
        state = "late" if late else "due"
        for officer in milestone.action.lead_officers.all():
            sent += send_notice(
                "milestones",
                key=f"milestone-{state}:milestone-{milestone.pk}:{milestone.due_date}:"
                f"officer-{officer.pk}",
                user=officer.user,
                to=officer.email,
                template="notice_milestone",
                context={
                    "officer": officer,
                    "milestone": milestone,
                    "late": late,
                    "my_actions_url": settings.SITE_URL + reverse("my_actions:index"),
                },
            )
    return sent


def _managers(plan):
    return [
        user
        for user in get_user_model().objects.filter(partnerships=plan.partnership, is_active=True)
        if roles.is_plan_manager(user)
    ]


def send_waiting(*, now=None) -> int:
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.NOTICE_WAITING_DAYS)
    year, week, _ = timezone.localdate(now).isocalendar()
    sent = 0
    for plan in Plan.objects.exclude(status=Plan.Status.ARCHIVED).select_related("partnership"):
        waiting = (
            pending_updates(plan).filter(created_at__lt=cutoff).count()
            + pending_milestones(plan).filter(created_at__lt=cutoff).count()
            + pending_measurements(plan).filter(recorded_at__lt=cutoff).count()
        )
        if not waiting:
            continue
        for manager in _managers(plan):
            sent += send_notice(
                "waiting",
                key=f"waiting:plan-{plan.pk}:{year}-W{week:02}:user-{manager.pk}",
                user=manager,
                to=manager.email,
                template="notice_waiting",
                context={
                    "plan": plan,
                    "count": waiting,
                    "days": settings.NOTICE_WAITING_DAYS,
                    "queue_url": settings.SITE_URL
                    + reverse("dashboard:approvals", args=[plan.slug]),
                },
            )
    return sent


def send_all(*, now=None) -> dict:
    now = now or timezone.now()
    return {
        "returned": send_returned(now=now),
        "milestones": send_milestones(today=timezone.localdate(now)),
        "waiting": send_waiting(now=now),
    }
