"""Have your say: residents comment on the published plan, with no login.

POST/redirect/GET: a successful comment redirects to a thank-you page, so a refresh never sends
it twice. Name and e-mail go to staff only; the public sees moderated comments without them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from consultation.forms import FeedbackForm
from consultation.models import Feedback
from consultation.services import submit_feedback
from cspplan import languages
from cspplan.models import Plan
from public.queries import current_plan
from public.resident_forms import takes_resident_posts

PUBLISHED_COMMENTS_SHOWN = 20


def _published_plan(plan_slug):
    # Residents comment on published plans only; staff preview drafts elsewhere.
    return get_object_or_404(Plan.objects.published().select_related("partnership"), slug=plan_slug)


@takes_resident_posts("feedback")
@require_http_methods(["GET", "HEAD", "POST"])
def have_your_say(request):
    plan = current_plan(settings.DEFAULT_PARTNERSHIP_SLUG)
    if plan is None:
        return render(request, "public/have_your_say_closed.html", status=404)
    return _feedback_page(request, plan)


@takes_resident_posts("feedback")
@require_http_methods(["GET", "HEAD", "POST"])
def have_your_say_for_plan(request, plan_slug):
    return _feedback_page(request, _published_plan(plan_slug))


def _feedback_page(request, plan):
    languages.page_of(request, plan.partnership)
    open_consultations = list(plan.consultations.open_now())
    form = FeedbackForm(
        request.POST if request.method == "POST" else None,
        plan=plan,
        open_consultations=open_consultations,
    )
    if request.method == "POST" and form.is_valid():
        if not form.is_spam():
            try:
                submit_feedback(
                    plan=plan,
                    comment=form.cleaned_data["comment"],
                    objective=form.cleaned_data["objective"],
                    consultation=form.cleaned_data.get("consultation"),
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    postcode_district=form.cleaned_data["postcode_district"],
                    wants_reply=form.cleaned_data["wants_reply"],
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
        # A robot that filled the honeypot sees the same thank-you page: nothing tells it why
        # its comment went nowhere.
        if form.is_valid():
            thanks = redirect("plans:have_your_say_thanks", plan.slug)
            if form.cleaned_data["wants_reply"]:
                thanks["Location"] += "?reply=yes"
            return thanks
    published = (
        Feedback.objects.published()
        .filter(plan=plan)
        .select_related("objective__plan")
        # Name and e-mail are not even loaded: this list is public.
        .only(
            "comment",
            "created_at",
            "objective",
            "objective__number",
            "objective__title",
            # The title in each language (translated content, docs/welsh.md): read as the
            # page's language asks, never loaded once a comment.
            "objective__title_en",
            "objective__title_cy",
            "objective__label",
            "objective__plan__objective_word",
            "objective__plan__objective_word_en",
            "objective__plan__objective_word_cy",
            "objective__plan__objectives_numbered",
        )[:PUBLISHED_COMMENTS_SHOWN]
    )
    return render(
        request,
        "public/have_your_say.html",
        {
            "plan": plan,
            "form": form,
            "open_consultations": open_consultations,
            "published_comments": published,
        },
    )


@require_safe
def thanks(request, plan_slug):
    plan = _published_plan(plan_slug)
    return render(
        request,
        "public/have_your_say_thanks.html",
        {"plan": plan, "wants_reply": request.GET.get("reply") == "yes"},
    )
