"""A malformed file changes nothing and says exactly why, naming the row and column."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from cspplan.models import Organisation, Plan
from importer.services import PlanImportError, read_draft, read_table, write_plan
from objectives.models import Objective
from tests import factories
from tests.importer_helpers import csv_bytes, docx_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADINGS = [
    "Objective",
    "Target & Base Line",
    "March 2012",
    "Owner",
    "Actions",
    "Lead Officer",
    "Funding",
]


def good_rows():
    return [
        [
            "Objective 6: Reduce Arson and Improve Fire Safety",
            "Reduce accidental dwelling fires",
            "Accidental Dwelling Fires target 68",
            "LFRS",
            "Deliver Home Fire Safety Checks",
            "John Buck",
            "Existing budgets",
        ]
    ]


@pytest.fixture
def known_names():
    fire = factories.OrganisationFactory(name="Lancashire Fire and Rescue", short_name="LFRS")
    factories.OfficerFactory(name="John Buck", organisation=fire)
    factories.FundingSourceFactory(name="Existing budgets")


def problems_for(name, data, **kwargs):
    with pytest.raises(PlanImportError) as error:
        draft = read_draft(name, data, **kwargs)
        write_plan(
            draft=draft,
            partnership=factories.PartnershipFactory(),
            title="New plan",
            start=datetime.date(2011, 4, 1),
            end=datetime.date(2012, 3, 31),
        )
    return str(error.value)


def test_a_good_file_imports(known_names):
    draft = read_draft("plan.csv", csv_bytes(HEADINGS, good_rows()))
    assert [o.number for o in draft.objectives] == [6]


def test_an_unknown_heading_is_ignored_and_said_so(known_names):
    headings = [*HEADINGS[:6], "Budget holder"]
    table = read_table("plan.csv", csv_bytes(headings, good_rows()))
    [use] = [use for use in table.columns if use.heading == "Budget holder"]
    assert (use.field, use.is_guess) == ("ignore", True)


def test_a_missing_owner_column_leaves_the_owners_blank(known_names):
    headings = [h for h in HEADINGS if h != "Owner"]
    rows = [[cell for i, cell in enumerate(good_rows()[0]) if i != 3]]
    draft = read_draft("plan.csv", csv_bytes(headings, rows))
    assert draft.actions[0].responsible.owner_wording == ""


def test_a_table_without_an_actions_column_is_refused_naming_the_header_row(known_names):
    headings = [h if h != "Actions" else "Notes" for h in HEADINGS]
    message = problems_for("plan.csv", csv_bytes(headings, good_rows()))
    assert "Row 1: no column is taken as Actions" in message


def test_headings_match_ignoring_case_spacing_and_punctuation(known_names):
    headings = ["OBJECTIVE", "target and baseline", "march  2012", "owner", "Actions.",
                "lead-officer", "Funding"]  # fmt: skip
    draft = read_draft("plan.csv", csv_bytes(headings, good_rows()))
    assert draft.target_label == "march  2012"
    assert draft.targets[0].target_wording == "Accidental Dwelling Fires target 68"


def test_an_empty_file_is_refused():
    assert "the file is empty" in problems_for("plan.csv", b"")
    assert "no headings and no rows" in problems_for("plan.csv", b"\n,,,\n")


def test_headings_without_rows_are_refused():
    assert "headings but no rows" in problems_for("plan.csv", csv_bytes(HEADINGS, []))


def test_a_wrong_file_type_is_refused():
    assert "“plan.pdf” is not a file type" in problems_for("plan.pdf", b"%PDF-1.4")


def test_a_file_with_the_wrong_contents_for_its_type_is_refused():
    assert "not a valid Excel (.xlsx) workbook" in problems_for("plan.xlsx", b"not a zip")
    assert "not a valid Word (.docx) document" in problems_for("plan.docx", b"not a zip")


def test_a_file_over_the_size_limit_is_refused(settings, known_names):
    settings.PLAN_IMPORT_MAX_BYTES = 100
    data = csv_bytes(HEADINGS, good_rows())
    assert f"the file is {len(data):,} bytes; the limit is 100 bytes" in problems_for(
        "plan.csv", data
    )


def test_a_csv_saved_by_excel_in_cp1252_is_read_correctly(known_names):
    rows = good_rows()
    rows[0][4] = "Fit smoke alarms – £5 each"
    data = csv_bytes(HEADINGS, rows, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")

    draft = read_draft("plan.csv", data)

    assert draft.actions[0].text == "Fit smoke alarms – £5 each"


def test_a_measures_value_that_is_not_a_number_names_row_and_column(known_names):
    headings = [*HEADINGS, "Measures"]
    rows = [[*good_rows()[0], '[{"name": "Fires", "unit": "count", "direction": "reduce", '
             '"target_state": "known", "target_value": "sixty-eight"}]']]  # fmt: skip
    message = problems_for("plan.csv", csv_bytes(headings, rows))
    assert (
        "Row 2, column Measures: measure 1 (“Fires”): target_value “sixty-eight” is not a number"
        in message
    )


def test_a_spreadsheet_formula_is_refused_naming_its_cell(known_names):
    rows = good_rows()
    rows[0][2] = "=SUM(1,2)"
    data = xlsx_bytes(HEADINGS, rows, neutralise=False)
    message = problems_for("plan.xlsx", data)
    assert "Sheet 'Delivery plan', cell C2: holds a formula" in message


def test_an_unknown_owner_names_its_row_and_nothing_is_written(known_names):
    rows = good_rows()
    rows.append(["", "", "", "Neighbourhood Watch", "Run a leaflet drop", "", ""])
    plans, objectives = Plan.objects.count(), Objective.objects.count()

    message = problems_for("plan.csv", csv_bytes(HEADINGS, rows))

    assert "Row 3: unknown organisation “Neighbourhood Watch”" in message
    assert (Plan.objects.count(), Objective.objects.count()) == (plans, objectives)


def test_an_objective_cell_without_a_label_is_numbered_in_order_as_a_guess(known_names):
    rows = good_rows()
    rows[0][0] = "Arson"
    draft = read_draft("plan.csv", csv_bytes(HEADINGS, rows))
    [objective] = draft.objectives
    assert (objective.number, objective.title) == (1, "Arson")
    assert objective.notes == ["numbered 1 in order for its web address: the heading has none"]


def test_the_command_reports_problems_and_writes_nothing(tmp_path, known_names):
    partnership = factories.PartnershipFactory()
    rows = good_rows()
    rows[0][3] = "Unknown Agency"
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes(HEADINGS, rows))

    with pytest.raises(CommandError) as error:
        call_command(
            "import_plan", str(path), "--partnership", partnership.slug, "--title", "X",
            "--start", "2011-04-01", "--end", "2012-03-31",
        )  # fmt: skip

    assert "nothing was written" in str(error.value)
    assert "Row 2: unknown organisation “Unknown Agency”" in str(error.value)
    assert not Plan.objects.filter(title="X").exists()


def test_create_missing_creates_the_unknown_organisations(tmp_path, known_names):
    partnership = factories.PartnershipFactory()
    rows = good_rows()
    rows[0][3] = "Neighbourhood Watch / LFRS"
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes(HEADINGS, rows))

    call_command(
        "import_plan", str(path), "--partnership", partnership.slug, "--title", "X",
        "--start", "2011-04-01", "--end", "2012-03-31", "--create-missing",
        stdout=io.StringIO(),
    )  # fmt: skip

    watch = Organisation.objects.get(name="Neighbourhood Watch")
    action = Plan.objects.get(title="X").objectives.get().targets.get().actions.get()
    assert set(action.owners.all()) == {watch, Organisation.objects.get(short_name="LFRS")}


def test_a_word_document_table_is_read_with_the_objective_from_the_paragraph_before_it(
    known_names,
):
    rows = [row[1:] for row in good_rows()]
    data = docx_bytes([("Objective 6: Reduce Arson and Improve Fire Safety", HEADINGS[1:], rows)])
    headings_with_objective = docx_bytes([(None, HEADINGS, good_rows())])

    for document in (data, headings_with_objective):
        draft = read_draft("plan.docx", document)
        assert [(o.number, o.title) for o in draft.objectives] == [
            (6, "Reduce Arson and Improve Fire Safety")
        ]
        assert draft.actions[0].text == "Deliver Home Fire Safety Checks"


def test_a_word_table_with_merged_cells_carries_them_down(known_names):
    from docx import Document

    document = Document()
    table = document.add_table(rows=4, cols=7)
    table.rows[0].cells[0].merge(
        table.rows[0].cells[6]
    ).text = "Objective 6: Reduce Arson and Improve Fire Safety"
    for cell, text in zip(table.rows[1].cells, HEADINGS, strict=True):
        cell.text = text
    first, second = table.rows[2].cells, table.rows[3].cells
    for column in (1, 2, 3, 5, 6):
        first[column].merge(second[column])
    first[1].text = "Reduce accidental dwelling fires"
    first[2].text = "Accidental Dwelling Fires target 68"
    first[3].text = "LFRS"
    first[5].text = "John Buck"
    first[6].text = "Existing budgets"
    first[4].text = "Deliver Home Fire Safety Checks"
    second[4].text = "Promote electrical safety"
    buffer = io.BytesIO()
    document.save(buffer)

    draft = read_draft("plan.docx", buffer.getvalue())

    [target] = draft.targets
    assert [a.text for a in target.actions] == [
        "Deliver Home Fire Safety Checks",
        "Promote electrical safety",
    ]
    assert {a.responsible.owner_wording for a in target.actions} == {"LFRS"}
