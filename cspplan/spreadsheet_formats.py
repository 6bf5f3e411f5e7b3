"""The file formats of the admin's bulk progress import and export (django-import-export), made
safe to open in a spreadsheet.

django-import-export's own ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT`` (on in settings) removes
a leading ``=`` only, so ``+HYPERLINK(…)``, ``-2+3`` and ``@SUM(…)`` stay live, and it turns every
cell into text on the way (an empty cell becomes the word "None", a date a string). These
formats do what the public exports do instead (``neutralise``, which they share): a text cell that
starts like a formula (``= + - @``, tab, carriage return) gets a leading apostrophe, so Excel and
LibreOffice show it as text; numbers and dates stay what they are; and control characters that
XML cannot carry are stripped (``cspplan.text``), so an older row cannot make the XLSX fail.
The progress resources strip the apostrophe again on import (``delivery_table`` round trip).
"""

import tablib
from import_export.formats.base_formats import CSV, XLSX

from cspplan.text import clean_text

# Characters that make a spreadsheet treat a cell as a formula (CSV injection). The one rule for
# every export: the public delivery-plan files reach it through ``actions.delivery_table``.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that starts like a formula gets a leading apostrophe, so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _inert(value):
    return neutralise(clean_text(value)) if isinstance(value, str) else value


def inert_dataset(dataset: tablib.Dataset) -> tablib.Dataset:
    """A copy of ``dataset`` whose text cells are inert in a spreadsheet."""
    safe = tablib.Dataset(title=dataset.title)
    if dataset.headers:
        safe.headers = [_inert(heading) for heading in dataset.headers]
    for row in dataset:
        safe.append([_inert(value) for value in row])
    return safe


class InertExportMixin:
    def export_data(self, dataset, **kwargs):
        # Not super(): the library's formula escaping would turn every cell into text.
        return inert_dataset(dataset).export(self.get_title(), **kwargs)


class SafeXLSX(InertExportMixin, XLSX):
    pass


class SafeCSV(InertExportMixin, CSV):
    pass


def text_from_cell(value) -> str:
    """A text cell of an imported progress sheet: without control characters, and without the
    apostrophe ``neutralise`` put before a formula-like text on export."""
    text = clean_text(str(value or "")).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text
