"""One rendered (or being rendered) document: a kind of document of a plan, as at a day, at one
content version. The file itself lives in the ``documents`` storage (settings.STORAGES), never
under a public URL: it is served by the view that checked who may see the plan."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from cspplan.models import Plan
from documents import kinds


class DocumentQuerySet(models.QuerySet):
    def of(self, *, kind: str, plan, as_at: datetime.date | None, language: str):
        return self.filter(kind=kind, plan=plan, as_at=as_at, language=language)

    def ready(self):
        return self.filter(status=Document.Status.READY)

    def waiting(self):
        """Queued or being drawn (stuck ones included until a request marks them failed)."""
        return self.filter(status__in=[Document.Status.QUEUED, Document.Status.RENDERING])


class Document(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        RENDERING = "rendering", "Being drawn"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    # sha256 of kind, plan, day, content version and language: one row (and one job) per
    # document, version and language, whatever the number of requests asking for it
    # (documents.store.request).
    key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=40)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="documents")
    as_at = models.DateField(null=True, blank=True)
    # The language it is drawn in ("en", "cy": cspplan.languages): the worker draws it under
    # translation.override(language), and a Welsh and an English copy are two documents, never
    # one replacing the other.
    language = models.CharField(max_length=8, default="en")
    version = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The file's name in the documents storage, once stored.
    file = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=1)
    # Who first asked for it (none for a resident): the per-user cap on documents waiting
    # (documents.store.request) counts these.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        indexes = [
            # The "last version" lookup of the waiting page (store.previous_ready).
            models.Index(fields=["plan", "kind", "as_at", "status"], name="document_latest_idx"),
        ]
        constraints = [
            # A ready document has its file: the view serves it without looking further.
            models.CheckConstraint(
                condition=~models.Q(status="ready")
                | (models.Q(size__isnull=False) & ~models.Q(file="")),
                name="document_ready_has_file",
            )
        ]

    def __str__(self):
        day = f" as at {self.as_at:%d/%m/%Y}" if self.as_at else ""
        language = f" in {self.language}" if self.language != "en" else ""
        return f"{self.kind} of {self.plan_id}{day}{language} ({self.get_status_display()})"

    @property
    def filename(self) -> str:
        """The name of the file in the documents storage."""
        return f"{self.key}.{kinds.get(self.kind).extension}"

    @property
    def etag(self) -> str:
        return f'"{self.key[:32]}"'

    def is_stuck(self, now=None) -> bool:
        """Queued or being drawn for longer than any render takes: its worker died or the
        queue lost it. Treated as failed, so the page offers a retry, never a spinner forever."""
        if self.status not in (self.Status.QUEUED, self.Status.RENDERING):
            return False
        limit = datetime.timedelta(seconds=settings.DOCUMENTS_RENDER_TIMEOUT)
        return (now or timezone.now()) - self.requested_at > limit
