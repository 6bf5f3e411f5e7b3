"""The chair's dashboard: /dashboard/…"""

from django.urls import path

from dashboard import duties, snapshots, views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:plan_slug>/", views.plan_dashboard, name="plan"),
    path(
        "<slug:plan_slug>/objectives/<int:number>/",
        views.objective_dashboard,
        name="objective",
    ),
    path("<slug:plan_slug>/approvals/", views.approvals, name="approvals"),
    # The statutory checklist (issue 14).
    path("<slug:plan_slug>/duties/", duties.duties, name="duties"),
    path("<slug:plan_slug>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<slug:plan_slug>/report.xlsx", views.report_xlsx, name="report_xlsx"),
    # Board reports frozen for a meeting (issue 13).
    path("<slug:plan_slug>/snapshots/", snapshots.freeze, name="freeze_report"),
    path(
        "<slug:plan_slug>/snapshots/<int:pk>.<str:extension>",
        snapshots.download,
        name="snapshot",
    ),
]
