"""The document store: ask for a document, render it on the worker, keep it as a file.

A document is a kind (``documents.kinds``), a plan, a day for reports judged "as at" one, and
the content version (``kinds.current_version``: the version public pages are cached under). Its
key is a hash of the four, so:

- an edit makes a new key, and the next request renders a new file; the old file is served,
  marked as such, while the new one is drawn, and deleted once the new one is ready;
- many requests for one document at one version make one row and enqueue one job: the row's
  unique key decides who enqueues (``request``), and a failed render is queued again by one
  request only (``retry``).

Fair to residents (issue 22): a signed-in user has at most
``settings.CSPPLAN_DOCUMENTS_QUEUED_PER_USER`` documents waiting at once (``TooManyWaiting``:
the view answers 429), so one reader asking for the board report "as at" 25 days queues a few
renders, not 25; and residents' documents (``DocumentKind.public``) go to a queue of their own
(``settings.DOCUMENTS_PUBLIC_QUEUE``, with its own worker, and first on a worker that takes
both), so they never wait behind staff documents.

A document is drawn in one language (issue 27): the language the reader asked in (the
address's, ``/cy/`` for Welsh), or English. The language is part of the key, of the task's
arguments and of the row, and the worker draws under ``translation.override(language)``, so a
Welsh and an English copy are kept side by side and never replace each other. An English key is
what it was before languages came (the language is hashed in only when it is not English), so an
English-only partnership's files stay as they were.

Rendering happens in ``render``, called by the task (``documents.tasks``) on a worker: a web
request never draws a PDF. With the immediate backend (tests) the task runs inside
``enqueue``, so the first request already finds the document ready.
"""

import datetime
import hashlib
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation

from documents import kinds
from documents.models import Document

logger = logging.getLogger(__name__)

STORAGE_ALIAS = "documents"
QUEUE_DOWN = "The document queue could not be reached."
TOO_LONG = "The document took too long: its worker may have stopped."
# Residents' documents go first on a worker that takes both queues (django-tasks: -100..100).
PUBLIC_PRIORITY = 50


class TooManyWaiting(Exception):
    """A user asked for a new document while as many of theirs as the cap allows were still
    waiting (``waiting``, oldest first)."""

    def __init__(self, waiting: list):
        super().__init__(f"{len(waiting)} documents are already being prepared for this user.")
        self.waiting = waiting


def _user(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def waiting_for(by):
    """The documents ``by`` asked for that are still waiting or being drawn (not stuck)."""
    user = _user(by)
    if user is None:
        return Document.objects.none()
    since = timezone.now() - datetime.timedelta(seconds=settings.DOCUMENTS_RENDER_TIMEOUT)
    return Document.objects.waiting().filter(requested_by=user, requested_at__gte=since)


def queued_for(by) -> int:
    """How many documents ``by`` has waiting; residents (anonymous) none: a public document
    is one per plan and version, however many ask."""
    return waiting_for(by).count() if _user(by) is not None else 0


def _check_cap(by):
    if _user(by) is None:
        return
    waiting = list(
        waiting_for(by)
        .select_related("plan")  # the 429 page names each one's plan
        .order_by("requested_at")[: settings.CSPPLAN_DOCUMENTS_QUEUED_PER_USER]
    )
    if len(waiting) >= settings.CSPPLAN_DOCUMENTS_QUEUED_PER_USER:
        raise TooManyWaiting(waiting)


def storage():
    return storages[STORAGE_ALIAS]


ENGLISH = "en"
# The languages a document may be drawn in: English, and Welsh for a bilingual partnership.
LANGUAGES = (ENGLISH, "cy")


def document_language(plan, language: str | None) -> str:
    """The language a document of ``plan`` is drawn in: the one asked for when the plan's
    partnership publishes in it, else English (an English-only partnership's files are English
    whatever asks for them)."""
    if language in LANGUAGES and language != ENGLISH and plan.partnership.is_bilingual:
        return language
    return ENGLISH


def document_key(*, kind: str, plan, as_at, version: str, language: str = ENGLISH) -> str:
    day = as_at.isoformat() if as_at else "-"
    parts = [kind, str(plan.pk), day, version]
    if language != ENGLISH:  # English keys are as they were before languages came
        parts.append(language)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def request(*, kind: str, plan, as_at=None, by=None, language: str | None = None) -> Document:
    """The document at the current version: ready, being drawn, or failed. Enqueues the render
    if nobody has asked for this version yet. Cheap: one or two queries, never a render.
    ``by``: who asks; a new document past their cap raises ``TooManyWaiting``, queuing nothing
    (one asked for already, by anyone, is answered as ever: it costs nothing new).
    ``language``: the reader's ("cy" from a Welsh address), kept to English where the plan's
    partnership does not publish in it (``document_language``)."""
    kinds.get(kind)  # an unknown kind fails here, in the request, not later on the worker
    version = kinds.current_version()
    language = document_language(plan, language)
    key = document_key(kind=kind, plan=plan, as_at=as_at, version=version, language=language)
    document = Document.objects.filter(key=key).first()
    created = False
    if document is None:
        _check_cap(by)
        # The unique key settles a race between two requests: the second's insert fails, and
        # it reads the first's row; only the creator enqueues.
        try:
            with transaction.atomic():
                document = Document.objects.create(
                    key=key,
                    kind=kind,
                    plan=plan,
                    as_at=as_at,
                    version=version,
                    language=language,
                    requested_by=_user(by),
                )
            created = True
        except IntegrityError:
            document = Document.objects.get(key=key)
    if created:
        _enqueue(document)
        document.refresh_from_db()
    elif document.status == Document.Status.READY and not storage().exists(document.file):
        # The file went (a cleared disk, another server's disk): draw it again.
        logger.warning("Document %s has no file %s; rendering it again", key, document.file)
        document = _requeue(document, from_status=Document.Status.READY)
    elif document.is_stuck():
        Document.objects.filter(pk=document.pk, status=document.status).update(
            status=Document.Status.FAILED, error=TOO_LONG, finished_at=timezone.now()
        )
        logger.error("Document %s was not rendered in time; marked failed", key)
        document.refresh_from_db()
    return document


def retry(document: Document, *, by=None) -> Document:
    """Queue a failed document again. Of many requests that ask at once, one enqueues. Past
    ``by``'s cap, ``TooManyWaiting``."""
    if document.status != Document.Status.FAILED:
        return document
    _check_cap(by)
    return _requeue(document, from_status=Document.Status.FAILED)


def _requeue(document, *, from_status) -> Document:
    claimed = Document.objects.filter(pk=document.pk, status=from_status).update(
        status=Document.Status.QUEUED,
        requested_at=timezone.now(),
        finished_at=None,
        error="",
        attempts=F("attempts") + 1,
    )
    if claimed:
        _enqueue(document)
    document.refresh_from_db()
    return document


def _enqueue(document):
    from documents.tasks import render_document

    try:
        task = render_document
        if kinds.get(document.kind).public:
            task = render_document.using(queue_name=settings.DOCUMENTS_PUBLIC_QUEUE)
            # RQ has no priorities: its worker takes the queues in the order it is given them.
            if task.get_backend().supports_priority:
                task = task.using(priority=PUBLIC_PRIORITY)
        task.enqueue(document.key, document.language)
    except Exception:  # Redis or the database queue unreachable: say so, do not spin forever
        logger.exception("Could not enqueue document %s", document.key)
        Document.objects.filter(pk=document.pk, status=Document.Status.QUEUED).update(
            status=Document.Status.FAILED, error=QUEUE_DOWN, finished_at=timezone.now()
        )


def previous_ready(document: Document) -> Document | None:
    """The newest ready copy of the same document at an older version, to offer while this one
    is drawn ("the version of 3 May; a newer one is being prepared")."""
    return (
        Document.objects.of(
            kind=document.kind,
            plan=document.plan,
            as_at=document.as_at,
            language=document.language,
        )
        .ready()
        .exclude(pk=document.pk)
        .order_by("-finished_at")
        .first()
    )


def render(key: str, language: str | None = None) -> None:
    """Draw the document in its language and store its file (on the worker). A failure is
    logged and kept on the row, and raised again so the queue records the failed job too.
    ``language``: the task's; a job queued before documents had languages has none, and takes
    the row's."""
    claimed = Document.objects.filter(key=key, status=Document.Status.QUEUED).update(
        status=Document.Status.RENDERING
    )
    if not claimed:  # drawn already, or gone with its plan: a duplicate job does nothing
        logger.info("Document %s is not waiting to be rendered; nothing to do", key)
        return
    document = Document.objects.select_related("plan__partnership").get(key=key)
    kind = kinds.get(document.kind)
    try:
        # The worker has no request: the reader's language is switched on for the drawing only.
        with translation.override(language or document.language):
            data = kind.render(document.plan, document.as_at)
        name = document.filename
        if storage().exists(name):  # a render after a lost file: replace, never rename
            storage().delete(name)
        stored = storage().save(name, ContentFile(data))
    except Exception as error:
        logger.exception("Rendering document %s (%s) failed", key, document)
        Document.objects.filter(pk=document.pk).update(
            status=Document.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        raise
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.READY, file=stored, size=len(data), finished_at=timezone.now()
    )
    _forget_older(document)


def _forget_older(document):
    """Delete the copies this one supersedes (same document, older version), files first."""
    older = (
        Document.objects.of(
            kind=document.kind,
            plan=document.plan,
            as_at=document.as_at,
            language=document.language,
        )
        .exclude(pk=document.pk)
        .filter(requested_at__lt=document.requested_at)
        .exclude(status__in=[Document.Status.QUEUED, Document.Status.RENDERING])
    )
    for old in older:
        if old.file:
            storage().delete(old.file)
        old.delete()
