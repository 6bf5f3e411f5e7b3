"""The delivery plan's XLSX and DOCX as an office suite prints them (LibreOffice headless, the
seed plan): landscape pages, a sensible number of them, and never a page holding one column."""

import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from actions.models import ActionStatus
from cspplan.models import Plan
from public.exports.tabular import delivery_plan_xlsx
from public.exports.word import delivery_plan_docx
from tests import factories
from tests.office import CONVERSION_TIMEOUT, convert_to_pdf

# django_db: pytest-django sets up the test database only for a session that asks for one.
pytestmark = [pytest.mark.office, pytest.mark.django_db]

PUBLISHED = ["Target & Base Line", "March 2012", "Owner", "Actions", "Lead Officer", "Funding"]
REIMPORT = ["Objective number", "Target row", "Target ID", "Target begins", "Measures"]


@pytest.fixture(scope="module")
def printed(office, django_db_setup, django_db_blocker, tmp_path_factory):
    """Both files of the seed plan, converted once for the module; the database is left as it
    was found."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "west_lancashire_2011_12", verbosity=0)
        plan = Plan.objects.get(slug="west-lancashire-2011-12")
        files = {
            "delivery-plan.xlsx": delivery_plan_xlsx(plan),
            "delivery-plan-word.docx": delivery_plan_docx(plan),
        }
        transaction.set_rollback(True)
    return convert_to_pdf(files, tmp_path_factory.mktemp("office"))


def test_the_spreadsheet_prints_on_landscape_pages_one_table_wide(printed):
    pages = printed["delivery-plan.xlsx"]
    # 120 actions: 21 portrait pages, one column each, before the print set-up.
    assert 4 <= len(pages) <= 15
    assert all(page.is_landscape for page in pages)
    # The Milestones sheet prints after the delivery plan, under its own header row.
    milestones = [page for page in pages if page.has_row(["Action ID", "Milestone", "Late"])]
    assert milestones and milestones == pages[-len(milestones) :]
    for number, page in enumerate(pages[: -len(milestones)], start=1):
        # Every page carries the whole header row (repeated), so every column.
        assert page.has_row(["Objective", *PUBLISHED, "Status"]), f"page {number}"
        # The importer's columns stay on screen, off paper.
        assert "Measures" not in page.text, f"page {number}"


def test_the_word_document_prints_the_plan_and_no_machine_data(printed):
    """Finding 12: the data for re-importing is inside the file, never on a page."""
    pages = printed["delivery-plan-word.docx"]
    assert 5 <= len(pages) <= 25
    assert all(page.is_landscape for page in pages)
    for number, page in enumerate(pages, start=1):
        assert "re-importing" not in page.text, f"page {number}"
        assert '"baseline_state"' not in page.text, f"page {number}"
        assert not page.has_row(REIMPORT), f"page {number}"
    # Every page of the plan's tables has its whole header row.
    assert all(page.has_row([*PUBLISHED, "Status"]) for page in pages[1:])


def test_no_status_word_is_split_in_the_word_documents_status_column(office, db, tmp_path):
    """Finding 12: LibreOffice printed "Complete|d" in a column too narrow for the word at the
    document's font size. One action per status, each word of each status whole on its line."""
    plan = factories.PlanFactory(slug="invented-statuses", target_label="March 2012")
    objective = factories.ObjectiveFactory(plan=plan, number=1, title="Invented objective")
    target = factories.TargetFactory(objective=objective, order=1, wording="Invented target")
    for order, status in enumerate(ActionStatus, start=1):
        factories.ActionFactory(target=target, order=order, text=f"Action {order}", status=status)
    pages = convert_to_pdf({"statuses.docx": delivery_plan_docx(plan)}, tmp_path)["statuses.docx"]
    text = "\n".join(page.text for page in pages)
    for label in ActionStatus.labels:
        for word in label.split():
            found = re.findall(rf"(?<!\S){re.escape(word)}(?!\S)", text)
            assert found, f"{word!r} of {label!r} is split across lines"


def test_a_word_document_saved_again_by_libreoffice_still_imports_back_whole(office, db, tmp_path):
    """The data for re-importing is a custom XML part, which office suites keep on saving."""
    from tests.importer.test_import_roundtrip import build_rich_plan, import_as_new_plan
    from tests.importer_helpers import plan_content

    source = build_rich_plan()
    (tmp_path / "plan.docx").write_bytes(delivery_plan_docx(source))
    with tempfile.TemporaryDirectory(prefix="cspplan-lo-profile-") as profile:
        subprocess.run(
            [
                "soffice",
                "--headless",
                "--norestore",
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
                str(tmp_path / "saved"),
                str(tmp_path / "plan.docx"),
            ],
            check=True,
            capture_output=True,
            timeout=CONVERSION_TIMEOUT,
            env={**os.environ, "HOME": profile},
        )

    saved = (tmp_path / "saved" / "plan.docx").read_bytes()
    copy = import_as_new_plan("saved.docx", saved, source)

    assert plan_content(copy) == plan_content(source)


def test_the_welsh_word_document_and_spreadsheet_open_and_print_in_welsh(office, db, tmp_path):
    """Issue 27: a bilingual plan's files drawn in Welsh open in an office suite, landscape,
    with their Welsh header rows on the printed pages (the invented bilingual demonstration)."""
    from django.utils import translation

    from demonstration.bilingual import PLAN_SLUG

    call_command("load_bilingual_demo", verbosity=0)
    plan = Plan.objects.get(slug=PLAN_SLUG)
    with translation.override("cy"):
        files = {
            "cynllun.xlsx": delivery_plan_xlsx(plan),
            "cynllun-word.docx": delivery_plan_docx(plan),
        }
    printed = convert_to_pdf(files, tmp_path)
    welsh_row = ["Targed", "Perchennog", "Camau gweithredu", "Swyddog Arweiniol", "Cyllid"]
    for name, pages in printed.items():
        assert pages and all(page.is_landscape for page in pages), name
        assert any(page.has_row(welsh_row) for page in pages), name
        text = " ".join(" ".join(page.text for page in pages).split())
        assert "Cynnal nosweithiau ieuenctid" in text, name
        assert "Owner" not in text and "Lead Officer" not in text, name
