"""An action's due date read from its words (actions/due_dates.py): a month is its last day, a
written date that day, and the first deadline in the text counts."""

import datetime

import pytest

from actions.due_dates import parse_due_date

day = datetime.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Agree the protocol by Sept 2011", (day(2011, 9, 30), "by Sept 2011")),
        ("Review by Feb 2012", (day(2012, 2, 29), "by Feb 2012")),
        ("Review by Feb 2011", (day(2011, 2, 28), "by Feb 2011")),
        ("Publish by the end of March 2012", (day(2012, 3, 31), "by the end of March 2012")),
        ("Train staff BY JAN. 2012", (day(2012, 1, 31), "BY JAN. 2012")),
    ],
)
def test_a_month_is_due_on_its_last_day_however_it_is_written(text, expected):
    assert parse_due_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Launch (5.9.11)", (day(2011, 9, 5), "(5.9.11)")),
        ("Launch (1.12.2011)", (day(2011, 12, 1), "(1.12.2011)")),
    ],
)
def test_a_written_date_is_due_that_day_with_two_or_four_figures_of_year(text, expected):
    assert parse_due_date(text) == expected


def test_words_that_are_no_month_or_no_date_are_passed_over_for_the_next_deadline():
    assert parse_due_date("Report by Monday 2011, then by May 2012") == (
        day(2012, 5, 31),
        "by May 2012",
    )
    assert parse_due_date("Meet (31.2.12) or else (1.3.12)") == (day(2012, 3, 1), "(1.3.12)")


def test_the_first_deadline_in_the_text_counts():
    assert parse_due_date("Launch (20.6.11), report by July 2011") == (
        day(2011, 6, 20),
        "(20.6.11)",
    )
    assert parse_due_date("Report by July 2011, launch (20.6.11)") == (
        day(2011, 7, 31),
        "by July 2011",
    )


def test_a_year_below_100_is_this_centurys_and_one_of_100_or_more_is_as_written():
    assert parse_due_date("Launch (1.1.99)")[0] == day(2099, 1, 1)
    assert parse_due_date("Launch (1.1.0100)")[0] == day(100, 1, 1)
