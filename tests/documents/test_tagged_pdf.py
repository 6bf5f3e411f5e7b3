"""Both PDFs the worker draws are tagged (issue 24): a structure tree a screen reader follows
(headings, tables with their header cells, figures with their alt text) and the document's
language, read from the bytes themselves."""

import datetime
import re
import zlib
from decimal import Decimal

import pytest
from django.utils import timezone

from dashboard.reports import board_report_pdf
from objectives.models import ApprovalStatus
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
    plan = PlanFactory(slug="tagged", title="Invented plan")
    # Off track, so the board report draws its chart.
    measure = MeasureFactory(
        target__objective__plan=plan,
        name="Invented fires",
        baseline_value=Decimal("363"),
        target_value=Decimal("330"),
    )
    MeasurementFactory(
        measure=measure,
        value=Decimal("420"),
        status=ApprovalStatus.APPROVED,
        approved_at=timezone.now(),
    )
    ActionFactory(target=measure.target, text="Invented action")
    return plan


def alt_texts(objects: bytes) -> list[str]:
    """The alternative text of every figure (UTF-16 hex strings, as WeasyPrint writes them)."""
    return [
        bytes.fromhex(hex_text.decode()).decode("utf-16")
        for hex_text in re.findall(rb"/S /Figure[^>]*>>/Alt <([0-9a-f]+)>", objects)
    ]


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


def test_the_board_reports_chart_is_a_figure_with_its_alt_text(plan):
    objects = pdf_objects(board_report_pdf(plan, today=datetime.date(2011, 11, 15)))
    assert [text[: len("Chart of Invented fires")] for text in alt_texts(objects)] == [
        "Chart of Invented fires"
    ]
