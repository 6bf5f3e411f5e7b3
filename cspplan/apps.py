from django.apps import AppConfig


class CspplanConfig(AppConfig):
    name = "cspplan"
    verbose_name = "Partnership and plan"

    def ready(self):
        # Public pages are cached; any edit to a public record must invalidate them
        # (see cspplan/caching.py for why this is done with signals).
        from cspplan.caching import connect_invalidation_signals

        connect_invalidation_signals()
