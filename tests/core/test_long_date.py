"""A day in words (``objectives.figures.long_date``) is formatted once per day and language:
every action's sentence names a day, and formatting it each time was a sixth of a county
delivery plan's time. Each language keeps its own words."""

import datetime
from unittest import mock

from django.utils import translation
from django.utils.formats import date_format

from objectives import figures


def test_a_day_is_formatted_once_per_language():
    day = datetime.date(2031, 7, 14)  # a day no other test formats
    with translation.override("cy"):
        welsh = date_format(day, "j F Y")
    assert welsh != "14 July 2031"
    with mock.patch("objectives.figures.date_format", wraps=figures.date_format) as formatting:
        with translation.override("en"):
            assert figures.long_date(day) == figures.long_date(day) == "14 July 2031"
        with translation.override("cy"):
            assert figures.long_date(day) == figures.long_date(day) == welsh
        with translation.override("en"):
            assert figures.long_date(day) == "14 July 2031"
    assert formatting.call_count == 2
