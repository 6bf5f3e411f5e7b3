"""The one sending path: every e-mail the site sends itself goes through ``send``.

- ``send(key=…)`` writes the message to the log (``SentMessage``) and enqueues its delivery on
  the task queue (``outbox.tasks.deliver_message``, the "mail" queue of settings.TASKS: the
  database queue of ``make run``'s worker by default, so no extra server). The key names the
  recipient and the event ("reminder:officer-3:2011-10-01"); its unique constraint means a
  second ``send`` of the same key, from a second run or a second scheduler at the same moment,
  sends nothing.
- Delivery retries: a failed attempt is tried again after a backoff (1, 4, 16 … minutes, at most
  ``MAX_ATTEMPTS`` attempts). A queue that can run a job later does so itself; otherwise, and for
  jobs a queue lost, ``retry_due`` (run by ``manage.py send_notices``) enqueues them again.
- Every message has a text part and an HTML part (``render_message``: a subject, text and HTML
  template of one name), written in its recipient's language (``language``).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from outbox.models import SentMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_RETRY = datetime.timedelta(minutes=1)
LONGEST_WAIT = datetime.timedelta(hours=6)
# A queued message nobody tried after this long was lost by its queue.
LOST_AFTER = datetime.timedelta(minutes=10)


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def render_message(name: str, context: dict, *, language: str | None = None) -> Rendered:
    """``emails/<name>_subject.txt``, ``emails/<name>.txt`` and ``emails/<name>.html``, in
    ``language`` (its words from the catalogue, its content from the ``_cy`` fields), else in
    the language active now."""
    with translation.override(language or translation.get_language()):
        return Rendered(
            subject=" ".join(render_to_string(f"emails/{name}_subject.txt", context).split()),
            text=render_to_string(f"emails/{name}.txt", context),
            html=render_to_string(f"emails/{name}.html", context),
        )


def send(*, key: str, to: str, message: Rendered, headers: dict | None = None):
    """Log and queue one message; None (nothing sent) when ``key`` was sent before."""
    try:
        with transaction.atomic():
            sent = SentMessage.objects.create(
                key=key,
                to=to,
                subject=message.subject[:255],
                text=message.text,
                html=message.html,
                headers=headers or {},
            )
    except IntegrityError:
        return None
    _enqueue(sent)
    return sent


def was_sent(key: str) -> bool:
    return SentMessage.objects.filter(key=key).exists()


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the ``attempts``-th failure: 1, 4, 16, 64 minutes … at most 6 hours."""
    return min(FIRST_RETRY * 4 ** (attempts - 1), LONGEST_WAIT)


def _enqueue(sent: SentMessage, *, run_after=None) -> None:
    from outbox.tasks import deliver_message

    task = deliver_message
    try:
        if run_after is not None:
            if not task.get_backend().supports_defer:
                return  # retry_due enqueues it when it is due
            task = task.using(run_after=run_after)
        task.enqueue(sent.pk)
    except Exception:  # the queue is unreachable: retry_due will find the row
        logger.exception("Could not enqueue message %s", sent.key)


def deliver(pk: int) -> None:
    """Send one logged message, once; on failure, plan the next attempt."""
    with transaction.atomic():
        sent = SentMessage.objects.select_for_update().filter(pk=pk).first()
        if sent is None or sent.status in (SentMessage.Status.SENT, SentMessage.Status.FAILED):
            return
        if not sent.to:  # its address was removed (retention) before it could be sent
            sent.status, sent.last_error = SentMessage.Status.FAILED, "No address."
            sent.save(update_fields=["status", "last_error"])
            return
        email = EmailMultiAlternatives(
            sent.subject,
            sent.text,
            settings.DEFAULT_FROM_EMAIL,
            [sent.to],
            headers=sent.headers,
        )
        email.attach_alternative(sent.html, "text/html")
        sent.attempts += 1
        try:
            email.send()
        except Exception as error:  # SMTP refused, timed out, unreachable…
            sent.last_error = f"{type(error).__name__}: {error}"[:500]
            if sent.attempts >= MAX_ATTEMPTS:
                sent.status, sent.next_attempt_at = SentMessage.Status.FAILED, None
            else:
                sent.status = SentMessage.Status.RETRYING
                sent.next_attempt_at = timezone.now() + backoff(sent.attempts)
            logger.warning("Sending %s failed (attempt %s): %s", sent.key, sent.attempts, error)
        else:
            sent.status, sent.sent_at, sent.next_attempt_at = (
                SentMessage.Status.SENT,
                timezone.now(),
                None,
            )
        sent.save()
    if sent.status == SentMessage.Status.RETRYING:
        _enqueue(sent, run_after=sent.next_attempt_at)


def retry_due(now=None) -> int:
    """Enqueue again the failed messages whose next attempt is due, and those their queue lost;
    how many."""
    now = now or timezone.now()
    due = list(SentMessage.objects.due_for_retry(now)) + list(
        SentMessage.objects.stuck(now - LOST_AFTER)
    )
    for sent in due:
        _enqueue(sent)
    return len(due)


def forget_addresses(*, sent_before: datetime.datetime) -> int:
    """Blank the address of messages created before ``sent_before`` (the residents' retention
    period); the rows stay, so their keys still stop a second send."""
    return (
        SentMessage.objects.filter(created_at__lt=sent_before, address_removed_at__isnull=True)
        .exclude(status=SentMessage.Status.RETRYING)
        .update(to="", address_removed_at=timezone.now())
    )
