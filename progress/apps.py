from django.apps import AppConfig


class ProgressConfig(AppConfig):
    """The progress rules: approval, RAG assessment, accountability and reminders."""

    name = "progress"
    verbose_name = "Progress"
