"""How the partnership meets residents, on the public site: engagement events (/engagement/,
with an iCalendar feed of upcoming ones) and "you said, we did" (/you-said-we-did/).

Only published records of public plans are shown (``public()`` on each queryset): drafts stay
on the staff side. Upcoming and past are judged by the day, so the page cache (keyed on today's
date among other things, public/caching.py) is never a day out of date.
"""

from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from actions.models import Action
from consultation.models import Consultation, EngagementEvent, EventPartner, YouSaidWeDid
from cspplan import languages
from objectives.models import Objective
from public import calendar
from public.caching import public_page


def public_events():
    return (
        EngagementEvent.objects.public()
        .select_related("plan__partnership")
        .prefetch_related(
            Prefetch(
                "presence",
                queryset=EventPartner.objects.select_related("organisation").order_by(
                    "-senior", "organisation__name"
                ),
            )
        )
    )


@public_page
def event_list(request):
    today = timezone.localdate()
    return render(
        request,
        "public/engagement_list.html",
        {
            "upcoming": list(public_events().upcoming(today=today)),
            "past": list(public_events().past(today=today)),
        },
    )


@public_page
def event_detail(request, plan_slug, event_slug):
    event = public_events().filter(plan__slug=plan_slug, slug=event_slug).first()
    if event is None:
        raise Http404("No such event, or not published.")
    languages.page_of(request, event.plan.partnership)
    return render(
        request,
        "public/engagement_detail.html",
        {
            "event": event,
            "is_past": event.date < timezone.localdate(),
            "entries": event.you_said_we_did.public()
            .select_related("plan")
            .order_by("-reported_on", "title"),
        },
    )


@require_safe
@public_page
def upcoming_calendar(request):
    """Upcoming events as an iCalendar file (RFC 5545) residents can subscribe to."""
    events = (
        EngagementEvent.objects.public()
        .upcoming()
        .select_related("plan")
        .only(
            "plan__slug",
            "slug",
            "name",
            "kind",
            "date",
            "start_time",
            "end_time",
            "location",
            "description",
        )
    )
    body = calendar.calendar(
        events,
        host=request.get_host().split(":")[0],
        absolute_url=lambda event: request.build_absolute_uri(event.get_absolute_url()),
        name=gettext("Community Safety Partnership events"),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="upcoming-events.ics"'
    return response


def entries_with_links(queryset):
    """'You said, we did' entries with what they link to, in a fixed number of queries. The
    feedback they came from is counted, never loaded: comments and their authors are staff
    only."""
    return (
        queryset.select_related("plan__partnership")
        .annotate(feedback_count=Count("feedback", distinct=True))
        .prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.order_by("number")),
            Prefetch("events", queryset=EngagementEvent.objects.public().select_related("plan")),
            Prefetch(
                "consultations",
                queryset=Consultation.objects.public().select_related("plan").order_by("-opens_at"),
            ),
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("target__objective__plan").order_by(
                    "target__objective__number", "target__order", "order"
                ),
            ),
        )
    )


@public_page
def you_said_we_did(request):
    entries = entries_with_links(YouSaidWeDid.objects.public()).order_by(
        "-reported_on", "title", "pk"
    )
    return render(request, "public/you_said_we_did.html", {"entries": list(entries)})


def for_objective(objective):
    """The published entries linked to an objective, for its public page."""
    return list(
        entries_with_links(YouSaidWeDid.objects.public().filter(objectives=objective)).order_by(
            "-reported_on", "title", "pk"
        )
    )
