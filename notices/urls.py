from django.urls import path

from notices import views

app_name = "notices"

urlpatterns = [
    path("follow/plans/<slug:plan_slug>/", views.follow_plan, name="follow_plan"),
    path(
        "follow/plans/<slug:plan_slug>/objectives/<int:number>/",
        views.follow_objective,
        name="follow_objective",
    ),
    path("follow/actions/<int:action_pk>/", views.follow_action, name="follow_action"),
    path("follow/check-your-email/", views.asked, name="asked"),
    path("follow/confirm/<str:token>/", views.confirm, name="confirm"),
    path("follow/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("notices/", views.preferences, name="preferences"),
    path("notices/follow/actions/<int:action_pk>/", views.staff_follow_action, name="staff_follow"),
    path("notices/follows/<int:follow_pk>/stop/", views.staff_unfollow, name="staff_unfollow"),
]
