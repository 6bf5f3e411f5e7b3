"""Both PDFs the worker draws are tagged (issue 24): a structure tree a screen reader follows
(headings, tables with their header cells, figures with their alt text) and the document's
language, read from the bytes themselves."""

import re
import zlib

import pytest

from dashboard.reports import board_report_pdf
from public.exports.pdf import delivery_plan_pdf
from tests.factories import ActionFactory, MeasureFactory, MeasurementFactory, PlanFactory

pytestmark = pytest.mark.django_db


def pdf_objects(data: bytes) -> bytes:
    """The PDF's objects as text: its plain bytes and every stream inflated (WeasyPrint keeps
    the catalogue and the structure tree in compressed object streams)."""
    parts = [data]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            parts.append(zlib.decompress(stream.group(1)))
        except zlib.error:  # not deflated (none today), or an image
            continue
    return b"\n".join(parts)


def dictionary_at(objects: bytes, start: int) -> bytes:
    """The dictionary ``<< … >>`` opening at ``start``, nested ones included."""
    depth, index = 0, start
    while True:
        if objects.startswith(b"<<", index):
            depth, index = depth + 1, index + 2
        elif objects.startswith(b">>", index):
            depth, index = depth - 1, index + 2
            if depth == 0:
                return objects[start:index]
        else:
            index += 1


def catalogue(objects: bytes) -> bytes:
    """The document catalogue: the innermost dictionary holding ``/Type /Catalog``."""
    found = re.search(rb"/Type\s*/Catalog\b", objects).start()
    opening = objects.rfind(b"<<", 0, found)
    while True:
        dictionary = dictionary_at(objects, opening)
        if opening + len(dictionary) > found:
            return dictionary
        opening = objects.rfind(b"<<", 0, opening)


@pytest.fixture
def plan():
    plan = PlanFactory(slug="tagged", title="Invented plan 2030 to 2031")
    measure = MeasureFactory(target__objective__plan=plan)
    MeasurementFactory(measure=measure)
    ActionFactory(target=measure.target, text="Invented action")
    return plan


@pytest.mark.parametrize("draw", [delivery_plan_pdf, board_report_pdf], ids=["delivery", "board"])
def test_the_pdf_is_tagged_with_a_structure_tree_and_its_language(plan, draw):
    objects = pdf_objects(draw(plan))
    catalog = catalogue(objects)
    assert b"/StructTreeRoot" in catalog
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true", catalog)
    assert b"/Lang (en-GB)" in catalog
    kinds = set(re.findall(rb"/S\s*/(\w+)", objects))
    # Headings, and tables whose header cells are marked as such.
    assert {b"H1", b"Table", b"TH", b"TD"} <= kinds
