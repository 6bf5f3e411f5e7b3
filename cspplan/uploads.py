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
- the number of rows: counted by streaming the CSV, or the rows of the largest XLSX worksheet and of
  the DOCX tables (``<row>``, ``<w:tr>``) through a bounded decompression, before a parser builds
  anything in memory;
- the work parsing would cause, which is cells, not bytes (a 4 MB workbook of 1.6 million small
  cells took a worker to 1.3 GB): the cells of each part (a worksheet's ``<c>``, the shared
  strings' ``<si>``, a Word table's ``<w:tc>`` counted as wide as its ``gridSpan``, a CSV's
  fields) and of the whole file, and the widest row (a cell's column letters, a CSV's fields),
  counted by the same streaming (``CSPPLAN_IMPORT_MAX_PART_CELLS``, ``…_MAX_CELLS``,
  ``…_MAX_COLUMNS``);
- the time reading takes: a reader runs inside ``time_budget()`` and calls ``within_budget()``
  as it goes (every row), so a file that is slow to read for any other reason is refused after
  ``CSPPLAN_IMPORT_MAX_SECONDS`` instead of holding a worker until its timeout.

Temporary files live in private folders under the system's temporary directory, are named by a
random token, are tied to their uploader (a signed token), are removed after confirmation or
failure, and anything older than a day is swept: on every upload, and by
``manage.py sweep_uploads`` (run it daily from cron).
"""

import contextlib
import contextvars
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
# The cells of a part: (the parts, a cell's opening, a wider cell's extra width) per kind. A Word
# cell spanning several grid columns is read as that many cells (python-docx's ``row.cells``).
CELL_ELEMENTS = {
    "xlsx": (
        re.compile(r"^xl/(?:worksheets/[^/]+|sharedStrings)\.xml$"),
        re.compile(rb"<(?:\w+:)?(?:c|si)[\s>/]"),
        None,
    ),
    "docx": (
        re.compile(r"^word/document\.xml$"),
        re.compile(rb"<(?:\w+:)?tc[\s>/]"),
        re.compile(rb"<(?:\w+:)?gridSpan\s[^>]{0,80}?val=\"([0-9]{1,7})\""),
    ),
}
# A worksheet cell's reference (column letters, row number): how far right its row reaches.
CELL_REFERENCE = re.compile(rb"<(?:\w+:)?c\s[^>]{0,200}?\br=\"([A-Z]{1,3})([0-9]{1,7})\"")
KIND_NAMES = {
    "csv": "CSV file",
    "xlsx": "Excel (.xlsx) workbook",
    "docx": "Word (.docx) document",
}
_CHUNK = 64 * 1024
_TAIL = 256  # longer than any row or cell element's opening up to what is matched in it


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
        _check_csv_cells(data)
    elif kind in ROW_ELEMENTS:
        _check_rows(_check_zip(kind, data))
        _check_cells(kind, data)


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


def _refuse_cells(label: str, part: str, cells: int) -> None:
    part_limit = settings.UPLOAD_MAX_PART_CELLS
    if cells > part_limit:
        # Counting stops a little past the larger limit: then the count is a lower bound.
        found = f"{cells:,}" if cells <= _counted_up_to() else f"more than {_counted_up_to():,}"
        raise UploadRefused(
            f"the {label}{part} holds {found} cells; the limit is {part_limit:,} cells in one "
            "part (a sheet, a document): the work of reading a file is its cells"
        )


def _counted_up_to() -> int:
    """How far cells are counted before the counting stops."""
    return max(settings.UPLOAD_MAX_CELLS, settings.UPLOAD_MAX_PART_CELLS)


def _refuse_width(label: str, where: str, columns: int) -> None:
    limit = settings.UPLOAD_MAX_COLUMNS
    if columns > limit:
        raise UploadRefused(
            f"{where} of the {label} is {columns:,} columns wide; the limit is {limit:,} columns"
        )


def _refuse_total(label: str, cells: int) -> None:
    limit = settings.UPLOAD_MAX_CELLS
    if cells > limit:
        raise UploadRefused(
            f"the {label} holds {cells:,} cells in all; the limit is {limit:,} cells in a file"
        )


def _check_csv_cells(data: bytes) -> None:
    """The fields of a CSV file, and its widest row, read with each separator the importer
    accepts (comma, tab, semicolon: the most any of them finds counts)."""
    label = KIND_NAMES["csv"]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # UTF-16 shows itself by its zero bytes; otherwise the importer reads Windows-1252.
        encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else None
        if encoding is None and data[:4000].count(0) * 3 >= len(data[:4000]):
            encoding = "utf-16-le" if data[1:4000:2].count(0) > data[0:4000:2].count(0) else None
            encoding = encoding or "utf-16-be"
        text = data.decode(encoding or "cp1252", errors="replace")
    for delimiter in (",", "\t", ";"):
        cells = 0
        try:
            for number, row in enumerate(
                csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1
            ):
                _refuse_width(label, f"row {number}", len(row))
                cells += len(row)
                if cells > _counted_up_to():
                    break
        except csv.Error:
            pass  # not CSV at all: left to the parser, which says what is wrong with it
        _refuse_cells(label, "", cells)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _check_cells(kind: str, data: bytes) -> None:
    """The cells of each part and of the whole file, and the widest worksheet row, counted
    while each part is decompressed a chunk at a time (the directory was checked first)."""
    label = KIND_NAMES[kind]
    names, cell, span = CELL_ELEMENTS[kind]
    archive = zipfile.ZipFile(io.BytesIO(data))
    total = 0
    try:
        for entry in archive.infolist():
            if not names.match(entry.filename):
                continue
            cells, widest = _cells_in_entry(archive, entry, cell, span, reach=kind == "xlsx")
            if widest is not None:
                row, columns = widest
                _refuse_width(label, f"row {row:,} of the part “{entry.filename[:80]}”", columns)
            _refuse_cells(label, f"'s part “{entry.filename[:80]}”", cells)
            total += cells
            _refuse_total(label, total)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise UploadRefused(f"the file is not a valid {label}") from None


def _cells_in_entry(archive, entry, cell, span, *, reach) -> tuple[int, tuple | None]:
    """(cells, (row, columns) of the cell reaching furthest right, or None) of one entry,
    decompressed a chunk at a time; the counting stops once past the file's limit."""
    count, tail, widest = 0, b"", None
    stop = _counted_up_to()
    with archive.open(entry) as stream:
        while chunk := stream.read(_CHUNK):
            buffer = tail + chunk
            # A match lying wholly in the tail was counted with the previous chunk.
            count += sum(1 for m in cell.finditer(buffer) if m.end() > len(tail))
            if span is not None:
                count += sum(
                    max(int(m.group(1)) - 1, 0)
                    for m in span.finditer(buffer)
                    if m.end() > len(tail)
                )
            if reach:
                for m in CELL_REFERENCE.finditer(buffer):
                    columns = _column_number(m.group(1))
                    if widest is None or columns > widest[1]:
                        widest = (int(m.group(2)), columns)
                if widest is not None and widest[1] > settings.UPLOAD_MAX_COLUMNS:
                    break
            if count > stop:
                break
            tail = buffer[-_TAIL:]
    return count, widest


# --- The time reading may take ---------------------------------------------------------------

_DEADLINE: contextvars.ContextVar[tuple[float, int] | None] = contextvars.ContextVar(
    "upload_deadline", default=None
)


@contextlib.contextmanager
def time_budget(seconds: int | None = None):
    """Reading an upload inside this block may take ``seconds`` (``CSPPLAN_IMPORT_MAX_SECONDS``);
    past them ``within_budget()`` refuses the file. A reader calls it as it goes (each row):
    the worker is back in seconds, whatever the file does to the parser."""
    seconds = settings.UPLOAD_MAX_SECONDS if seconds is None else seconds
    token = _DEADLINE.set((time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def within_budget() -> None:
    """Raise UploadRefused once the time budget of the enclosing ``time_budget()`` is spent."""
    budget = _DEADLINE.get()
    if budget is not None and time.monotonic() > budget[0]:
        raise UploadRefused(
            f"reading the file took longer than {budget[1]:,} seconds, the limit; save a "
            "smaller table (only the delivery plan's sheet or tables) and upload it again"
        )


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
    # The rows of the largest worksheet (a workbook downloaded from the site has a hidden data
    # sheet as long as its table) or of all a document's tables (one part): the limit is on a
    # table's rows; the cell limits above bound the work of every sheet together.
    rows = 0
    try:
        for entry in entries:
            if names.match(entry.filename):
                rows = max(rows, _count_in_entry(archive, entry, row, limit=limit))
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
