from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from consultation.feedback_export import feedback_xlsx
from consultation.models import (
    Consultation,
    ConsultationQuestion,
    EngagementEvent,
    EventPartner,
    Feedback,
    Survey,
    SurveyResult,
    YouSaidWeDid,
)
from consultation.results import summarise
from consultation.services import record_survey_readings
from cspplan import roles
from cspplan.admin import ScopedAdmin, ScopedStackedInline
from cspplan.models import Organisation, Partnership
from cspplan.text import counted
from objectives.models import Target

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SurveyResultInline(ScopedStackedInline):
    model = SurveyResult
    extra = 0
    autocomplete_fields = ["measure"]
    readonly_fields = ["recorded_as"]

    @admin.display(description="recorded as")
    def recorded_as(self, result):
        if result.measurement_id is None:
            return "Baseline" if result.pk and result.is_baseline else "—"
        return result.measurement.get_status_display()


def _record_readings(request, survey):
    """Record a wave's results as measurements and say what happened. A result that cannot be
    recorded undoes the recording (its own transaction, inside the admin's) and is reported by
    name; the survey and its results stay saved, to be corrected and saved again."""
    try:
        recorded = record_survey_readings(survey=survey, by=request.user)
    except ValidationError as error:
        messages.error(
            request, f"{survey}: not recorded as measurements. {' '.join(error.messages)}"
        )
        return
    if recorded:
        messages.success(
            request,
            f"{survey}: {counted(len(recorded), 'result')} recorded as measurements "
            "(submitted for approval where approval is needed).",
        )


@admin.register(Survey)
class SurveyAdmin(ScopedAdmin):
    """Surveys and their results. A later wave's results linked to a measure become that
    measure's measurements on saving (``record_survey_readings``); results from before the
    measure's plan began are its baseline and stay so."""

    list_display = ["name", "year", "partnership", "conducted_by"]
    list_select_related = ["partnership", "conducted_by"]
    inlines = [SurveyResultInline]
    actions = ["record_readings"]

    def editable_queryset(self, request):
        return Survey.objects.editable_by(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """An officer (not a plan manager) adds a wave for a partnership their agency works in,
        conducted by their own agency: what ``Survey.objects.editable_by`` lets them change."""
        user = request.user
        organisation = roles.officer_organisation(user)
        if not roles.is_plan_manager(user) and organisation is not None:
            if db_field.name == "partnership":
                kwargs["queryset"] = Partnership.objects.filter(
                    pk__in=Target.objects.filter(owners=organisation).values(
                        "objective__plan__partnership"
                    )
                )
            elif db_field.name == "conducted_by":
                kwargs["queryset"] = Organisation.objects.filter(pk=organisation.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _record_readings(request, form.instance)

    @admin.action(description="Record the selected surveys' results as measurements")
    def record_readings(self, request, queryset):
        for survey in queryset:
            _record_readings(request, survey)


@admin.register(SurveyResult)
class SurveyResultAdmin(ScopedAdmin):
    list_display = ["survey", "statement", "value", "measure"]
    list_select_related = ["survey", "measure"]
    readonly_fields = ["measurement"]

    def editable_queryset(self, request):
        return SurveyResult.objects.editable_by(request.user)


class EventPartnerInline(ScopedStackedInline):
    model = EventPartner
    extra = 1


@admin.register(EngagementEvent)
class EngagementEventAdmin(ScopedAdmin):
    list_display = ["name", "kind", "date", "location", "published", "plan"]
    list_select_related = ["plan__partnership"]
    list_filter = ["published", "kind", "plan"]
    search_fields = ["name", "location"]
    inlines = [EventPartnerInline]
    fieldsets = [
        (None, {"fields": ["plan", "name", "slug", "kind", "description", "action"]}),
        ("When and where", {"fields": ["date", "start_time", "end_time", "location"]}),
        ("Afterwards", {"fields": ["attendance", "raised", "outcome"]}),
        (None, {"fields": ["published"]}),
    ]
    prepopulated_fields = {"slug": ["name"]}


class ConsultationQuestionInline(ScopedStackedInline):
    model = ConsultationQuestion
    extra = 1
    fields = [("order", "kind", "required"), "text", "options"]


class SamePlanLinksForm(forms.ModelForm):
    """Linked priorities, objectives (and, for "you said, we did", actions, events,
    consultations and feedback) must be the record's own plan's."""

    link_fields: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        plan = cleaned.get("plan")
        for name in self.link_fields:
            wrong = [
                str(record)
                for record in cleaned.get(name) or ()
                if plan is not None and _plan_id(record) != plan.pk
            ]
            if wrong:
                self.add_error(name, f"Not part of the plan chosen: {', '.join(wrong)}.")
        return cleaned


def _plan_id(record):
    if hasattr(record, "plan_id"):
        return record.plan_id
    return record.target.objective.plan_id  # an action


class ConsultationForm(SamePlanLinksForm):
    link_fields = ("priorities", "objectives")


@admin.register(Consultation)
class ConsultationAdmin(ScopedAdmin):
    form = ConsultationForm
    list_display = ["title", "plan", "opens_at", "closes_at", "published", "results_link"]
    list_select_related = ["plan__partnership"]
    list_filter = ["published", "plan"]
    # One labelled box for each date and time: the admin's split date/time pair has no label
    # for either half, which screen readers cannot name.
    formfield_overrides = {
        models.DateTimeField: {
            "form_class": forms.DateTimeField,
            "widget": forms.DateTimeInput(
                format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}
            ),
        }
    }
    inlines = [ConsultationQuestionInline]
    prepopulated_fields = {"slug": ["title"]}

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/results/",
                self.admin_site.admin_view(self.results_view),
                name=f"{info[0]}_{info[1]}_results",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="results")
    def results_link(self, consultation):
        url = reverse("admin:consultation_consultation_results", args=[consultation.pk])
        return format_html('<a href="{}">Results</a>', url)

    def results_view(self, request, object_id):
        """The results for staff: counts, percentages, averages and every written answer
        (the public page shows written answers as a count only)."""
        consultation = self.get_object(request, object_id)
        if not self.has_view_permission(request, consultation):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": consultation,
            "title": f"Results: {consultation.title}",
            "results": summarise(consultation, free_text=True),
        }
        return TemplateResponse(request, "admin/consultation/results.html", context)


class YouSaidWeDidForm(SamePlanLinksForm):
    link_fields = ("objectives", "actions", "events", "consultations", "feedback")


@admin.register(YouSaidWeDid)
class YouSaidWeDidAdmin(ScopedAdmin):
    form = YouSaidWeDidForm
    list_display = ["title", "plan", "reported_on", "published"]
    list_select_related = ["plan__partnership"]
    list_filter = ["published", "plan"]
    search_fields = ["title", "you_said", "we_did"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["plan", "title", "slug", "reported_on"]}),
        ("What residents said and what changed", {"fields": ["you_said", "we_did"]}),
        (
            "Where residents said it",
            {"fields": ["events", "consultations", "feedback"]},
        ),
        ("What it changed", {"fields": ["objectives", "actions"]}),
        (None, {"fields": ["published"]}),
    ]


@admin.register(Feedback)
class FeedbackAdmin(ScopedAdmin):
    """Moderation and handling of residents' feedback.

    Two separate things: ``moderation`` is whether the comment is published (without name or
    e-mail), ``status`` how far staff have dealt with it (new, acknowledged, responded,
    closed), with the agency it is assigned to and internal notes that never reach a public
    page. Every change is kept in the history (without the resident's name and e-mail).

    Plan managers handle their partnerships' feedback; a partnership officer only the feedback
    on objectives their agency leads (``FeedbackQuerySet.editable_by``), and changes only the
    handling: status, assignment and notes. The chair reads.
    """

    list_display = [
        "created_at",
        "plan",
        "objective",
        "status",
        "assigned_to",
        "moderation",
        "wants_reply",
    ]
    list_select_related = ["plan__partnership", "objective__plan", "assigned_to"]
    list_filter = ["status", "moderation", "plan", "assigned_to"]
    search_fields = ["comment", "internal_notes"]
    date_hierarchy = "created_at"
    actions = ["export_to_excel"]
    HANDLING = ["status", "assigned_to", "internal_notes"]
    fieldsets = [
        (
            "What the resident said",
            {"fields": ["plan", "objective", "consultation", "comment", "postcode_district"]},
        ),
        (
            "Contact details (personal data: never public)",
            {"fields": ["name", "email", "wants_reply"]},
        ),
        ("Handling (staff only)", {"fields": HANDLING}),
        ("Publishing", {"fields": ["moderation"]}),
        ("Retention", {"fields": ["created_at", "personal_data_removed_at"]}),
    ]

    def editable_queryset(self, request):
        return Feedback.objects.editable_by(request.user)

    def get_readonly_fields(self, request, obj=None):
        if roles.is_plan_manager(request.user):
            fixed = ["created_at", "personal_data_removed_at"]
            if obj is not None and obj.personal_data_removed_at:
                # Removed after the retention period (manage.py purge_feedback): for good.
                fixed += ["comment", "postcode_district", "name", "email", "wants_reply"]
            return fixed
        # Officers handle it; what the resident said, and publishing it, stay the managers'.
        return [
            field
            for _, options in self.fieldsets
            for field in options["fields"]
            if field not in self.HANDLING
        ]

    def response_action(self, request, queryset):
        # Exporting only reads: the chair exports the feedback they read (the changelist's
        # rows, already scoped); every other action acts on editable rows (ScopedAdmin).
        if request.POST.get("action") == "export_to_excel":
            return super(ScopedAdmin, self).response_action(request, queryset)
        return super().response_action(request, queryset)

    @admin.action(description="Export the selected feedback to Excel", permissions=["view"])
    def export_to_excel(self, request, queryset):
        response = HttpResponse(feedback_xlsx(queryset), content_type=XLSX_TYPE)
        response["Content-Disposition"] = 'attachment; filename="feedback.xlsx"'
        return response
