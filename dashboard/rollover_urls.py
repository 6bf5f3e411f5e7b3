"""/admin/cspplan/plan/rollover/<plan id>/: the rollover's form, inside the admin's sign-in."""

from django.contrib import admin
from django.urls import path

from dashboard.rollover_views import rollover_form

app_name = "rollover"

urlpatterns = [
    path("<int:plan_id>/", admin.site.admin_view(rollover_form), name="form"),
]
