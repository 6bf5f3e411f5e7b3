from django.apps import AppConfig


class CspplanConfig(AppConfig):
    name = "cspplan"
    verbose_name = "Partnership and plan"

    def ready(self):
        # Control characters break the feeds and spreadsheets: strip them from every text saved
        # (see cspplan/text.py for why this is a signal).
        from cspplan.text import connect_text_cleaning

        connect_text_cleaning()

        # The audit trail of staff sign-in (cspplan/sign_in_audit.py).
        from cspplan import sign_in_audit

        sign_in_audit.connect()

        # A sign-in stamps its session as renewed (cspplan/session_timeout.py). Imported here, not
        # only by the middleware: a sign-in before the first request of a process (a test's
        # force_login) would otherwise miss the stamp, and its first page write the session.
        from cspplan import session_timeout  # noqa: F401
