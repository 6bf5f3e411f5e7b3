"""police.uk counts in the admin: upload the street files → preview the counts per month →
confirm. The same reading and writing as ``manage.py import_police_uk`` (importer/police_uk.py).

Plan managers only, and only into measures of the partnerships they manage. As with the plan
importer (importer/admin_views.py), the uploaded files wait in a private temporary folder and
the confirm step carries a signed token naming them, the measure and the choices, tied to the
uploader: what is confirmed is exactly what was previewed, and the measure is checked against
the user's partnerships again when it is written.
"""

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
from cspplan.models import is_superuser
from importer import police_uk
from objectives.models import Measure

TOKEN_SALT = "importer.police_uk"
TOKEN_MAX_AGE = 60 * 60
UPLOAD_DIR = uploads.PLAN_IMPORT_DIR  # swept with the plan imports' files
MAX_FILES = 60  # five years of months, one force


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


def _measures(user):
    """Counts that take monthly figures (per month, per year or year to date:
    ``police_uk.takes_months``) of the plans the user manages, with their plan for the label."""
    return (
        Measure.objects.managed_by(user)
        .filter(unit=Measure.Unit.COUNT, figures_period__in=police_uk.MONTHLY_KINDS)
        .select_related("target__objective__plan__partnership")
        .order_by("target__objective__plan__title", "target__objective__number", "name")
    )


class MeasureChoice(forms.ModelChoiceField):
    def label_from_instance(self, measure):
        plan = measure.target.objective.plan
        return (
            f"{plan}: {measure.target.objective.reference}, {measure.name} "
            f"({measure.get_figures_period_display().lower()})"
        )


class PoliceUkForm(forms.Form):
    files = MultipleFileField(
        help_text="One or more police.uk street files, e.g. 2011-05-lancashire-street.csv "
        "(choose several at once: one per month)."
    )
    measure = MeasureChoice(
        queryset=Measure.objects.none(),
        help_text="The measure the monthly counts are recorded against: counts of the plans "
        "you manage, measured per month, per year or year to date (each month then counts "
        "towards its year to date).",
    )
    crime_type = forms.ChoiceField(
        choices=[(c, c) for c in (*police_uk.CATEGORIES, *police_uk.OLDER_CATEGORIES)],
        help_text="As police.uk names it. An older name counts today's types it became.",
    )
    lsoa_prefix = forms.CharField(
        max_length=100,
        required=False,
        label="LSOA names starting with",
        help_text="Count only your district, e.g. West Lancashire. Leave empty for the whole file.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = _measures(user)

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Choose at most {MAX_FILES} files at a time.")
        limit = settings.POLICE_UK_MAX_BYTES
        for upload in files:
            if upload.size > limit:
                raise forms.ValidationError(
                    f"{upload.name} is {upload.size:,} bytes; the limit is {limit:,} bytes."
                )
        return files


def _require_plan_manager(request):
    if not (is_superuser(request.user) or request.user.has_perm("cspplan.add_plan")):
        raise PermissionDenied("Only plan managers import police.uk counts.")


def _store(upload) -> str:
    uploads.private_dir(UPLOAD_DIR)
    name = secrets.token_hex(16)
    with open(UPLOAD_DIR / name, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return name


def _files(details):
    """(original name, stored path) of each stored upload, or None if one has gone."""
    files = [(original, UPLOAD_DIR / Path(stored).name) for stored, original in
             details["stored"]]  # fmt: skip
    return files if all(path.is_file() for _, path in files) else None


def _discard(details):
    for stored, _ in details["stored"]:
        (UPLOAD_DIR / Path(stored).name).unlink(missing_ok=True)


def _form_page(request, form, problems=None):
    context = {"form": form, "title": "Import police.uk counts", "problems": problems}
    return render(request, "admin/objectives/measurement/police_uk_form.html", context)


@staff_member_required
def upload(request):
    _require_plan_manager(request)
    form = PoliceUkForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, form)
    uploads.sweep()
    measure = form.cleaned_data["measure"]
    details = {
        "stored": [(_store(f), f.name) for f in form.cleaned_data["files"]],
        "measure": measure.pk,
        "crime_type": form.cleaned_data["crime_type"],
        "lsoa_prefix": form.cleaned_data["lsoa_prefix"].strip(),
        "user": request.user.pk,
    }
    try:
        counts = police_uk.read_counts(
            _files(details), crime_type=details["crime_type"], lsoa_prefix=details["lsoa_prefix"]
        )
    except police_uk.PoliceUkError as error:
        _discard(details)
        return _form_page(request, PoliceUkForm(user=request.user), error.problems)
    context = {
        "title": "Check the police.uk counts",
        "measure": measure,
        "details": details,
        "months": police_uk.plan_months(measure, counts),
        "token": signing.dumps(details, salt=TOKEN_SALT),
    }
    return render(request, "admin/objectives/measurement/police_uk_preview.html", context)


@staff_member_required
def confirm(request):
    _require_plan_manager(request)
    if request.method != "POST":
        return redirect("police_uk:upload")
    try:
        details = signing.loads(
            request.POST.get("token", ""), salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE
        )
    except signing.BadSignature:
        messages.error(request, "That import has expired or is not valid; upload the files again.")
        return redirect("police_uk:upload")
    if details["user"] != request.user.pk:
        raise PermissionDenied
    measure = _measures(request.user).filter(pk=details["measure"]).first()
    files = _files(details)
    if measure is None or files is None:
        messages.error(request, "That import is no longer available; upload the files again.")
        return redirect("police_uk:upload")
    try:
        counts = police_uk.read_counts(
            files, crime_type=details["crime_type"], lsoa_prefix=details["lsoa_prefix"]
        )
        plans = police_uk.write_counts(
            measure=measure, counts=counts, by=request.user, crime_type=details["crime_type"],
            lsoa_prefix=details["lsoa_prefix"],
        )  # fmt: skip
    except police_uk.PoliceUkError as error:
        _discard(details)
        return _form_page(request, PoliceUkForm(user=request.user), error.problems)
    _discard(details)
    messages.success(request, f"{measure}: {police_uk.summary(plans)}.")
    return redirect(reverse("admin:objectives_measurement_changelist"))
