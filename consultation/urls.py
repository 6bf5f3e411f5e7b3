"""/have-your-say/: comments on the current plan. Per-plan addresses live in cspplan.plan_urls."""

from django.urls import path

from consultation import views

app_name = "consultation"

urlpatterns = [
    path("", views.have_your_say, name="have_your_say"),
]
