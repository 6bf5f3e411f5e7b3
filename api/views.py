"""The API's endpoints: thin read-only views over ``api.published``, each list filtered by
``api.filters``, paginated, and judged by ``progress.rag`` (the statuses every page shows).

Every response carries ``Last-Modified`` (the latest change in the history of what it shows;
for statuses judged against the calendar, no earlier than the start of today) and an ``ETag``
(a hash of the body); a conditional GET that matches gets 304 (``api.urls`` wraps each view).
"""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound, ValidationError

from actions.models import Action, ActionUpdate
from api import changes, filters, published, serializers
from consultation.models import EngagementEvent
from cspplan import languages
from cspplan.models import FundingSource, Officer, Organisation, Partnership, Plan
from objectives.models import Measure, Measurement, Objective, Target
from priorities.models import Priority, PriorityTheme
from progress import disclosure, rag

PROBLEM = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
BAD_PARAMETERS = {
    "type": "object",
    "description": "Each parameter that was refused, with what was wrong with it.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
NOT_FOUND = OpenApiResponse(PROBLEM, description="No public record has this key.")
TOO_MANY = OpenApiResponse(PROBLEM, description="Too many requests; see Retry-After.")
# What a plan's people and funds look like in the data (their names change the body too).
RESPONSIBILITY = (Organisation, Officer, FundingSource)

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# The language of the words the API gives (status labels, kinds), documented on every endpoint.
LANGUAGE_PARAMETERS = [
    OpenApiParameter(
        "lang",
        str,
        OpenApiParameter.QUERY,
        enum=LANGUAGE_CODES,
        description="The language of the labels (status_label, kind_label…): en (English, the "
        "default) or cy (Welsh). Codes and values are the same in both. Overrides "
        "Accept-Language.",
    ),
    OpenApiParameter(
        "Accept-Language",
        str,
        OpenApiParameter.HEADER,
        description="The reader's languages, as browsers send them (cy, en-GB…): the labels "
        "are in Welsh when Welsh comes first, else English. The answer's Content-Language says "
        "which.",
    ),
]


def reader_language(request):
    """The language asked for by ``?lang=`` (refused with a 400 naming it when unknown), else by
    Accept-Language; English when neither names a language the API speaks."""
    chosen = request.query_params.get("lang")
    if chosen is not None:
        if chosen not in LANGUAGE_CODES:
            raise ValidationError({"lang": [f"Choose one of: {', '.join(LANGUAGE_CODES)}."]})
        return chosen
    return translation.get_language_from_request(request._request)


class PublishedView:
    """What every endpoint shares: read-only, the models whose history dates the data, and
    the statuses attached before serialising."""

    # Whose history says when the data last changed (Plan always: publishing a plan or
    # archiving it changes what is public).
    dated_by: tuple = ()
    # True when the data carries statuses judged as at today (RAG moves with the calendar).
    judged = False

    def prepare(self, records):
        """Attach what the serializer reads and the queryset cannot (statuses)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Only for this request: cspplan.languages.LanguageMiddleware puts English back after.
        translation.activate(reader_language(request))

    def get_serializer(self, *args, **kwargs):
        if args:
            records = args[0]
            self.prepare(records if kwargs.get("many") else [records])
        return super().get_serializer(*args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            today = timezone.localdate() if self.judged else None
            latest = changes.last_changed((Plan, *self.dated_by), judged_on=today)
            if latest is not None:
                response["Last-Modified"] = http_date(latest.timestamp())
            response["Cache-Control"] = "public, max-age=60"
        language = translation.get_language()
        response["Content-Language"] = languages.HTML_LANG.get(language, language)
        patch_vary_headers(response, ["Accept-Language"])
        return response


def _list(serializer, description):
    return extend_schema(
        description=description,
        parameters=LANGUAGE_PARAMETERS,
        responses={
            200: serializer(many=True),
            400: OpenApiResponse(BAD_PARAMETERS, description="A parameter was refused."),
            404: OpenApiResponse(PROBLEM, description="No such page."),
            429: TOO_MANY,
        },
    )


def _detail(serializer, key, key_type, description):
    what = "slug" if key.endswith("slug") else "id"
    parameter = OpenApiParameter(
        key, key_type, OpenApiParameter.PATH, description=f"Its {what}, as the lists give it."
    )
    return extend_schema(
        description=description,
        parameters=[parameter, *LANGUAGE_PARAMETERS],
        responses={
            200: serializer,
            400: OpenApiResponse(BAD_PARAMETERS, description="A parameter was refused."),
            404: NOT_FOUND,
            429: TOO_MANY,
        },
    )


ID = {"type": "integer", "minimum": 1, "maximum": filters.LARGEST_ID}


# --- Partnerships and plans ------------------------------------------------------------------


class PartnershipMixin(PublishedView):
    serializer_class = serializers.PartnershipSerializer
    dated_by = (Partnership,)
    lookup_field = "slug"
    lookup_url_kwarg = "partnership_slug"

    def get_queryset(self):
        return published.partnerships()


@_list(serializers.PartnershipSerializer, "Partnerships with at least one public plan.")
class PartnershipList(PartnershipMixin, generics.ListAPIView):
    filterset_class = filters.PartnershipFilter


@_detail(serializers.PartnershipSerializer, "partnership_slug", str, "One partnership.")
class PartnershipDetail(PartnershipMixin, generics.RetrieveAPIView):
    pass


class PlanMixin(PublishedView):
    serializer_class = serializers.PlanSerializer
    dated_by = (Partnership,)
    lookup_field = "slug"
    lookup_url_kwarg = "plan_slug"

    def get_queryset(self):
        return published.plans()


@_list(serializers.PlanSerializer, "Published plans and past (archived) ones; never drafts.")
class PlanList(PlanMixin, generics.ListAPIView):
    filterset_class = filters.PlanFilter


@_detail(serializers.PlanSerializer, "plan_slug", str, "One public plan.")
class PlanDetail(PlanMixin, generics.RetrieveAPIView):
    pass


# --- Priorities and objectives ---------------------------------------------------------------


class PriorityMixin(PublishedView):
    serializer_class = serializers.PrioritySerializer
    dated_by = (PriorityTheme, Priority, Objective)
    lookup_url_kwarg = "priority_id"

    def get_queryset(self):
        return published.priorities()


@_list(serializers.PrioritySerializer, "The priorities of the strategic assessment.")
class PriorityList(PriorityMixin, generics.ListAPIView):
    filterset_class = filters.PriorityFilter


@_detail(serializers.PrioritySerializer, "priority_id", ID, "One priority.")
class PriorityDetail(PriorityMixin, generics.RetrieveAPIView):
    pass


class ObjectiveMixin(PublishedView):
    serializer_class = serializers.ObjectiveSerializer
    dated_by = (Priority, Objective, Target, Measure, Measurement, Action, ActionUpdate)
    judged = True
    lookup_url_kwarg = "objective_id"

    def get_queryset(self):
        return published.objectives()

    def prepare(self, records):
        for objective in records:
            targets = list(objective.targets.all())
            assessment = rag.assess_loaded_objective(objective.plan, objective, targets)
            # As residents see it: a small count's colour may be withheld, and the roll-up
            # is made again from the public colours (progress/disclosure.py).
            assessment = disclosure.public_plan_assessment(assessment)
            objective.assessment = assessment.for_objective(objective)


@_list(serializers.ObjectiveSerializer, "Objectives, each with its status.")
class ObjectiveList(ObjectiveMixin, generics.ListAPIView):
    filterset_class = filters.ObjectiveFilter


@_detail(serializers.ObjectiveSerializer, "objective_id", ID, "One objective.")
class ObjectiveDetail(ObjectiveMixin, generics.RetrieveAPIView):
    pass


# --- Targets, measures and actions -----------------------------------------------------------


class TargetMixin(PublishedView):
    serializer_class = serializers.TargetSerializer
    dated_by = (Objective, Target, Measure, Action, *RESPONSIBILITY)
    lookup_url_kwarg = "target_id"

    def get_queryset(self):
        return published.targets()


@_list(serializers.TargetSerializer, "Rows of the delivery plan: who owns, leads and funds.")
class TargetList(TargetMixin, generics.ListAPIView):
    filterset_class = filters.TargetFilter


@_detail(serializers.TargetSerializer, "target_id", ID, "One target row.")
class TargetDetail(TargetMixin, generics.RetrieveAPIView):
    pass


class MeasureMixin(PublishedView):
    serializer_class = serializers.MeasureSerializer
    dated_by = (Objective, Target, Measure, Measurement)
    judged = True
    lookup_url_kwarg = "measure_id"

    def get_queryset(self):
        return published.measures()

    def prepare(self, records):
        for measure in records:
            plan = measure.target.objective.plan
            # Small counts of a sensitive measure never leave as they are (progress/disclosure.py).
            policy = disclosure.Policy.for_plan(plan)
            measure.published_measurements = disclosure.suppress_for_public(
                measure, measure.approved_measurements, policy=policy
            )
            assessment = rag.assess_loaded_measure(measure, plan)
            measure.assessment = disclosure.public_measure_assessment(
                measure, assessment, policy=policy
            )


@_list(serializers.MeasureSerializer, "Measures with their approved figures and status.")
class MeasureList(MeasureMixin, generics.ListAPIView):
    filterset_class = filters.MeasureFilter


@_detail(serializers.MeasureSerializer, "measure_id", ID, "One measure.")
class MeasureDetail(MeasureMixin, generics.RetrieveAPIView):
    pass


class ActionMixin(PublishedView):
    serializer_class = serializers.ActionSerializer
    dated_by = (Objective, Target, Action, ActionUpdate, *RESPONSIBILITY)
    judged = True
    lookup_url_kwarg = "action_id"

    def get_queryset(self):
        return published.actions()

    def prepare(self, records):
        for action in records:
            action.assessment = rag.assess_loaded_action(action, action.target.objective.plan)


@_list(serializers.ActionSerializer, "Actions with their approved updates and status.")
class ActionList(ActionMixin, generics.ListAPIView):
    filterset_class = filters.ActionFilter


@_detail(serializers.ActionSerializer, "action_id", ID, "One action.")
class ActionDetail(ActionMixin, generics.RetrieveAPIView):
    pass


# --- Engagement ------------------------------------------------------------------------------


class EngagementEventMixin(PublishedView):
    serializer_class = serializers.EngagementEventSerializer
    dated_by = (EngagementEvent,)
    lookup_url_kwarg = "event_id"

    def get_queryset(self):
        return published.engagement_events()


@_list(serializers.EngagementEventSerializer, "Ways the partnership meets residents.")
class EngagementEventList(EngagementEventMixin, generics.ListAPIView):
    filterset_class = filters.EngagementEventFilter


@_detail(serializers.EngagementEventSerializer, "event_id", ID, "One engagement event.")
class EngagementEventDetail(EngagementEventMixin, generics.RetrieveAPIView):
    pass


@extend_schema(exclude=True)
@api_view(["GET", "HEAD", "OPTIONS"])
def not_found(request):
    raise NotFound("No such address in the API: see /api/v1/ for those there are.")
