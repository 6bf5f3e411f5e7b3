from django.contrib import admin, messages
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.http import Http404
from django.shortcuts import redirect
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm
from simple_history.admin import SimpleHistoryAdmin

from cspplan import permissions, uploads
from cspplan.limits import announce_length_limit
from cspplan.models import (
    Partnership,
    Plan,
    PlanSection,
    display_name,
    is_superuser,
)
from cspplan.publishing_admin import PublishingActions
from cspplan.spreadsheet_formats import SafeCSV, SafeXLSX
from cspplan.text import CleanTextFormMixin
from cspplan.translated_admin import BilingualFieldsMixin

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


class AnnouncedLimitsMixin:
    """Every limited text field of an admin form or inline says its limit ("Up to 2,000
    characters.", ``maxlength``) and is refused past it with a message naming the field
    (``cspplan.limits``)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and getattr(db_field, "max_length", None):
            announce_length_limit(formfield, label=str(db_field.verbose_name).capitalize())
        return formfield


class NamedHistoryAdmin(AnnouncedLimitsMixin, SimpleHistoryAdmin):
    """History pages that say who changed a record by the name officers know them by."""

    history_list_display = ["changed_by"]

    def changed_by(self, record):
        return display_name(record.history_user) if record.history_user else "—"

    def get_form(self, request, obj=None, **kwargs):
        # Text comes out of the form without control characters (cspplan/text.py).
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (CleanTextFormMixin, form), {})

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting to a past version saves the record, but simple_history asks only for the
        # view permission: a revert is a change, refused to whoever may not change it.
        if request.method == "POST":
            current = self.model._default_manager.filter(pk=unquote(object_id)).first()
            if current is None or not self.has_change_permission(request, current):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


def choices_for(db_field, request):
    """The rows ``request.user`` may pick in a form field for ``db_field``: the related model's
    ``choosable_by(user)`` (plans, targets, actions… of their own partnerships or agency; the
    officers they may name), or None for shared records any user may pick (organisations, funds)
    and for superusers."""
    if is_superuser(request.user):
        return None
    queryset = db_field.remote_field.model._default_manager.all()
    choosable_by = getattr(queryset, "choosable_by", None)
    return choosable_by(request.user) if choosable_by is not None else None


class ScopedChoicesMixin:
    """Form fields that offer only what the user may use: another partnership's plans, targets
    or actions are neither listed nor accepted (a posted one is "not one of the available
    choices"). For admins and their inlines alike."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs and (choices := choices_for(db_field, request)) is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs and (choices := choices_for(db_field, request)) is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedInline(
    BilingualFieldsMixin, AnnouncedLimitsMixin, ScopedChoicesMixin, InlineModelAdmin
):
    """The base of every inline of a ScopedAdmin (a ScopedAdmin refuses any other)."""


class ScopedStackedInline(ScopedInline, admin.StackedInline):
    pass


class ScopedTabularInline(ScopedInline, admin.TabularInline):
    pass


def _saved_in_scope(editable, objs, user) -> bool:
    """Whether every record of ``objs``, as saved, is among ``editable``."""
    pks = {obj.pk for obj in objs}
    if not pks or is_superuser(user):
        return True
    return editable.filter(pk__in=pks).count() == len(pks)


class ScopedAdmin(BilingualFieldsMixin, ScopedChoicesMixin, NamedHistoryAdmin):
    """An admin whose rows are limited by the model's queryset (``managed_by``, or
    ``editable_by`` where officers edit too: see cspplan/permissions.py).

    Officers and plan managers see only the rows they may edit (their agency's, their
    partnership's); the chair reads every row of their own partnerships (``read_by``) and
    superusers everything. Another agency's or partnership's record is a 404 in the change and
    history views, as a missing one is, never a silent read or write.

    Writes are held to the same boundary by construction:

    - every form field, the inlines' too (``ScopedInline``), offers only the rows the user may
      use (``choices_for``): a plan manager cannot add an objective to another partnership's
      plan, nor move their action to another partnership's target; the form says so;
    - every save is checked on the records as saved, in the admin's transaction
      (``save_related``): a record outside the user's rows afterwards is refused with a 403
      and nothing is written, whatever path led there;
    - bulk actions act on the rows the user may edit only (``response_action``);
    - list filters on a relation list only the related rows of the rows shown.

    A bilingual partnership's texts are edited in English and Welsh side by side
    (``BilingualFieldsMixin``).
    """

    def editable_queryset(self, request):
        return self.model._default_manager.managed_by(request.user)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        user = request.user
        if is_superuser(user):
            return queryset
        shown = self.editable_queryset(request).values("pk")
        if permissions.reads_own_partnerships_in_admin(user):
            read = self.model._default_manager.read_by(user).values("pk")
            return queryset.filter(models.Q(pk__in=shown) | models.Q(pk__in=read))
        return queryset.filter(pk__in=shown)

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            if not isinstance(inline, ScopedInline):
                raise ImproperlyConfigured(
                    f"{type(inline).__name__} is an inline of a ScopedAdmin: make it a "
                    "ScopedInline so its choices keep to the user's partnerships."
                )
        return inlines

    def get_list_filter(self, request):
        """A filter named by a relation lists only the related rows of the rows shown: plans
        through ``plan_filter``, anything else as the admin's "related only" filter."""
        filters = []
        for spec in super().get_list_filter(request):
            if isinstance(spec, str):
                field = get_fields_from_path(self.model, spec)[-1]
                if field.is_relation and field.related_model is Plan:
                    spec = plan_filter(spec)
                elif field.is_relation:
                    spec = (spec, admin.RelatedOnlyFieldListFilter)
            filters.append(spec)
        return filters

    def response_action(self, request, queryset):
        # A bulk action (publish, delete, set status…) acts on the rows the user may edit, never
        # on rows they only read (a chair who is also an officer reads more than they edit).
        editable = self.editable_queryset(request).values("pk")
        return super().response_action(request, queryset.filter(pk__in=editable))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not _saved_in_scope(self.editable_queryset(request), [form.instance], request.user):
            # Inside the admin's transaction: raising rolls the save back.
            raise PermissionDenied("That record would be outside the plans you may edit.")

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        saved = [*formset.new_objects, *(obj for obj, _ in formset.changed_objects)]
        editable = formset.model._default_manager.all().choosable_by(request.user)
        if not _saved_in_scope(editable, saved, request.user):
            raise PermissionDenied("That record would be outside the plans you may edit.")

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
            response = super().history_form_view(request, object_id, version_id, extra_context)
            reverted = self.model._default_manager.filter(pk=unquote(object_id))
            if request.method == "POST" and not _saved_in_scope(
                self.editable_queryset(request), reverted, request.user
            ):
                raise PermissionDenied("That record would be outside the plans you may edit.")
            return response

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
        try:
            response = super().import_action(request, **kwargs)
        except uploads.UploadNotKept as failed:
            # The library stores the upload outside its own error handling: a full disk would
            # be a 500. It is a message instead, and nothing is imported (cspplan/uploads.py).
            self.message_user(request, str(failed), level=messages.ERROR)
            return redirect(request.path)
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


class SharedUseMixin:
    """A record shared by every partnership's plans (an organisation, its aliases, a fund) is
    changed or deleted by a plan manager only while no plan of another partnership uses it: a
    new agency's typo is theirs to fix, another partnership's police force is not theirs to
    rename. Superusers change any. ``used_in_plans_through`` are the paths from the record to
    the plans that use it."""

    used_in_plans_through: tuple[str, ...] = ()

    def _unused_elsewhere(self, request, obj):
        if obj is None or is_superuser(request.user) or not self.used_in_plans_through:
            return True
        elsewhere = Plan.objects.exclude(pk__in=Plan.objects.managed_by(request.user).values("pk"))
        used = models.Q()
        for path in self.used_in_plans_through:
            used |= models.Q(**{f"{path}__in": elsewhere})
        return not self.model._default_manager.filter(used, pk=obj.pk).exists()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._unused_elsewhere(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._unused_elsewhere(request, obj)


# From a fund to the plans using it, through the Responsibility relations' reverse names (this
# core module names no app above it); an organisation's are beside its queryset.
FUND_USED_IN = (
    "actions_action_funded__target__objective__plan",
    "objectives_target_funded__objective__plan",
)


class SharedRecordAdmin(SharedUseMixin, NamedHistoryAdmin):
    """Organisations, officers and funds are shared by every partnership's plans."""


@admin.register(Partnership)
class PartnershipAdmin(ScopedAdmin):
    list_display = ["name", "short_name", "area"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "short_name"]
    filter_horizontal = ["members"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if is_superuser(request.user) or "members" not in form.base_fields:
            return form
        user = request.user

        class MemberStaysForm(form):
            def clean_members(self):
                # A plan manager manages the partnerships they are a member of: a partnership
                # they add, or edit, without themselves would be out of their reach at once.
                members = self.cleaned_data["members"]
                if user not in members:
                    raise ValidationError(
                        f"Keep yourself ({user.get_username()}) among the members: a plan "
                        "manager manages only the partnerships they are a member of."
                    )
                return members

        return MemberStaysForm


class PlanSectionInline(ScopedStackedInline):
    model = PlanSection
    extra = 0


class PlanAdmin(PublishingActions, ScopedAdmin):
    """The plan's admin, registered by objectives/admin.py with the plan's objectives as an
    inline: this core module cannot import the objectives app above it."""

    list_display = [
        "title",
        "partnership",
        "kind",
        "period_start",
        "period_end",
        "status",
        "published_at",
        "sent_to_pcc_on",
    ]
    list_filter = ["kind", "status", "partnership"]
    list_select_related = ["partnership"]
    search_fields = ["title", "slug"]
    inlines = [PlanSectionInline]
    actions = ["publish", "archive", "roll_over"]  # cspplan/publishing_admin.py
    # Who published or archived a plan, and when, is recorded by the actions, never typed.
    readonly_fields = ["published_at", "published_by", "archived_at", "archived_by"]
    change_list_template = "admin/cspplan/plan/change_list.html"


@admin.register(PlanSection)
class PlanSectionAdmin(ScopedAdmin):
    list_display = ["title", "plan", "order"]
    list_select_related = ["plan__partnership"]
    list_filter = ["plan"]
    search_fields = ["title", "body"]


# Registered by importing them: the admin of the records every partnership shares
# (organisations and their aliases, officers, funds), which uses the base classes above; and
# invitations and the sign-in audit trail (issue 25).
from cspplan import shared_admin, sign_in_admin  # noqa: E402, F401
