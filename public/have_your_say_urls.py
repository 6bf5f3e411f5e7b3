"""/have-your-say/: comments on the current plan. Per-plan addresses live in public.urls."""

from django.urls import path

from public import have_your_say as views

app_name = "consultation"

urlpatterns = [
    path("", views.have_your_say, name="have_your_say"),
]
