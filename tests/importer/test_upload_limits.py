"""Issue 10, finding 5: uploads could exhaust the server (a 4 MB DOCX expanding to 1 GiB, XLSX
bombs, a 100,000-row CSV), the progress import kept every upload in the temporary folder, and
its confirm step imported any file named in its hidden field. Every upload is now checked
before parsing, refused quickly with a message, and nothing is written."""

import io
import os
import re
import time
import zipfile

import pytest
import tablib
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from actions.models import ActionUpdate
from actions.resources import ActionProgressResource
from cspplan import uploads
from cspplan.models import Plan
from importer import admin_views as plan_import_views
from importer.errors import PlanImportError
from importer.reading import read_table
from tests import factories
from tests.importer.test_import_roundtrip import build_rich_plan
from tests.importer_helpers import csv_bytes, docx_bytes, table_rows, xlsx_bytes
from tests.personas import officer_of, plan_manager_of

pytestmark = pytest.mark.django_db
HEADINGS = ["Objective", "Target & Base Line", "March 2012", "Owner", "Actions", "Lead Officer",
            "Funding"]  # fmt: skip
ROW = ["Objective 1: Reduce crime", "Reduce crime", "10% fewer", "Police", "Patrols",
       "Andrew Hill", "Existing budgets"]  # fmt: skip


@pytest.fixture(autouse=True)
def temporary_dirs(monkeypatch, tmp_path):
    plans, progress = tmp_path / "plans", tmp_path / "progress"
    monkeypatch.setattr(uploads, "PLAN_IMPORT_DIR", plans)
    monkeypatch.setattr(uploads, "PROGRESS_IMPORT_DIR", progress)
    monkeypatch.setattr(uploads, "TEMPORARY_DIRS", (plans, progress))
    monkeypatch.setattr(plan_import_views, "UPLOAD_DIR", plans)
    return plans, progress


def stored(directory):
    return sorted(directory.iterdir()) if directory.is_dir() else []


def bomb(kind: str, *, size=60 * 1024 * 1024) -> bytes:
    """A real workbook or document whose main part is padded with ``size`` bytes of zeros:
    a few kilobytes that expand to tens of megabytes."""
    real = xlsx_bytes(HEADINGS, [ROW]) if kind == "xlsx" else docx_bytes([(None, HEADINGS, [ROW])])
    part = "xl/worksheets/sheet1.xml" if kind == "xlsx" else "word/document.xml"
    source = zipfile.ZipFile(io.BytesIO(real))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == part:
                data = data + b" " * size
            archive.writestr(entry.filename, data)
    return buffer.getvalue()


def big_csv(rows=100_000) -> bytes:
    lines = [",".join(HEADINGS)] + ["Objective 1: x,y,z,Police,Patrols,A Hill,None"] * rows
    return "\n".join(lines).encode()


# --- The checks themselves ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_a_zip_bomb_is_refused_from_its_directory_quickly(kind):
    data = bomb(kind)
    assert len(data) < 1024 * 1024
    started = time.monotonic()
    with pytest.raises(PlanImportError) as refused:
        read_table(f"plan.{kind}", data)
    assert time.monotonic() - started < 2
    assert "expands to" in str(refused.value) or "compressed" in str(refused.value)


def test_each_limit_of_the_archive_names_itself(settings):
    data = xlsx_bytes(HEADINGS, [ROW])
    settings.UPLOAD_MAX_ZIP_ENTRIES = 3
    with pytest.raises(uploads.UploadRefused, match="parts; the limit is 3"):
        uploads.check_upload("xlsx", data)
    settings.UPLOAD_MAX_ZIP_ENTRIES = 500
    settings.UPLOAD_MAX_ZIP_ENTRY_BYTES = 100
    with pytest.raises(uploads.UploadRefused, match="expands to .* the limit is 100"):
        uploads.check_upload("xlsx", data)
    settings.UPLOAD_MAX_ZIP_ENTRY_BYTES = 10**9
    settings.UPLOAD_MAX_ZIP_TOTAL_BYTES = 1000
    with pytest.raises(uploads.UploadRefused, match="expands to .* the limit is 1,000"):
        uploads.check_upload("xlsx", data)
    settings.UPLOAD_MAX_ZIP_TOTAL_BYTES = 10**9
    with pytest.raises(uploads.UploadRefused, match="compressed .* to 1"):
        uploads.check_upload("docx", bomb("docx", size=2 * 1024 * 1024))


def test_a_100000_row_csv_is_refused_quickly():
    data = big_csv()
    assert len(data) < 5 * 1024 * 1024  # under the size limit: the rows refuse it
    started = time.monotonic()
    with pytest.raises(PlanImportError, match="more than 5,000 rows"):
        read_table("plan.csv", data)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_too_many_rows_in_a_workbook_or_document_are_refused(settings, kind):
    settings.UPLOAD_MAX_ROWS = 20
    rows = [ROW] * 25
    data = xlsx_bytes(HEADINGS, rows) if kind == "xlsx" else docx_bytes([(None, HEADINGS, rows)])
    with pytest.raises(PlanImportError, match="more than 20 rows"):
        read_table(f"plan.{kind}", data)
    settings.UPLOAD_MAX_ROWS = 30
    assert len(read_table(f"plan.{kind}", data).rows) == 25


def test_the_row_limit_is_per_worksheet_so_a_downloaded_workbook_with_its_data_sheet_imports(
    settings,
):
    """A workbook downloaded from the site carries a hidden data sheet as long as its table:
    the limit is on a table's rows, so the two sheets are not added up (the cell limits bound
    the work of all sheets together)."""
    from openpyxl import Workbook

    settings.UPLOAD_MAX_ROWS = 30
    workbook = Workbook()
    for index, name in enumerate(["Delivery plan", "Data for re-importing"]):
        sheet = workbook.active if index == 0 else workbook.create_sheet(name)
        for number in range(25):
            sheet.append([f"row {number}", "x"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    uploads.check_upload("xlsx", buffer.getvalue())  # 2 × 25 rows, each sheet under 30
    settings.UPLOAD_MAX_ROWS = 20
    with pytest.raises(uploads.UploadRefused, match="more than 20 rows"):
        uploads.check_upload("xlsx", buffer.getvalue())


def test_the_row_count_sees_rows_split_across_chunks():
    body = b"<sheetData>" + b"<row r='1'><c/></row>" * 10_000 + b"</sheetData>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", body)
    archive = zipfile.ZipFile(buffer)
    entry = archive.infolist()[0]
    count = uploads._count_in_entry(archive, entry, uploads.ROW_ELEMENTS["xlsx"][1], limit=10**6)
    assert count == 10_000


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.docx", b"PK\x03\x04 not really a zip", "not a valid Word (.docx) document"),
        ("plan.xlsx", b"PK\x03\x04 not really a zip", "not a valid Excel (.xlsx) workbook"),
        ("plan.docx", None, "not a valid Word (.docx) document"),
        ("plan.xlsx", None, "not a valid Excel (.xlsx) workbook"),
    ],
)
def test_a_malformed_document_or_workbook_is_a_clear_error(name, data, message):
    if data is None:  # a zip with the right names and broken XML inside
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types><broken")
            archive.writestr("word/document.xml", "<w:document>")
            archive.writestr("xl/workbook.xml", "<workbook>")
        data = buffer.getvalue()
    with pytest.raises(PlanImportError, match=re.escape(message)):
        read_table(name, data)


# --- The plan importer: admin and command ---------------------------------------------------


def upload_plan(client, source, data, name):
    return client.post(
        reverse("importer:upload"),
        {
            "file": SimpleUploadedFile(name, data),
            "partnership": source.partnership.pk,
            "title": "Partnership Plan 2012 to 2013",
            "period_start": "2012-04-01",
            "period_end": "2013-03-31",
            "target_label": "",
        },
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.docx", lambda: bomb("docx"), "expands to"),
        ("plan.xlsx", lambda: bomb("xlsx"), "expands to"),
        ("plan.csv", big_csv, "more than 5,000 rows"),
        ("plan.docx", lambda: b"PK\x03\x04garbage", "not a valid Word (.docx) document"),
    ],
)
def test_the_admin_plan_import_refuses_abusive_files_and_writes_nothing(
    client, temporary_dirs, name, data, message
):
    source = build_rich_plan()
    client.force_login(plan_manager_of(source.partnership))
    plans = Plan.objects.count()
    response = upload_plan(client, source, data(), name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Plan.objects.count() == plans
    assert stored(temporary_dirs[0]) == []


def test_a_failed_confirmation_removes_the_stored_upload(client, temporary_dirs, monkeypatch):
    source = build_rich_plan()
    client.force_login(plan_manager_of(source.partnership))
    preview = upload_plan(client, source, csv_bytes(*table_rows(source)), "plan.csv")
    assert len(stored(temporary_dirs[0])) == 1

    def fail(**kwargs):
        raise PlanImportError.single("a name became ambiguous meanwhile")

    monkeypatch.setattr(plan_import_views, "write_plan", fail)
    response = client.post(reverse("importer:confirm"), {"token": preview.context["token"]})
    assert "a name became ambiguous meanwhile" in response.content.decode()
    assert stored(temporary_dirs[0]) == []


def test_the_import_command_refuses_a_bomb_and_an_oversized_file(tmp_path, settings):
    partnership = factories.PartnershipFactory()
    path = tmp_path / "plan.docx"
    path.write_bytes(bomb("docx"))
    arguments = ["--partnership", partnership.slug, "--title", "T", "--start", "2012-04-01",
                 "--end", "2013-03-31"]  # fmt: skip
    with pytest.raises(CommandError, match="expands to"):
        call_command("import_plan", str(path), *arguments)
    settings.PLAN_IMPORT_MAX_BYTES = 100
    with pytest.raises(CommandError, match="the limit is 100 bytes"):
        call_command("import_plan", str(path), *arguments)
    assert not Plan.objects.filter(title="T").exists()


# --- The bulk progress import (django-import-export) ----------------------------------------


@pytest.fixture
def world():
    police = factories.OrganisationFactory(name="Police")
    action = factories.ActionFactory(text="Police patrols", owners=[police])
    action.target.owners.set([police])
    return {
        "officer": officer_of(police),
        "other": officer_of(police, username="colleague", name="Sam Colleague"),
        "action": action,
    }


def progress_sheet(world, note="Finished in July."):
    dataset = tablib.Dataset(headers=["Action ID", "Status", "Progress note"])
    dataset.append([world["action"].pk, "Completed", note])
    return dataset.export("xlsx")


def upload_progress(client, data, name="progress.xlsx", format_index="0"):
    return client.post(
        reverse("admin:actions_action_import"),
        {
            "import_file": SimpleUploadedFile(name, data),
            "format": format_index,
            "resource": "0",
        },
    )


@pytest.mark.parametrize(
    ("data", "format_index", "message"),
    [
        (lambda: bomb("xlsx"), "0", "expands to"),
        (lambda: b"Action ID,Status\n" + b"1,Completed\n" * 100_000, "1", "more than 5,000 rows"),
        (lambda: b"x" * (5 * 1024 * 1024 + 1), "1", "the limit is 5,242,880 bytes"),
    ],
)
def test_the_progress_import_refuses_abusive_files_before_parsing(
    client, world, temporary_dirs, data, format_index, message
):
    client.force_login(world["officer"])
    started = time.monotonic()
    response = upload_progress(client, data(), format_index=format_index)
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not response.context.get("confirm_form")
    assert stored(temporary_dirs[1]) == []
    assert not ActionUpdate.objects.exists()


def test_the_confirmed_upload_is_removed(client, world, temporary_dirs):
    client.force_login(world["officer"])
    preview = upload_progress(client, progress_sheet(world))
    assert len(stored(temporary_dirs[1])) == 1
    response = client.post(
        reverse("admin:actions_action_process_import"), preview.context["confirm_form"].initial
    )
    assert response.status_code == 302
    assert ActionUpdate.objects.get().note == "Finished in July."
    assert stored(temporary_dirs[1]) == []


def test_an_upload_whose_preview_has_errors_is_removed_at_once(client, world, temporary_dirs):
    client.force_login(world["officer"])
    dataset = tablib.Dataset(headers=["Action ID", "Status", "Progress note"])
    dataset.append([world["action"].pk, "Nearly there", "Hmm"])
    response = upload_progress(client, dataset.export("xlsx"))
    assert "is not a status" in response.content.decode()
    assert stored(temporary_dirs[1]) == []


def test_another_users_upload_cannot_be_confirmed(client, world, temporary_dirs):
    client.force_login(world["officer"])
    confirm = upload_progress(client, progress_sheet(world)).context["confirm_form"].initial
    client.force_login(world["other"])
    response = client.post(reverse("admin:actions_action_process_import"), confirm, follow=True)
    assert "upload the file again" in response.content.decode()
    assert not ActionUpdate.objects.exists()


@pytest.mark.parametrize(
    "name", ["/etc/passwd", "../../etc/passwd", "0123456789abcdef0123456789abcdef", "passwd"]
)
def test_the_confirm_step_refuses_any_other_file(client, world, temporary_dirs, tmp_path, name):
    # A file that would import cleanly, planted where the library's own storage would look.
    (tmp_path / "planted").write_bytes(progress_sheet(world))
    (temporary_dirs[1]).mkdir(parents=True, exist_ok=True)
    (temporary_dirs[1] / "0123456789abcdef0123456789abcdef").write_bytes(progress_sheet(world))
    client.force_login(world["officer"])
    response = client.post(
        reverse("admin:actions_action_process_import"),
        {"import_file_name": name, "original_file_name": "x.xlsx", "format": "0", "resource": "0"},
        follow=True,
    )
    assert response.status_code == 200
    assert "upload the file again" in response.content.decode()
    assert not ActionUpdate.objects.exists()


def test_the_storage_refuses_names_that_are_not_its_tokens():
    for name in ["/etc/passwd", "../x", "x" * 32, ""]:
        with pytest.raises(SuspiciousFileOperation):
            uploads.ProgressUploadStorage(name=name, read_mode="rb")
    storage = uploads.ProgressUploadStorage(read_mode="rb")
    storage.save(b"data")
    assert uploads.ProgressUploadStorage(name=storage.name, read_mode="rb").read() == b"data"
    storage.remove()


def test_uploads_older_than_a_day_are_swept_by_the_command_and_by_each_upload(
    client, world, temporary_dirs
):
    plans, progress = temporary_dirs
    for directory in temporary_dirs:
        directory.mkdir(parents=True, exist_ok=True)
        old, new = directory / "old", directory / "new"
        old.write_bytes(b"x")
        new.write_bytes(b"x")
        two_days_ago = time.time() - 2 * 24 * 60 * 60
        os.utime(old, (two_days_ago, two_days_ago))
    out = io.StringIO()
    call_command("sweep_uploads", stdout=out)
    assert "Removed 2 temporary uploads." in out.getvalue()
    assert [path.name for path in stored(plans)] == ["new"]
    assert [path.name for path in stored(progress)] == ["new"]

    stale = progress / "stale"
    stale.write_bytes(b"x")
    os.utime(stale, (time.time() - 2 * 24 * 60 * 60,) * 2)
    client.force_login(world["officer"])
    upload_progress(client, progress_sheet(world))
    assert not stale.exists()


def test_columns_an_officer_may_not_set_are_ignored_by_the_progress_import(world):
    dataset = tablib.Dataset(
        headers=[
            "Action ID",
            "Status",
            "Progress note",
            "Author name",
            "Approval",
            "Decision note",
            "author_name",
            "approval",
            "decision_note",
        ]  # fmt: skip
    )
    dataset.append([world["action"].pk, "At risk", "Delayed.", "Chief Constable", "approved",
                    "Approved by me", "Chief Constable", "approved", "ok"])  # fmt: skip
    result = ActionProgressResource(user=world["officer"]).import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    update = ActionUpdate.objects.get()
    assert update.author_name == "Pat Officer"
    assert update.approval == "submitted"
    assert update.decision_note == ""
