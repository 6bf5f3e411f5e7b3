"""A Serious Violence strategy's records: plan managers keep them for their partnerships' plans,
the chair reads (``ScopedAdmin``: each save checked on the record as saved)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from cspplan.admin import ScopedAdmin, ScopedTabularInline
from cspplan.models import Plan
from strategies.models import ConsultedAuthority, DutyHolder, SeriousViolenceStrategy


class DutyHolderInline(ScopedTabularInline):
    model = DutyHolder
    extra = 0


class ConsultedAuthorityInline(ScopedTabularInline):
    model = ConsultedAuthority
    extra = 0
    readonly_fields = ["demonstration"]


@admin.register(SeriousViolenceStrategy)
class SeriousViolenceStrategyAdmin(ScopedAdmin):
    list_display = ["plan", "needs_assessment_title", "checklist"]
    list_select_related = ["plan__partnership"]
    inlines = [DutyHolderInline, ConsultedAuthorityInline]
    readonly_fields = ["checklist"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "plan":
            field.queryset = field.queryset.filter(kind=Plan.Kind.SERIOUS_VIOLENCE)
        return field

    @admin.display(description="duties checklist")
    def checklist(self, strategy):
        if strategy.pk is None:
            return "–"
        return format_html(
            '<a href="{}">What is met and what is missing</a>',
            reverse("dashboard:duties", args=[strategy.plan.slug]),
        )
