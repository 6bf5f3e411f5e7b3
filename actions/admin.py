from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from actions.models import Action, ActionUpdate


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    extra = 0
    fields = ["date", "status", "note", "author_name", "approval"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "target", "status", "due_date"]
    list_select_related = ["target__objective"]
    list_filter = ["status", "target__objective__plan"]
    search_fields = ["text"]
    autocomplete_fields = ["owners", "lead_officers", "funding_sources"]
    inlines = [ActionUpdateInline]


@admin.register(ActionUpdate)
class ActionUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["action", "date", "status", "approval", "author_name"]
    list_select_related = ["action"]
    list_filter = ["approval", "status"]
    search_fields = ["note", "action__text"]
