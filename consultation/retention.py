"""How long residents' personal data is kept, and its removal once that time has passed.

The retention period is ``settings.FEEDBACK_RETENTION_MONTHS`` (``CSPPLAN_FEEDBACK_RETENTION_
MONTHS``, 24 by default): the "have your say" form tells residents so, and
``manage.py purge_feedback`` removes, from feedback received before then:

- the name, e-mail address and postcode district, and the wish for a reply;
- the comment, unless it was published: a published comment was checked for anything personal
  before it went out (the form says so), and it stays on the site as it was published;
- staff's internal notes, which may name the resident or whoever was contacted;
- the same fields from the feedback's history rows, which would otherwise outlive them;
- the written (free-text) answers of consultation responses submitted before then: responses
  are anonymous, but words can still identify someone. Choices and scale points stay, and so
  do the responses, so the results' counts do not change.

The feedback itself stays, with its plan, objective, consultation, date, status and
moderation, so the anonymised counts (per plan, objective and month) are the same afterwards.
Each record is marked with when its personal data was removed, and is never purged twice.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from consultation.models import ConsultationAnswer, Feedback

PERIOD = re.compile(r"^\s*(\d+)\s*([md])\s*$", re.IGNORECASE)


class BadPeriod(ValueError):
    """A retention period that cannot be read; the message says what to write instead."""


def parse_period(text: str) -> tuple[int, str]:
    """ "24m" → (24, "m"), "730d" → (730, "d"). Raises BadPeriod naming the value."""
    match = PERIOD.match(text or "")
    if not match:
        raise BadPeriod(
            f"{text!r} is not a period: write a whole number of months or days, e.g. 24m or 730d."
        )
    number, unit = int(match.group(1)), match.group(2).lower()
    if number < 1:
        raise BadPeriod(f"{text!r} would remove today's feedback: give at least 1 day (1d).")
    return number, unit


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` calendar months earlier (the month's last day if shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def cutoff_for(text: str, *, now: datetime.datetime | None = None) -> datetime.datetime:
    """The moment before which feedback is old enough: midnight, local time, ``text`` ago."""
    number, unit = parse_period(text)
    today = timezone.localtime(now or timezone.now()).date()
    day = months_before(today, number) if unit == "m" else today - datetime.timedelta(number)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class PurgeResult:
    received_before: datetime.datetime
    feedback: int
    history_rows: int
    dry_run: bool
    written_answers: int = 0


def due_for_removal(received_before: datetime.datetime):
    return Feedback.objects.filter(
        created_at__lt=received_before, personal_data_removed_at__isnull=True
    )


@transaction.atomic
def remove_personal_data(
    *, received_before: datetime.datetime, dry_run: bool = False
) -> PurgeResult:
    """Remove personal data from the feedback received before ``received_before`` (see the
    module's docstring for what goes and what stays). With ``dry_run``, only count."""
    due = due_for_removal(received_before)
    pks = list(due.select_for_update().values_list("pk", flat=True))
    history = Feedback.history.filter(id__in=pks)
    answers = ConsultationAnswer.objects.filter(response__submitted_at__lt=received_before).exclude(
        text=""
    )
    result = PurgeResult(
        received_before, len(pks), history.count(), dry_run, written_answers=answers.count()
    )
    if dry_run:
        return result
    answers.update(text="")
    if not pks:
        return result
    # update(), not save(): the removal is not a change anyone should read back in history,
    # and the history rows are cleaned below anyway.
    cleared = {"name": "", "email": "", "postcode_district": "", "wants_reply": False}
    Feedback.objects.filter(pk__in=pks).update(
        **cleared, internal_notes="", personal_data_removed_at=timezone.now()
    )
    Feedback.objects.filter(pk__in=pks).filter(~Q(moderation=Feedback.Moderation.PUBLISHED)).update(
        comment=""
    )
    # History never held name or e-mail (consultation migration 0002); the rest goes, comments
    # included: an earlier version of a published comment may be the one before moderation.
    history.update(postcode_district="", wants_reply=False, internal_notes="", comment="")
    return result
