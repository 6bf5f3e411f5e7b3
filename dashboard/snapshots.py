"""Freezing the board report for a meeting, and the frozen files (``BoardReportSnapshot``).

A plan manager of the plan freezes (POST, with the meeting's date); the chair and the plan's
managers list and download the frozen files on the dashboard, and so do county readers, who get
a second copy frozen with it whose accountability counts approved progress only (issue 22). The
files are those rendered at the moment of freezing, stored as bytes: they stay identical
whatever is edited afterwards.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from cspplan import permissions
from cspplan.ratelimit import rate_limited
from dashboard import reports
from dashboard.models import BoardReportSnapshot
from dashboard.views import XLSX_TYPE, _as_at, _plan


def freeze_board_report(plan, *, meeting_date, as_at, by) -> BoardReportSnapshot:
    """Render the board report as at ``as_at`` and keep both files for the meeting."""
    with transaction.atomic():
        return BoardReportSnapshot.objects.create(
            plan=plan,
            meeting_date=meeting_date,
            as_at=as_at,
            frozen_by=by,
            pdf=reports.board_report_pdf(plan, today=as_at),
            xlsx=reports.board_report_xlsx(plan, today=as_at),
            approved_only_pdf=reports.board_report_pdf(plan, today=as_at, approved_only=True),
            approved_only_xlsx=reports.board_report_xlsx(plan, today=as_at, approved_only=True),
        )


@login_required
@require_POST
def freeze(request, plan_slug):
    plan = _plan(request, plan_slug)
    if not permissions.manages_plan(request.user, plan):
        raise PermissionDenied("Only a plan manager of this plan freezes its board report.")
    try:
        meeting_date = datetime.date.fromisoformat(request.POST.get("meeting_date", ""))
    except ValueError:
        messages.error(request, "Give the meeting's date, e.g. 2012-03-20. Nothing was frozen.")
        return redirect("dashboard:plan", plan.slug)
    snapshot = freeze_board_report(
        plan, meeting_date=meeting_date, as_at=_as_at(request, plan)[1], by=request.user
    )
    messages.success(request, f"Frozen: {snapshot}, as at {snapshot.as_at:%d/%m/%Y}.")
    return redirect("dashboard:plan", plan.slug)


@login_required
@rate_limited("downloads")
def download(request, plan_slug, pk, extension):
    if extension not in ("pdf", "xlsx"):
        raise Http404("A frozen board report is a PDF or a spreadsheet.")
    plan = _plan(request, plan_slug)
    snapshot = get_object_or_404(BoardReportSnapshot.objects.filter(plan=plan), pk=pk)
    # A county reader gets the copy whose accountability counts approved progress only.
    shows_pending = permissions.reads_progress_awaiting_approval(request.user, plan)
    data = snapshot.file(extension, shows_pending=shows_pending)
    if data is None:
        raise Http404("This frozen report was kept for the plan's own partnership only.")
    content_type = "application/pdf" if extension == "pdf" else XLSX_TYPE
    response = HttpResponse(data, content_type=content_type)
    name = f"{plan.slug}-board-report-{snapshot.meeting_date:%Y-%m-%d}-{snapshot.pk}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
