"""The statutory checklist page: /dashboard/<plan>/duties/.

For the plan's managers and chair, as the rest of the dashboard (``dashboard.views._plan``:
another partnership's plan is a 404). The rules are ``progress.duties.check_plan``; the board
report shows the same checklist. Links to fix a gap go to the admin, so they are offered only to
those who may change the plan (its plan managers); the chair reads.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cspplan import permissions
from dashboard.views import _plan
from progress.duties import check_plan


@login_required
@require_safe
def duties(request, plan_slug):
    plan = _plan(request, plan_slug)
    return render(
        request,
        "dashboard/duties.html",
        {
            "plan": plan,
            "report": check_plan(plan),
            "can_fix": permissions.manages_plan(request.user, plan),
        },
    )
