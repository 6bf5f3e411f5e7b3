"""The counts of measures' or objectives' colours (progress/assessment.py): every status somebody
has, in the order the statuses are declared, with its words. Objects built in memory."""

from django.utils import translation

from progress.assessment import Assessment, RagStatus, StatusCount, count_by_status


def test_colours_are_counted_in_their_declared_order_with_their_words_leaving_out_nobodys():
    assessed = [
        Assessment(RagStatus.GREEN, ""),
        Assessment(RagStatus.NOT_MEASURED, ""),
        Assessment(RagStatus.RED, ""),
        Assessment(RagStatus.GREEN, ""),
    ]
    with translation.override("en"):
        counted = count_by_status(assessed)
    assert counted == [
        StatusCount("red", "Off track", 1),
        StatusCount("green", "On track", 2),
        StatusCount("not_measured", "Not yet measured", 1),
    ]


def test_nothing_assessed_counts_nothing():
    assert count_by_status([]) == []
