"""Each test process (each pytest-xdist worker) keeps its files to itself: two workers that shared
the folder of uploads waiting for their import would see each other's files and fail by the order
they happened to run in."""

import os
import tempfile
from pathlib import Path

from django.conf import settings

from cspplan import uploads


def test_temporary_files_go_to_a_folder_of_this_test_process_own():
    folder = Path(settings.TEST_PROCESS_TMP)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    assert folder.name.startswith(f"cspplan-tests-{worker}-")
    assert Path(tempfile.gettempdir()) == folder
    # The programs the tests start (LibreOffice, gunicorn, Chromium) are told it too.
    assert os.environ["TMPDIR"] == str(folder)


def test_uploads_waiting_for_import_and_rendered_documents_stay_in_it():
    folder = Path(settings.TEST_PROCESS_TMP)
    for kept in (uploads.PLAN_IMPORT_DIR, uploads.PROGRESS_IMPORT_DIR, settings.DOCUMENTS_ROOT):
        assert Path(kept).is_relative_to(folder), kept
