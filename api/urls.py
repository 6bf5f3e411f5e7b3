"""/api/v1/: the open data API (docs/api.md, "Open data API"). Every view is wrapped so that a
conditional GET matching its ETag or Last-Modified gets 304."""

from django.middleware.http import ConditionalGetMiddleware
from django.urls import path, re_path, register_converter
from django.utils.decorators import decorator_from_middleware
from drf_spectacular.views import SpectacularJSONAPIView

from api import docs, views

app_name = "api"

conditional = decorator_from_middleware(ConditionalGetMiddleware)


class IdConverter:
    """A record's id: at most 18 digits, so a larger number is a 404, never a database error
    (ids are 64-bit)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "record_id")


def _pair(name, plural, key, list_view, detail_view):
    return [
        path(f"{plural}/", conditional(list_view.as_view()), name=f"{name}_list"),
        path(f"{plural}/<{key}>/", conditional(detail_view.as_view()), name=name),
    ]


urlpatterns = [
    path("", docs.documentation, name="docs"),
    path(
        "openapi.json",
        conditional(SpectacularJSONAPIView.as_view(urlconf=None)),
        name="schema",
    ),
    *_pair(
        "partnership",
        "partnerships",
        "slug:partnership_slug",
        views.PartnershipList,
        views.PartnershipDetail,
    ),
    *_pair("plan", "plans", "slug:plan_slug", views.PlanList, views.PlanDetail),
    *_pair(
        "priority", "priorities", "record_id:priority_id", views.PriorityList, views.PriorityDetail
    ),
    *_pair(
        "objective",
        "objectives",
        "record_id:objective_id",
        views.ObjectiveList,
        views.ObjectiveDetail,
    ),
    *_pair("target", "targets", "record_id:target_id", views.TargetList, views.TargetDetail),
    *_pair("measure", "measures", "record_id:measure_id", views.MeasureList, views.MeasureDetail),
    *_pair("action", "actions", "record_id:action_id", views.ActionList, views.ActionDetail),
    *_pair(
        "engagement_event",
        "engagement-events",
        "record_id:event_id",
        views.EngagementEventList,
        views.EngagementEventDetail,
    ),
    # Anything else under /api/v1/ (an id too long to be one, a slug with a space) is the API's
    # own JSON 404, not the residents' HTML page.
    re_path(r"^[\s\S]*$", views.not_found, name="not_found"),
]
