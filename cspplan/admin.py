from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.http import Http404
from django.shortcuts import redirect
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm
from simple_history.admin import SimpleHistoryAdmin

from cspplan import permissions, uploads
from cspplan.models import (
    FundingSource,
    Officer,
    Organisation,
    OrganisationAlias,
    Partnership,
    Plan,
    PlanSection,
    display_name,
)
from cspplan.spreadsheet_formats import SafeCSV, SafeXLSX
from cspplan.text import CleanTextFormMixin

# The product's name in every admin page's title; the header adds the partnership's name
# (templates/admin/base_site.html).
admin.site.site_title = "cspplan"
admin.site.site_header = "cspplan"
admin.site.index_title = "Plan administration"


def plan_filter(path: str):
    """A list filter by plan whose choices are the plans of the rows the user can see, read
    in one query (the stock filter reads each plan's partnership for its name, one by one)."""

    class PlanFilter(admin.SimpleListFilter):
        title = "plan"
        parameter_name = "plan"

        def lookups(self, request, model_admin):
            shown = model_admin.get_queryset(request).values(path)
            plans = Plan.objects.filter(pk__in=shown).select_related("partnership")
            return [(str(plan.pk), str(plan)) for plan in plans]

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(**{path: self.value()})
            return queryset

    return PlanFilter


class NamedHistoryAdmin(SimpleHistoryAdmin):
    """History pages that say who changed a record by the name officers know them by."""

    history_list_display = ["changed_by"]

    def changed_by(self, record):
        return display_name(record.history_user) if record.history_user else "—"

    def get_form(self, request, obj=None, **kwargs):
        # Text comes out of the form without control characters (cspplan/text.py).
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (CleanTextFormMixin, form), {})


class ScopedAdmin(NamedHistoryAdmin):
    """An admin whose rows are limited by the model's queryset (``managed_by``, or
    ``editable_by`` where officers edit too: see cspplan/permissions.py).

    Officers and plan managers see only the rows they may edit (their agency's, their
    partnership's); the chair and superusers read everything. Another agency's record is a
    404 in the change and history views, as a missing one is, never a silent read or write.
    """

    def editable_queryset(self, request):
        return self.model._default_manager.managed_by(request.user)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if permissions.reads_everything_in_admin(request.user):
            return queryset
        return queryset.filter(pk__in=self.editable_queryset(request).values("pk"))

    def get_object(self, request, object_id, from_field=None):
        found = super().get_object(request, object_id, from_field)
        if found is None:
            # Django would redirect to the index saying "doesn't exist"; another agency's
            # record should not even hint that it exists.
            raise Http404("No such record, or not yours to see.")
        return found

    def history_view(self, request, object_id, extra_context=None):
        # django-simple-history answers 403 for a record the user may not see but 404 for a
        # missing one, which tells whether another agency's record exists: 404 for both.
        try:
            return super().history_view(request, object_id, extra_context)
        except PermissionDenied:
            raise Http404("No such record, or not yours to see.") from None

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A revert saves through the change form, whose checks may lock rows (the action's
        # lost-update check); the admin's own change view runs in a transaction, this one too.
        found = self.model._default_manager.filter(pk=unquote(object_id)).first()
        if found is not None and not self._in_scope(request, found):
            raise Http404("No such record, or not yours to see.")
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def _in_scope(self, request, obj):
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def _editable(self, request, obj):
        return obj is None or self.editable_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(request, obj)


class ProgressImportForm(ImportForm):
    """The upload step: the file's size, expansion and rows are checked before any parser
    reads it (cspplan/uploads.py); a refused file gets a message and nothing is stored."""

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is None:
            return cleaned
        try:
            uploads.check_size(upload.size)
            head = upload.read(4)
            upload.seek(0)
            # By content, not by the format chosen: a zip is checked as a workbook.
            kind = "xlsx" if head == b"PK\x03\x04" else "csv"
            uploads.check_upload(kind, upload.read())
        except uploads.UploadRefused as refused:
            self.add_error("import_file", f"{upload.name}: {refused}. Nothing was imported.")
        finally:
            upload.seek(0)
        return cleaned


class ProgressImportExportMixin(ImportExportMixin):
    """Officers' bulk progress: export their rows to Excel, import them back with a preview.

    The resource is told who is importing, so it can refuse rows that are not theirs
    (``cspplan.resources.ProgressResource``).

    Uploads are checked before parsing (``ProgressImportForm``). Between the preview and the
    confirmation the file waits in a private folder (``uploads.ProgressUploadStorage``); the
    confirm form carries its name signed for the uploader, so nobody confirms someone else's
    upload or any other file; it is removed once confirmed, when it fails, when its preview
    shows errors, or after a day. Exports are safe to open in a spreadsheet
    (``cspplan/spreadsheet_formats.py``).
    """

    # Excel first: it is what officers use.
    import_formats = [SafeXLSX, SafeCSV]
    export_formats = [SafeXLSX, SafeCSV]
    import_form_class = ProgressImportForm
    tmp_storage_class = uploads.ProgressUploadStorage

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {**kwargs, "user": request.user}

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def import_action(self, request, **kwargs):
        if request.method == "POST":
            uploads.sweep()
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        form = context.get("form")
        cleaned = getattr(form, "cleaned_data", None) or {}
        upload = cleaned.get("import_file")
        stored = getattr(upload, "tmp_storage_name", None)
        if stored and not context.get("confirm_form"):
            # The preview found errors: this file will never be confirmed.
            uploads.ProgressUploadStorage(name=stored).remove()
        return response

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if initial.get("import_file_name"):
            initial["import_file_name"] = uploads.sign_progress_upload(
                initial["import_file_name"], user=request.user
            )
        return initial

    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        signed = request.POST.get("import_file_name", "")
        name = uploads.progress_upload_name(signed, user=request.user)
        if name is None:
            messages.error(
                request,
                "That import has expired, was not yours, or is no longer available; "
                "upload the file again. Nothing was imported.",
            )
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        post = request.POST.copy()
        post["import_file_name"] = name
        request.POST = post
        try:
            return super().process_import(request, **kwargs)
        finally:
            uploads.ProgressUploadStorage(name=name).remove()


class SharedRecordAdmin(NamedHistoryAdmin):
    """Organisations, officers and funds are shared by every partnership's plans."""


@admin.register(Partnership)
class PartnershipAdmin(ScopedAdmin):
    list_display = ["name", "short_name", "area"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "short_name"]
    filter_horizontal = ["members"]


class PlanSectionInline(admin.StackedInline):
    model = PlanSection
    extra = 0


class PlanAdmin(ScopedAdmin):
    """The plan's admin, registered by objectives/admin.py with the plan's objectives as an
    inline: this core module cannot import the objectives app above it."""

    list_display = ["title", "partnership", "period_start", "period_end", "status"]
    list_filter = ["status", "partnership"]
    list_select_related = ["partnership"]
    search_fields = ["title", "slug"]
    inlines = [PlanSectionInline]
    actions = ["publish"]
    readonly_fields = ["published_at"]
    change_list_template = "admin/cspplan/plan/change_list.html"

    @admin.action(description="Publish the selected plans", permissions=["change"])
    def publish(self, request, queryset):
        published = 0
        for plan in queryset.exclude(status=Plan.Status.PUBLISHED):
            plan.publish()
            plan.save(update_fields=["status", "published_at"])
            published += 1
        self.message_user(request, f"Published {published} plan(s).", messages.SUCCESS)


class OrganisationAliasInline(admin.TabularInline):
    model = OrganisationAlias
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(SharedRecordAdmin):
    list_display = ["name", "short_name", "kind", "is_responsible_authority"]
    list_filter = ["kind", "is_responsible_authority"]
    search_fields = ["name", "short_name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationAliasInline]


@admin.register(OrganisationAlias)
class OrganisationAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "organisation__name"]
    autocomplete_fields = ["organisation"]


@admin.register(Officer)
class OfficerAdmin(SharedRecordAdmin):
    list_display = ["name", "title", "role", "organisation"]
    list_select_related = ["organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "role"]
    autocomplete_fields = ["organisation", "user"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(FundingSource)
class FundingSourceAdmin(SharedRecordAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PlanSection)
class PlanSectionAdmin(ScopedAdmin):
    list_display = ["title", "plan", "order"]
    list_select_related = ["plan__partnership"]
    list_filter = ["plan"]
    search_fields = ["title", "body"]
