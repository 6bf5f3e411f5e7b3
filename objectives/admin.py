from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from objectives.models import Measure, Measurement, Objective, Target


class TargetInline(admin.StackedInline):
    model = Target
    extra = 0
    fields = ["order", "wording", "target_wording"]
    show_change_link = True


@admin.register(Objective)
class ObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "plan"]
    list_display_links = ["number", "title"]
    list_select_related = ["plan__partnership"]
    list_filter = ["plan"]
    search_fields = ["title"]
    inlines = [TargetInline]


class MeasureInline(admin.StackedInline):
    model = Measure
    extra = 0


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "objective"]
    list_select_related = ["objective__plan"]
    list_filter = ["objective__plan"]
    search_fields = ["wording", "target_wording"]
    autocomplete_fields = ["owners", "lead_officers", "funding_sources"]
    inlines = [MeasureInline]


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["name", "direction", "baseline_wording", "target_wording", "target"]
    list_select_related = ["target__objective"]
    list_filter = ["direction", "target_state", "target__objective__plan"]
    search_fields = ["name", "baseline_wording", "target_wording"]


@admin.register(Measurement)
class MeasurementAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "period_label", "period_end", "value", "rating", "status"]
    list_select_related = ["measure"]
    list_filter = ["status", "measure__target__objective__plan"]
    search_fields = ["measure__name", "note", "source"]
    readonly_fields = ["recorded_at"]
