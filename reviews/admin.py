"""The register of reviews: plan managers keep their partnerships' reviews, the chair reads
them (``ScopedAdmin``: another partnership's review is a 404, each save checked on the record as
saved). The recommendations are edited as the actions of the review's action plan."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html

from cspplan.admin import ScopedAdmin
from cspplan.text import counted
from reviews.models import NO_PERSONAL_DATA, Review
from reviews.services import publish_review, start_action_plan


@admin.register(Review)
class ReviewAdmin(ScopedAdmin):
    list_display = [
        "reference",
        "name",
        "partnership",
        "notified_on",
        "stage",
        "published_on",
        "recommendations",
    ]
    list_filter = ["kind", "partnership"]
    list_select_related = ["partnership", "action_plan"]
    search_fields = ["reference"]
    readonly_fields = ["name", "stage", "published_on", "recommendations", "demonstration"]
    fieldsets = [
        (None, {"fields": ["partnership", "kind", "name", "reference", "stage"]}),
        (
            "Dates",
            {
                "fields": [
                    "notified_on",
                    "decision",
                    "decided_on",
                    "commissioned_on",
                    "submitted_to_home_office_on",
                    "published_on",
                ]
            },
        ),
        (
            "The review",
            {
                "description": NO_PERSONAL_DATA,
                "fields": ["independent_chair", "overview_report_url", "notes"],
            },
        ),
        ("Recommendations", {"fields": ["recommendations", "demonstration"]}),
    ]
    actions = ["start_action_plans", "publish"]

    @admin.display(description="review")
    def name(self, review):
        return review.kind_name

    @admin.display(description="where it stands")
    def stage(self, review):
        return review.stage

    @admin.display(description="recommendations")
    def recommendations(self, review):
        if review.action_plan_id is None:
            return "No action plan yet: “Start the action plan of the selected reviews”."
        return format_html(
            '<a href="{}?plan={}">The recommendations (actions of {})</a>',
            reverse("admin:actions_action_changelist"),
            review.action_plan_id,
            review.action_plan.title,
        )

    @admin.action(
        description="Start the action plan of the selected reviews", permissions=["change"]
    )
    def start_action_plans(self, request, queryset):
        started = 0
        for review in queryset.select_related("partnership"):
            try:
                start_action_plan(review, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
                continue
            started += 1
        self.message_user(
            request,
            f"{counted(started, 'review')} with an action plan: add the recommendations as "
            "its actions.",
            messages.SUCCESS,
        )

    @admin.action(
        description="Publish the selected reviews (with their recommendations)",
        permissions=["change"],
    )
    def publish(self, request, queryset):
        published = 0
        for review in queryset.filter(published_on__isnull=True):
            try:
                publish_review(review, by=request.user)
            except ValidationError as error:
                self.message_user(
                    request, "Not published: " + " ".join(error.messages), messages.WARNING
                )
                continue
            published += 1
        self.message_user(request, f"Published {counted(published, 'review')}.", messages.SUCCESS)
