"""Tables in other partnerships' shapes (invented for the tests) import, through a preview that
says what was understood from each cell and what was guessed; nothing is ever made up."""

import datetime
import io
from decimal import Decimal

import pytest

from cspplan.models import FundingSource, Officer, Organisation
from importer.cells import read_funding, read_person
from importer.services import PlanImportError, preview, read_draft, read_table, write_plan
from objectives.models import Measure
from tests import factories
from tests.importer import tolerant_tables as shapes

pytestmark = pytest.mark.django_db
State = Measure.ValueState


def write(draft, **kwargs):
    return write_plan(
        draft=draft,
        partnership=kwargs.pop("partnership", None) or factories.PartnershipFactory(),
        title="Invented plan",
        start=datetime.date(2007, 4, 1),
        end=datetime.date(2008, 3, 31),
        create_missing=True,
        **kwargs,
    )


def columns(table):
    return {use.heading: (use.field, use.is_guess) for use in table.columns}


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-8-sig"])
def test_outcomes_below_title_rows_in_each_8_bit_encoding(encoding):
    data = shapes.csv_text(shapes.OUTCOMES).encode(encoding)

    table = read_table("plan.csv", data)
    draft = read_draft("plan.csv", data)

    assert table.title_rows[0] == "Anyshire Community Safety Partnership"
    assert columns(table)["What we will do"] == ("Actions", True)
    assert columns(table)["March 08"] == ("target column", True)
    assert draft.target_label == "March 08"
    assert [(o.number, o.heading) for o in draft.objectives] == [
        (1, "Outcome 1: Fewer burglaries in Exampleton"),
        (2, "Outcome 2: Busier youth clubs"),
    ]
    first = draft.objectives[0].targets[0]
    assert [a.text for a in first.actions] == [
        "Run a “lock it” campaign – autumn",
        "Mark property on two invented estates",
    ]
    assert first.actions[1].responsible.funding_wording == "£9,000 Invented Safety Fund"


def test_utf16_tab_separated_strands_with_a_year_heading():
    data = shapes.csv_text(shapes.STRANDS, delimiter="\t").encode("utf-16")

    draft = read_draft("plan.csv", data)

    assert draft.target_label == "2008/09"
    assert [o.number for o in draft.objectives] == [3, 4]
    assert draft.objectives[0].heading == "Strand 3: Quieter evenings"
    [agreed] = draft.objectives[0].targets[0].measures
    assert (agreed["target_state"], agreed.get("target_value")) == (State.TO_BE_AGREED, None)
    assert "Read as UTF-16 text." in preview(draft).notes


def test_unnumbered_objectives_are_numbered_in_order_and_marked_as_guesses():
    draft = read_draft("plan.csv", shapes.csv_text(shapes.UNNUMBERED).encode("utf-8-sig"))

    assert [(o.number, o.heading) for o in draft.objectives] == [
        (1, "Aim: Less harm from alcohol"),
        (2, "Aim: Safer invented roads"),
    ]
    assert draft.objectives[1].notes == [
        "numbered 2 in order for its web address: the heading has none"
    ]
    [measure] = draft.objectives[0].targets[0].measures
    assert measure["direction"] == Measure.Direction.ESTABLISH_BASELINE
    assert measure["target_state"] == State.TO_BE_ESTABLISHED
    assert measure.get("target_value") is None  # the suggested 2% is not a target
    assert draft.actions[0].responsible.lead_officer_wording == ""
    assert len(draft.objectives[0].targets[0].actions) == 2


def test_lettered_objectives_in_rows_of_their_own():
    draft = read_draft("plan.csv", shapes.csv_text(shapes.LETTERED).encode())

    assert [(o.number, o.heading) for o in draft.objectives] == [
        (1, "Priority A: Tidy streets"),
        (2, "Priority B: Safer shops"),
    ]
    assert draft.objectives[0].notes == ["numbered 1 from its letter A"]
    [graffiti] = draft.objectives[0].targets[0].measures
    assert graffiti["direction"] == Measure.Direction.REDUCE
    assert (graffiti["target_state"], graffiti.get("target_value")) == (State.TO_BE_CONFIRMED, None)
    assert "reduce by 10% against the baseline" in graffiti["_understood"]


def test_changes_and_figures_in_targets_are_understood_without_inventing_any():
    data = shapes.csv_text(shapes.OUTCOMES).encode()
    plan = write(read_draft("plan.csv", data))

    burglary, clubs = (o.targets.get().measures.get() for o in plan.objectives.all())
    assert (burglary.direction, burglary.target_state, burglary.target_value) == (
        Measure.Direction.REDUCE,
        State.TO_BE_CONFIRMED,
        None,
    )
    assert burglary.target_wording == "-21% by 2008"
    assert (clubs.direction, clubs.target_state, clubs.target_value) == (
        Measure.Direction.INCREASE,
        State.KNOWN,
        Decimal("20"),
    )


def test_owners_officers_with_ranks_and_funds_with_amounts_are_proposed_then_created():
    police = factories.OrganisationFactory(name="Exampleton Police")
    data = shapes.csv_text(shapes.OUTCOMES).encode()
    draft = read_draft("plan.csv", data)

    summary = preview(draft)
    proposals = {(kind, name): proposal for kind, name, proposal, _ in summary.proposals}
    assert proposals[("officer", "Chief Inspector Jane Smith")] == "Jane Smith (Chief Inspector)"
    assert proposals[("funding source", "£9,000 Invented Safety Fund")] == "Invented Safety Fund"
    assert ("organisation", "Exampleton Police") not in proposals
    first_action = summary.objectives[0]["targets"][0]["actions"][0]
    funding = next(cell for cell in first_action["cells"] if cell.column == "Funding")
    assert [(item.text, item.guess) for item in funding.items] == [
        ("new funding source: Invented Safety Fund", True),
        ("amount £9,000", True),
    ]

    plan = write(draft)

    jane = Officer.objects.get(name="Jane Smith")
    assert jane.title == "Chief Inspector"
    assert Officer.objects.get(name="Sam Example").role == "Youth Manager"
    fund = FundingSource.objects.get(name="Invented Safety Fund")
    action = plan.objectives.get(number=1).targets.get().actions.first()
    assert set(action.owners.all()) == {police, Organisation.objects.get(name="Anyshire Council")}
    assert list(action.lead_officers.all()) == [jane]
    assert list(action.funding_sources.all()) == [fund]
    assert action.funding_wording == "£9,000 Invented Safety Fund"


def test_a_known_officer_is_matched_by_name_whatever_rank_the_table_gives():
    known = factories.OfficerFactory(name="Jane Smith", title="")
    draft = read_draft("plan.csv", shapes.csv_text(shapes.OUTCOMES).encode())

    assert ("officer", "Chief Inspector Jane Smith") not in {
        (kind, name) for kind, name, _, _ in preview(draft).proposals
    }
    plan = write(draft)
    action = plan.objectives.get(number=1).targets.get().actions.first()
    assert list(action.lead_officers.all()) == [known]


def test_xlsx_with_merged_cells():
    draft = read_draft("plan.xlsx", shapes.xlsx_with_merged_cells())

    [objective] = draft.objectives
    assert (objective.number, objective.heading) == (1, "Goal 1: Quieter nights")
    first, second = objective.targets
    assert [a.text for a in first.actions] == [
        "Patrol the high street",
        "Close one late bar early",
    ]
    assert [a.text for a in second.actions] == ["Map repeat callers"]
    # The owner, lead officer and fund merged down all three rows belong to the second target.
    assert second.responsible.owner_wording == "Invented Housing Trust"
    assert second.responsible.lead_officer_wording == "Insp Kim Placeholder"
    assert first.measures[0]["target_value"] == Decimal("40")
    assert second.measures[0]["baseline_state"] == State.TO_BE_ESTABLISHED
    assert draft.target_label == "Target 2009"


def test_docx_with_two_tables_a_merged_title_row_and_merged_owners():
    draft = read_draft("plan.docx", shapes.docx_with_two_tables())

    assert [(o.number, o.heading) for o in draft.objectives] == [
        (1, "Objective 1: Fewer invented fires"),
        (2, "Theme 2: Safer invented shops"),
    ]
    [shops] = draft.objectives[1].targets
    assert [a.text for a in shops.actions] == ["Visit shops", "Run a shop-watch scheme"]
    assert {a.responsible.owner_wording for a in shops.actions} == {"Exampleton Police"}
    assert shops.measures[0]["target_value"] == Decimal("30")
    assert "Skipped a title row above the headings: “Shops (invented)”" in preview(draft).notes
    plan = write(draft)
    assert Officer.objects.get(name="Lee Doe").title == "Watch Manager"
    assert plan.objectives.count() == 2


def test_a_mapping_says_which_column_holds_what():
    rows = [
        ["Objective", "Things to do", "Who", "Notes"],
        ["Objective 1: Invented", "Sweep the square", "Anyshire Council", "internal"],
    ]
    data = shapes.csv_text(rows).encode()
    with pytest.raises(PlanImportError) as error:
        read_draft("plan.csv", data)
    assert "Row 1: no column is taken as Actions" in str(error.value)
    assert {use.heading for use in error.value.columns} == {"Objective", "Things to do", "Who",
                                                            "Notes"}  # fmt: skip

    draft = read_draft("plan.csv", data, mapping={"Things to do": "Actions", "Notes": "ignore"})

    assert draft.actions[0].text == "Sweep the square"
    assert draft.actions[0].responsible.owner_wording == "Anyshire Council"  # "Who": a guess


def test_a_refused_file_names_row_and_column_and_writes_nothing():
    rows = [["Outcome", "Target", "Owner", "Actions"],
            ["Outcome 1: One", "x", "Anyshire Council", "a"],
            ["Outcome 1: Again", "y", "Anyshire Council", "b"]]  # fmt: skip
    with pytest.raises(PlanImportError) as error:
        read_draft("plan.csv", shapes.csv_text(rows).encode())
    assert "Row 3, column Outcome: objective number 1 appears twice" in str(error.value)


@pytest.mark.parametrize(
    ("text", "name", "title", "role"),
    [
        ("Chief Inspector Jane Smith", "Jane Smith", "Chief Inspector", ""),
        ("Sgt. Max Sample", "Max Sample", "Sgt", ""),
        ("Sam Example, Youth Manager", "Sam Example", "", "Youth Manager"),
        ("Robin Sample", "Robin Sample", "", ""),
    ],
)
def test_people_and_their_ranks(text, name, title, role):
    assert read_person(text) == type(read_person(text))(name, title, role)


@pytest.mark.parametrize(
    ("text", "source", "amount"),
    [
        ("£90,000 Invented Executive", "Invented Executive", Decimal("90000")),
        ("Staff time – Police", "Staff time – Police", None),
        ("Home Office (invented) – £5k", "Home Office (invented)", Decimal("5000")),
        ("£1.5 million from the Invented Lottery", "the Invented Lottery", Decimal("1500000")),
        ("£2,500", "", Decimal("2500")),
    ],
)
def test_funds_and_their_amounts(text, source, amount):
    funding = read_funding(text)
    assert (funding.source, funding.amount) == (source, amount)


def test_an_action_that_begins_like_a_heading_stays_an_action():
    rows = [
        ["Objective", "Target", "Owner", "Actions"],
        ["Objective 1: Invented", "TBC", "Anyshire Council", "Sweep the square"],
        ["", "", "", "Aim: a cleaner invented square by June"],
    ]
    draft = read_draft("plan.csv", shapes.csv_text(rows).encode())
    assert [o.number for o in draft.objectives] == [1]
    assert draft.actions[1].text == "Aim: a cleaner invented square by June"


def test_a_file_with_no_header_row_is_refused_naming_its_first_row():
    rows = [["Just some notes"], ["about an invented plan"]]
    with pytest.raises(PlanImportError) as error:
        read_draft("plan.csv", shapes.csv_text(rows).encode())
    assert "Row 1: no header row found" in str(error.value)


def test_an_xlsx_problem_names_the_sheet_row_and_column():
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append(["Invented title"])
    sheet.append(["Outcome", "Target", "Owner", "Actions", "Measures"])
    sheet.append(["Outcome 1: Invented", "x", "Anyshire Council", "Do it", "not json"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(PlanImportError) as error:
        read_draft("plan.xlsx", buffer.getvalue())
    assert "Sheet 'Plan', row 3, column Measures" in str(error.value)
