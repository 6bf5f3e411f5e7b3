"""The police.uk counts import in a real browser, signed in as a plan manager: the upload
page, its error page and the preview have no accessibility violations, and the preview shows
the counts per month."""

import pytest
from playwright.sync_api import expect

from objectives.models import Measurement
from tests.importer.test_admin_import_browser import sign_in
from tests.importer.test_police_uk import row, street_file
from tests.importer.test_police_uk_admin import per_month_measure
from tests.personas import plan_manager_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UPLOAD = "/admin/objectives/measurement/police-uk/"


def upload(page, measure, files):
    page.get_by_label("Files").set_input_files([str(f) for f in files])
    page.get_by_label("Measure").select_option(str(measure.pk))
    page.get_by_label("Crime type").select_option("Anti-social behaviour")
    page.get_by_role("button", name="Preview the counts").click()


def test_the_upload_and_preview_pages_are_accessible(
    page, client, live_server, assert_accessible, tmp_path
):
    measure = per_month_measure()
    may = street_file(tmp_path, "2011-05", [row("2011-05")] * 3)
    june = street_file(tmp_path, "2011-06", [row("2011-06")] * 2)
    bad = street_file(tmp_path / "bad", "2011-07", [row("2011-08")])
    sign_in(page, client, plan_manager_of(measure.plan.partnership), live_server)

    page.goto(live_server.url + UPLOAD)
    assert page.get_by_role("heading", name="Import police.uk counts", level=1).is_visible()
    assert_accessible(page)

    upload(page, measure, [bad])
    assert page.get_by_role("alert").get_by_text("nothing was saved").is_visible()
    assert_accessible(page)

    page.goto(live_server.url + UPLOAD)
    upload(page, measure, [may, june])
    assert page.get_by_role("heading", name="Check the police.uk counts", level=1).is_visible()
    assert page.get_by_role("row", name="May 2011 3").is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Record these counts").click()
    expect(page.get_by_text("2 new, 0 corrected")).to_be_visible()
    assert Measurement.objects.filter(measure=measure).count() == 2
