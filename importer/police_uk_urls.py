"""The police.uk counts import, inside the admin: /admin/objectives/measurement/police-uk/…

Wrapped by the admin site's own view wrapper (staff sign-in, never cached), beside the
measurements it records.
"""

from django.contrib import admin
from django.urls import path

from importer.police_uk_views import confirm, upload

app_name = "police_uk"

urlpatterns = [
    path("", admin.site.admin_view(upload), name="upload"),
    path("confirm/", admin.site.admin_view(confirm), name="confirm"),
]
