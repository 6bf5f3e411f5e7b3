"""The chair's digest before each board meeting: the plan's standing and its exceptions,
``settings.CHAIR_DIGEST_DAYS`` days before the meeting (``progress.models.BoardMeeting``), once
per meeting and chair (the outbox key names both, and the meeting's date: a meeting moved to
another day is a new event), turned off with the chair's ``NoticePreference.chair_digest``.

One truth: the standing is the dashboard's own. The plan is assessed by the same rule
(``progress.rag.assess_plan``, approved progress only, as at ``Plan.reporting_day``), its
actions counted by ``progress.assessment.count_actions_by_state`` and its objectives' colours
read from the same assessment; what waits for approval is counted by ``progress.approval``'s
queues, as the dashboard counts them. So the digest says what the dashboard says that day.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from actions import milestones
from cspplan import roles
from cspplan.models import Plan
from notices.staff import send_notice
from progress import approval
from progress.assessment import count_actions_by_state
from progress.models import BoardMeeting
from progress.rag import assess_plan


@dataclass
class Standing:
    """What the chair's digest says of a plan, as the dashboard says it."""

    day: datetime.date
    objectives: list  # (objective, its Assessment), in the plan's order
    actions_by_state: list  # StatusCount, as every surface counts them
    overdue: list  # (action, Assessment): open and past its due date
    at_risk: list  # (action, Assessment): "at risk" and not overdue
    late_milestones: list  # (action, milestone): due before the day and not done by it
    waiting: int  # items waiting for approval


def standing(plan, *, today=None) -> Standing:
    assessment = assess_plan(plan, today=today)
    actions = [(action, assessment.for_action(action)) for action in assessment.actions]
    late = [
        (action, milestone)
        for action, result in actions
        for milestone in result.milestone_rows
        if milestones.is_late(milestone, result.day)
    ]
    return Standing(
        day=assessment.today,
        objectives=[(o, assessment.for_objective(o)) for o in assessment.objectives],
        actions_by_state=count_actions_by_state(result for _, result in actions),
        overdue=[(a, r) for a, r in actions if r.is_overdue],
        at_risk=[(a, r) for a, r in actions if r.code == "at_risk" and not r.is_overdue],
        late_milestones=late,
        waiting=approval.pending_updates(plan).count()
        + approval.pending_milestones(plan).count()
        + approval.pending_measurements(plan).count(),
    )


def chairs_of(plan):
    """The chairs of the plan's partnership (its members in the Chair role), active only."""
    return [
        user
        for user in get_user_model().objects.filter(partnerships=plan.partnership, is_active=True)
        if roles.is_chair(user)
    ]


def meetings_due(today: datetime.date):
    """Meetings from today to ``CHAIR_DIGEST_DAYS`` days ahead, of plans not archived."""
    return (
        BoardMeeting.objects.filter(
            date__gte=today,
            date__lte=today + datetime.timedelta(days=settings.CHAIR_DIGEST_DAYS),
        )
        .exclude(plan__status=Plan.Status.ARCHIVED)
        .select_related("plan__partnership")
        .order_by("date", "pk")
    )


def send_chair_digests(*, today=None) -> int:
    today = today or timezone.localdate()
    sent = 0
    for meeting in meetings_due(today):
        chairs = chairs_of(meeting.plan)
        if not chairs:
            continue
        plan = meeting.plan
        found = standing(plan)
        context = {
            "meeting": meeting,
            "plan": plan,
            "standing": found,
            "dashboard_url": settings.SITE_URL + reverse("dashboard:plan", args=[plan.slug]),
            "report_url": settings.SITE_URL + reverse("dashboard:report_pdf", args=[plan.slug]),
        }
        for chair in chairs:
            sent += send_notice(
                "chair_digest",
                key=f"chair-digest:meeting-{meeting.pk}:{meeting.date}:user-{chair.pk}",
                user=chair,
                to=chair.email,
                template="chair_digest",
                context=context,
            )
    return sent
