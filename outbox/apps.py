from django.apps import AppConfig


class OutboxConfig(AppConfig):
    """The one sending path of every e-mail the site sends itself (reminders, followers'
    digests, staff notices): a log with one row per (recipient, event), delivered by a task of
    the queue and retried on failure (``outbox.sending``)."""

    name = "outbox"
    verbose_name = "Sent e-mail"
    default_auto_field = "django.db.models.BigAutoField"
