"""What each record looks like in the API. Every field is named here, one by one: nothing
reaches the API because a model grew a field (no ``fields = "__all__"``), so an officer's
e-mail address, a login or a resident's feedback cannot leak by accident.

Names are those the residents' pages show: organisations, lead officers (name, title, role)
and the ``author_name`` an update is published under.
"""

from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from progress import disclosure, rag


@extend_schema_field({"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "nullable": True})
class NumberField(serializers.Field):
    """Decimals as strings ("68", "12.5"), as in the open data JSON: no reader loses precision
    to floating point; null when not known."""

    def to_representation(self, value):
        if value is None:
            return None
        return format(Decimal(value).normalize(), "f")


class NamedSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField()


class LeadOfficerSerializer(NamedSerializer):
    title = serializers.CharField()
    role = serializers.CharField()


class PlanRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(source="plan.slug")
    title = serializers.CharField(source="plan.title")


class StatusSerializer(serializers.Serializer):
    """A status from ``progress.rag``: the same words and sentence the residents' pages show."""

    status = serializers.ChoiceField(choices=rag.RagStatus.choices)
    label = serializers.CharField()
    explanation = serializers.CharField()


class ObjectiveStatusSerializer(StatusSerializer):
    evidence = serializers.CharField(help_text='How much the colour rests on: "1 of 17 assessed".')


class PublicUrlField(serializers.SerializerMethodField):
    """The record's page on the residents' site, absolute."""

    def __init__(self, **kwargs):
        kwargs.setdefault("method_name", "get_page")
        super().__init__(**kwargs)


class WithPage(serializers.Serializer):
    page = PublicUrlField(help_text="Its page on the residents' site.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_page(self, record):
        return self.context["request"].build_absolute_uri(record.get_absolute_url())


# --- Partnerships and plans ------------------------------------------------------------------


class PlanSummarySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    status = serializers.CharField()


class PartnershipSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    area = serializers.CharField()
    website = serializers.CharField()
    plans = PlanSummarySerializer(
        source="public_plans", many=True, help_text="Its public plans, newest first."
    )


class DutyHolderSerializer(serializers.Serializer):
    authority = serializers.CharField(
        help_text="police, fire, health, local_authority, youth_offending or probation (the "
        "specified authorities of the PCSC Act 2022 s.11)."
    )
    organisation = NamedSerializer()


class ConsultedAuthoritySerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="educational, prison or youth_custody (s.8(4)).")
    name = serializers.CharField()
    consulted_on = serializers.DateField()
    demonstration = serializers.BooleanField(
        help_text="Invented for the demonstration site: never a real consultation."
    )


class SeriousViolenceSerializer(serializers.Serializer):
    """What a Serious Violence strategy records beside its plan (strategies/models.py)."""

    duty_holders = DutyHolderSerializer(many=True, source="duty_holders.all")
    local_definition = serializers.CharField()
    needs_assessment_title = serializers.CharField()
    needs_assessment_date = serializers.DateField(allow_null=True)
    needs_assessment_url = serializers.CharField()
    data_sources = serializers.CharField()
    consulted = ConsultedAuthoritySerializer(many=True, source="consulted.all")
    publication_url = serializers.CharField()


class PlanSerializer(WithPage):
    slug = serializers.SlugField()
    title = serializers.CharField()
    partnership = NamedSerializer()
    status = serializers.ChoiceField(
        choices=[("published", "Published"), ("archived", "Archived")],
        help_text="published: the plan in force; archived: a past plan, kept for reference.",
    )
    kind = serializers.ChoiceField(
        # An internal plan is never public, so never here.
        choices=[
            ("partnership", "Partnership plan"),
            ("serious_violence", "Serious Violence strategy"),
            ("review", "Review action plan"),
        ],
        help_text="partnership: the annual partnership plan; serious_violence: the Serious "
        "Violence strategy; review: the recommendations of a published statutory review.",
    )
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    target_date = serializers.DateField()
    target_label = serializers.CharField()
    published_at = serializers.DateTimeField()
    archived_at = serializers.DateTimeField(allow_null=True)
    sent_to_pcc_on = serializers.DateField(allow_null=True)
    rag_tolerance_percent = NumberField(
        help_text="How far worse than its trajectory a measure may be and still be amber."
    )
    serious_violence = SeriousViolenceSerializer(
        allow_null=True,
        default=None,
        help_text="A Serious Violence strategy's duty holders, local definition, needs "
        "assessment, consultees and publication; null for other kinds.",
    )


# --- Priorities and objectives ---------------------------------------------------------------


class ThemeSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField()
    order = serializers.IntegerField()


class ObjectiveRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField(help_text="Its place in the plan and its web address.")
    title = serializers.CharField()
    label = serializers.CharField(
        source="shown_label",
        help_text="As the plan labels it (“Objective 3”, “Outcome 2”, “Stage”); empty when "
        "the plan shows its title alone (objectives/labels.py).",
    )
    heading = serializers.CharField(help_text="Label and title, as pages show it.")


class PrioritySerializer(WithPage):
    id = serializers.IntegerField()
    plan = serializers.SlugField(source="plan.slug")
    theme = ThemeSerializer()
    slug = serializers.SlugField()
    name = serializers.CharField()
    order = serializers.IntegerField()
    description = serializers.CharField()
    objectives = ObjectiveRefSerializer(many=True, source="objectives.all")


class ObjectiveSerializer(WithPage):
    id = serializers.IntegerField()
    plan = serializers.SlugField(source="plan.slug")
    number = serializers.IntegerField(help_text="Its place in the plan and its web address.")
    title = serializers.CharField()
    label = serializers.CharField(
        source="shown_label",
        help_text="As the plan labels it (“Objective 3”, “Outcome 2”, “Stage”); empty when "
        "the plan shows its title alone (objectives/labels.py).",
    )
    heading = serializers.CharField(help_text="Label and title, as pages show it.")
    summary = serializers.CharField()
    priorities = NamedSerializer(many=True, source="priorities.all")
    assessment = ObjectiveStatusSerializer(
        help_text="The worst colour among its measures and actions (progress/rag.py)."
    )


# --- Targets, measures and actions -----------------------------------------------------------


class ResponsibilitySerializer(serializers.Serializer):
    owner_wording = serializers.CharField(help_text="The Owner cell as published.")
    lead_officer_wording = serializers.CharField(help_text="The Lead Officer cell as published.")
    funding_wording = serializers.CharField(help_text="The Funding cell as published.")
    owners = NamedSerializer(many=True, source="owners.all")
    lead_officers = LeadOfficerSerializer(many=True, source="lead_officers.all")
    funding_sources = NamedSerializer(many=True, source="funding_sources.all")


class ColumnValueSerializer(serializers.Serializer):
    """A value of one of the plan's own columns (legislation, resources…), as written."""

    column = serializers.CharField(source="column.name", help_text="The column's heading.")
    kind = serializers.CharField(
        source="column.kind", help_text="text, money, date, choice or link."
    )
    text = serializers.CharField(help_text="The cell exactly as written.")
    amount = NumberField(help_text="A money column's amount in pounds, if its words give one.")
    date = serializers.DateField(
        allow_null=True, help_text="A date column's date, if its words give one."
    )


class InPlanSerializer(serializers.Serializer):
    """Where a row of the delivery plan sits: its plan, objective and (for measures and
    actions) its target row."""

    plan = serializers.SlugField(source="objective.plan.slug")
    objective = serializers.IntegerField(source="objective.pk")
    objective_number = serializers.IntegerField(source="objective.number")


class TargetSerializer(InPlanSerializer, ResponsibilitySerializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    wording = serializers.CharField(help_text="The 'Target & Base Line' cell as published.")
    target_wording = serializers.CharField(help_text="The target-date cell as published.")
    measures = serializers.SerializerMethodField(help_text="Its measures' ids.")
    actions = serializers.SerializerMethodField(help_text="Its actions' ids.")
    columns = ColumnValueSerializer(
        many=True,
        source="column_values.all",
        help_text="Its values of the plan's own columns, in the columns' order.",
    )

    @extend_schema_field({"type": "array", "items": {"type": "integer"}})
    def get_measures(self, target):
        return [measure.pk for measure in target.measures.all()]

    @extend_schema_field({"type": "array", "items": {"type": "integer"}})
    def get_actions(self, target):
        return [action.pk for action in target.actions.all()]


class RowInPlanSerializer(serializers.Serializer):
    plan = serializers.SlugField(source="target.objective.plan.slug")
    objective = serializers.IntegerField(source="target.objective.pk")
    objective_number = serializers.IntegerField(source="target.objective.number")
    target = serializers.IntegerField(source="target.pk")


class FigureSerializer(serializers.Serializer):
    state = serializers.CharField()
    value = NumberField()
    wording = serializers.CharField()


class BaselineSerializer(FigureSerializer):
    period = serializers.CharField()


class MeasurementSerializer(serializers.Serializer):
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    period_label = serializers.CharField(
        source="period_words",
        help_text='The period as every page words it, e.g. "Q3 2011/12", "October 2011", '
        '"April–October 2011 (year to date, 7 of 12 months)".',
    )
    value = NumberField(help_text="null when not known, or withheld (see withheld).")
    withheld = serializers.SerializerMethodField(
        help_text='Why a sensitive measure\'s small count is not given: "fewer than 5" or '
        '"withheld" (it would let a small count be worked out); otherwise null.'
    )
    rating = serializers.CharField(allow_null=True)
    note = serializers.CharField()
    source = serializers.CharField()

    @extend_schema_field({"type": "string", "nullable": True})
    def get_withheld(self, measurement):
        return disclosure.shown_value(measurement) or None


class MeasureSerializer(RowInPlanSerializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.CharField()
    direction = serializers.CharField()
    figures_period = serializers.CharField(
        help_text="The period each figure covers: month, quarter, year or year_to_date."
    )
    figures_year_to_date = serializers.BooleanField(
        help_text="Whether figures_period is year_to_date (kept for older clients)."
    )
    sensitive = serializers.BooleanField(
        help_text="Counts about people: small figures are not published (progress/disclosure.py)."
    )
    baseline = serializers.SerializerMethodField()
    target_figure = serializers.SerializerMethodField()
    measurements = MeasurementSerializer(
        many=True,
        source="published_measurements",
        help_text="Approved figures only, oldest first.",
    )
    assessment = StatusSerializer(help_text="From approved figures only (progress/rag.py).")

    @extend_schema_field(BaselineSerializer)
    def get_baseline(self, measure):
        return {
            "state": measure.baseline_state,
            "value": NumberField().to_representation(measure.baseline_value),
            "period": measure.baseline_period,
            "wording": measure.baseline_wording,
        }

    @extend_schema_field(FigureSerializer)
    def get_target_figure(self, measure):
        return {
            "state": measure.target_state,
            "value": NumberField().to_representation(measure.target_value),
            "wording": measure.target_wording,
        }


class ActionUpdateSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="The day the update describes.")
    sent_on = serializers.DateField(
        help_text="The day it was recorded: later than date for a report sent after the day "
        "it describes (a finished plan's final report is dated on its last day)."
    )
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    note = serializers.CharField()
    source = serializers.CharField()
    author_name = serializers.CharField(help_text="Who wrote it, as the residents' pages show.")


class ActionAssessmentSerializer(StatusSerializer):
    is_overdue = serializers.BooleanField()
    milestones = serializers.CharField(
        source="milestone_evidence",
        help_text='Its milestones counted as at the day judged: "2 of 5 milestones done, 1 late" '
        "(empty without milestones); a late one can make it at_risk.",
    )


class MilestoneSerializer(serializers.Serializer):
    title = serializers.CharField()
    due_date = serializers.DateField()
    done_on = serializers.DateField(allow_null=True, help_text="Empty while it is open.")
    note = serializers.CharField()


class ActionSerializer(RowInPlanSerializer, ResponsibilitySerializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    text = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    due_wording = serializers.CharField()
    status = serializers.CharField(
        source="assessment.code",
        help_text="The status of its latest approved update (not_reported: no update yet), "
        "the same code as its assessment's for no update.",
    )
    status_label = serializers.CharField(
        source="assessment.label",
        help_text='Its state in words, as every page shows it: "At risk · overdue".',
    )
    overdue = serializers.BooleanField(
        source="assessment.is_overdue", help_text="Open and past its due date."
    )
    updates = ActionUpdateSerializer(
        many=True, source="approved_updates", help_text="Approved updates only, oldest first."
    )
    milestones = MilestoneSerializer(
        many=True,
        source="assessment.milestone_rows",
        help_text="Its milestones (approved), by due date.",
    )
    assessment = ActionAssessmentSerializer(help_text="From approved updates (progress/rag.py).")
    columns = ColumnValueSerializer(
        many=True,
        source="column_values.all",
        help_text="Its values of the plan's own columns (legislation, resources…), in the "
        "columns' order.",
    )


class EventPartnerSerializer(serializers.Serializer):
    """An organisation at an event, as the event's public page shows it: a role, never a name."""

    organisation = serializers.SlugField(source="organisation.slug")
    organisation_name = serializers.CharField(source="organisation.name")
    senior = serializers.BooleanField()
    represented_by = serializers.CharField(help_text="A role, e.g. Chief Inspector; never a name.")


class EngagementEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.SlugField(source="plan.slug")
    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    date = serializers.DateField(allow_null=True)
    start_time = serializers.TimeField(allow_null=True)
    end_time = serializers.TimeField(allow_null=True)
    location = serializers.CharField()
    description = serializers.CharField()
    action = serializers.IntegerField(source="action_id", allow_null=True)
    partners_present = EventPartnerSerializer(source="presence.all", many=True)
    attendance = serializers.IntegerField(
        allow_null=True, help_text="How many residents came, once it has taken place."
    )
    raised = serializers.CharField(help_text="What residents raised.")
    outcome = serializers.CharField(help_text="What the partnership agreed to do about it.")
