"""Staff's choice of notices and what they follow: /notices/…, in English (staff pages are not
under /cy/, docs/welsh.md)."""

from django.urls import path

from notices import views

app_name = "staff_notices"

urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("follow/actions/<int:action_pk>/", views.staff_follow_action, name="staff_follow"),
    path("follows/<int:follow_pk>/stop/", views.staff_unfollow, name="staff_unfollow"),
]
