from django.apps import AppConfig


class DemonstrationConfig(AppConfig):
    """The demonstration site and load tests: the seed plan as `make run` loads it, with its
    illustrative progress and engagement, and invented partnerships at county scale. Nothing in
    the product imports it (the layers contract keeps it so): the site works without its data."""

    name = "demonstration"
    verbose_name = "Demonstration data"
