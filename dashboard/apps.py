from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The chair's and plan managers' view: progress dashboard, approval queue, board report."""

    name = "dashboard"
    verbose_name = "Dashboard"
