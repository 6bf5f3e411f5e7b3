"""The delivery-plan table layout shared by exports and the importer."""

import json

import pytest

from actions import delivery_table as table
from tests import factories

pytestmark = pytest.mark.django_db


def test_rows_follow_the_merged_table_layout():
    plan = factories.PlanFactory(target_label="March 2012")
    objective = factories.ObjectiveFactory(plan=plan, number=6, title="Reduce Arson")
    target = factories.TargetFactory(objective=objective, order=1, target_wording="68")
    factories.MeasureFactory(target=target, order=1, name="Accidental dwelling fires")
    first = factories.ActionFactory(target=target, order=1, owner_wording="LFRS")
    second = factories.ActionFactory(target=target, order=2, owner_wording="Trading Standards")
    lone = factories.TargetFactory(objective=objective, order=2, lead_officer_wording="John Buck")

    rows = list(table.rows(plan))

    assert [row[table.ACTION_ID] for row in rows] == [first.pk, second.pk, ""]
    assert rows[0][table.OBJECTIVE] == "Objective 6: Reduce Arson"
    assert rows[1][table.OBJECTIVE] == "" and rows[1][table.TARGET] == ""
    assert rows[0]["March 2012"] == "68" and rows[1]["March 2012"] == ""
    assert [row[table.OWNER] for row in rows[:2]] == ["LFRS", "Trading Standards"]
    assert rows[2][table.TARGET_ID] == lone.pk and rows[2][table.LEAD_OFFICER] == "John Buck"
    measures = table.measures_from_cell(rows[0][table.MEASURES])
    assert measures[0]["name"] == "Accidental dwelling fires"
    assert measures[0]["target_value"] == "80"


def test_a_tbc_measure_survives_the_measures_cell_without_becoming_zero():
    measure = factories.MeasureFactory(target_state="tbc", target_value=None)
    (item,) = json.loads(table.measures_to_cell([measure]))
    assert item["target_state"] == "tbc" and item["target_value"] is None


def test_a_malformed_measures_cell_is_explained():
    with pytest.raises(ValueError, match="not valid JSON"):
        table.measures_from_cell("{oops")
    with pytest.raises(ValueError, match="unknown fields: colour"):
        table.measures_from_cell('[{"name": "x", "colour": "red"}]')


def test_the_table_is_read_in_a_fixed_number_of_queries(django_assert_num_queries):
    plan = factories.PlanFactory()
    for number in (1, 2):
        target = factories.TargetFactory(objective__plan=plan, objective__number=number)
        factories.ActionFactory.create_batch(3, target=target)
    # the plan's own columns (none, so none of their values is asked for), objectives, their
    # targets, the targets' measures, the targets' actions
    with django_assert_num_queries(5):
        assert len(list(table.rows(plan))) == 6


@pytest.mark.parametrize("text", ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)"])
def test_formula_like_cells_are_neutralised(text):
    assert table.neutralise(text) == "'" + text
    assert table.neutralise("Reduce arson") == "Reduce arson"


def test_a_target_without_measures_says_so_rather_than_leaving_the_cell_empty():
    assert table.measures_to_cell([]) == "[]"
    assert table.measures_from_cell("[]") == []
