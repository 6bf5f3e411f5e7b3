"""The residents' pages of following by e-mail: /follow/… in English, /cy/dilyn/… in Welsh
(mounted in the residents' site, ``cspplan/urls.py``; the path words are catalogue entries)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from notices import views

app_name = "notices"

urlpatterns = [
    path(_("plans/<slug:plan_slug>/"), views.follow_plan, name="follow_plan"),
    path(
        _("plans/<slug:plan_slug>/objectives/<int:number>/"),
        views.follow_objective,
        name="follow_objective",
    ),
    path(_("actions/<int:action_pk>/"), views.follow_action, name="follow_action"),
    path(_("check-your-email/"), views.asked, name="asked"),
    path(_("confirm/<str:token>/"), views.confirm, name="confirm"),
    path(_("manage/<str:token>/"), views.manage, name="manage"),
    path(_("unsubscribe/<str:token>/"), views.unsubscribe, name="unsubscribe"),
]
