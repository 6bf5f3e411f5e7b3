"""The calendar quarter an update must fall in, shared by "my actions" and the reminders."""

import datetime

import pytest

from cspplan.quarters import current_quarter, needs_update, quarter_label

D = datetime.date


@pytest.mark.parametrize(
    ("today", "quarter"),
    [
        (D(2011, 1, 1), (D(2011, 1, 1), D(2011, 3, 31))),
        (D(2011, 5, 31), (D(2011, 4, 1), D(2011, 6, 30))),
        (D(2011, 9, 30), (D(2011, 7, 1), D(2011, 9, 30))),
        (D(2011, 12, 31), (D(2011, 10, 1), D(2011, 12, 31))),
        (D(2012, 2, 29), (D(2012, 1, 1), D(2012, 3, 31))),
    ],
)
def test_the_current_quarter_is_the_calendar_quarter_containing_today(today, quarter):
    assert current_quarter(today) == quarter


def test_an_item_needs_an_update_unless_one_was_recorded_since_the_quarter_began():
    today = D(2011, 8, 15)
    assert needs_update(None, today)
    assert needs_update(D(2011, 6, 30), today)
    assert not needs_update(D(2011, 7, 1), today)


def test_the_quarter_is_named_in_plain_words():
    assert quarter_label(D(2011, 7, 1)) == "Jul–Sep 2011"
