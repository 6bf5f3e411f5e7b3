"""The delivery plan as PDF and as open data (CSV, XLSX, JSON): the published table's layout,
safe to open in a spreadsheet, nothing private, published plans only."""

import csv
import io
import json

import openpyxl
import pytest
from django.urls import reverse
from openpyxl.utils import get_column_letter

from actions import delivery_table
from actions.models import Action, ActionStatus
from actions.services import set_action_status
from objectives.models import ApprovalStatus
from public.exports.open_data import SCHEMA_VERSION
from public.exports.pdf import LocalOnlyFetcher, delivery_plan_document, delivery_plan_html
from tests import factories
from tests.personas import plan_manager_of
from tests.public.test_delivery_plan_page import SCRIPT, build_plan

pytestmark = pytest.mark.django_db

EMAIL = "andrew.hill@police.example.org"


def download(client, plan, kind):
    return client.get(reverse(f"plans:delivery_plan_{kind}", args=[plan.slug]))


def csv_rows(response):
    text = response.getvalue().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def first_action(plan):
    return plan.objectives.get(number=1).targets.get(order=1).actions.get(order=1)


# CSV


def test_the_csv_is_utf8_with_a_byte_order_mark_for_excel(client):
    response = download(client, build_plan(), "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.getvalue().startswith("\ufeff".encode())


def test_the_csv_is_named_after_the_plan(client):
    response = download(client, build_plan(slug="west-lancashire-2011-12"), "csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="west-lancashire-2011-12-delivery-plan.csv"'
    )


def test_the_csv_carries_the_table_headings_and_one_row_per_action(client):
    plan = build_plan(objectives=2, actions_per_target=3)
    rows = csv_rows(download(client, plan, "csv"))
    assert rows[0] == delivery_table.csv_headings(plan)
    assert rows[0][:7] == [
        "Objective",
        "Target & Base Line",
        "March 2012",
        "Owner",
        "Actions",
        "Lead Officer",
        "Funding",
    ]
    assert len(rows) == 1 + 2 * 2 * 3
    action = first_action(plan)
    assert rows[1][0] == "Objective 1: Reduce harm number 1"
    assert rows[1][4] == action.text
    assert rows[1][-1] == str(action.pk)


def test_the_csv_has_no_machine_data_in_the_readers_view(client):
    """Finding 12: no column of JSON; the identifiers stay, to join the measures on."""
    plan = build_plan(objectives=1)
    rows = csv_rows(download(client, plan, "csv"))
    assert "Measures" not in rows[0]
    assert rows[0][-3:] == ["Objective number", "Target ID", "Action ID"]
    assert not any(cell.lstrip().startswith(("[", "{")) for row in rows for cell in row)


def set_status(action, status):
    """As the admin's bulk action does, through the service every path uses."""
    set_action_status(
        actions=Action.objects.filter(pk=action.pk),
        by=factories.UserFactory(is_staff=True, is_superuser=True),  # approves as it sets
        status=status,
    )


def test_the_csv_has_each_actions_status_as_the_public_pages_show_it(client):
    plan = build_plan(objectives=1, actions_per_target=2)
    set_status(first_action(plan), ActionStatus.ON_TRACK)
    rows = csv_rows(download(client, plan, "csv"))
    status = rows[0].index("Status")
    # Right after the published columns, before the importer's own.
    assert status == rows[0].index("Funding") + 1
    labels = {
        str(action.pk): action.get_status_display() for action in Action.objects.for_plan(plan)
    }
    assert [row[status] for row in rows[1:]] == [labels[row[-1]] for row in rows[1:]]  # Action ID
    assert rows[1][status] == "On track"
    page = client.get(reverse("plans:delivery_plan", args=[plan.slug])).text
    assert "Status: On track" in page


def test_a_cell_that_starts_like_a_formula_is_neutralised_in_the_csv(client):
    plan = build_plan(objectives=1)
    action = first_action(plan)
    action.text = '=HYPERLINK("http://evil.example","click")'
    action.save()
    rows = csv_rows(download(client, plan, "csv"))
    assert rows[1][4] == "'" + action.text


def test_a_script_tag_in_an_action_is_plain_text_in_the_csv(client):
    plan = build_plan(objectives=1)
    action = first_action(plan)
    action.text = SCRIPT
    action.save()
    rows = csv_rows(download(client, plan, "csv"))
    assert rows[1][4] == SCRIPT


# XLSX


def open_workbook(response):
    return openpyxl.load_workbook(io.BytesIO(response.getvalue()))


def test_the_xlsx_is_a_spreadsheet_named_after_the_plan(client):
    response = download(client, build_plan(), "xlsx")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="west-lancashire-2011-12-delivery-plan.xlsx"'
    )


def test_the_xlsx_has_a_frozen_bold_header_row_wrapped_text_and_set_widths(client):
    plan = build_plan(objectives=1, actions_per_target=2)
    sheet = open_workbook(download(client, plan, "xlsx"))["Delivery plan"]
    assert [cell.value for cell in sheet[1]] == delivery_table.reader_headings(plan)
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet["E2"].alignment.wrap_text
    assert sheet.column_dimensions["E"].width == 50
    assert sheet.max_row == 1 + 2 * 2


def test_the_xlsx_has_a_status_column_filters_and_a_landscape_print_one_page_wide(client):
    plan = build_plan(objectives=1, actions_per_target=2)
    set_status(first_action(plan), ActionStatus.AT_RISK)
    sheet = open_workbook(download(client, plan, "xlsx"))["Delivery plan"]
    headings = [cell.value for cell in sheet[1]]
    status = get_column_letter(headings.index("Status") + 1)
    assert sheet[f"{status}2"].value == "At risk"
    assert sheet[f"{status}3"].value == "On track"  # the factory's status
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(headings))}{sheet.max_row}"
    setup = sheet.page_setup
    assert setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$1"
    # Status and the milestones are the last columns: what only the importer needs is on a
    # hidden sheet.
    assert headings[-2:] == ["Status", "Milestones"]
    last = get_column_letter(len(headings))
    assert sheet.print_area == f"'Delivery plan'!$A$1:${last}${sheet.max_row}"


def test_xlsx_rows_are_tall_enough_for_their_wrapped_text(client):
    plan = build_plan(objectives=1, actions_per_target=2)
    action = first_action(plan)
    # Ten lines of bullets, and one paragraph about four times the Actions column's width.
    action.text = "Patrols in:\n" + "\n".join(f"• Ward {n}" for n in range(1, 10))
    action.save()
    second = plan.objectives.get().targets.get(order=1).actions.get(order=2)
    second.text = "Targeted patrols " * 12
    second.save()
    sheet = open_workbook(download(client, plan, "xlsx"))["Delivery plan"]
    heights = {row: sheet.row_dimensions[row].height for row in (2, 3, 4)}
    assert heights[2] >= 10 * 15  # ten lines of 15 points
    assert heights[3] >= 4 * 15
    # A short row stays one or two lines: heights are measured, not simply made large.
    assert heights[4] <= 3 * 15 + 3


def test_the_xlsx_holds_the_same_cells_as_the_csv(client):
    plan = build_plan(objectives=2, actions_per_target=2)
    sheet = open_workbook(download(client, plan, "xlsx"))["Delivery plan"]
    from_xlsx = [
        ["" if value is None else str(value) for value in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    # The CSV adds the identifiers, which the workbook keeps on its hidden sheet.
    assert from_xlsx == [row[:-3] for row in csv_rows(download(client, plan, "csv"))]


def test_the_xlsx_keeps_measures_and_ids_on_a_hidden_sheet_keyed_by_row(client):
    """Finding 12: no visible Measures column of JSON; the data for re-importing is kept on a
    hidden sheet, a line per row of the visible one."""
    plan = build_plan(objectives=2, actions_per_target=2)
    workbook = open_workbook(download(client, plan, "xlsx"))
    assert workbook.sheetnames == ["Delivery plan", "Milestones", "Data for re-importing"]
    visible, data = workbook["Delivery plan"], workbook["Data for re-importing"]
    assert visible.sheet_state == "visible" and workbook.active.title == "Delivery plan"
    assert data.sheet_state in ("hidden", "veryHidden")
    shown = [str(v) for row in visible.iter_rows(values_only=True) for v in row if v is not None]
    assert not any(cell.lstrip().startswith(("[", "{")) for cell in shown)
    lines = list(data.iter_rows(values_only=True))
    assert list(lines[0]) == list(delivery_table.DATA_SHEET_COLUMNS)
    assert [line[0] for line in lines[1:]] == list(range(2, visible.max_row + 1))
    by_row = {line[0]: dict(zip(lines[0], line, strict=True)) for line in lines[1:]}
    action = first_action(plan)
    assert by_row[2]["Action ID"] == action.pk and visible["E2"].value == action.text
    assert by_row[2]["Target ID"] == action.target_id
    assert json.loads(by_row[2]["Measures"])[0]["name"] == action.target.measures.first().name
    assert by_row[3]["Measures"] is None  # a target's record is on its first row only


def test_a_formula_in_an_action_stays_text_in_the_xlsx(client):
    plan = build_plan(objectives=1)
    action = first_action(plan)
    action.text = "=1+1"
    action.save()
    sheet = open_workbook(download(client, plan, "xlsx"))["Delivery plan"]
    assert sheet["E2"].value == "'=1+1"
    assert sheet["E2"].data_type == "s"


def test_a_script_tag_in_an_action_is_plain_text_in_the_xlsx(client):
    plan = build_plan(objectives=1)
    action = first_action(plan)
    action.text = SCRIPT
    action.save()
    sheet = open_workbook(download(client, plan, "xlsx"))["Delivery plan"]
    assert sheet["E2"].value == SCRIPT


def test_control_characters_pasted_into_an_action_do_not_break_the_xlsx(client):
    plan = build_plan(objectives=1)
    action = first_action(plan)
    action.text = "Patrols\x0c in Ormskirk"
    action.save()
    sheet = open_workbook(download(client, plan, "xlsx"))["Delivery plan"]
    assert sheet["E2"].value == "Patrols in Ormskirk"


# JSON


def test_the_json_is_nested_plan_objectives_targets_measures_and_actions(client):
    plan = build_plan(objectives=2, actions_per_target=2)
    response = download(client, plan, "json")
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        'inline; filename="west-lancashire-2011-12-delivery-plan.json"'
    )
    data = response.json()
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["plan"]["slug"] == plan.slug
    assert data["plan"]["target_label"] == "March 2012"
    assert [objective["number"] for objective in data["objectives"]] == [1, 2]
    target = data["objectives"][0]["targets"][0]
    assert target["wording"].startswith("Target 1.1")
    assert [measure["name"] for measure in target["measures"]] == ["Incidents 1.1", "Satisfaction"]
    assert len(target["actions"]) == 2
    assert data["objectives"][0]["url"] == (
        "http://testserver" + reverse("plans:objective", args=[plan.slug, 1])
    )


def test_json_actions_name_their_owners_and_lead_officers_with_slugs_and_status(client):
    plan = build_plan(objectives=1, actions_per_target=1)
    action = first_action(plan)
    action.due_date = "2011-07-31"
    action.due_wording = "by July 2011"
    action.save()
    item = download(client, plan, "json").json()["objectives"][0]["targets"][0]["actions"][0]
    assert item["owners"] == [{"name": "Lancashire Constabulary", "slug": "lancs-police"}]
    assert item["lead_officers"] == [{"name": "Andrew Hill", "slug": "andrew-hill"}]
    assert item["owner_wording"] == "Lancs. Police"
    assert item["status"] == "on_track"
    # Due in July 2011 and not complete when the plan ended: its state says so.
    assert (item["status_label"], item["overdue"]) == ("On track · overdue", True)
    assert item["due_date"] == "2011-07-31"
    assert item["due_wording"] == "by July 2011"


def test_json_keeps_tbc_as_a_state_with_no_value_and_numbers_as_strings(client):
    plan = build_plan(objectives=1)
    measures = download(client, plan, "json").json()["objectives"][0]["targets"][0]["measures"]
    assert measures[0]["baseline"] == {
        "state": "known",
        "value": "100",
        "period": "2010/11",
        "wording": "100 (2010/11)",
    }
    assert measures[1]["target"] == {"state": "tbc", "value": None, "wording": "TBC"}


def test_json_lists_only_approved_measurements(client):
    plan = build_plan(objectives=1)
    measure = plan.objectives.get().targets.get(order=1).measures.get(order=1)
    factories.MeasurementFactory(
        measure=measure, value=90, status=ApprovalStatus.APPROVED, approved_at="2011-07-01T00:00Z"
    )
    factories.MeasurementFactory(
        measure=measure,
        period_start="2011-07-01",
        period_end="2011-09-30",
        value=1,
        status=ApprovalStatus.SUBMITTED,
    )
    data = download(client, plan, "json").json()
    readings = data["objectives"][0]["targets"][0]["measures"][0]["measurements"]
    assert [reading["value"] for reading in readings] == ["90"]


def test_json_has_no_email_addresses_and_keeps_a_script_tag_as_text(client):
    plan = build_plan(objectives=1)
    action = first_action(plan)
    action.text = SCRIPT
    action.save()
    response = download(client, plan, "json")
    assert EMAIL not in response.getvalue().decode()
    assert response.json()["objectives"][0]["targets"][0]["actions"][0]["text"] == SCRIPT


# PDF


def test_the_pdf_is_a_pdf_named_after_the_plan(client):
    response = download(client, build_plan(objectives=1), "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="west-lancashire-2011-12-delivery-plan.pdf"'
    )
    assert response.getvalue().startswith(b"%PDF")


def page_text(page):
    """All the text WeasyPrint laid out on a page."""
    texts = []

    def walk(box):
        if hasattr(box, "text"):
            texts.append(box.text)
        for child in getattr(box, "children", []):
            walk(child)

    walk(page._page_box)
    return " ".join(texts)


def test_the_pdf_has_a_cover_then_each_objective_with_page_numbers(client):
    plan = build_plan(objectives=3, actions_per_target=4)
    document = delivery_plan_document(plan)
    texts = [page_text(page) for page in document.pages]
    assert len(texts) > 3
    assert "West Lancashire Community Safety Partnership" in texts[0]
    assert "Delivery plan" in texts[0]
    everything = " ".join(texts)
    for number in (1, 2, 3):
        assert f"Objective {number}: Reduce harm number {number}" in everything
    assert f"Page 1 of {len(texts)}" in texts[0]
    assert f"Page {len(texts)} of {len(texts)}" in texts[-1]


def test_the_pdf_repeats_the_table_headings_on_every_page_a_table_spans(client):
    plan = build_plan(objectives=1, actions_per_target=25)
    pages = [page_text(page) for page in delivery_plan_document(plan).pages]
    table_pages = pages[1:]
    assert len(table_pages) > 1
    assert all("Target & Base Line" in text and "Lead Officer" in text for text in table_pages)


def test_the_pdf_carries_its_title_and_language(client):
    plan = build_plan(objectives=1)
    document = delivery_plan_document(plan)
    assert document.metadata.title == (
        "West Lancashire Community Safety Partnership: Partnership Plan 2011 to 2012 "
        "– delivery plan"
    )
    assert document.metadata.lang == "en-GB"


def test_a_draft_plans_pdf_says_draft_on_the_cover():
    plan = build_plan(objectives=1, draft=True)
    cover = page_text(delivery_plan_document(plan).pages[0])
    assert "Draft – not published." in cover


def test_the_pdf_source_escapes_a_script_tag_and_has_no_email(client):
    plan = build_plan(objectives=1)
    action = first_action(plan)
    action.text = SCRIPT
    action.save()
    html = delivery_plan_html(plan)
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html
    assert EMAIL not in html


def test_the_pdf_never_fetches_from_the_network():
    fetcher = LocalOnlyFetcher()
    with pytest.raises(ValueError, match="only local static files"):
        fetcher.fetch("http://example.org/style.css")
    with pytest.raises(ValueError, match="not a static file"):
        fetcher.fetch("file:///etc/passwd")


# Who may download


@pytest.mark.parametrize("kind", ["csv", "xlsx", "json", "pdf"])
def test_a_draft_plan_is_404_to_the_public_in_every_format(client, kind):
    plan = build_plan(objectives=1, draft=True)
    assert download(client, plan, kind).status_code == 404


@pytest.mark.parametrize("kind", ["csv", "xlsx", "json", "pdf"])
def test_staff_may_download_a_draft_plan(client, kind):
    plan = build_plan(objectives=1, draft=True)
    client.force_login(plan_manager_of(plan.partnership))
    assert download(client, plan, kind).status_code == 200


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_no_email_address_in_the_spreadsheets(client, kind):
    plan = build_plan(objectives=1)
    if kind == "csv":
        assert EMAIL not in download(client, plan, kind).getvalue().decode("utf-8-sig")
    else:
        sheet = open_workbook(download(client, plan, kind))["Delivery plan"]
        cells = [str(value) for row in sheet.iter_rows(values_only=True) for value in row]
        assert not any(EMAIL in cell for cell in cells)


# Queries: 1 the content version for the cache (public/caching.py), 2 the plan with its
# partnership, 3 objectives, 4 targets, 5 measures, 6 actions, 7 their approved updates, 8 their
# milestones (each action's state: progress.rag.assess_action), 9 the plan's own columns (none
# here, so none of their values is asked for).
TABLE_QUERIES = 9
# JSON adds: the targets' owners, lead officers and funding; approved measurements; the
# actions' owners, lead officers and funding.
JSON_QUERIES = TABLE_QUERIES + 7
# The PDF is drawn by the documents worker; the tests' immediate queue runs it inside the
# request, so its queries are counted here too. The request: 1 the plan, 2 the content version,
# 3 the document's row, 4-6 its creation (savepoint, insert, release). The render: 7 claiming
# it, 8 the row with its plan, 9-12 objectives, targets, measures, actions, 13 the actions'
# approved updates, 14 their milestones, 15 the plan's own columns, 16 marking it ready, 17 older
# copies to delete. Back in the request: 18 the row, now ready.
DOCUMENT_QUERIES = 18
# A document already drawn: 1 the plan, 2 the content version, 3 the document's row.
READY_DOCUMENT_QUERIES = 3


@pytest.mark.parametrize("actions_per_target", [1, 10])
@pytest.mark.parametrize(
    "kind, queries",
    [
        ("csv", TABLE_QUERIES),
        ("xlsx", TABLE_QUERIES),
        ("pdf", DOCUMENT_QUERIES),
        ("json", JSON_QUERIES),
    ],
)
def test_export_queries_do_not_grow_with_the_plan(
    client, django_assert_num_queries, kind, queries, actions_per_target
):
    plan = build_plan(objectives=3, actions_per_target=actions_per_target)
    with django_assert_num_queries(queries):
        response = download(client, plan, kind)
    assert response.status_code == 200


# Caching


# The rate-limited downloads come from the view's cache (each is counted, so the front door
# never answers them): only the content version is read (the PDF also reads its row in the
# document store, documents/store.py). The JSON (open data, no rate limit) is
# answered by the front door with no query (cspplan/pagecache.py).
@pytest.mark.parametrize(
    ("kind", "queries"), [("csv", 1), ("xlsx", 1), ("json", 0), ("pdf", READY_DOCUMENT_QUERIES)]
)
def test_a_second_download_comes_from_the_cache_still_named_after_the_plan(
    client, django_assert_num_queries, kind, queries
):
    plan = build_plan(objectives=1)
    first = download(client, plan, kind)
    with django_assert_num_queries(queries):
        second = download(client, plan, kind)
    assert second.getvalue() == first.getvalue()
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert second["ETag"] == first["ETag"]


def test_an_officers_edit_shows_in_the_next_download(client):
    plan = build_plan(objectives=1)
    download(client, plan, "csv")
    action = first_action(plan)
    action.text = "Patrols in Burscough from June"
    action.save()
    assert "Patrols in Burscough from June" in download(client, plan, "csv").getvalue().decode()


def test_an_unchanged_download_answers_304_to_a_conditional_get(client):
    plan = build_plan(objectives=1)
    etag = download(client, plan, "json")["ETag"]
    url = reverse("plans:delivery_plan_json", args=[plan.slug])
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304


# The contract with the importer (issue 5): a downloaded file imports back unchanged.


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_downloaded_spreadsheet_imports_back_into_a_plan_with_the_same_content(client, kind):
    """The XLSX exactly, its hidden sheet carrying the measures; the open-data CSV carries no
    measures (they are a CSV of their own), so its targets' figures are read from their words."""
    from tests.importer.test_import_roundtrip import build_rich_plan, import_as_new_plan
    from tests.importer_helpers import plan_content, without_measures

    source = build_rich_plan()
    if not source.is_public:
        source.publish()
        source.save()
    response = download(client, source, kind)
    copy = import_as_new_plan(f"{source.slug}-delivery-plan.{kind}", response.getvalue(), source)
    if kind == "xlsx":
        assert plan_content(copy) == plan_content(source)
    else:
        assert without_measures(plan_content(copy)) == without_measures(plan_content(source))
