"""police.uk street files → monthly measurements (importer/police_uk.py and its command).

Every file here is written by the test in police.uk's format, with invented rows.
"""

import csv
import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from importer import police_uk
from objectives.models import ApprovalStatus, Measure, Measurement
from progress.approval import approve_measurement
from progress.rag import assess_measure
from tests import factories
from tests.personas import plan_manager_of

pytestmark = pytest.mark.django_db

ASB = "Anti-social behaviour"


def row(month, crime_type=ASB, lsoa="West Lancashire 001A", crime_id=""):
    """One invented row; anti-social behaviour has no Crime ID, crimes an invented one."""
    if crime_type != ASB and not crime_id:
        crime_id = "invented" + "0" * 56
    return [crime_id, month, "Invented Constabulary", "Invented Constabulary", "-2.9", "53.5",
            "On or near Invented Street", "E01000000", lsoa, crime_type, "", ""]  # fmt: skip


def street_file(folder, month, rows, force="invented"):
    path = folder / month / f"{month}-{force}-street.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(police_uk.COLUMNS)
        writer.writerows(rows)
    return path


@pytest.fixture
def measure():
    return factories.MeasureFactory(
        name="Invented ASB incidents per month", figures_period=Measure.FiguresPeriod.MONTH,
        baseline_value=Decimal("40"), baseline_wording="40", target_value=Decimal("30"),
        target_wording="30",
    )  # fmt: skip


def _approve(measure):
    manager = plan_manager_of(measure.plan.partnership)
    approve_measurement(measurement_pk=Measurement.objects.get(measure=measure).pk, by=manager)


def figures(measure):
    return {
        m.period_start.isoformat(): (m.value, m.status)
        for m in Measurement.objects.filter(measure=measure)
    }


def test_it_counts_a_crime_type_month_by_month_for_approval(tmp_path, measure):
    street_file(tmp_path, "2011-05", [row("2011-05")] * 3 + [row("2011-05", "Burglary")])
    street_file(tmp_path, "2011-06", [row("2011-06")] * 2)
    call_command("import_police_uk", str(tmp_path), measure=measure.pk, crime_type=ASB)
    assert figures(measure) == {
        "2011-05-01": (Decimal(3), ApprovalStatus.SUBMITTED),
        "2011-06-01": (Decimal(2), ApprovalStatus.SUBMITTED),
    }
    may = Measurement.objects.get(measure=measure, period_start="2011-05-01")
    assert may.period_end == datetime.date(2011, 5, 31) and may.period_label == "May 2011"
    assert "2011-05-invented-street.csv" in may.source


def test_a_month_imported_twice_is_not_doubled_and_keeps_its_approval(tmp_path, measure):
    path = street_file(tmp_path, "2011-05", [row("2011-05")] * 3)
    call_command("import_police_uk", str(path), measure=measure.pk, crime_type=ASB)
    _approve(measure)
    call_command("import_police_uk", str(path), measure=measure.pk, crime_type=ASB)
    assert figures(measure) == {"2011-05-01": (Decimal(3), ApprovalStatus.APPROVED)}


def test_a_corrected_file_replaces_its_month_with_history(tmp_path, measure):
    path = street_file(tmp_path, "2011-05", [row("2011-05")] * 3)
    call_command("import_police_uk", str(path), measure=measure.pk, crime_type=ASB)
    _approve(measure)
    street_file(tmp_path, "2011-05", [row("2011-05")] * 5)
    call_command("import_police_uk", str(path), measure=measure.pk, crime_type=ASB)
    measurement = Measurement.objects.get(measure=measure)
    assert (measurement.value, measurement.status) == (Decimal(5), ApprovalStatus.SUBMITTED)
    assert [h.value for h in measurement.history.order_by("history_date")][0] == Decimal(3)


def test_only_the_districts_lsoas_are_counted(tmp_path, measure):
    rows = [row("2011-05"), row("2011-05", lsoa="Invented Other District 002B"),
            row("2011-05", lsoa="")]  # fmt: skip
    street_file(tmp_path, "2011-05", rows)
    call_command("import_police_uk", str(tmp_path), measure=measure.pk, crime_type=ASB,
                 lsoa_prefix="West Lancashire")  # fmt: skip
    assert figures(measure)["2011-05-01"][0] == Decimal(1)


def test_two_forces_serving_one_district_are_added_up(tmp_path, measure):
    street_file(tmp_path, "2011-05", [row("2011-05")] * 2, force="invented")
    street_file(tmp_path, "2011-05", [row("2011-05")], force="invented-transport")
    call_command("import_police_uk", str(tmp_path), measure=measure.pk, crime_type=ASB)
    assert figures(measure)["2011-05-01"][0] == Decimal(3)


def test_the_older_name_of_a_renamed_type_counts_as_todays(tmp_path, measure):
    violence = "Violence and sexual offences"
    street_file(tmp_path, "2011-05", [row("2011-05", "Violent crime")] * 2)
    street_file(tmp_path, "2011-06", [row("2011-06", violence)] * 4)
    call_command("import_police_uk", str(tmp_path), measure=measure.pk, crime_type=violence)
    assert [v for v, _ in figures(measure).values()] == [Decimal(2), Decimal(4)]


def test_a_split_type_cannot_be_counted_as_one_of_its_parts(tmp_path, measure):
    street_file(tmp_path, "2011-05", [row("2011-05", "Public disorder and weapons")])
    with pytest.raises(CommandError) as error:
        call_command("import_police_uk", str(tmp_path), measure=measure.pk,
                     crime_type="Public order")  # fmt: skip
    assert "2011-05-invented-street.csv, row 2" in str(error.value)
    assert "later split" in str(error.value)
    assert not Measurement.objects.exists()


def test_asking_for_the_older_split_name_counts_todays_parts_together(tmp_path, measure):
    street_file(tmp_path, "2011-05", [row("2011-05", "Public disorder and weapons")])
    street_file(tmp_path, "2011-06", [row("2011-06", "Public order"),
                                      row("2011-06", "Possession of weapons")])  # fmt: skip
    call_command("import_police_uk", str(tmp_path), measure=measure.pk,
                 crime_type="Public disorder and weapons")  # fmt: skip
    assert [v for v, _ in figures(measure).values()] == [Decimal(1), Decimal(2)]


def test_a_bad_row_names_the_file_and_row_and_nothing_is_written(tmp_path, measure):
    street_file(tmp_path, "2011-05", [row("2011-05")] * 2)
    street_file(tmp_path, "2011-06", [row("2011-06"), row("2011-07"), row("2011-06", "Invented")])
    with pytest.raises(CommandError) as error:
        call_command("import_police_uk", str(tmp_path), measure=measure.pk, crime_type=ASB)
    message = str(error.value)
    assert "2011-06-invented-street.csv, row 3: Month “2011-07” is not 2011-06" in message
    assert "row 4: Crime type “Invented” is not a police.uk crime type" in message
    assert not Measurement.objects.exists()


def test_a_file_with_other_columns_is_refused(tmp_path, measure):
    path = tmp_path / "2011-05-invented-street.csv"
    path.write_text("Month,Count\n2011-05,3\n")
    with pytest.raises(CommandError, match="row 1: the columns are not police.uk"):
        call_command("import_police_uk", str(path), measure=measure.pk, crime_type=ASB)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, measure, settings):
    settings.POLICE_UK_MAX_BYTES = 100
    street_file(tmp_path, "2011-05", [row("2011-05")] * 3)
    with pytest.raises(CommandError, match="the limit is 100"):
        call_command("import_police_uk", str(tmp_path), measure=measure.pk, crime_type=ASB)


def test_a_measure_per_quarter_or_a_percentage_is_refused(tmp_path):
    quarterly = factories.MeasureFactory(figures_period=Measure.FiguresPeriod.QUARTER)
    share = factories.MeasureFactory(unit=Measure.Unit.PERCENT)
    street_file(tmp_path, "2011-05", [row("2011-05")])
    with pytest.raises(CommandError, match="measured per quarter"):
        call_command("import_police_uk", str(tmp_path), measure=quarterly.pk, crime_type=ASB)
    with pytest.raises(CommandError, match="import them into a count"):
        call_command("import_police_uk", str(tmp_path), measure=share.pk, crime_type=ASB)
    assert not Measurement.objects.exists()


def _seed_asb():
    call_command("loaddata", "west_lancashire_2011_12", verbosity=0)
    return Measure.objects.get(name="Police recorded ASB", target__objective__number=8)


def test_police_uk_months_count_towards_the_seeds_yearly_asb_measure(tmp_path):
    """The issue's done-when: a police.uk month imports into the seed's yearly ASB measure as
    part of its year to date, and importing it twice changes nothing."""
    asb = _seed_asb()
    assert asb.figures_period == Measure.FiguresPeriod.YEAR
    for month, count in (("2011-04", 3), ("2011-05", 2), ("2011-06", 4)):
        street_file(tmp_path, month, [row(month)] * count)
    call_command("import_police_uk", str(tmp_path), measure=asb.pk, crime_type=ASB)
    recorded = Measurement.objects.filter(measure=asb).order_by("period_start")
    assert [(m.period_words, m.value) for m in recorded] == [
        ("April 2011", 3),
        ("May 2011", 2),
        ("June 2011", 4),
    ]
    manager = plan_manager_of(asb.plan.partnership)
    for measurement in recorded:
        approve_measurement(measurement_pk=measurement.pk, by=manager)
    latest = assess_measure(asb, Measurement.objects.filter(measure=asb), plan=asb.plan).latest
    assert latest.value == 9
    assert latest.period_words == "April–June 2011 (year to date, 3 of 12 months)"

    history = Measurement.history.count()
    call_command("import_police_uk", str(tmp_path), measure=asb.pk, crime_type=ASB)
    assert Measurement.history.count() == history
    assert [(m.value, m.status) for m in Measurement.objects.filter(measure=asb)] == [
        (Decimal(3), ApprovalStatus.APPROVED),
        (Decimal(2), ApprovalStatus.APPROVED),
        (Decimal(4), ApprovalStatus.APPROVED),
    ]


def test_an_unknown_crime_type_is_refused(tmp_path, measure):
    street_file(tmp_path, "2011-05", [row("2011-05")])
    with pytest.raises(CommandError, match="not a police.uk crime type"):
        call_command("import_police_uk", str(tmp_path), measure=measure.pk, crime_type="Invented")


def test_months_outside_the_plan_are_left_out_and_said_so(tmp_path, measure, capsys):
    street_file(tmp_path, "2009-01", [row("2009-01")])
    street_file(tmp_path, "2011-05", [row("2011-05")])
    call_command("import_police_uk", str(tmp_path), measure=measure.pk, crime_type=ASB)
    assert list(figures(measure)) == ["2011-05-01"]
    assert "January 2009: 1 – outside" in capsys.readouterr().out


def test_a_dry_run_writes_nothing(tmp_path, measure, capsys):
    street_file(tmp_path, "2011-05", [row("2011-05")] * 2)
    call_command("import_police_uk", str(tmp_path), measure=measure.pk, crime_type=ASB,
                 dry_run=True)  # fmt: skip
    assert not Measurement.objects.exists()
    assert "May 2011: 2 – new" in capsys.readouterr().out


def test_an_imported_month_reaches_residents_once_approved(tmp_path, measure, client):
    street_file(tmp_path, "2011-05", [row("2011-05")] * 7)
    call_command("import_police_uk", str(tmp_path), measure=measure.pk, crime_type=ASB)
    page = measure.target.objective.get_absolute_url()
    assert "May 2011" not in client.get(page).content.decode()
    _approve(measure)
    assert "May 2011" in client.get(page).content.decode()
