"""The plan importer in the admin: upload → preview → confirm. Plan managers only.

The uploaded file is kept in a private temporary directory and the confirm step carries a
signed token naming it, so what is confirmed is exactly what was previewed: a re-upload is
never trusted and a token cannot point at another file or another user's upload.
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
from django.shortcuts import redirect, render
from django.urls import reverse

from cspplan import uploads
from cspplan.models import Partnership
from importer.services import PlanImportError, preview, read_draft, write_plan

TOKEN_SALT = "importer.upload"
TOKEN_MAX_AGE = 60 * 60  # an hour to read the preview and confirm
UPLOAD_DIR = uploads.PLAN_IMPORT_DIR


class PlanImportForm(forms.Form):
    file = forms.FileField(help_text="The delivery-plan table as .csv, .xlsx or .docx.")
    partnership = forms.ModelChoiceField(queryset=Partnership.objects.none())
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
        "know. Otherwise an unknown name stops the import.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = Partnership.objects.managed_by(user)

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
        return cleaned


def _require_plan_manager(request):
    if not (request.user.has_perm("cspplan.add_plan") and _partnerships(request).exists()):
        raise PermissionDenied("Only plan managers import plans.")


def _partnerships(request):
    return Partnership.objects.managed_by(request.user)


def _store(data: bytes) -> str:
    """Keep the upload until it is confirmed: a day at most (swept on every upload and by
    ``manage.py sweep_uploads``)."""
    uploads.private_dir(UPLOAD_DIR)
    name = secrets.token_hex(16)
    (UPLOAD_DIR / name).write_bytes(data)
    return name


@staff_member_required
def import_plan_upload(request):
    _require_plan_manager(request)
    form = PlanImportForm(request.POST or None, request.FILES or None, user=request.user)
    context = {"form": form, "title": "Import a plan", "problems": None}
    if request.method == "POST":
        uploads.sweep()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            draft = read_draft(
                upload.name, data, target_label=form.cleaned_data["target_label"] or None
            )
        except PlanImportError as error:
            context["problems"] = error.problems
        else:
            token = signing.dumps(
                {
                    "stored": _store(data),
                    "name": upload.name,
                    "user": request.user.pk,
                    "partnership": form.cleaned_data["partnership"].pk,
                    "title": form.cleaned_data["title"],
                    "start": form.cleaned_data["period_start"].isoformat(),
                    "end": form.cleaned_data["period_end"].isoformat(),
                    "target_label": form.cleaned_data["target_label"],
                    "create_missing": form.cleaned_data["create_missing"],
                },
                salt=TOKEN_SALT,
            )
            return render(
                request,
                "admin/cspplan/plan/import_preview.html",
                {
                    "title": "Check the import",
                    "summary": preview(draft),
                    "token": token,
                    "details": form.cleaned_data,
                },
            )
    return render(request, "admin/cspplan/plan/import_form.html", context)


@staff_member_required
def import_plan_confirm(request):
    _require_plan_manager(request)
    if request.method != "POST":
        return redirect("importer:upload")
    try:
        details = signing.loads(
            request.POST.get("token", ""), salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE
        )
    except signing.BadSignature:
        messages.error(request, "That import has expired or is not valid; upload the file again.")
        return redirect("importer:upload")
    if details["user"] != request.user.pk:
        raise PermissionDenied
    partnership = _partnerships(request).filter(pk=details["partnership"]).first()
    stored = UPLOAD_DIR / Path(details["stored"]).name
    if partnership is None or not stored.is_file():
        messages.error(request, "That import is no longer available; upload the file again.")
        return redirect("importer:upload")
    try:
        draft = read_draft(
            details["name"], stored.read_bytes(), target_label=details["target_label"] or None
        )
        plan = write_plan(
            draft=draft,
            partnership=partnership,
            title=details["title"],
            start=datetime.date.fromisoformat(details["start"]),
            end=datetime.date.fromisoformat(details["end"]),
            target_label=details["target_label"] or None,
            create_missing=details["create_missing"],
            by=request.user,
        )
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
