from django.apps import AppConfig


class PlanArchiveConfig(AppConfig):
    """One plan with its history as a file, and restoring it into an empty database
    (`export_plan_archive`, `import_plan_archive`). It holds records of every app, so it sits in
    the top layer, and nothing imports it."""

    name = "plan_archive"
    verbose_name = "Plan archives"
