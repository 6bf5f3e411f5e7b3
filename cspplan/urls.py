from django.contrib import admin
from django.urls import include, path

from cspplan import public_data_views, views
from cspplan.public import views as public_views

urlpatterns = [
    path("", public_views.home, name="home"),
    path("plans/", include("cspplan.plan_urls")),
    path("search/", public_data_views.search, name="search"),
    path("have-your-say/", include("consultation.urls")),
    path("accessibility/", public_views.accessibility_statement, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    path("dashboard/", include("objectives.urls")),
    path("my-actions/", include("actions.urls")),
    path("admin/", admin.site.urls),
]
