from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """The document store: rendered files, one per document and content version, and the task
    that renders them. The kinds of document are registered by the apps that draw them
    (``public``, ``dashboard``) in their ``ready()``."""

    name = "documents"
    verbose_name = "Rendered documents"
    default_auto_field = "django.db.models.BigAutoField"
