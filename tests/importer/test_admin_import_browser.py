"""The plan import in the admin, in a real browser signed in as a plan manager: the upload page,
its error page and the preview have no accessibility violations, and the preview shows what
the file holds."""

import pytest

from cspplan.models import Plan
from tests.importer.test_import_roundtrip import build_rich_plan
from tests.importer_helpers import csv_bytes, table_rows
from tests.personas import plan_manager_of

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

UPLOAD = "/admin/cspplan/plan/import/"


def sign_in(page, client, user, live_server):
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def fill_the_upload_form(page, source, upload):
    page.get_by_label("File").set_input_files(str(upload))
    page.get_by_label("Partnership").select_option(str(source.partnership.pk))
    page.get_by_label("Title").fill("Partnership Plan 2012 to 2013")
    page.get_by_label("Period start").fill("2012-04-01")
    page.get_by_label("Period end").fill("2013-03-31")
    page.get_by_role("button", name="Preview the import").click()


def test_the_upload_and_preview_pages_are_accessible(
    page, client, live_server, assert_accessible, tmp_path
):
    source = build_rich_plan()
    headings, rows = table_rows(source)
    good = tmp_path / "delivery-plan.csv"
    good.write_bytes(csv_bytes(headings, rows))
    unknown_owner = tmp_path / "unknown-owner.csv"
    rows[0][headings.index("Owner")] = "Ormskirk Neighbourhood Watch"
    unknown_owner.write_bytes(csv_bytes(headings, rows))
    malformed = tmp_path / "malformed.csv"
    malformed.write_bytes(b"Objective,Target,Owner\nx,y,z\n")
    sign_in(page, client, plan_manager_of(source.partnership), live_server)

    page.goto(UPLOAD)
    assert page.get_by_role("heading", name="Import a plan", level=1).is_visible()
    assert_accessible(page)

    fill_the_upload_form(page, source, malformed)
    assert page.get_by_role("alert").get_by_text("nothing was saved").is_visible()
    assert_accessible(page)

    page.goto(UPLOAD)
    fill_the_upload_form(page, source, good)
    assert page.get_by_role("heading", name="Check the import", level=1).is_visible()
    assert page.get_by_text("2 objectives").is_visible()
    assert_accessible(page)

    page.goto(UPLOAD)
    fill_the_upload_form(page, source, unknown_owner)
    assert page.get_by_role("table", name="Names the site does not know").is_visible()
    assert page.get_by_role("cell", name="Ormskirk Neighbourhood Watch").first.is_visible()
    assert_accessible(page)

    assert not Plan.objects.filter(title="Partnership Plan 2012 to 2013").exists()


def test_the_column_mapping_step_is_accessible_and_re_previews(
    page, client, live_server, assert_accessible, tmp_path
):
    """A table in a partnership's own headings (invented): the preview lists its columns, the
    officer says which one holds the actions, and the same file is previewed again."""
    from tests.importer.test_import_mapping import own_headings_csv

    source = build_rich_plan()
    upload = tmp_path / "own-headings.csv"
    upload.write_bytes(own_headings_csv())
    sign_in(page, client, plan_manager_of(source.partnership), live_server)

    page.goto(UPLOAD)
    fill_the_upload_form(page, source, upload)
    assert page.get_by_role("alert").get_by_text("no column is taken as Actions").is_visible()
    assert page.get_by_role("table", name="How the file's columns are read").is_visible()
    assert_accessible(page)

    page.get_by_label("Column Things to do").select_option("Actions")
    page.get_by_role("button", name="Preview again with these columns").click()
    assert page.get_by_role("heading", name="Check the import", level=1).is_visible()
    assert page.get_by_text("1 actions").is_visible()
    assert page.get_by_role("button", name="Create the plan").is_visible()
    assert_accessible(page)

    assert not Plan.objects.filter(title="Partnership Plan 2012 to 2013").exists()


def test_an_agency_of_another_partnership_is_confirmed_on_an_accessible_preview(
    page, client, live_server, assert_accessible, tmp_path
):
    """Issue 22: an owner matched through an alias to another partnership's agency is named in
    the preview, with a labelled box to confirm it; the plan is created once it is ticked."""
    from actions.models import Action
    from cspplan.models import OrganisationAlias
    from tests import factories

    source = build_rich_plan()
    elsewhere = factories.PlanFactory(draft=True, title="Another partnership's plan")
    objective = factories.ObjectiveFactory(plan=elsewhere, number=1, title="Theirs")
    target = factories.TargetFactory(objective=objective, order=1, wording="Theirs")
    council = factories.OrganisationFactory(name="Invented Other Council", slug="other-council")
    factories.ActionFactory(target=target, order=1, text="Theirs").owners.set([council])
    OrganisationAlias.objects.create(organisation=council, name="The Council Next Door")
    upload = tmp_path / "plan.csv"
    upload.write_bytes(
        csv_bytes(
            ["Objective", "Actions", "Owner"], [["1", "Joint patrols", "The Council Next Door"]]
        )
    )
    sign_in(page, client, plan_manager_of(source.partnership), live_server)

    page.goto(UPLOAD)
    fill_the_upload_form(page, source, upload)
    # In the target row's Owner and in the action's.
    assert page.get_by_text(
        "“The Council Next Door” matched through the alias of Invented Other Council"
    ).first.is_visible()
    assert_accessible(page)

    page.get_by_label("Yes, Invented Other Council is an owner in this plan").check()
    page.get_by_role("button", name="Create the plan").click()
    page.wait_for_url("**/admin/cspplan/plan/*/change/")
    assert list(Action.objects.get(text="Joint patrols").owners.all()) == [council]
