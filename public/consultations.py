"""Public consultations: the list at /consultations/, and each one's page, where residents answer
while it is open and read its results once it has closed.

Only published consultations of public plans are shown; answers are taken only on the plan in
force (``submit_consultation_response``). POST/redirect/GET: a response redirects to a
confirmation page, so a refresh never sends it twice. Answers are anonymous; the public results
are counts (free text counted, never shown: it is not moderated).
"""

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from consultation.forms import ConsultationResponseForm
from consultation.models import Consultation
from consultation.results import summarise
from consultation.services import submit_consultation_response
from cspplan import languages
from objectives.models import Objective
from priorities.models import Priority
from public.caching import public_page
from public.resident_forms import takes_resident_posts


def consultations_clock():
    """How many openings and closings of public consultations have passed: a consultation
    opens or closes at an hour, not at midnight, so the list's cached copy must change then
    too (it is part of the list's cache key). One query."""
    now = timezone.now()
    passed = Consultation.objects.public().aggregate(
        opened=Count("pk", filter=Q(opens_at__lte=now)),
        closed=Count("pk", filter=Q(closes_at__lte=now)),
    )
    return f"{passed['opened']}-{passed['closed']}"


def _public_consultations():
    return (
        Consultation.objects.public()
        .select_related("plan__partnership")
        .prefetch_related(
            Prefetch("priorities", queryset=Priority.objects.select_related("plan")),
            Prefetch("objectives", queryset=Objective.objects.order_by("number")),
        )
    )


@public_page(vary_on=consultations_clock)
def consultation_list(request):
    now = timezone.now()
    by_state = {"open_now": [], "upcoming": [], "closed": []}
    for consultation in _public_consultations().order_by("-opens_at", "title", "pk"):
        by_state.get(consultation.state(now=now), []).append(consultation)
    return render(
        request,
        "public/consultation_list.html",
        {
            "open": by_state["open_now"],
            "upcoming": by_state["upcoming"],
            "closed": by_state["closed"],
        },
    )


def _consultation(request, plan_slug, slug):
    found = _public_consultations().filter(plan__slug=plan_slug, slug=slug).first()
    if found is None:
        raise Http404("No such consultation, or not published.")
    languages.page_of(request, found.plan.partnership)
    return found


# Not cached: while open, the page carries a form with its CSRF token; and it changes at the
# minute the consultation closes.
@takes_resident_posts("feedback")
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_detail(request, plan_slug, slug):
    consultation = _consultation(request, plan_slug, slug)
    taking_answers = consultation.is_open()
    form = None
    if taking_answers:
        questions = consultation.questions.order_by("order")
        form = ConsultationResponseForm(
            request.POST if request.method == "POST" else None, questions=questions
        )
        if request.method == "POST" and form.is_valid():
            if not form.is_spam():
                try:
                    submit_consultation_response(consultation=consultation, answers=form.answers())
                except ValidationError as error:
                    for field, messages in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, messages)
            # A robot that filled the honeypot sees the same confirmation: nothing tells it
            # why its answers went nowhere.
            if form.is_valid():
                return redirect("consultations:thanks", plan_slug, slug)
    elif request.method == "POST":
        # Closed (or not yet open) since the resident loaded the page: say so, write nothing.
        return render(
            request,
            "public/consultation_detail.html",
            {"consultation": consultation, "closed_on_post": True, **_results(consultation)},
            status=409,
        )
    return render(
        request,
        "public/consultation_detail.html",
        {"consultation": consultation, "form": form, **_results(consultation)},
    )


def _results(consultation):
    # Published only once it has closed: counts while open would sway the answers.
    return {"results": summarise(consultation) if consultation.is_closed() else None}


@require_safe
def thanks(request, plan_slug, slug):
    return render(
        request,
        "public/consultation_thanks.html",
        {"consultation": _consultation(request, plan_slug, slug)},
    )
