from django.apps import AppConfig


class ProgressConfig(AppConfig):
    """The progress rules: approval, RAG assessment, accountability and reminders."""

    name = "progress"
    verbose_name = "Progress"

    def ready(self):
        # A plan's kept summary is drawn again when its records change: counted by their
        # signals, whoever writes them (progress/kept.py says why signals).
        from progress.kept import connect_change_counting

        connect_change_counting()
