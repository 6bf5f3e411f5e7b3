from django.contrib import admin
from django.urls import include, path

from cspplan import views

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/", include("cspplan.plan_urls")),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
