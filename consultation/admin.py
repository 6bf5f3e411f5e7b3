from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from consultation.models import (
    Consultation,
    EngagementEvent,
    Feedback,
    Survey,
    SurveyResult,
)


class SurveyResultInline(admin.TabularInline):
    model = SurveyResult
    extra = 0
    autocomplete_fields = ["measure"]


@admin.register(Survey)
class SurveyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "year", "partnership"]
    list_select_related = ["partnership"]
    inlines = [SurveyResultInline]


@admin.register(SurveyResult)
class SurveyResultAdmin(SimpleHistoryAdmin):
    list_display = ["survey", "statement", "value"]
    list_select_related = ["survey"]


@admin.register(EngagementEvent)
class EngagementEventAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "date", "plan"]
    list_select_related = ["plan__partnership"]
    list_filter = ["kind", "plan"]


@admin.register(Consultation)
class ConsultationAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "opens_at", "closes_at"]
    list_select_related = ["plan__partnership"]


@admin.register(Feedback)
class FeedbackAdmin(SimpleHistoryAdmin):
    list_display = ["created_at", "plan", "objective", "moderation"]
    list_select_related = ["plan__partnership", "objective"]
    list_filter = ["moderation", "plan"]
    search_fields = ["comment"]
