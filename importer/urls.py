"""The importer's pages, inside the admin: /admin/cspplan/plan/import/…

Wrapped by the admin site's own view wrapper, so they need the same staff sign-in as the rest of
the admin and are never cached.
"""

from django.contrib import admin
from django.urls import path

from importer.admin_views import import_plan_confirm, import_plan_remap, import_plan_upload

app_name = "importer"

urlpatterns = [
    path("", admin.site.admin_view(import_plan_upload), name="upload"),
    path("columns/", admin.site.admin_view(import_plan_remap), name="remap"),
    path("confirm/", admin.site.admin_view(import_plan_confirm), name="confirm"),
]
