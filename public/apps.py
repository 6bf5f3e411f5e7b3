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

        # The document store (documents/kinds.py) renders the delivery plan's PDF and Word file
        # on its worker, and keys each copy on the content version public pages are cached under.
        from documents import kinds
        from public import downloads
        from public.caching import content_version

        kinds.register(downloads.PDF)
        kinds.register(downloads.DOCX)
        kinds.set_version_source(lambda: content_version()[0])
