"""Public, stable addresses of a plan and its parts: /plans/<plan-slug>/…"""

from django.urls import path

from cspplan import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<slug:plan_slug>/", views.plan_detail, name="detail"),
    path("<slug:plan_slug>/objectives/<int:number>/", views.objective_detail, name="objective"),
    path(
        "<slug:plan_slug>/priorities/<slug:priority_slug>/",
        views.priority_detail,
        name="priority",
    ),
]
