"""A follower's digest: what was approved, since their last one, for what they follow.

What goes in (``changes``), and only once it is public:
- approved action updates (their status, so a status change too, and their note), by the
  moment they were approved, on a plan the public may read (``Plan.objects.public()``: never a
  draft, never an internal plan, never a review's action plan before the review is published);
- milestones ticked as done (a ``Milestone`` row is public: an officer's tick reaches it only
  once approved, ``progress.approval``), by the moment the tick was written.

Nothing waiting for approval or returned, and no figures: a measure's counts go through the
small-number rules (``progress.disclosure``) on the pages, and the digest links there instead
of repeating them. A digest lists at most ``settings.DIGEST_MAX_ITEMS`` changes, then links to
the page for the rest.

Sending (``send_due``): a follow is due immediately, or a day or a week after its last digest;
its window (``digest_from`` → now) moves forward in the same transaction as the message is
logged, and the message's key names the window's start, so two runs at once send it once.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from actions.models import Action, ActionStatus, ActionUpdate, Milestone
from cspplan.models import Plan
from notices.following import (
    follow_page_url,
    manage_url,
    unsubscribe_headers,
    unsubscribe_url,
)
from notices.models import Follow
from objectives.figures import long_date
from objectives.models import ApprovalStatus
from outbox import sending

WAIT = {
    Follow.Frequency.IMMEDIATELY: datetime.timedelta(0),
    Follow.Frequency.DAILY: datetime.timedelta(days=1),
    Follow.Frequency.WEEKLY: datetime.timedelta(days=7),
}


@dataclass(frozen=True)
class Change:
    at: datetime.datetime  # when it was approved
    action: Action
    kind: str  # "update" or "milestone"
    words: str

    @property
    def heading(self) -> str:
        return f"{self.action.target.objective.reference}: {self.action}"


def followed_actions(follow: Follow):
    actions = Action.objects.for_plan(follow.plan)
    if follow.action_id:
        return actions.filter(pk=follow.action_id)
    if follow.objective_id:
        return actions.filter(target__objective=follow.objective_id)
    return actions


def changes(follow: Follow, *, since, until) -> list[Change]:
    """What was approved in (since, until] for what ``follow`` follows, oldest first, worded
    in the language active now (the follower's, in ``send_digest``)."""
    if not Plan.objects.public().filter(pk=follow.plan_id).exists():
        return []
    actions = followed_actions(follow)
    found = []
    updates = (
        ActionUpdate.objects.filter(
            action__in=actions.values("pk"),
            approval=ApprovalStatus.APPROVED,
            approved_at__gt=since,
            approved_at__lte=until,
        )
        .select_related("action__target__objective")
        .order_by("approved_at", "pk")
    )
    for update in updates:
        words = f"{ActionStatus(update.status).label} ({update.dated}). {update.note}"
        found.append(Change(update.approved_at, update.action, "update", words))
    ticks = (
        Milestone.history.filter(
            action_id__in=actions.values("pk"),
            done_on__isnull=False,
            history_date__gt=since,
            history_date__lte=until,
        )
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    ticked_actions = {
        a.pk: a
        for a in Action.objects.filter(pk__in={tick.action_id for tick in ticks}).select_related(
            "target__objective"
        )
    }
    welsh = translation.get_language() == "cy"
    for tick in ticks:
        before = tick.prev_record
        if before is not None and before.done_on is not None:
            continue  # already done: a later edit of its note or title is not a tick
        # A past version has both columns but not the translated field's reading of them.
        title = (tick.title_cy if welsh else "") or tick.title_en or tick.title
        words = _("Milestone done: %(title)s (done %(day)s).") % {
            "title": title,
            "day": long_date(tick.done_on),
        }
        found.append(Change(tick.history_date, ticked_actions[tick.action_id], "milestone", words))
    return sorted(found, key=lambda change: change.at)


def is_due(follow: Follow, now) -> bool:
    if follow.last_digest_at is None:
        return True
    return follow.last_digest_at + WAIT[follow.frequency] <= now


def send_digest(follow_pk: int, *, now=None):
    """Send one follower's digest if one is due and has anything in it; the message or None."""
    now = now or timezone.now()
    with transaction.atomic():
        follow = (
            Follow.objects.select_for_update(of=("self",))
            .select_related("plan", "objective", "action", "user")
            .filter(pk=follow_pk, confirmed_at__isnull=False)
            .first()
        )
        if follow is None or not is_due(follow, now) or not follow.address:
            return None
        since = follow.digest_from or follow.confirmed_at
        language = follow.email_language
        # Worded, and its content read (``_cy`` fields), in the follower's language.
        with translation.override(language):
            found = changes(follow, since=since, until=now)
        if not found:
            return None
        limit = settings.DIGEST_MAX_ITEMS
        context = {
            "follow": follow,
            "followed": follow.followed,
            "changes": found[:limit],
            "more": max(0, len(found) - limit),
            "page_url": follow_page_url(follow),
            "unsubscribe_url": unsubscribe_url(follow),
            "manage_url": manage_url(follow) if not follow.user_id else None,
            "since": since,
        }
        sent = sending.send(
            key=f"digest:follow-{follow.pk}:{since.isoformat()}",
            to=follow.address,
            message=sending.render_message("digest", context, language=language),
            headers=unsubscribe_headers(follow),
        )
        follow.digest_from = follow.last_digest_at = now
        follow.save(update_fields=["digest_from", "last_digest_at"])
        return sent


def send_due(*, now=None) -> int:
    """Every confirmed follower's digest that is due; how many were sent."""
    now = now or timezone.now()
    sent = 0
    for pk in Follow.objects.confirmed().values_list("pk", flat=True):
        if send_digest(pk, now=now) is not None:
            sent += 1
    return sent
