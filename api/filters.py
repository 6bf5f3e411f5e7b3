"""The query parameters of the list endpoints. A bad value is a 400 naming the parameter
(``{"updated_since": ["…"]}``); a plan, objective or organisation that is not public (or does
not exist) simply matches nothing, so no answer tells a draft from a typing error."""

import datetime

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from actions.models import Action, ActionStatus, ActionUpdate
from api import changes
from consultation.models import EngagementEvent
from cspplan.models import Partnership, Plan
from cspplan.publishing import PUBLIC_STATUSES
from objectives.models import Measure, Measurement, Objective, Target
from priorities.models import Priority

# Ids are 64-bit in every database we run on; a larger number is refused before it reaches one.
LARGEST_ID = 2**63 - 1


class MomentField(forms.CharField):
    """An ISO 8601 date ("2011-10-01": from the start of that day, local time) or date and time
    ("2011-10-01T09:30:00Z"; without an offset, local time)."""

    default_error_messages = {
        "invalid": "Give an ISO 8601 date (2011-10-01) or date and time (2011-10-01T09:30:00Z)."
    }

    def to_python(self, value):
        if value is None:  # left out
            return None
        value = super().to_python(value).strip()
        try:
            moment = parse_datetime(value)
            if moment is None:
                day = parse_date(value)
                if day is None:
                    raise ValueError
                moment = datetime.datetime.combine(day, datetime.time.min)
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            # Handed to the database in UTC: PostgreSQL refuses offsets beyond ±15:59 that
            # Python accepts (+23:38 was a 500 before). A moment that cannot be reached through
            # UTC (year 1 at +05:00) is as bad as a malformed one.
            moment = moment.astimezone(datetime.UTC)
        except (ValueError, OverflowError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return moment


class Described:
    """A filter with its own schema (``schema``) and its help text as the parameter's
    description: drf-spectacular reads an overridden filter's description from the schema only."""

    schema: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        schema = dict(self.schema)
        if self.extra.get("help_text"):
            schema["description"] = self.extra["help_text"]
        self._spectacular_annotation = {"field": schema}


class UpdatedSinceFilter(Described, django_filters.Filter):
    """Rows changed (created, edited, approved) at or after the moment, by their history; a
    model in ``also`` (path to it, model) counts its children's changes as the row's own."""

    field_class = MomentField
    schema = {
        "anyOf": [
            {"type": "string", "format": "date"},
            {"type": "string", "format": "date-time"},
        ]
    }

    def __init__(self, *args, model, also=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.model, self.also = model, also

    def filter(self, qs, value):
        if value is None:
            return qs
        changed = Q(pk__in=changes.changed_since(self.model, value))
        for path, child in self.also:
            # By subquery: a join to the children would list a row once per changed child.
            parents = self.model.objects.filter(
                **{f"{path}__in": changes.changed_since(child, value)}
            )
            changed |= Q(pk__in=parents.values("pk"))
        return qs.filter(changed)


class IdFilter(Described, django_filters.NumberFilter):
    field_class = forms.IntegerField
    schema = {"type": "integer", "minimum": 1, "maximum": LARGEST_ID}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", LARGEST_ID)
        super().__init__(*args, **kwargs)


# A slug, as Python reads the pattern (as schemathesis does): a final newline is allowed by "$"
# and simply matches nothing.
SLUG = r"^[-a-zA-Z0-9_]+$"


class SlugParameter(forms.CharField):
    default_validators = [
        RegexValidator(SLUG, "Give a slug: letters, digits, hyphens and underscores only.")
    ]

    def __init__(self, **kwargs):
        kwargs["strip"] = False  # " plan-1" is not a slug, and is refused as such
        super().__init__(**kwargs)


class TextFilter(Described, django_filters.CharFilter):
    """A plan's, partnership's, priority's or organisation's slug: never empty (``StrictForm``)."""

    field_class = SlugParameter
    schema = {"type": "string", "pattern": SLUG}


class StrictForm(forms.Form):
    """A parameter given with no value (``?plan=``) is refused rather than ignored: a client that
    meant to filter and sent nothing must not get everything back as if it had."""

    def clean(self):
        cleaned = super().clean()
        for name in self.fields:
            if name in self.data and self.data.get(name) == "":
                self.add_error(name, "Give a value, or leave the parameter out.")
        return cleaned


class StrictFilterSet(django_filters.FilterSet):
    class Meta:
        form = StrictForm


def _updated_since(model, also=()):
    return UpdatedSinceFilter(
        model=model,
        also=also,
        help_text="Only records changed at or after this moment: an ISO 8601 date "
        "(2011-10-01, from the start of that day, UK time) or date and time "
        "(2011-10-01T09:30:00Z). Deleted records are not listed.",
    )


def _plan(path):
    return TextFilter(field_name=f"{path}slug", help_text="Only records of this plan (its slug).")


def _objective(path):
    return IdFilter(field_name=path, help_text="Only records under this objective (its id).")


def _organisation():
    return TextFilter(
        method="owned_by", help_text="Only records this organisation owns (its slug)."
    )


class _OwnedBy:
    """``organisation``: by a subquery, so a row owned by two agencies is never listed twice."""

    owner_path = "owners"

    def owned_by(self, queryset, name, value):
        owned = queryset.model.objects.filter(**{f"{self.owner_path}__slug": value})
        return queryset.filter(pk__in=owned.values("pk"))


class PartnershipFilter(StrictFilterSet):
    # Its own details only: its plans have their own endpoint (and a draft's edits are no one's
    # business).
    updated_since = _updated_since(Partnership)

    class Meta(StrictFilterSet.Meta):
        model = Partnership
        fields = []


class PlanFilter(StrictFilterSet):
    partnership = TextFilter(
        field_name="partnership__slug", help_text="Only plans of this partnership (its slug)."
    )
    status = django_filters.ChoiceFilter(
        choices=[(s, Plan.Status(s).label) for s in PUBLIC_STATUSES],
        help_text="published: the plan in force; archived: a past plan.",
    )
    updated_since = _updated_since(Plan)

    class Meta(StrictFilterSet.Meta):
        model = Plan
        fields = []


class PriorityFilter(StrictFilterSet):
    plan = _plan("plan__")
    updated_since = _updated_since(Priority)

    class Meta(StrictFilterSet.Meta):
        model = Priority
        fields = []


class ObjectiveFilter(StrictFilterSet):
    plan = _plan("plan__")
    priority = TextFilter(
        field_name="priorities__slug", help_text="Only objectives addressing this priority (slug)."
    )
    updated_since = _updated_since(Objective)

    class Meta(StrictFilterSet.Meta):
        model = Objective
        fields = []


class TargetFilter(_OwnedBy, StrictFilterSet):
    plan = _plan("objective__plan__")
    objective = _objective("objective")
    organisation = _organisation()
    updated_since = _updated_since(Target)

    class Meta(StrictFilterSet.Meta):
        model = Target
        fields = []


class MeasureFilter(_OwnedBy, StrictFilterSet):
    owner_path = "target__owners"
    plan = _plan("target__objective__plan__")
    objective = _objective("target__objective")
    target = IdFilter(field_name="target", help_text="Only measures of this target row (its id).")
    organisation = _organisation()
    updated_since = _updated_since(Measure, also=[("measurements", Measurement)])

    class Meta(StrictFilterSet.Meta):
        model = Measure
        fields = []


class ActionFilter(_OwnedBy, StrictFilterSet):
    plan = _plan("target__objective__plan__")
    objective = _objective("target__objective")
    target = IdFilter(field_name="target", help_text="Only actions of this target row (its id).")
    organisation = _organisation()
    status = django_filters.ChoiceFilter(
        choices=ActionStatus.choices,
        help_text="Only actions with this status (as the residents' pages show it).",
    )
    updated_since = _updated_since(Action, also=[("updates", ActionUpdate)])

    class Meta(StrictFilterSet.Meta):
        model = Action
        fields = []


class EngagementEventFilter(StrictFilterSet):
    plan = _plan("plan__")
    updated_since = _updated_since(EngagementEvent)

    class Meta(StrictFilterSet.Meta):
        model = EngagementEvent
        fields = []
