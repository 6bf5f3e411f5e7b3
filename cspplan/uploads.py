"""Limits on uploaded files, checked before any parser reads them, and the temporary files that
hold an upload between its preview and its confirmation.

Officers upload delivery plans (the plan importer: CSV, XLSX, DOCX) and progress sheets (the
bulk progress import of the action and measure admins: XLSX, CSV). A hostile or broken file must
be refused quickly with a sentence saying why, and nothing written:

- its size (``CSPPLAN_IMPORT_MAX_BYTES``, 5 MiB by default);
- for XLSX and DOCX, which are zip archives, what the archive *declares* before anything is
  decompressed: the number of entries, each entry's uncompressed size, their total and each
  entry's compression ratio. Python's ``zipfile`` (which openpyxl and python-docx use) never
  decompresses more than an entry declares, so a "zip bomb" is refused by reading its
  directory alone;
- the number of rows: counted by streaming the CSV, or the rows of the XLSX worksheets and of
  the DOCX tables (``<row>``, ``<w:tr>``) through a bounded decompression, before a parser builds
  anything in memory.

Temporary files live in private folders under the system's temporary directory, are named by a
random token, are tied to their uploader (a signed token), are removed after confirmation or
failure, and anything older than a day is swept: on every upload, and by
``manage.py sweep_uploads`` (run it daily from cron).
"""

import csv
import io
import os
import re
import secrets
import tempfile
import time
import zipfile
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.exceptions import SuspiciousFileOperation
from import_export.tmp_storages import BaseStorage

MAX_AGE_SECONDS = 24 * 60 * 60
PLAN_IMPORT_DIR = Path(tempfile.gettempdir()) / "cspplan-plan-imports"
PROGRESS_IMPORT_DIR = Path(tempfile.gettempdir()) / "cspplan-progress-imports"
TEMPORARY_DIRS = (PLAN_IMPORT_DIR, PROGRESS_IMPORT_DIR)

# Entries smaller than this are not held to the compression ratio: tiny XML parts of a real
# workbook (styles, an empty sheet) compress far better than 100 to 1.
RATIO_FLOOR_BYTES = 1024 * 1024
# The rows of a worksheet and of a Word table, in the XML of the archive.
ROW_ELEMENTS = {
    "xlsx": (re.compile(r"^xl/worksheets/[^/]+\.xml$"), re.compile(rb"<(?:\w+:)?row[\s>/]")),
    "docx": (re.compile(r"^word/document\.xml$"), re.compile(rb"<(?:\w+:)?tr[\s>/]")),
}
KIND_NAMES = {
    "csv": "CSV file",
    "xlsx": "Excel (.xlsx) workbook",
    "docx": "Word (.docx) document",
}
_CHUNK = 64 * 1024
_TAIL = 32  # longer than any row element's opening


class UploadRefused(Exception):
    """The upload is refused before parsing; the message says why, for the uploader."""


class UploadNotKept(Exception):
    """The server could not store an upload between its preview and its confirmation (its
    disk full, say). Nothing was imported; the message says so, for the uploader."""


def keep(path: Path, data: bytes) -> None:
    """Write an upload to ``path``; on failure remove what was written and raise
    UploadNotKept, so a full disk is a message on the form, not a crash or half a file."""
    try:
        path.write_bytes(data)
    except OSError as error:
        path.unlink(missing_ok=True)
        reason = os.strerror(error.errno) if error.errno else "it could not be written"
        raise UploadNotKept(
            f"The server could not store the file ({reason}). Nothing was imported: try "
            "again later, or tell the site's administrator."
        ) from error


def max_bytes() -> int:
    return settings.PLAN_IMPORT_MAX_BYTES


def kind_of(name: str) -> str:
    """'csv', 'xlsx', 'docx' from a file name, or ''."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return suffix if suffix in KIND_NAMES else ""


def check_size(size: int) -> None:
    limit = max_bytes()
    if size > limit:
        raise UploadRefused(f"the file is {size:,} bytes; the limit is {limit:,} bytes")


def check_upload(kind: str, data: bytes) -> None:
    """Refuse ``data`` (a file of ``kind``: csv, xlsx or docx) if it is too big, expands too
    much or has too many rows. Reads no more than the limits allow."""
    check_size(len(data))
    if kind == "csv":
        _check_rows(_count_csv_rows(data, limit=settings.UPLOAD_MAX_ROWS))
    elif kind in ROW_ELEMENTS:
        _check_rows(_check_zip(kind, data))


def _check_rows(rows: int) -> None:
    limit = settings.UPLOAD_MAX_ROWS
    if rows > limit:
        raise UploadRefused(f"the file has more than {limit:,} rows; the limit is {limit:,}")


def _count_csv_rows(data: bytes, *, limit: int) -> int:
    """Rows of a CSV file, counting no further than ``limit + 1``. A file that is not CSV at
    all is left to the parser, which says what is wrong with it."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    count = 0
    try:
        for _ in csv.reader(io.StringIO(text, newline="")):
            count += 1
            if count > limit:
                break
    except csv.Error:
        pass
    return count


def _check_zip(kind: str, data: bytes) -> int:
    """Check the archive's directory against the limits; return the number of rows."""
    label = KIND_NAMES[kind]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise UploadRefused(f"the file is not a valid {label}") from None
    if len(entries) > settings.UPLOAD_MAX_ZIP_ENTRIES:
        raise UploadRefused(
            f"the {label} holds {len(entries):,} parts; the limit is "
            f"{settings.UPLOAD_MAX_ZIP_ENTRIES:,}"
        )
    total = 0
    for entry in entries:
        if entry.file_size > settings.UPLOAD_MAX_ZIP_ENTRY_BYTES:
            raise UploadRefused(
                f"the {label}'s part “{entry.filename[:80]}” expands to {entry.file_size:,} "
                f"bytes; the limit is {settings.UPLOAD_MAX_ZIP_ENTRY_BYTES:,}"
            )
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_FLOOR_BYTES and ratio > settings.UPLOAD_MAX_ZIP_RATIO:
            raise UploadRefused(
                f"the {label}'s part “{entry.filename[:80]}” is compressed {ratio:,.0f} to 1; "
                f"the limit is {settings.UPLOAD_MAX_ZIP_RATIO:,} to 1 (is it a zip bomb?)"
            )
        total += entry.file_size
    if total > settings.UPLOAD_MAX_ZIP_TOTAL_BYTES:
        raise UploadRefused(
            f"the {label} expands to {total:,} bytes; the limit is "
            f"{settings.UPLOAD_MAX_ZIP_TOTAL_BYTES:,}"
        )
    names, row = ROW_ELEMENTS[kind]
    limit = settings.UPLOAD_MAX_ROWS
    rows = 0
    try:
        for entry in entries:
            if names.match(entry.filename):
                rows += _count_in_entry(archive, entry, row, limit=limit - rows)
                if rows > limit:
                    break
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise UploadRefused(f"the file is not a valid {label}") from None
    return rows


def _count_in_entry(archive, entry, pattern, *, limit) -> int:
    """Occurrences of ``pattern`` in one entry, decompressed a chunk at a time; stops once
    there are more than ``limit``."""
    count, tail = 0, b""
    with archive.open(entry) as stream:
        while chunk := stream.read(_CHUNK):
            buffer = tail + chunk
            # A match lying wholly in the tail was counted with the previous chunk.
            count += sum(1 for m in pattern.finditer(buffer) if m.end() > len(tail))
            if count > limit:
                break
            tail = buffer[-_TAIL:]
    return count


# --- Temporary files -------------------------------------------------------------------------


def sweep(*, now: float | None = None, max_age: int = MAX_AGE_SECONDS) -> int:
    """Remove temporary uploads older than ``max_age`` seconds; return how many went."""
    now = time.time() if now is None else now
    removed = 0
    for directory in TEMPORARY_DIRS:
        if not directory.is_dir():
            continue
        for path in directory.iterdir():
            try:
                if path.is_file() and now - path.stat().st_mtime > max_age:
                    path.unlink(missing_ok=True)
                    removed += 1
            except OSError:
                continue  # removed meanwhile by another worker
    return removed


def private_dir(directory: Path) -> Path:
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


TOKEN_NAME = re.compile(r"^[0-9a-f]{32}$")
PROGRESS_SALT = "cspplan.uploads.progress-import"


class ProgressUploadStorage(BaseStorage):
    """django-import-export's temporary file for the bulk progress import
    (``IMPORT_EXPORT_TMP_STORAGE_CLASS``).

    The library's own ``TempFolderStorage`` opens whatever name the confirm form posts, joined
    to the temporary folder. This one keeps files in a private folder, names them with a random
    token, and refuses any other name, so a posted name can never reach another file. The admin
    (``actions.admin.ProgressImportExportMixin``) also signs the name with the uploader's id."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self.name is not None and not TOKEN_NAME.match(str(self.name)):
            raise SuspiciousFileOperation("Not a temporary upload of the progress import.")

    @property
    def path(self) -> Path:
        return PROGRESS_IMPORT_DIR / self.name

    def save(self, data):
        if self.name is None:
            self.name = secrets.token_hex(16)
        if isinstance(data, str):
            data = data.encode(self.encoding or "utf-8")
        private_dir(PROGRESS_IMPORT_DIR)
        keep(self.path, data)

    def read(self):
        if "b" in self.read_mode:
            return self.path.read_bytes()
        return self.path.read_text(encoding=self.encoding or "utf-8")

    def remove(self):
        self.path.unlink(missing_ok=True)


def sign_progress_upload(name: str, *, user) -> str:
    """The confirm form's hidden file name: the token, signed for this user."""
    return signing.dumps({"name": name, "user": user.pk}, salt=PROGRESS_SALT)


def progress_upload_name(signed: str, *, user) -> str | None:
    """The token behind a confirm form's file name, if it was made for this user within the
    day and still names a temporary upload; None otherwise."""
    try:
        value = signing.loads(signed, salt=PROGRESS_SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict):
        return None
    name = value.get("name", "")
    if value.get("user") != user.pk or not TOKEN_NAME.match(str(name)):
        return None
    return name if (PROGRESS_IMPORT_DIR / name).is_file() else None
