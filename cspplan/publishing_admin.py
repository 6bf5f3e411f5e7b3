"""The plan list's publishing actions: publish, archive (who and when, kept on the plan and in
its history), and start next year's plan (the rollover's form, by its URL name)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from cspplan.models import Plan
from cspplan.text import counted


class PublishingActions:
    """Actions of the plans' admin (``cspplan.admin.PlanAdmin``), and its form's save: however a
    plan is archived, who and when are recorded."""

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            obj.record_status_change(was=form.initial.get("status"), by=request.user)
        super().save_model(request, obj, form, change)

    @admin.action(description="Publish the selected plans", permissions=["change"])
    def publish(self, request, queryset):
        published, refused = 0, []
        for plan in queryset.exclude(status=Plan.Status.PUBLISHED):
            try:
                plan.publish(by=request.user)
            except ValidationError as error:
                refused.extend(error.messages)
                continue
            plan._history_user = request.user
            plan.save(
                update_fields=[
                    "status",
                    "published_at",
                    "published_by",
                    "archived_at",
                    "archived_by",
                ]
            )
            published += 1
        self.message_user(request, f"Published {counted(published, 'plan')}.", messages.SUCCESS)
        for reason in refused:
            self.message_user(request, f"Not published: {reason}", messages.WARNING)

    @admin.action(
        description="Archive the selected plans (they stay public as past plans)",
        permissions=["change"],
    )
    def archive(self, request, queryset):
        archived, drafts = 0, []
        for plan in queryset.exclude(status=Plan.Status.ARCHIVED):
            if plan.published_at is None:
                drafts.append(plan.title)
                continue
            plan.archive(by=request.user)
            plan._history_user = request.user
            plan.save(update_fields=["status", "archived_at", "archived_by"])
            archived += 1
        self.message_user(request, f"Archived {counted(archived, 'plan')}.", messages.SUCCESS)
        if drafts:
            self.message_user(
                request,
                "Not archived, never published (a draft is deleted or published, not "
                f"archived): {', '.join(drafts)}.",
                messages.WARNING,
            )

    @admin.action(description="Start next year's plan from the selected plan", permissions=["add"])
    def roll_over(self, request, queryset):
        # The rollover's form and service live above this core module (dashboard/rollover_*,
        # progress/rollover.py): named by its URL only, as the change list's "Import a plan"
        # link is.
        plans = list(queryset[:2])
        if len(plans) != 1:
            self.message_user(request, "Select exactly one plan to roll over.", messages.ERROR)
            return None
        return redirect("rollover:form", plan_id=plans[0].pk)
