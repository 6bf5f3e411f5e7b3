"""Public, stable addresses of a plan and its parts: /plans/<plan-slug>/…"""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from public import downloads, views
from public import have_your_say as consultation_views
from public.feeds import ObjectiveProgressFeed, PlanProgressFeed

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<slug:plan_slug>/", views.plan_detail, name="detail"),
    path(_("<slug:plan_slug>/priorities/"), views.priority_list, name="priorities"),
    path(
        _("<slug:plan_slug>/priorities/<slug:priority_slug>/"),
        views.priority_detail,
        name="priority",
    ),
    path(_("<slug:plan_slug>/objectives/<int:number>/"), views.objective_detail, name="objective"),
    # Atom feeds of approved progress (issue 6).
    path(_("<slug:plan_slug>/updates.atom"), PlanProgressFeed(), name="updates_feed"),
    path(
        _("<slug:plan_slug>/objectives/<int:number>/updates.atom"),
        ObjectiveProgressFeed(),
        name="objective_updates_feed",
    ),
    path(
        _("<slug:plan_slug>/organisations/<slug:organisation_slug>/"),
        views.organisation_detail,
        name="organisation",
    ),
    path(_("<slug:plan_slug>/officers/<slug:officer_slug>/"), views.officer_detail, name="officer"),
    # Delivery plan: the accessible page, the PDF and the open-data downloads (issue 4B).
    path(
        _("<slug:plan_slug>/delivery-plan/"),
        downloads.delivery_plan,
        name="delivery_plan",
    ),
    path(
        _("<slug:plan_slug>/delivery-plan.pdf"),
        downloads.delivery_plan_pdf_view,
        name="delivery_plan_pdf",
    ),
    path(
        _("<slug:plan_slug>/delivery-plan.csv"),
        downloads.delivery_plan_csv_view,
        name="delivery_plan_csv",
    ),
    path(
        _("<slug:plan_slug>/delivery-plan-measures.csv"),
        downloads.delivery_plan_measures_csv_view,
        name="delivery_plan_measures_csv",
    ),
    path(
        _("<slug:plan_slug>/delivery-plan.xlsx"),
        downloads.delivery_plan_xlsx_view,
        name="delivery_plan_xlsx",
    ),
    path(
        _("<slug:plan_slug>/delivery-plan.docx"),
        downloads.delivery_plan_docx_view,
        name="delivery_plan_docx",
    ),
    path(
        _("<slug:plan_slug>/delivery-plan.json"),
        downloads.delivery_plan_json_view,
        name="delivery_plan_json",
    ),
    # Two years side by side (issue 13): the page and its CSV.
    path(
        _("<slug:plan_slug>/compare/<slug:other_slug>/"),
        views.compare,
        name="compare",
    ),
    path(
        _("<slug:plan_slug>/compare/<slug:other_slug>.csv"),
        views.compare_csv,
        name="compare_csv",
    ),
    path(
        _("<slug:plan_slug>/have-your-say/"),
        consultation_views.have_your_say_for_plan,
        name="have_your_say",
    ),
    path(
        _("<slug:plan_slug>/have-your-say/thanks/"),
        consultation_views.thanks,
        name="have_your_say_thanks",
    ),
]
