"""The sent-message log: one row per message, named by a key that says whom it is for and
which event it tells of, so the same event never reaches the same person twice."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class SentMessageQuerySet(models.QuerySet):
    def due_for_retry(self, now=None):
        """Messages whose last attempt failed and whose next attempt is due."""
        return self.filter(
            status=SentMessage.Status.RETRYING, next_attempt_at__lte=now or timezone.now()
        )

    def stuck(self, before):
        """Queued before ``before`` and never tried: the queue lost the job (Redis restarted,
        or the worker could not read the row before its transaction committed)."""
        return self.filter(status=SentMessage.Status.QUEUED, attempts=0, created_at__lt=before)


class SentMessage(models.Model):
    """One message, as it was (or will be) sent. The address is personal data: it is blanked
    by ``manage.py purge_feedback``'s period (``outbox.sending.forget_addresses``), the row
    stays so the key still stops a second send."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RETRYING = "retrying", "Failed, will be tried again"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed, given up"

    # Whom and what for, e.g. "digest:follow-12:2026-12-06T10:00:00+00:00".
    key = models.CharField(max_length=255, unique=True)
    to = models.EmailField(blank=True)
    subject = models.CharField(max_length=255)
    text = models.TextField()
    html = models.TextField()
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    address_removed_at = models.DateTimeField(null=True, blank=True)

    objects = SentMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="sentmessage_retry")]

    def __str__(self):
        return f"{self.key} ({self.get_status_display()})"


class NoticePreference(models.Model):
    """Which notices a member of staff gets; every one is on until they turn it off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preference"
    )
    returned = models.BooleanField(
        "my progress is returned to me",
        default=True,
        help_text="When a plan manager returns an update, figure or milestone you sent.",
    )
    milestones = models.BooleanField(
        "milestones of my actions are due soon or late",
        default=True,
        help_text="Once per milestone when it falls due soon, and once when it is late.",
    )
    waiting = models.BooleanField(
        "progress waits for my approval too long",
        default=True,
        help_text="For plan managers: at most once a week per plan.",
    )
    reminders = models.BooleanField(
        "the quarterly reminder to update my actions",
        default=True,
        help_text="Once a quarter, when actions or measures you lead have no update.",
    )

    chair_digest = models.BooleanField(
        "the chair's digest before each board meeting",
        default=True,
        help_text="For the chair: the plan's standing and its exceptions, once per meeting.",
    )

    # English unless they choose Welsh, offered where one of their partnerships is bilingual
    # (``notices.forms.PreferenceForm``).
    language = models.CharField(
        "language of my e-mails", max_length=5, choices=settings.LANGUAGES, default="en"
    )

    KINDS = ("returned", "milestones", "waiting", "reminders", "chair_digest")

    def __str__(self):
        return f"Notices of {self.user}"


def language_for(user) -> str:
    """The language ``user``'s e-mails are written in: their choice, else English."""
    if user is None:
        return "en"
    preference = NoticePreference.objects.filter(user=user).only("language").first()
    return preference.language if preference is not None else "en"


def wants(user, kind: str) -> bool:
    """Whether ``user`` (None: nobody to ask, so yes) wants notices of ``kind``."""
    if user is None:
        return True
    preference = NoticePreference.objects.filter(user=user).first()
    return preference is None or getattr(preference, kind)
