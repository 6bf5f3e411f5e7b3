"""/consultations/: public consultations, their pages (answered while open) and the
confirmation after answering."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from public import consultations as views

app_name = "consultations"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("<slug:plan_slug>/<slug:slug>/", views.consultation_detail, name="detail"),
    path(_("<slug:plan_slug>/<slug:slug>/thanks/"), views.thanks, name="thanks"),
]
