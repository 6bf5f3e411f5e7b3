from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The chair's and plan managers' view: progress dashboard, approval queue, board report."""

    name = "dashboard"
    verbose_name = "Dashboard"

    def ready(self):
        # The board report's PDF and spreadsheet are drawn by the documents worker
        # (documents/kinds.py): the store must know how.
        from dashboard import views
        from documents import kinds

        for kind in views.REPORT_KINDS:
            kinds.register(kind)
