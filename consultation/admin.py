from django.contrib import admin

from consultation.models import (
    Consultation,
    EngagementEvent,
    Feedback,
    Survey,
    SurveyResult,
)
from cspplan.admin import ScopedAdmin, ScopedTabularInline


class SurveyResultInline(ScopedTabularInline):
    model = SurveyResult
    extra = 0
    autocomplete_fields = ["measure"]


@admin.register(Survey)
class SurveyAdmin(ScopedAdmin):
    list_display = ["name", "year", "partnership"]
    list_select_related = ["partnership"]
    inlines = [SurveyResultInline]


@admin.register(SurveyResult)
class SurveyResultAdmin(ScopedAdmin):
    list_display = ["survey", "statement", "value"]
    list_select_related = ["survey"]


@admin.register(EngagementEvent)
class EngagementEventAdmin(ScopedAdmin):
    list_display = ["name", "kind", "date", "plan"]
    list_select_related = ["plan__partnership"]
    list_filter = ["kind", "plan"]


@admin.register(Consultation)
class ConsultationAdmin(ScopedAdmin):
    list_display = ["title", "plan", "opens_at", "closes_at"]
    list_select_related = ["plan__partnership"]


@admin.register(Feedback)
class FeedbackAdmin(ScopedAdmin):
    list_display = ["created_at", "plan", "objective", "moderation"]
    list_select_related = ["plan__partnership", "objective"]
    list_filter = ["moderation", "plan"]
    search_fields = ["comment"]
