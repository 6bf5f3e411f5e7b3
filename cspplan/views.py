"""Site-wide views that are not pages of a plan. The residents' pages live in public."""

from django.db import connection
from django.http import HttpResponse


def healthz(request):
    """For load balancers: the app is up and its database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means unhealthy
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
