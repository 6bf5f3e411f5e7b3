from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The residents' site: pages, search, feeds, open data and the delivery-plan downloads."""

    name = "public"
    verbose_name = "Residents' site"

    def ready(self):
        # Public pages are cached; any edit to a public record must invalidate them
        # (see public/caching.py for why this is done with signals).
        from public.caching import connect_invalidation_signals

        connect_invalidation_signals()
