"""Board meeting dates: plan managers keep their partnerships' in the admin, the chair reads
them (``ScopedAdmin``); every change is kept in history."""

from django.contrib import admin

from cspplan.admin import ScopedAdmin
from progress.models import BoardMeeting


@admin.register(BoardMeeting)
class BoardMeetingAdmin(ScopedAdmin):
    list_display = ["date", "plan", "place"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    date_hierarchy = "date"
    fields = ["plan", "date", "place"]
