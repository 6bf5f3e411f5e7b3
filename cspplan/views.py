"""Site-wide views that are not pages of a plan. The residents' pages live in public."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from cspplan import roles


@login_required
def staff_home(request):
    """Where signing in lands when no ``next`` says otherwise (``LOGIN_REDIRECT_URL``): each
    role's natural home (``cspplan.roles.home_url_name``)."""
    return redirect(roles.home_url_name(request.user))
