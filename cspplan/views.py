"""Site-wide views that are not pages of a plan. The residents' pages live in public."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect

from cspplan import roles


def healthz(request):
    """For load balancers: the app is up and its database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means unhealthy
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@login_required
def staff_home(request):
    """Where signing in lands when no ``next`` says otherwise (``LOGIN_REDIRECT_URL``): each
    role's natural home (``cspplan.roles.home_url_name``)."""
    return redirect(roles.home_url_name(request.user))
