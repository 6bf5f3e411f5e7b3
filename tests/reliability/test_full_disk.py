"""A full disk while an upload is stored (ENOSPC): a clear message on the form, nothing
imported, no half-written file left behind; never a 500."""

import errno
import io
from pathlib import Path

import pytest
from django.urls import reverse

from actions.models import ActionUpdate
from actions.resources import ActionProgressResource
from cspplan import uploads
from cspplan.models import Plan
from importer.admin_views import UPLOAD_DIR
from tests import factories
from tests.importer.test_import_admin import upload
from tests.importer.test_import_roundtrip import build_rich_plan
from tests.importer_helpers import csv_bytes, table_rows
from tests.personas import officer_of, plan_manager_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_disk(monkeypatch):
    """Writing to the upload folders gets half way, then the disk is full."""
    real = Path.write_bytes

    def half_then_full(path, data):
        if path.parent in uploads.TEMPORARY_DIRS:
            real(path, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(Path, "write_bytes", half_then_full)


def files_in(directory):
    return set(directory.iterdir()) if directory.is_dir() else set()


def test_a_plan_upload_on_a_full_disk_is_a_message_and_leaves_nothing(client, full_disk):
    source = build_rich_plan()
    client.force_login(plan_manager_of(source.partnership))
    before = files_in(UPLOAD_DIR)

    response = upload(client, source, csv_bytes(*table_rows(source)))

    assert response.status_code == 507
    text = response.content.decode()
    assert "The server could not store the file (No space left on device)" in text
    assert "Nothing was imported" in text
    assert 'value="Partnership Plan 2012 to 2013"' in text  # the form kept as filled in
    assert files_in(UPLOAD_DIR) == before
    assert not Plan.objects.filter(title="Partnership Plan 2012 to 2013").exists()


def test_a_progress_upload_on_a_full_disk_is_a_message_and_leaves_nothing(client, full_disk):
    police = factories.OrganisationFactory(name="Invented Constabulary")
    target = factories.TargetFactory()
    target.owners.set([police])
    factories.ActionFactory(target=target, text="Invented patrols", owners=[police])
    officer = officer_of(police, name="Ivy Invented")
    dataset = ActionProgressResource(user=officer).export()
    row = list(dataset[0])
    row[5], row[6] = "Completed", "Finished in July."
    dataset[0] = row
    sheet = io.BytesIO(dataset.export("xlsx"))
    sheet.name = "my-actions.xlsx"
    client.force_login(officer)
    before = files_in(uploads.PROGRESS_IMPORT_DIR)

    response = client.post(
        reverse("admin:actions_action_import"),
        {"import_file": sheet, "format": "0", "resource": "0"},
        follow=True,
    )

    assert response.status_code == 200
    assert "could not store the file (No space left on device)" in response.content.decode()
    assert files_in(uploads.PROGRESS_IMPORT_DIR) == before
    assert not ActionUpdate.objects.exists()
