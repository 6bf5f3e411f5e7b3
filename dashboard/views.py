"""The chair's dashboard, the objective drill-down, the approval queue and the board report.

Access: logged in, and chair, plan manager or county reader (``cspplan.roles.can_see_dashboard``);
anyone else gets 403, anonymous visitors the login page. Each sees only the plans of the
partnerships they are a member of, a county reader every public plan
(``cspplan.permissions.dashboard_plans``; superusers every plan): any other plan is a 404, as a
plan that does not exist is. Approving needs a plan manager of the plan
(``progress.approval.can_approve``); the chair sees the queue read-only; a county reader is
refused it (403) and is not told how much waits in it
(``cspplan.permissions.reads_progress_awaiting_approval``).

The approval queue is one URL: GET shows it (``?confirm=approve-all`` shows the confirmation
page of "Approve all"); POST decides one item (``kind``, ``pk``, ``decision``, ``note``: a
note is needed to return) or, with ``decision=approve-all`` and ``expected``, everything.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cspplan import permissions, roles
from cspplan.limits import NOTE_MAX_LENGTH
from cspplan.models import Plan
from cspplan.ratelimit import rate_limited
from dashboard import reports
from dashboard.drawn import as_at_query, drawn_dashboard
from dashboard.overview import AsAtForm, judged_day_words
from documents import serving
from documents.kinds import DocumentKind
from notices.counts import audience
from pcc.models import PccRequest
from progress import approval as progress
from progress.models import BoardMeeting
from progress.overview import partnership_overview
from progress.rag import assess_plan
from progress.reviews import recommendations_by_review
from reviews.models import Review


def _dashboard_user(request):
    if not roles.can_see_dashboard(request.user):
        raise PermissionDenied("The dashboard is for the chair, plan managers and county readers.")


def _plans(user):
    return (
        permissions.dashboard_plans(user)
        .select_related("partnership")
        .order_by("-period_start", "title")
    )


def _plan(request, plan_slug):
    _dashboard_user(request)
    return get_object_or_404(_plans(request.user), slug=plan_slug)


def _as_at(request, plan):
    """(form, day): the "as at" day from ``?as_at=``, the plan's reporting day when absent or
    not a day of the plan."""
    form = AsAtForm(request.GET or None, plan=plan)
    return form, form.day()


def _default_plan(user):
    plans = _plans(user)
    return (
        plans.filter(status=Plan.Status.PUBLISHED).partnership_plans().first()
        or plans.filter(status=Plan.Status.PUBLISHED).first()
        or plans.first()
    )


@login_required
def index(request):
    """The plan selector: ``?plan=<slug>`` goes to that plan, otherwise the current plan."""
    _dashboard_user(request)
    slug = request.GET.get("plan")
    plans = _plans(request.user)
    plan = get_object_or_404(plans, slug=slug) if slug else _default_plan(request.user)
    if plan is None:
        return render(request, "dashboard/no_plans.html", {})
    return redirect("dashboard:plan", plan.slug)


@login_required
def plan_dashboard(request, plan_slug):
    plan = _plan(request, plan_slug)
    as_at_form, today = _as_at(request, plan)
    shows_pending = permissions.reads_progress_awaiting_approval(request.user, plan)
    # The assessment and its tables, kept per version of the plan's content (dashboard/drawn.py).
    drawn = drawn_dashboard(
        plan, data=request.GET, as_at_form=as_at_form, today=today, shows_pending=shows_pending
    )
    snapshots = plan.report_snapshots.defer(
        "pdf", "xlsx", "approved_only_pdf", "approved_only_xlsx"
    ).select_related("frozen_by")
    if not shows_pending:  # only the reports frozen with a copy of approved progress only
        snapshots = snapshots.filter(approved_only_pdf__isnull=False)
    # As at the dashboard's day, as the board report counts them: a past day from history.
    reviews = recommendations_by_review(
        Review.objects.visible_to(request.user).filter(partnership=plan.partnership_id),
        today=today,
    )
    return render(
        request,
        "dashboard/plan.html",
        {
            "plan": plan,
            "plans": _plans(request.user),
            "drawn": drawn,
            "as_at_query": as_at_query(plan, today),
            "snapshots": snapshots,
            "can_freeze": permissions.manages_plan(request.user, plan),
            # Kept by plan managers in the admin; the chair's digest is sent before it.
            "next_meeting": BoardMeeting.objects.next_for(plan, timezone.localdate()),
            # How many follow it by e-mail (never who): notices/counts.py.
            "followers": audience(plan).of_plan(),
            # The partnership's reviews, whatever plan is shown: their recommendations in
            # their own counts (a county reader: published reviews only).
            "reviews": reviews,
            "reviews_overdue": sum(row.overdue for row in reviews),
            "overview": partnership_overview(
                _plans(request.user).filter(partnership=plan.partnership_id),
                # The PCC's requests: the partnership's own staff only, never a county reader.
                pcc_requests=PccRequest.objects.in_partnerships_of(request.user).filter(
                    partnership=plan.partnership_id
                )
                if shows_pending
                else None,
            ),
        },
    )


@login_required
def objective_dashboard(request, plan_slug, number):
    plan = _plan(request, plan_slug)
    objective = get_object_or_404(plan.objectives, number=number)
    # Only this objective's records: the drill-down costs what the objective holds.
    assessment = assess_plan(plan, today=_as_at(request, plan)[1], objective=objective)
    measures = [(measure, assessment.for_measure(measure)) for measure in assessment.measures]
    actions = [(action, assessment.for_action(action)) for action in assessment.actions]
    followers = audience(plan)
    for action, _result in actions:
        action.follower_count = followers.of_action(action)
    return render(
        request,
        "dashboard/objective.html",
        {
            "plan": plan,
            "objective": objective,
            "assessment": assessment.for_objective(objective),
            "measures": measures,
            "actions": actions,
            # How many follow it, and each action, by e-mail (never who): notices/counts.py.
            "objective_followers": followers.of_objective(objective),
            "today": assessment.today,
            "judged_day": judged_day_words(
                plan, assessment.today, from_history=assessment.from_history
            ),
        },
    )


_DECISIONS = {
    ("measurement", "approve"): (progress.approve_measurement, "measurement_pk", "Approved"),
    ("measurement", "reject"): (progress.reject_measurement, "measurement_pk", "Returned"),
    ("update", "approve"): (progress.approve_update, "update_pk", "Approved"),
    ("update", "reject"): (progress.reject_update, "update_pk", "Returned"),
    ("milestone", "approve"): (progress.approve_milestone, "milestone_pk", "Approved"),
    ("milestone", "reject"): (progress.reject_milestone, "milestone_pk", "Returned"),
}

_PENDING = {
    "measurement": progress.pending_measurements,
    "update": progress.pending_updates,
    "milestone": progress.pending_milestones,
}


@dataclass(frozen=True)
class _FailedDecision:
    """A decision refused for its note: shown again at its item, the note as typed."""

    kind: str
    pk: int
    note: str
    error: str

    @property
    def field_id(self):
        return f"note-{self.kind}-{self.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def approvals(request, plan_slug):
    plan = _plan(request, plan_slug)
    if not permissions.reads_progress_awaiting_approval(request.user, plan):
        raise PermissionDenied("The approval queue is for the plan's own partnership.")
    can_approve = progress.can_approve(request.user, plan)
    if request.method == "POST":
        if not can_approve:
            raise PermissionDenied("Only a plan manager of this plan can approve progress.")
        if request.POST.get("decision") == "approve-all":
            return _approve_all(request, plan)
        return _decide_one(request, plan)
    if can_approve and request.GET.get("confirm") == "approve-all":
        return _confirm_approve_all(request, plan)
    return _render_queue(request, plan, can_approve=can_approve)


def _confirm_approve_all(request, plan):
    """The confirmation step of "Approve all": what will be approved, and one POST button."""
    waiting = progress.ApprovedCounts(
        measurements=progress.pending_measurements(plan).count(),
        updates=progress.pending_updates(plan).count(),
        milestones=progress.pending_milestones(plan).count(),
    )
    return render(request, "dashboard/approve_all.html", {"plan": plan, "waiting": waiting})


def _approve_all(request, plan):
    try:
        expected = int(request.POST.get("expected", ""))
    except ValueError:
        messages.error(request, "Confirm “Approve all” from the confirmation page.")
        return redirect("dashboard:approvals", plan.slug)
    try:
        counts = progress.approve_all_submitted(plan=plan, by=request.user, expected_total=expected)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{request.path}?confirm=approve-all")
    messages.success(
        request,
        f"Approved {counts.measurements} measurement{pluralize(counts.measurements)} and "
        f"{counts.updates} action update{pluralize(counts.updates)}"
        + (
            f" and {counts.milestones} milestone{pluralize(counts.milestones)}."
            if counts.milestones
            else "."
        ),
    )
    return redirect("dashboard:approvals", plan.slug)


def _decide_one(request, plan):
    decision = _DECISIONS.get((request.POST.get("kind"), request.POST.get("decision")))
    try:
        pk = int(request.POST.get("pk", ""))
    except ValueError:
        pk = None
    if decision is None or pk is None:
        messages.error(request, "Choose Approve or Return on one item of the queue.")
        return redirect("dashboard:approvals", plan.slug)
    service, argument, done = decision
    kind = request.POST["kind"]
    pending = _PENDING[kind](plan)
    if not pending.filter(pk=pk).exists():
        messages.error(request, "That item is no longer awaiting approval in this plan.")
        return redirect("dashboard:approvals", plan.slug)
    note = request.POST.get("note", "")
    try:
        item = service(**{argument: pk}, by=request.user, note=note)
    except ValidationError as error:
        if hasattr(error, "error_dict") and "decision_note" in error.error_dict:
            failed = _FailedDecision(kind, pk, note, " ".join(error.message_dict["decision_note"]))
            return _render_queue(request, plan, can_approve=True, failed=failed)
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{done}: {item}.")
    return redirect("dashboard:approvals", plan.slug)


def _render_queue(request, plan, *, can_approve, failed: _FailedDecision | None = None):
    measurements = progress.with_approved_figures(list(progress.pending_measurements(plan)))
    updates = list(progress.pending_updates(plan))
    milestones = list(progress.pending_milestones(plan))
    if failed is not None:
        kinds = {"measurement": measurements, "update": updates, "milestone": milestones}
        for item in kinds[failed.kind]:
            if item.pk == failed.pk:
                item.failed_decision = failed
    return render(
        request,
        "dashboard/approvals.html",
        {
            "plan": plan,
            "can_approve": can_approve,
            "measurements": measurements,
            "updates": updates,
            "milestones": milestones,
            "failed": failed,
            "waiting": len(measurements) + len(updates) + len(milestones),
            # Both kinds' decision notes share the one limit (PlanManagerDecision).
            "note_limit": NOTE_MAX_LENGTH,
        },
        status=400 if failed is not None else 200,
    )


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The board report as at a day, drawn by the documents worker (registered in dashboard/apps.py)
# and served from the store to the chair and the plan's managers; a report frozen for a meeting
# is not: it is stored with its snapshot (dashboard/snapshots.py). Each has a second kind for
# readers who may not know how much progress awaits approval (county readers): its
# accountability counts approved progress only, and it is a document of its own, so the chair's
# copy is never served to them (issue 22).
REPORT_PDF = DocumentKind(
    name="board-report-pdf",
    extension="pdf",
    content_type="application/pdf",
    render=lambda plan, as_at: reports.board_report_pdf(plan, today=as_at),
    label="the board report (PDF)",
    base_template="staff/base.html",
)
REPORT_XLSX = DocumentKind(
    name="board-report-xlsx",
    extension="xlsx",
    content_type=XLSX_TYPE,
    render=lambda plan, as_at: reports.board_report_xlsx(plan, today=as_at),
    label="the board report (spreadsheet)",
    base_template="staff/base.html",
)
APPROVED_REPORT_PDF = DocumentKind(
    name="board-report-pdf-approved-only",
    extension="pdf",
    content_type="application/pdf",
    render=lambda plan, as_at: reports.board_report_pdf(plan, today=as_at, approved_only=True),
    label="the board report (PDF)",
    base_template="staff/base.html",
)
APPROVED_REPORT_XLSX = DocumentKind(
    name="board-report-xlsx-approved-only",
    extension="xlsx",
    content_type=XLSX_TYPE,
    render=lambda plan, as_at: reports.board_report_xlsx(plan, today=as_at, approved_only=True),
    label="the board report (spreadsheet)",
    base_template="staff/base.html",
)
REPORT_KINDS = [REPORT_PDF, REPORT_XLSX, APPROVED_REPORT_PDF, APPROVED_REPORT_XLSX]


def _report(request, plan_slug, kind, approved_kind):
    plan = _plan(request, plan_slug)
    if not permissions.reads_progress_awaiting_approval(request.user, plan):
        kind = approved_kind
    return serving.serve(
        request,
        kind=kind.name,
        plan=plan,
        as_at=_as_at(request, plan)[1],
        filename=f"{plan.slug}-board-report.{kind.extension}",
    )


@login_required
@rate_limited("downloads")
def report_pdf(request, plan_slug):
    return _report(request, plan_slug, REPORT_PDF, APPROVED_REPORT_PDF)


@login_required
@rate_limited("downloads")
def report_xlsx(request, plan_slug):
    return _report(request, plan_slug, REPORT_XLSX, APPROVED_REPORT_XLSX)
