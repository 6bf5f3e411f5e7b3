"""The plan importer in the admin: upload → preview (with its column mapping) → confirm.

Plan managers import into the partnerships they manage; only a superuser may create a new
partnership with an import. The uploaded file is kept in a private temporary directory and
every later step carries a signed token naming it and everything chosen so far (the mapping of
columns included), so what is confirmed is exactly what was previewed: a re-upload is never
trusted and a token cannot point at another file or another user's upload. Changing the mapping
re-previews the same file and remembers the choice for the partnership.
"""

import datetime
import secrets
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify

from cspplan import uploads
from cspplan.models import Partnership, is_superuser
from importer import extra_columns
from importer.columns import FIELD_CHOICES, FIELDS, IGNORE, KEEP
from importer.extra_columns import counted_cells
from importer.models import ColumnMapping, remember
from importer.services import PlanImportError, preview, read_draft, write_plan

TOKEN_SALT = "importer.upload"
TOKEN_MAX_AGE = 60 * 60  # an hour to read the preview and confirm
UPLOAD_DIR = uploads.PLAN_IMPORT_DIR


class PlanImportForm(forms.Form):
    file = forms.FileField(help_text="The delivery-plan table as .csv, .xlsx or .docx.")
    partnership = forms.ModelChoiceField(queryset=Partnership.objects.none(), required=False)
    new_partnership = forms.CharField(
        max_length=200,
        required=False,
        label="Or a new partnership",
        help_text="Only a superuser can create a partnership. Its full name, e.g. Anytown "
        "Community Safety Partnership; it is created with the plan, never without it.",
    )
    title = forms.CharField(max_length=200, help_text="e.g. Partnership Plan 2012 to 2013")
    period_start = forms.DateField(help_text="First day the plan covers, e.g. 2012-04-01.")
    period_end = forms.DateField(help_text="Last day the plan covers, e.g. 2013-03-31.")
    target_label = forms.CharField(
        max_length=50,
        required=False,
        help_text="The heading of the targets column, e.g. March 2013. Leave empty to use the "
        "file's.",
    )
    create_missing = forms.BooleanField(
        required=False,
        help_text="Create agencies, officers and funds the file names but the site does not "
        "know, as the preview proposes them. Otherwise an unknown name stops the import.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = Partnership.objects.managed_by(user)
        if not is_superuser(user):
            del self.fields["new_partnership"]
            self.fields["partnership"].required = True

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end <= start:
            self.add_error("period_end", "The plan must end after it starts.")
        upload = cleaned.get("file")
        if upload and upload.size > settings.PLAN_IMPORT_MAX_BYTES:
            self.add_error(
                "file", f"The file is over the limit of {settings.PLAN_IMPORT_MAX_BYTES:,} bytes."
            )
        new = " ".join(cleaned.get("new_partnership", "").split())
        cleaned["new_partnership"] = new
        if "new_partnership" in self.fields and "partnership" not in self.errors:
            if bool(new) == bool(cleaned.get("partnership")):
                self.add_error("partnership", "Choose a partnership, or name a new one.")
            elif new and (
                Partnership.objects.filter(name__iexact=new).exists()
                or Partnership.objects.filter(slug=slugify(new)[:50]).exists()
            ):
                self.add_error("new_partnership", "A partnership of that name already exists.")
        return cleaned


class ColumnMappingForm(forms.Form):
    """One choice per column of the file: the field it is taken as, or "ignore"."""

    def __init__(self, *args, columns, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = columns
        for use in columns:
            self.fields[f"column_{use.index}"] = forms.ChoiceField(
                label=f"Column {use.heading}",
                choices=FIELD_CHOICES,
                initial=use.field,
                help_text=(f"Guessed: {use.note}." if use.is_guess and use.note else ""),
            )

    def mapping(self) -> dict[str, str]:
        return {use.heading: self.cleaned_data[f"column_{use.index}"] for use in self.columns}


class ColumnChoiceForm(forms.Form):
    """Keep or ignore, for each column whose cells would not otherwise be kept
    (``extra_columns.unchosen``): the import does not go on without a choice for every one."""

    def __init__(self, *args, unchosen, **kwargs):
        super().__init__(*args, **kwargs)
        self.unchosen = unchosen
        for number, item in enumerate(unchosen):
            cells = counted_cells(item.cells)
            self.fields[f"choice_{number}"] = forms.ChoiceField(
                label=f"“{item.use.heading}” ({cells})",
                choices=[
                    (KEEP, "Keep as a plan column (its kind guessed from its cells)"),
                    (IGNORE, f"Ignore it: its {cells} are not imported"),
                ],
                widget=forms.RadioSelect,
                help_text=item.why,
            )

    def mapping(self) -> dict[str, str]:
        return {
            item.use.heading: self.cleaned_data[f"choice_{number}"]
            for number, item in enumerate(self.unchosen)
        }


def _require_plan_manager(request):
    allowed = is_superuser(request.user) or (
        request.user.has_perm("cspplan.add_plan") and _partnerships(request).exists()
    )
    if not allowed:
        raise PermissionDenied("Only plan managers import plans.")


def _partnerships(request):
    return Partnership.objects.managed_by(request.user)


def _store(data: bytes) -> str:
    """Keep the upload until it is confirmed: a day at most (swept on every upload and by
    ``manage.py sweep_uploads``)."""
    uploads.private_dir(UPLOAD_DIR)
    name = secrets.token_hex(16)
    uploads.keep(UPLOAD_DIR / name, data)
    return name


def _details(request):
    """The signed details of an upload, checked: (details, stored file) or a redirect."""
    try:
        details = signing.loads(
            request.POST.get("token", ""), salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE
        )
    except signing.BadSignature:
        messages.error(request, "That import has expired or is not valid; upload the file again.")
        return None, redirect("importer:upload")
    if details["user"] != request.user.pk:
        raise PermissionDenied
    if details["new_partnership"] and not is_superuser(request.user):
        raise PermissionDenied
    stored = UPLOAD_DIR / Path(details["stored"]).name
    known = details["partnership"] is None or (
        _partnerships(request).filter(pk=details["partnership"]).exists()
    )
    if not known or not stored.is_file():
        messages.error(request, "That import is no longer available; upload the file again.")
        return None, redirect("importer:upload")
    return details, stored


def _partnership_name(request, details) -> str:
    if details["new_partnership"]:
        return f"the new partnership {details['new_partnership']}"
    return str(_partnerships(request).get(pk=details["partnership"]))


def _show_preview(request, details, stored, choice_form=None):
    """Read the stored file as ``details`` say and show what would be created."""
    token = signing.dumps(details, salt=TOKEN_SALT)
    context = {
        "title": "Check the import",
        "token": token,
        "details": details,
        "partnership_name": _partnership_name(request, details),
        "period_start": datetime.date.fromisoformat(details["start"]),
        "period_end": datetime.date.fromisoformat(details["end"]),
        "problems": None,
        "summary": None,
    }
    try:
        draft = read_draft(
            details["name"],
            stored.read_bytes(),
            target_label=details["target_label"] or None,
            mapping=details["mapping"],
        )
    except PlanImportError as error:
        columns = getattr(error, "columns", None)
        if not columns:
            stored.unlink(missing_ok=True)
            return render(
                request,
                "admin/cspplan/plan/import_form.html",
                {
                    "form": PlanImportForm(user=request.user),
                    "title": "Import a plan",
                    "problems": error.problems,
                },
            )
        context["problems"] = error.problems
    else:
        partnership = (
            _partnerships(request).get(pk=details["partnership"])
            if details["partnership"] is not None
            else None
        )
        context["summary"] = preview(draft, partnership)
        columns = context["summary"].columns
        # A keep-or-ignore form sent with a column left unchosen comes back with its errors.
        context["choice_form"] = choice_form or ColumnChoiceForm(
            unchosen=context["summary"].unchosen
        )
    context["mapping_form"] = ColumnMappingForm(columns=columns)
    return render(request, "admin/cspplan/plan/import_preview.html", context)


@staff_member_required
def import_plan_upload(request):
    _require_plan_manager(request)
    form = PlanImportForm(request.POST or None, request.FILES or None, user=request.user)
    context = {"form": form, "title": "Import a plan", "problems": None}
    if request.method == "POST":
        uploads.sweep()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        partnership = form.cleaned_data["partnership"]
        try:
            stored = _store(upload.read())
        except uploads.UploadNotKept as failed:
            messages.error(request, str(failed))
            # 507 Insufficient Storage: the form is shown again, as filled in.
            return render(request, "admin/cspplan/plan/import_form.html", context, status=507)
        details = {
            "stored": stored,
            "name": upload.name,
            "user": request.user.pk,
            "partnership": partnership.pk if partnership else None,
            "new_partnership": form.cleaned_data.get("new_partnership", ""),
            "title": form.cleaned_data["title"],
            "start": form.cleaned_data["period_start"].isoformat(),
            "end": form.cleaned_data["period_end"].isoformat(),
            "target_label": form.cleaned_data["target_label"],
            "create_missing": form.cleaned_data["create_missing"],
            # How this partnership's columns were mapped before.
            "mapping": ColumnMapping.objects.for_partnership(partnership),
        }
        return _show_preview(request, details, UPLOAD_DIR / details["stored"])
    return render(request, "admin/cspplan/plan/import_form.html", context)


@staff_member_required
def import_plan_remap(request):
    """The officer changed which field a column is taken as: preview the same file again."""
    _require_plan_manager(request)
    if request.method != "POST":
        return redirect("importer:upload")
    details, stored = _details(request)
    if details is None:
        return stored
    try:
        draft = read_draft(
            details["name"], stored.read_bytes(), mapping=details["mapping"],
            target_label=details["target_label"] or None,
        )  # fmt: skip
        columns = draft.table.columns
    except PlanImportError as error:
        draft, columns = None, getattr(error, "columns", None) or []
    if "keep_or_ignore" in request.POST:
        # The keep-or-ignore form: a choice for each column that would not be kept.
        unchosen = extra_columns.unchosen(draft.table) if draft is not None else []
        form = ColumnChoiceForm(request.POST, unchosen=unchosen)
    else:
        form = ColumnMappingForm(request.POST, columns=columns)
    if form.is_valid():
        details["mapping"] = {**details["mapping"], **form.mapping()}
        if details["partnership"] is not None:
            remember(_partnerships(request).get(pk=details["partnership"]), form.mapping())
    refused = form if "keep_or_ignore" in request.POST and not form.is_valid() else None
    return _show_preview(request, details, stored, choice_form=refused)


@staff_member_required
def import_plan_confirm(request):
    _require_plan_manager(request)
    if request.method != "POST":
        return redirect("importer:upload")
    details, stored = _details(request)
    if details is None:
        return stored
    try:
        draft = read_draft(
            details["name"],
            stored.read_bytes(),
            target_label=details["target_label"] or None,
            mapping=details["mapping"],
        )
        with transaction.atomic():
            if details["new_partnership"]:
                name = details["new_partnership"]
                partnership = Partnership.objects.create(name=name, slug=slugify(name)[:50])
                partnership.members.add(request.user)
            else:
                partnership = _partnerships(request).get(pk=details["partnership"])
            plan = write_plan(
                draft=draft,
                partnership=partnership,
                title=details["title"],
                start=datetime.date.fromisoformat(details["start"]),
                end=datetime.date.fromisoformat(details["end"]),
                target_label=details["target_label"] or None,
                create_missing=details["create_missing"],
                # Ticked in the preview, one box per agency of other partnerships' plans.
                confirmed_agencies=[
                    int(pk) for pk in request.POST.getlist("confirm_agency") if pk.isdigit()
                ],
                by=request.user,
            )
            remember(partnership, {use.heading: use.field for use in draft.table.columns
                                   if use.how == "mapped"})  # fmt: skip
    except PlanImportError as error:
        stored.unlink(missing_ok=True)  # a failed import is not confirmed again: upload anew
        return render(
            request,
            "admin/cspplan/plan/import_form.html",
            {
                "form": PlanImportForm(user=request.user),
                "title": "Import a plan",
                "problems": error.problems,
            },
        )
    stored.unlink(missing_ok=True)
    messages.success(request, f"Imported “{plan}” as a draft. Check it, then publish it.")
    return redirect(reverse("admin:cspplan_plan_change", args=[plan.pk]))


__all__ = ["FIELDS", "import_plan_confirm", "import_plan_remap", "import_plan_upload"]
