from django.apps import AppConfig


class NoticesConfig(AppConfig):
    """Following by e-mail (residents with no account, staff from their own pages), the
    digests of approved changes, and staff notices; all sent through ``outbox`` (which also
    keeps each member of staff's choice of notices, ``NoticePreference``)."""

    name = "notices"
    verbose_name = "Following and notices"
    default_auto_field = "django.db.models.BigAutoField"
