from django.urls import path

from actions import views

app_name = "my_actions"

urlpatterns = [
    path("", views.my_actions, name="index"),
]
