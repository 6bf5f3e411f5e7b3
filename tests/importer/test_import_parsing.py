"""How the importer reads the words of a delivery-plan table."""

import datetime
from decimal import Decimal

import pytest

from actions.due_dates import parse_due_date
from importer.drafts import split_actions
from importer.measure_words import measures_from_words
from importer.reading import normalise_heading, strip_neutraliser
from importer.services import preview, read_draft
from importer.writing import resolve_names
from objectives.models import Measure
from tests import factories
from tests.importer_helpers import csv_bytes

HEADINGS = ["Objective", "Target & Base Line", "Target", "Owner", "Actions", "Lead Officer",
            "Funding"]  # fmt: skip


def test_a_cell_of_only_bullets_is_one_action_per_bullet():
    assert split_actions("• Reduce repeat incidents\n• Support the MARAC Process") == [
        "Reduce repeat incidents",
        "Support the MARAC Process",
    ]


def test_bullets_after_a_lead_in_line_stay_inside_that_action():
    text = "Support operations including: -\n• Operation Summer Nights\n• Operation Night Safe"
    assert split_actions(text) == [text]


def test_a_single_bullet_line_is_kept_as_written():
    assert split_actions("- Monitor repeat victims") == ["- Monitor repeat victims"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Complete the strategy by July 2011", (datetime.date(2011, 7, 31), "by July 2011")),
        ("Report by December 2011.", (datetime.date(2011, 12, 31), "by December 2011")),
        ("Launch (20.6.11) in Ormskirk", (datetime.date(2011, 6, 20), "(20.6.11)")),
        ("Work with partners throughout the year", (None, "")),
    ],
)
def test_due_dates_are_read_from_the_action_text(text, expected):
    assert parse_due_date(text) == expected


def test_headings_are_compared_without_case_spacing_or_punctuation():
    assert normalise_heading("Target & Base Line") == normalise_heading("target and baseline")
    assert normalise_heading(" Lead-Officer ") == normalise_heading("Lead Officer")


def test_one_apostrophe_added_against_csv_injection_is_removed():
    assert strip_neutraliser("'=SUM(A1)") == "=SUM(A1)"
    assert strip_neutraliser("'- a bullet") == "- a bullet"
    assert strip_neutraliser("'Tis the season") == "'Tis the season"


def test_named_targets_become_one_measure_each_keeping_the_words():
    measures = measures_from_words(
        "Reduce the number of accidental dwelling fires",
        "Accidental Dwelling Fires target 68 Accidental Building Fires target 30",
    )
    assert [(m["name"], m["target_value"], m["target_wording"]) for m in measures] == [
        ("Accidental Dwelling Fires", Decimal("68"), "Accidental Dwelling Fires target 68"),
        ("Accidental Building Fires", Decimal("30"), "Accidental Building Fires target 30"),
    ]
    assert all(m["direction"] == Measure.Direction.REDUCE for m in measures)


def test_a_percentage_baseline_with_its_year_is_read_as_a_known_value():
    [measure] = measures_from_words("Feeling safe\nBaseline: 75% (2010)", "80%")
    assert measure["baseline_state"] == Measure.ValueState.KNOWN
    assert measure["baseline_value"] == Decimal("75")
    assert measure["baseline_period"] == "2010"
    assert measure["unit"] == Measure.Unit.PERCENT
    assert measure["target_value"] == Decimal("80")


@pytest.mark.parametrize(
    ("target_words", "state"),
    [
        ("TBC", Measure.ValueState.TO_BE_CONFIRMED),
        ("Local target to be agreed with YOT", Measure.ValueState.TO_BE_AGREED),
        ("Baseline to be established", Measure.ValueState.TO_BE_ESTABLISHED),
    ],
)
def test_unknown_targets_keep_their_state_and_no_number(target_words, state):
    [measure] = measures_from_words("Reduce re-offending\nBaseline (TBC)", target_words)
    assert measure["target_state"] == state
    assert "target_value" not in measure
    assert measure["baseline_state"] == Measure.ValueState.TO_BE_CONFIRMED
    assert measure["target_wording"] == target_words


def test_a_downward_trend_is_a_direction_not_a_number():
    [measure] = measures_from_words(
        "Reduce Violent Crime. Target – downward trend / maintenance", "Downward trend"
    )
    assert measure["direction"] == Measure.Direction.DOWNWARD_TREND
    assert measure["target_state"] == Measure.ValueState.NOT_APPLICABLE
    assert measure["name"] == "Reduce Violent Crime"


def test_empty_cells_carry_down_like_a_merged_table():
    rows = [
        ["Objective 4: Reduce Domestic Violence", "Increase detections", "70%", "Police",
         "First action", "Andrew Hill", "Existing budgets"],
        ["", "", "", "", "Second action", "", ""],
        ["", "", "", "Trading Standards", "Third action", "", ""],
        ["", "Second target", "TBC", "", "", "", ""],
    ]  # fmt: skip
    draft = read_draft("plan.csv", csv_bytes(HEADINGS, rows))

    first, second = draft.targets
    assert [a.text for a in first.actions] == ["First action", "Second action", "Third action"]
    assert [a.responsible.owner_wording for a in first.actions] == [
        "Police",
        "Police",
        "Trading Standards",
    ]
    assert first.responsible.lead_officer_wording == "Andrew Hill"
    assert second.actions == []
    assert second.responsible.owner_wording == ""


@pytest.mark.django_db
def test_names_without_a_slash_between_them_are_each_linked_and_other_words_reported():
    jones = factories.OfficerFactory(name="Sam Jones")
    tyrer = factories.OfficerFactory(name="Janet Tyrer")
    rows = [["Objective 2: Reduce Drug & Alcohol Misuse", "Reduce drug-related offending", "TBC",
             "", "Target known Class A users", "Sam Jones Janet Tyrer, GMW", ""]]  # fmt: skip
    draft = read_draft("plan.csv", csv_bytes(HEADINGS, rows))

    summary = preview(draft)

    assert summary.unknown_names == []
    assert summary.unmatched_words == [("officer", "Sam Jones Janet Tyrer, GMW", "GMW", "Row 2")]
    assert resolve_names(draft).officers["Sam Jones Janet Tyrer, GMW"] == [jones, tyrer]


def test_a_row_added_by_hand_to_an_exported_file_gets_its_measures_from_its_words():
    exported = '[{"name": "Detection rate", "unit": "percent", "direction": "increase", ' \
        '"baseline_state": "tbc", "target_state": "known", "target_value": "70"}]'  # fmt: skip
    rows = [
        ["Objective 4: Reduce Domestic Violence", "Increase the detection rate", "70%", "Police",
         "First action", "", "", exported],
        ["", "Reduce accidental dwelling fires", "target 68", "LFRS", "Second action", "", "",
         ""],
        ["", "A row with no measures", "", "", "Third action", "", "", "[]"],
    ]  # fmt: skip
    draft = read_draft("plan.csv", csv_bytes([*HEADINGS, "Measures"], rows))

    exported_row, added_by_hand, without = draft.targets
    assert [m["name"] for m in exported_row.measures] == ["Detection rate"]
    assert [m["target_value"] for m in added_by_hand.measures] == [Decimal("68")]
    assert without.measures == []
