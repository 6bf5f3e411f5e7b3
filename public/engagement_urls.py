"""/engagement/: the partnership's public events, and the calendar of upcoming ones."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from public import engagement as views

app_name = "engagement"

urlpatterns = [
    path("", views.event_list, name="list"),
    path(_("upcoming.ics"), views.upcoming_calendar, name="calendar"),
    path("<slug:plan_slug>/<slug:event_slug>/", views.event_detail, name="detail"),
]
