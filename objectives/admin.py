from django.contrib import admin
from django.db.models import Max
from django.http import Http404

from cspplan import permissions, roles
from cspplan.admin import (
    PlanAdmin,
    ProgressImportExportMixin,
    ScopedAdmin,
    ScopedStackedInline,
    ScopedTabularInline,
    plan_filter,
)
from cspplan.models import Plan
from cspplan.quarters import quarter_label
from objectives import periods
from objectives.figures import fmt
from objectives.models import (
    Measure,
    Measurement,
    Objective,
    PlanColumn,
    ReminderLog,
    Target,
)
from objectives.resources import MeasurementProgressResource


class ObjectiveInline(ScopedTabularInline):
    model = Objective
    extra = 0
    fields = ["number", "label", "title"]
    show_change_link = True


class PlanColumnInline(ScopedTabularInline):
    """The plan's own columns (objectives/plan_columns.py), defined by its plan manager."""

    model = PlanColumn
    extra = 0
    fields = ["order", "name", "kind", "choices", "applies_to"]
    verbose_name = "plan's own column"
    verbose_name_plural = "the plan's own columns (extra fields on its actions or target rows)"


@admin.register(Plan)
class PlanWithObjectivesAdmin(PlanAdmin):
    """The plan's page lists its objectives and its own columns: registered here, where
    Objective and PlanColumn live."""

    inlines = [ObjectiveInline, PlanColumnInline, *PlanAdmin.inlines]


class TargetInline(ScopedStackedInline):
    model = Target
    extra = 0
    fields = ["order", "wording", "target_wording"]
    show_change_link = True


@admin.register(Objective)
class ObjectiveAdmin(ScopedAdmin):
    list_display = ["number", "title", "plan"]
    list_display_links = ["number", "title"]
    list_select_related = ["plan__partnership"]
    list_filter = [plan_filter("plan")]
    search_fields = ["title"]
    inlines = [TargetInline]


class MeasureInline(ScopedStackedInline):
    model = Measure
    extra = 0


@admin.register(Measure)
class MeasureAdmin(ProgressImportExportMixin, ScopedAdmin):
    resource_classes = [MeasurementProgressResource]
    list_display = [
        "name",
        "objective_number",
        "direction",
        "baseline_wording",
        "target_wording",
        "last_period",
    ]
    list_select_related = ["target__objective__plan"]
    list_filter = ["direction", "target_state", plan_filter("target__objective__plan")]
    search_fields = ["name", "baseline_wording", "target_wording"]

    def editable_queryset(self, request):
        return Measure.objects.editable_by(request.user)

    def has_import_permission(self, request):
        return request.user.has_perm("objectives.add_measurement")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(last_period=Max("measurements__period_end"))

    @admin.display(description="Objective", ordering="target__objective__number")
    def objective_number(self, measure):
        return measure.target.objective.in_column

    @admin.display(description="Last measured", ordering="last_period")
    def last_period(self, measure):
        return measure.last_period


class ApprovalRuleAdmin(ScopedAdmin):
    """Progress saved in the admin (an action update, a measurement) follows the approval rule,
    ``PlanManagerDecision.apply_approval_rule``, as progress recorded anywhere else does.
    Approving is the plan managers', so an officer sees the approval field read only.
    """

    # What an officer may not set either: the plan manager's note to them (and, on an update,
    # the name shown publicly, which is the officer's own: cspplan.models.display_name).
    managers_fields = ["decision_note"]

    def plan_of(self, obj):
        raise NotImplementedError

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not roles.is_plan_manager(request.user):
            fields += [self.model.approval_field, *self.managers_fields]
        return fields

    def save_model(self, request, obj, form, change):
        obj.apply_approval_rule(
            plan=self.plan_of(obj),
            by=request.user,
            chosen_by_manager=roles.is_plan_manager(request.user),
        )
        super().save_model(request, obj, form, change)


@admin.register(Measurement)
class MeasurementAdmin(ApprovalRuleAdmin):
    list_display = ["measure", "period", "period_end", "figure", "rating", "status"]
    list_select_related = ["measure__target__objective__plan"]
    list_filter = ["status", plan_filter("measure__target__objective__plan")]
    search_fields = ["measure__name", "note", "source"]
    autocomplete_fields = ["measure"]
    readonly_fields = ["recorded_by", "recorded_at", "approved_by", "approved_at"]

    def editable_queryset(self, request):
        return Measurement.objects.editable_by(request.user)

    def plan_of(self, measurement):
        return measurement.measure.target.objective.plan

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "measure":
            kwargs["queryset"] = Measure.objects.editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="Period", ordering="period_start")
    def period(self, measurement):
        return measurement.period_words

    @admin.display(description="Value", ordering="value")
    def figure(self, measurement):
        return fmt(measurement.value, measurement.measure.unit)

    def _measure_of(self, request, obj):
        if obj is not None:
            return obj.measure
        pk = request.GET.get("measure", "")
        if not pk.isdigit():
            return None
        measure = Measure.objects.editable_by(request.user).filter(pk=pk)
        return measure.select_related("target__objective__plan").first()

    def get_changeform_initial_data(self, request):
        """``?measure=<id>``: the period starts as "my actions" starts it (from the plan
        year's first day for a year to date)."""
        initial = super().get_changeform_initial_data(request)
        measure = self._measure_of(request, None)
        if measure is not None:
            plan = measure.plan
            start, end = periods.default_period(measure, plan, plan.reporting_day())
            initial.update(period_start=start, period_end=end)
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        measure = self._measure_of(request, obj)
        if measure is not None:
            words = periods.period_field_words(measure, measure.plan)
            for name, (label, help_text) in words.items():
                if name in form.base_fields:
                    form.base_fields[name].label = label
                    form.base_fields[name].help_text = help_text
        return form


class ReminderQuarterFilter(admin.SimpleListFilter):
    """The quarters reminders were sent for, in words ("Jul–Sep 2011"), latest first."""

    title = "quarter"
    parameter_name = "quarter"

    def lookups(self, request, model_admin):
        starts = (
            model_admin.get_queryset(request)
            .order_by("-quarter_start")
            .values_list("quarter_start", flat=True)
            .distinct()
        )
        return [(start.isoformat(), quarter_label(start)) for start in starts]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(quarter_start=self.value())
        return queryset


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    """Who was reminded to update their actions and measures, when, and for which quarter.

    A record of e-mails already sent (progress/reminders.py): nobody adds, changes or deletes
    one here. Plan managers and the chair read it; see ReminderLog.objects.visible_to."""

    list_display = [
        "officer",
        "organisation",
        "quarter",
        "sent_at",
        "sent_to",
        "action_count",
        "measure_count",
    ]
    list_select_related = ["officer__organisation"]
    list_filter = [ReminderQuarterFilter]
    search_fields = ["officer__name", "sent_to"]
    fields = list_display
    readonly_fields = list_display

    def get_queryset(self, request):
        visible = ReminderLog.objects.visible_to(request.user)
        return super().get_queryset(request).filter(pk__in=visible.values("pk"))

    def get_object(self, request, object_id, from_field=None):
        found = super().get_object(request, object_id, from_field)
        if found is None:
            raise Http404("No such reminder, or not yours to see.")  # as ScopedAdmin does
        return found

    def has_view_permission(self, request, obj=None):
        # By role, not by model permission: the reminders arrived after the roles' groups were
        # made, and reading them is part of the overview plan managers and the chair have.
        if not permissions.may_read_reminders(request.user):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Organisation", ordering="officer__organisation__name")
    def organisation(self, reminder):
        return reminder.officer.organisation or "—"

    @admin.display(description="Quarter", ordering="quarter_start")
    def quarter(self, reminder):
        return quarter_label(reminder.quarter_start)
