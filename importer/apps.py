from django.apps import AppConfig


class ImporterConfig(AppConfig):
    """Reading a whole plan from a spreadsheet or Word table and writing it in one step."""

    name = "importer"
    verbose_name = "Plan importer"
