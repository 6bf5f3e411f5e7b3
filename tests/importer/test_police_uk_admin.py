"""police.uk counts in the admin (importer/police_uk_views.py): upload → preview → confirm, for
plan managers, into their own partnerships' per-month measures only. Invented files."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from importer.police_uk import COLUMNS
from objectives.models import ApprovalStatus, Measure, Measurement
from tests import factories
from tests.importer.test_police_uk import ASB, row
from tests.personas import plan_manager_of

pytestmark = pytest.mark.django_db

UPLOAD = "/admin/objectives/measurement/police-uk/"
CONFIRM = "/admin/objectives/measurement/police-uk/confirm/"


def street_upload(month, rows, force="invented"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return SimpleUploadedFile(f"{month}-{force}-street.csv", buffer.getvalue().encode())


def per_month_measure(**kwargs):
    return factories.MeasureFactory(
        unit=Measure.Unit.COUNT,
        figures_period=Measure.FiguresPeriod.MONTH,
        name="Invented ASB",
        **kwargs,
    )


def post_upload(client, measure, files, **extra):
    return client.post(
        UPLOAD,
        {"files": files, "measure": measure.pk, "crime_type": ASB, "lsoa_prefix": "", **extra},
    )


def token_of(response):
    return re.search(r'name="token" value="([^"]+)"', response.content.decode())[1]


def test_a_plan_manager_previews_the_counts_then_records_them_for_approval(client):
    measure = per_month_measure()
    client.force_login(plan_manager_of(measure.plan.partnership))
    files = [street_upload("2011-05", [row("2011-05")] * 3),
             street_upload("2011-06", [row("2011-06")] * 2)]  # fmt: skip
    preview = post_upload(client, measure, files)
    page = " ".join(preview.content.decode().split())
    assert '<th scope="row">May 2011</th> <td>3</td>' in page
    assert '<th scope="row">June 2011</th> <td>2</td>' in page
    assert not Measurement.objects.exists()  # nothing until confirmed
    response = client.post(CONFIRM, {"token": token_of(preview)})
    assert response.status_code == 302
    values = Measurement.objects.filter(measure=measure).values_list("value", "status")
    assert sorted(values) == [(Decimal(2), ApprovalStatus.SUBMITTED),
                              (Decimal(3), ApprovalStatus.SUBMITTED)]  # fmt: skip


def test_a_bad_file_is_shown_with_its_row_and_nothing_is_kept(client):
    measure = per_month_measure()
    client.force_login(plan_manager_of(measure.plan.partnership))
    response = post_upload(client, measure, [street_upload("2011-05", [row("2011-04")])])
    assert "2011-05-invented-street.csv, row 2" in response.content.decode()
    assert not Measurement.objects.exists()


def test_another_partnerships_measure_is_not_offered(client):
    measure = per_month_measure()
    stranger = plan_manager_of(factories.PartnershipFactory(), username="stranger")
    client.force_login(stranger)
    response = post_upload(client, measure, [street_upload("2011-05", [row("2011-05")])])
    assert "Select a valid choice" in response.content.decode()
    assert not Measurement.objects.exists()


def test_a_preview_cannot_be_confirmed_by_someone_else(client):
    measure = per_month_measure()
    manager = plan_manager_of(measure.plan.partnership)
    client.force_login(manager)
    preview = post_upload(client, measure, [street_upload("2011-05", [row("2011-05")])])
    other = plan_manager_of(measure.plan.partnership, username="colleague")
    client.force_login(other)
    assert client.post(CONFIRM, {"token": token_of(preview)}).status_code == 403
    assert not Measurement.objects.exists()


def test_a_measure_per_quarter_is_not_offered(client):
    quarterly = factories.MeasureFactory(figures_period=Measure.FiguresPeriod.QUARTER)
    client.force_login(plan_manager_of(quarterly.plan.partnership))
    response = post_upload(client, quarterly, [street_upload("2011-05", [row("2011-05")])])
    assert "Select a valid choice" in response.content.decode()


def test_a_count_per_year_is_offered_and_its_months_count_towards_the_year(client):
    yearly = factories.MeasureFactory(
        name="Invented yearly ASB", figures_period=Measure.FiguresPeriod.YEAR
    )
    client.force_login(plan_manager_of(yearly.plan.partnership))
    response = post_upload(client, yearly, [street_upload("2011-05", [row("2011-05")])])
    page = response.content.decode()
    assert "Select a valid choice" not in page
    assert "counts towards its year to date" in page


def test_a_file_over_the_limit_is_refused_before_it_is_read(client, settings):
    settings.POLICE_UK_MAX_BYTES = 50
    measure = per_month_measure()
    client.force_login(plan_manager_of(measure.plan.partnership))
    response = post_upload(client, measure, [street_upload("2011-05", [row("2011-05")])])
    assert "the limit is 50 bytes" in response.content.decode()


def test_the_measurement_list_links_to_the_import_for_plan_managers(client):
    measure = per_month_measure()
    client.force_login(plan_manager_of(measure.plan.partnership))
    page = client.get(reverse("admin:objectives_measurement_changelist")).content.decode()
    assert UPLOAD in page
