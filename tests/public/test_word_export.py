"""The delivery plan as a Word document: laid out like the printed plan for officers to edit, and
imported back by the plan importer into the same plan. Published plans only, nothing private."""

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from actions import delivery_table
from actions.models import Action, ActionStatus
from actions.services import set_action_status
from cspplan.models import Plan
from tests import factories
from tests.importer.test_import_roundtrip import build_rich_plan, import_as_new_plan
from tests.importer_helpers import plan_content
from tests.personas import plan_manager_of
from tests.public.test_delivery_plan_page import SCRIPT, build_plan

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EMAIL = "andrew.hill@police.example.org"
SEED_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "west_lancashire_2011_12.yaml"


def download(client, plan):
    return client.get(reverse("plans:delivery_plan_docx", args=[plan.slug]))


def document_of(response):
    assert response.status_code == 200
    return Document(io.BytesIO(response.getvalue()))


def published(plan):
    if not plan.is_public:
        plan.publish()
        plan.save()
    return plan


def objective_headings(document):
    return [p.text for p in document.paragraphs if p.style.name == "Heading 1"]


def cell_texts(row):
    return [cell.text for cell in row.cells]


def column(table, heading):
    return cell_texts(table.rows[0]).index(heading)


# The file


def test_the_download_is_a_word_document_named_after_the_plan(client):
    plan = build_plan(objectives=1)
    response = download(client, plan)
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="west-lancashire-2011-12-delivery-plan.docx"'
    )
    assert zipfile.is_zipfile(io.BytesIO(response.getvalue()))


def test_the_document_starts_with_the_plan_title_partnership_and_period(client):
    plan = build_plan(objectives=1, title="Partnership Plan 2011 to 2012")
    document = document_of(download(client, plan))
    texts = [p.text for p in document.paragraphs]
    assert document.paragraphs[0].style.name == "Title"
    assert texts[0] == "Partnership Plan 2011 to 2012"
    assert texts[1] == "West Lancashire Community Safety Partnership"
    assert texts[2].startswith("Plan period: 1 April 2011 to 31 March 2012.")
    assert document.core_properties.title == (
        "West Lancashire Community Safety Partnership: Partnership Plan 2011 to 2012 "
        "– delivery plan"
    )
    assert document.core_properties.language == "en-GB"


def test_the_pages_are_landscape_a4(client):
    section = document_of(download(client, build_plan(objectives=1))).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    # Word stores sizes in twips (1/20 point), so millimetres come back rounded.
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)


PUBLISHED = ["Target & Base Line", "March 2012", "Owner", "Actions", "Lead Officer", "Funding"]


def test_each_objective_is_a_heading_followed_by_its_table(client):
    plan = build_plan(objectives=2)
    document = document_of(download(client, plan))
    assert objective_headings(document) == [
        "Objective 1: Reduce harm number 1",
        "Objective 2: Reduce harm number 2",
    ]
    assert len(document.tables) == 2
    for table in document.tables:
        # The published columns and each action's status: nothing only a program needs.
        assert cell_texts(table.rows[0]) == [*PUBLISHED, "Status"]


def reimport_part(data):
    """The custom XML part holding the data for re-importing, parsed."""
    from lxml import etree

    archive = zipfile.ZipFile(io.BytesIO(data))
    found = [
        etree.fromstring(archive.read(name))
        for name in archive.namelist()
        if name.startswith("customXml/item")
        and delivery_table.REIMPORT_XML_NAMESPACE.encode() in archive.read(name)
    ]
    assert len(found) == 1
    return found[0]


def part_records(data):
    namespace = delivery_table.REIMPORT_XML_NAMESPACE
    records = []
    for target in reimport_part(data).iter(f"{{{namespace}}}target"):
        record = {column: target.get(attribute) for column, attribute in ATTRIBUTES.items()}
        record["Measures"] = target.find(f"{{{namespace}}}measures").text
        records.append(record)
    return records


ATTRIBUTES = delivery_table.REIMPORT_XML_ATTRIBUTES


def test_what_only_the_importer_needs_is_out_of_sight_in_a_custom_xml_part(client):
    """Finding 12: no pages of JSON at the end; a record per target, inside the file."""
    plan = build_plan(objectives=2)
    data = download(client, plan).getvalue()  # a file response: read once
    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert not any("re-importing" in text or "for the plan importer" in text for text in texts)
    archive = zipfile.ZipFile(io.BytesIO(data))
    body = archive.read("word/document.xml").decode()
    assert "baseline_state" not in body and "Target ID" not in body
    assert b"relationships/customXml" in archive.read("word/_rels/document.xml.rels")
    targets = [
        target
        for objective in plan.objectives.order_by("number")
        for target in objective.targets.order_by("order")
    ]
    expected = [
        [str(t.objective.number), str(t.order), str(t.pk), t.wording.split("\n")[0]]
        for t in targets
    ]
    columns = ["Objective number", "Target row", "Target ID", "Target begins"]
    assert [[r[c] for c in columns] for r in part_records(data)] == expected


def test_no_table_heading_breaks_inside_a_word(client):
    """Each column is wider than the longest word of its heading in 9-point bold (allowing a
    generous 0.62 em a character, for whichever font the office suite substitutes) plus the
    cell's margins, so Word and LibreOffice never break "Objective" as "Objec-tive"."""
    document = document_of(download(client, build_plan(objectives=1)))
    for table in document.tables:
        for cell, column in zip(table.rows[0].cells, table.columns, strict=True):
            longest = max(len(word) for word in cell.text.split())
            needed = Pt(9 * 0.62 * longest) + Cm(0.4)
            assert column.width >= needed, cell.text


def test_the_status_column_fits_its_longest_word_at_the_documents_font_size(client):
    """Finding 12: "Complete|d". The office test renders it; this checks the arithmetic: the
    widest sans-serif LibreOffice substitutes averages about 0.61 em a character."""
    document = document_of(download(client, build_plan(objectives=1)))
    table = document.tables[0]
    status = table.columns[column(table, "Status")]
    size = document.styles["Normal"].font.size.pt
    longest = max(len(word) for label in ActionStatus.labels for word in label.split())
    assert status.width >= Pt(size * 0.62 * longest) + Cm(0.4)


def test_every_page_has_a_footer_with_the_plan_and_page_numbers(client):
    plan = build_plan(objectives=1, title="Partnership Plan 2011 to 2012")
    footer = document_of(download(client, plan)).sections[0].footer
    assert footer.paragraphs[0].text == "Partnership Plan 2011 to 2012 – delivery plan – page  of "
    fields = [element.text.strip() for element in footer._element.iter(qn("w:instrText"))]
    assert fields == ["PAGE", "NUMPAGES"]


def test_the_header_row_repeats_on_every_page_a_table_spans(client):
    document = document_of(download(client, build_plan(objectives=1, actions_per_target=30)))
    header, first_body_row = document.tables[0].rows[0], document.tables[0].rows[1]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert first_body_row._tr.trPr is None or (
        first_body_row._tr.trPr.find(qn("w:tblHeader")) is None
    )


def test_the_table_fits_between_the_page_margins(client):
    document = document_of(download(client, build_plan(objectives=1)))
    section = document.sections[0]
    room = section.page_width - section.left_margin - section.right_margin
    widths = [grid_column.width for grid_column in document.tables[0].columns]
    assert sum(widths) <= room
    # The actions get the widest column, as in the printed plan.
    assert max(widths) == widths[column(document.tables[0], "Actions")]


def test_each_table_has_a_title_for_screen_readers(client):
    document = document_of(download(client, build_plan(objectives=1)))
    caption = document.tables[0]._tbl.tblPr.find(qn("w:tblCaption"))
    assert caption.get(qn("w:val")) == "Objective 1: Reduce harm number 1"


# The cells


def test_each_action_is_one_paragraph_with_its_bullets_kept_as_lines(client):
    plan = published(build_rich_plan())
    table = document_of(download(client, plan)).tables[0]
    cell = table.rows[1].cells[column(table, "Actions")]
    assert len(cell.paragraphs) == 1
    assert cell.text == (
        "Continue to roll out Night Time Economy operations including: -\n"
        "• Operation Summer Nights\n• Operation Night Safe"
    )


def test_a_target_cell_is_merged_down_over_its_actions_like_the_printed_plan(client):
    plan = published(build_rich_plan())
    table = document_of(download(client, plan)).tables[0]
    target = column(table, "Target & Base Line")
    cells = [row.cells[target] for row in table.rows[1:4]]
    # One cell spanning the target's three actions.
    assert cells[0]._tc is cells[1]._tc is cells[2]._tc
    assert cells[0].text.startswith("Reduce Violent Crime.")


def test_owners_shared_by_a_run_of_actions_are_one_merged_cell(client):
    plan = published(build_rich_plan())
    table = document_of(download(client, plan)).tables[0]
    owner = column(table, "Owner")
    first, second, third = (row.cells[owner] for row in table.rows[1:4])
    assert first.text == "CSP"
    assert second.text == "Police / Trading Standards"
    assert second._tc is third._tc
    assert first._tc is not second._tc


def test_a_tbc_target_stays_worded_tbc_and_its_measure_has_no_value(client):
    plan = build_plan(objectives=1)
    table = document_of(download(client, plan)).tables[0]
    first_row = table.rows[1]
    assert first_row.cells[column(table, plan.target_label)].text == "To be confirmed"
    assert "Baseline (TBC)" in first_row.cells[column(table, "Target & Base Line")].text
    measures = delivery_table.measures_from_cell(
        part_records(download(client, plan).getvalue())[0]["Measures"]
    )
    satisfaction = next(m for m in measures if m["name"] == "Satisfaction")
    assert satisfaction["baseline_state"] == "tbc"
    assert satisfaction["baseline_value"] is None
    assert satisfaction["target_wording"] == "TBC"


def test_each_action_has_its_status_as_the_public_pages_show_it(client):
    plan = build_plan(objectives=1)
    action = plan.objectives.get().targets.get(order=1).actions.get(order=1)
    set_action_status(
        actions=Action.objects.filter(pk=action.pk),
        by=factories.UserFactory(is_staff=True, is_superuser=True),  # approves as it sets
        status=ActionStatus.AT_RISK,
    )
    table = document_of(download(client, plan)).tables[0]
    statuses = [row.cells[column(table, "Status")].text for row in table.rows[1:]]
    assert statuses[0] == "At risk"
    assert (
        statuses[1:]
        == [
            a.get_status_display()
            for a in Action.objects.for_plan(plan).order_by("target__order", "order")
        ][1:]
    )


def test_a_script_tag_in_an_action_is_plain_text(client):
    plan = build_plan(objectives=1)
    action = plan.objectives.get().targets.get(order=1).actions.get(order=1)
    action.text = SCRIPT
    action.save()
    table = document_of(download(client, plan)).tables[0]
    assert table.rows[1].cells[column(table, "Actions")].text == SCRIPT


def test_text_that_starts_like_a_formula_is_neutralised_as_in_the_spreadsheets(client):
    plan = published(build_rich_plan())
    fire_table = document_of(download(client, plan)).tables[1]
    label = column(fire_table, "March 2012")
    assert fire_table.rows[1].cells[label].text == "'=70% by March 2012"


def test_control_characters_pasted_into_an_action_do_not_break_the_document(client):
    plan = build_plan(objectives=1)
    action = plan.objectives.get().targets.get(order=1).actions.get(order=1)
    # A form feed and a start-of-heading, as pasted from old documents (PostgreSQL refuses NUL).
    action.text = "Patrols\x0cin Ormskirk\x01"
    action.save()
    table = document_of(download(client, plan)).tables[0]
    assert table.rows[1].cells[column(table, "Actions")].text == "Patrolsin Ormskirk"


def test_an_objective_without_targets_says_so_instead_of_an_empty_table(client):
    plan = build_plan(objectives=1)
    factories.ObjectiveFactory(plan=plan, number=2, title="Reduce arson")
    document = document_of(download(client, plan))
    texts = [p.text for p in document.paragraphs]
    heading = texts.index("Objective 2: Reduce arson")
    assert texts[heading + 1] == "No targets have been set for this objective yet."
    # Objective 1's table only: no empty table for objective 2.
    assert len(document.tables) == 1
    assert objective_headings(document)[-1] == "Objective 2: Reduce arson"


def test_no_email_address_anywhere_in_the_document(client):
    plan = build_plan(objectives=1)
    archive = zipfile.ZipFile(io.BytesIO(download(client, plan).getvalue()))
    for name in archive.namelist():
        assert EMAIL.encode() not in archive.read(name), name


# Who may download


def test_a_draft_plan_is_404_to_the_public(client):
    plan = build_plan(objectives=1, draft=True)
    assert download(client, plan).status_code == 404


def test_staff_may_download_a_draft_plan_which_says_it_is_a_draft(client):
    plan = build_plan(objectives=1, draft=True)
    client.force_login(plan_manager_of(plan.partnership))
    document = document_of(download(client, plan))
    assert "Draft: not yet published." in [p.text for p in document.paragraphs]


def test_the_delivery_plan_page_and_the_plan_page_link_to_the_word_document(client):
    plan = build_plan(objectives=1)
    href = f'href="{reverse("plans:delivery_plan_docx", args=[plan.slug])}"'
    assert href in client.get(reverse("plans:delivery_plan", args=[plan.slug])).text
    assert href in client.get(plan.get_absolute_url()).text


# Queries, the render counted in the request as the tests' immediate queue runs it there: 1 the
# plan, 2 the content version (public/caching.py), 3 the document's row, 4-6 its creation
# (savepoint, insert, release); the render: 7 claiming it, 8 the row with its plan, 9-12
# objectives, targets, measures, actions, 13 the actions' approved updates, 14 their milestones,
# 15 the plan's own columns (none here, so none of their values is asked for), 16 marking it
# ready, 17 older copies to delete; 18 the row, now ready.
@pytest.mark.parametrize("actions_per_target", [1, 10])
def test_the_download_queries_do_not_grow_with_the_plan(
    client, django_assert_num_queries, actions_per_target
):
    plan = build_plan(objectives=3, actions_per_target=actions_per_target)
    with django_assert_num_queries(18):
        response = download(client, plan)
    assert response.status_code == 200


def test_a_second_download_comes_from_the_cache_still_named_after_the_plan(
    client, django_assert_num_queries
):
    plan = build_plan(objectives=1)
    first = download(client, plan)
    # From the document store: 1 the plan, 2 the content version, 3 the document's row.
    with django_assert_num_queries(3):
        second = download(client, plan)
    assert second.getvalue() == first.getvalue()
    assert second["Content-Disposition"] == first["Content-Disposition"]


# The contract with the importer: the downloaded document imports back unchanged.


def test_the_downloaded_document_imports_back_into_an_identical_plan(client):
    source = published(build_rich_plan())
    response = download(client, source)

    copy = import_as_new_plan(f"{source.slug}-delivery-plan.docx", response.getvalue(), source)

    assert copy.pk != source.pk
    assert copy.target_label == "March 2012"
    assert plan_content(copy) == plan_content(source)


def test_the_import_command_reads_the_downloaded_document(client, tmp_path):
    source = published(build_rich_plan())
    path = tmp_path / "plan.docx"
    path.write_bytes(download(client, source).getvalue())

    call_command(
        "import_plan", str(path), "--partnership", source.partnership.slug,
        "--title", "Partnership Plan 2012 to 2013", "--start", "2012-04-01",
        "--end", "2013-03-31", stdout=io.StringIO(),
    )  # fmt: skip

    copy = Plan.objects.get(title="Partnership Plan 2012 to 2013")
    assert copy.status == Plan.Status.DRAFT
    assert plan_content(copy) == plan_content(source)


def test_an_officers_edit_in_word_is_what_gets_imported(client):
    source = published(build_rich_plan())
    document = document_of(download(client, source))
    table = document.tables[0]
    actions = table.rows[2].cells[column(table, "Actions")]
    actions.paragraphs[0].runs[0].text = "Tasking (MALT) meetings by September 2011"
    edited = io.BytesIO()
    document.save(edited)

    copy = import_as_new_plan("edited.docx", edited.getvalue(), source)

    action = copy.objectives.get(number=3).targets.get(order=1).actions.get(order=2)
    assert action.text == "Tasking (MALT) meetings by September 2011"
    assert action.owner_wording == "Police / Trading Standards"


def test_a_target_whose_words_were_edited_takes_its_figures_from_the_new_words(client):
    source = published(build_rich_plan())
    document = document_of(download(client, source))
    fire_table = document.tables[1]
    cell = fire_table.rows[1].cells[column(fire_table, "Target & Base Line")]
    for paragraph in cell.paragraphs[1:]:
        paragraph._p.getparent().remove(paragraph._p)
    cell.paragraphs[0].runs[0].text = "Raise the detection rate\nBaseline: 80% (2011)"
    edited = io.BytesIO()
    document.save(edited)

    copy = import_as_new_plan("edited.docx", edited.getvalue(), source)

    # The recorded Measures (baseline 75.50) no longer describe these words: they are not used.
    (detection,) = copy.objectives.get(number=6).targets.get(order=1).measures.all()
    assert detection.baseline_value == Decimal("80")
    # Every other target keeps its recorded Measures.
    unchanged = [o for o in plan_content(copy) if o["number"] == 3]
    assert unchanged == [o for o in plan_content(source) if o["number"] == 3]


@pytest.mark.skipif(not SEED_FIXTURE.exists(), reason="the seed fixture is not in this checkout")
def test_the_seed_plans_word_document_imports_back_into_an_identical_plan(client):
    call_command("loaddata", "west_lancashire_2011_12", verbosity=0)
    source = Plan.objects.get(slug="west-lancashire-2011-12")
    response = download(client, source)

    copy = import_as_new_plan("seed.docx", response.getvalue(), source)

    assert plan_content(copy) == plan_content(source)
    assert copy.objectives.count() == source.objectives.count()


def test_a_document_without_its_data_for_re_importing_reads_each_targets_figures_from_its_words(
    client,
):
    """A copy that lost its custom XML part (or a partnership's own document) still imports:
    the words come back whole, the figures are read from them."""
    from tests.importer_helpers import without_measures

    source = published(build_rich_plan())
    archive = zipfile.ZipFile(io.BytesIO(download(client, source).getvalue()))
    stripped = io.BytesIO()
    with zipfile.ZipFile(stripped, "w") as copy:
        for name in archive.namelist():
            if not name.startswith("customXml/"):
                data = archive.read(name)
                if name == "word/_rels/document.xml.rels":
                    data = re.sub(rb"<Relationship [^>]*customXml[^>]*/>", b"", data)
                copy.writestr(name, data)

    copy = import_as_new_plan("stripped.docx", stripped.getvalue(), source)

    assert without_measures(plan_content(copy)) == without_measures(plan_content(source))
    (detection, *_) = copy.objectives.get(number=6).targets.get(order=1).measures.all()
    assert detection.baseline_value == Decimal("75")  # from the words "75% (2010)", not 75.50


def test_an_older_download_with_its_data_in_a_last_table_still_imports_back(client):
    """Copies downloaded before the data moved out of sight kept it in a last table."""
    from tests.importer_helpers import docx_bytes

    source = published(build_rich_plan())
    rows = list(delivery_table.rows(source))
    columns = delivery_table.reader_headings(source)[1:]
    tables = [
        (
            heading,
            columns,
            [[row[c] for c in columns] for row in rows if row["Objective number"] == number],
        )
        for number, heading in (
            (3, "Objective 3: Reduce Violent Crime & Alcohol Related Violent Crime"),
            (6, "Objective 6: Reduce Arson and Improve Fire Safety"),
        )
    ]
    records = delivery_table.reimport_records(rows)
    tables.append(
        (
            "Data for re-importing this plan",
            list(delivery_table.REIMPORT_COLUMNS),
            [[r[c] for c in delivery_table.REIMPORT_COLUMNS] for r in records],
        )
    )

    copy = import_as_new_plan("older.docx", docx_bytes(tables), source)

    assert plan_content(copy) == plan_content(source)


def test_damaged_data_for_re_importing_is_refused_saying_so_and_nothing_is_written(client):
    from importer.errors import PlanImportError

    source = published(build_rich_plan())
    archive = zipfile.ZipFile(io.BytesIO(download(client, source).getvalue()))
    namespace = delivery_table.REIMPORT_XML_NAMESPACE.encode()
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as copy:
        for name in archive.namelist():
            data = archive.read(name)
            if name.startswith("customXml/item") and namespace in data:
                data = data[: len(data) // 2]  # cut off mid-element
            copy.writestr(name, data)
    plans_before = Plan.objects.count()

    with pytest.raises(PlanImportError) as raised:
        import_as_new_plan("damaged.docx", damaged.getvalue(), source)

    assert "data for re-importing is damaged" in str(raised.value)
    assert Plan.objects.count() == plans_before
