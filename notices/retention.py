"""Followers' addresses under the residents' retention rules (``consultation.retention``):

- a request never confirmed is deleted once its link has expired (``CONFIRM_DAYS``);
- a follow of a plan archived longer ago than the retention period is deleted: nothing new
  will be published for it;
- the address of every message sent before the retention period is blanked
  (``outbox.sending.forget_addresses``).

A follower who unsubscribes is deleted at once (``notices.following.unsubscribe``).
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cspplan.models import Plan
from notices.following import CONFIRM_DAYS
from notices.models import Follow
from outbox.sending import forget_addresses


@dataclass(frozen=True)
class FollowPurge:
    unconfirmed: int
    of_archived_plans: int
    message_addresses: int


@transaction.atomic
def purge(*, received_before: datetime.datetime, now=None) -> FollowPurge:
    now = now or timezone.now()
    expired = Follow.objects.unconfirmed().filter(
        created_at__lt=now - datetime.timedelta(days=CONFIRM_DAYS)
    )
    unconfirmed = expired.count()
    expired.delete()
    archived = Follow.objects.filter(
        plan__status=Plan.Status.ARCHIVED, plan__period_end__lt=received_before.date()
    )
    of_archived = archived.count()
    archived.delete()
    return FollowPurge(unconfirmed, of_archived, forget_addresses(sent_before=received_before))
