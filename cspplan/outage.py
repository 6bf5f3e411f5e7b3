"""The database unreachable (PostgreSQL restarting, a failover, a network blip): a 503 page with
``Retry-After``, not a 500.

This is the root URLconf's ``handler500``, not a middleware: Django turns an exception raised in
any middleware or view into a response at that layer (``convert_exception_to_response``), so an
outer middleware never sees it, while every such response is made by ``handler500``, inside the
``except`` that caught it. Losing the connection mid-request (the session or the user read in
middleware, a query in a view or template, the session saved on the way out) all arrive here.

Nothing is half-written: every write of the app is one transaction (services are
``transaction.atomic``, as are the admin's and the importer's saves), so a request cut off by an
outage rolls back whole. The page says so, and to check before repeating a change (one saved
just before the outage stays saved; the lost-update check refuses a second copy of an edit).

The page renders from a template that stands alone (no session, user or database). The app
recovers by itself when the database is back: ``CONN_HEALTH_CHECKS`` (settings) drops a dead
kept connection before a request uses it.
"""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.translation import get_language_from_path, ngettext
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def caused_by_database_outage(error: BaseException | None) -> bool:
    """Whether ``error``, or an exception it was raised from or while handling, is the
    database being unreachable (a template or a library may wrap the original)."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, DATABASE_UNAVAILABLE):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def retry_after_text(seconds: int) -> str:
    if seconds < 60:
        return ngettext("%(count)s second", "%(count)s seconds", seconds) % {"count": seconds}
    minutes = round(seconds / 60)
    return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}


def unavailable(request) -> HttpResponse:
    """The page in the language its address names (``/cy/`` Welsh): read from the address
    here, since the database may have failed before the language was chosen."""
    seconds = settings.CSPPLAN_RETRY_AFTER_SECONDS
    welsh = get_language_from_path(request.path_info) == "cy"
    with translation.override("cy" if welsh else "en"):
        body = loader.render_to_string(
            "503.html",
            {
                "retry_after_text": retry_after_text(seconds),
                "request_path": request.path,
                "html_lang": "cy" if welsh else "en-GB",
                "home": "/cy/" if welsh else "/",
            },
        )
    response = HttpResponse(body, status=503)
    response["Content-Language"] = "cy" if welsh else "en-GB"
    response["Retry-After"] = str(seconds)
    # Never kept by a cache or a proxy: the next request may well succeed.
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """``handler500``: a 503 page when the database is unreachable, Django's 500 otherwise."""
    if caused_by_database_outage(sys.exc_info()[1]):
        return unavailable(request)
    return defaults.server_error(request, template_name=template_name)
