"""Column headings in the wordings partnerships use are recognised (invented tables).

Every name, place and figure here is invented for the tests.
"""

import pytest
from django.urls import reverse

from importer.headings import PLAN_COLUMN, recognise
from importer.services import read_table
from tests import factories
from tests.importer.tolerant_tables import csv_text

pytestmark = pytest.mark.django_db


def _taken(headings):
    rows = [headings, ["Invented work", *[""] * (len(headings) - 1)]]
    rows[1][headings.index("Actions")] = "Sweep the invented square"
    table = read_table("plan.csv", csv_text(rows).encode())
    return {use.heading: (use.field, use.plan_column) for use in table.columns}


@pytest.mark.parametrize(
    "heading",
    [
        "To be Achieved by",
        "By when",
        "When by?",
        "WHEN BY?",
        "Deadline",
        "Timescale",
        "Target date",
        "Completion Date",
    ],
)
def test_target_date_wordings_are_the_target_column(heading):
    taken = _taken(["Objective", "Actions", heading])

    assert taken[heading] == ("target column", "")


@pytest.mark.parametrize(
    "heading",
    [
        "Lead Agency/Group",
        "Lead agency & group",
        "Lead Partner",
        "Lead organisation",
        "WHO",
        "Who?",
        "Responsible",
    ],
)
def test_lead_wordings_are_the_owner(heading):
    taken = _taken(["Objective", "Actions", heading])

    assert taken[heading] == ("Owner", "")


@pytest.mark.parametrize(
    "heading", ["Resource Requirement", "Budget", "Cost", "Resources", "BUDGET:", "Costs"]
)
def test_resource_wordings_are_a_plan_column_of_money(heading):
    """Not one of the table's fields: marked for the plan-specific columns, not taken."""
    taken = _taken(["Objective", "Actions", heading])

    assert taken[heading] == ("ignore", "money")
    assert recognise(heading).field == PLAN_COLUMN
    assert recognise(heading).kind == "money"


def test_the_funding_source_stays_the_funding_column():
    taken = _taken(["Objective", "Actions", "Funding Source", "Resource Requirement"])

    assert taken["Funding Source"] == ("Funding", "")
    assert taken["Resource Requirement"] == ("ignore", "money")


def test_an_eight_column_table_is_read_without_a_mapping():
    """The shape of issue 23's action plan, with invented rows: the target date and the lead
    are recognised, the resources marked as money."""
    headings = [
        "Priority Area & key links with legislation",
        "Objective",
        "Action",
        "To be Achieved by",
        "Resource Requirement",
        "Available Resource",
        "Funding Source",
        "Lead Agency/Group",
    ]
    rows = [
        headings,
        ["Invented Act, part 1", "Fewer invented fires", "Fit alarms", "March 2013",
         "£9,000", "Staff time", "Invented Fire Fund", "Anyshire Fire Service"],
    ]  # fmt: skip

    table = read_table("plan.csv", csv_text(rows).encode())
    taken = {use.heading: use.field for use in table.columns}

    assert taken["To be Achieved by"] == "target column"
    assert taken["Lead Agency/Group"] == "Owner"
    assert taken["Action"] == "Actions"
    assert taken["Funding Source"] == "Funding"
    assert table.target_label == "To be Achieved by"
    row = table.rows[0].cells
    assert row["Owner"] == "Anyshire Fire Service"
    assert row["target column"] == "March 2013"


@pytest.mark.parametrize(
    ("label", "words"),
    [
        ("March 2012", "March 2012"),
        ("By 2008", "2008"),
        ("Targets by March 2009", "March 2009"),
        ("Target", "31 March 2012"),
        ("", "31 March 2012"),
        ("To be Achieved by", "the dates in the “To be Achieved by” column"),
        ("When by?", "the dates in the “When by?” column"),
    ],
)
def test_the_target_label_reads_as_a_sentence(label, words):
    plan = factories.PlanFactory.build(target_label=label)

    assert plan.targets_met_by == words


def test_the_delivery_plan_page_says_when_targets_are_met_by_a_column_heading(client):
    plan = factories.PlanFactory(target_label="To be Achieved by")
    factories.ActionFactory(target__objective__plan=plan)

    html = client.get(reverse("plans:delivery_plan", args=[plan.slug])).content.decode()

    assert "Targets are to be met by To be Achieved by." not in html
    assert "Targets are to be met by the dates in the “To be Achieved by” column." in html
