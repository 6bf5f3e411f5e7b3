from django.contrib import admin

from cspplan.admin import ScopedAdmin, ScopedStackedInline
from priorities.models import Priority, PriorityTheme


class PriorityInline(ScopedStackedInline):
    model = Priority
    extra = 0
    fields = ["order", "name", "slug", "description", "objectives", "plan"]
    filter_horizontal = ["objectives"]


@admin.register(PriorityTheme)
class PriorityThemeAdmin(ScopedAdmin):
    list_display = ["name", "plan", "order"]
    list_select_related = ["plan__partnership"]
    list_filter = ["plan"]
    inlines = [PriorityInline]


@admin.register(Priority)
class PriorityAdmin(ScopedAdmin):
    list_display = ["name", "theme", "plan", "order"]
    list_select_related = ["theme", "plan__partnership"]
    list_filter = ["plan", "theme"]
    search_fields = ["name", "description"]
    filter_horizontal = ["objectives"]
