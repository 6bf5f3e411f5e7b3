"""Officers export their actions and measures to Excel, edit them and import them back."""

import datetime
import io
from decimal import Decimal

import pytest
import tablib
from django.urls import reverse

from actions.models import ActionStatus, ActionUpdate
from actions.resources import ActionProgressResource
from objectives.models import ApprovalStatus, Measurement
from objectives.resources import MeasurementProgressResource
from tests import factories
from tests.personas import officer_of

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2011, 8, 15)


@pytest.fixture
def world():
    police = factories.OrganisationFactory(name="Police")
    fire = factories.OrganisationFactory(name="Fire")
    target = factories.TargetFactory()
    target.owners.set([police])
    fire_target = factories.TargetFactory(objective=target.objective)
    fire_target.owners.set([fire])
    return {
        "officer": officer_of(police, name="Andrew Hill"),
        "ours": factories.ActionFactory(target=target, text="Police patrols", owners=[police]),
        "theirs": factories.ActionFactory(target=fire_target, text="Fire checks", owners=[fire]),
        "our_measure": factories.MeasureFactory(target=target, name="Violent crimes"),
        "their_measure": factories.MeasureFactory(target=fire_target, name="Fires"),
    }


def exported(resource):
    """Export to Excel bytes and read them back, as an officer's round trip through Excel."""
    data = resource.export().export("xlsx")
    return tablib.Dataset().load(io.BytesIO(data), format="xlsx")


def test_an_officer_exports_only_their_agencys_actions_with_stable_ids(world):
    dataset = exported(ActionProgressResource(user=world["officer"]))
    assert dataset.headers == ["Action ID", "Objective", "Action", "Owner", "Due", "Status",
                               "Progress note"]  # fmt: skip
    assert [row[0] for row in dataset] == [world["ours"].pk]
    assert dataset[0][5] == "On track"


def test_importing_a_changed_status_and_note_records_an_update_for_approval(world):
    dataset = exported(ActionProgressResource(user=world["officer"]))
    row = list(dataset[0])
    row[5], row[6] = "At risk", "Two operations postponed."
    dataset[0] = row

    preview = ActionProgressResource(user=world["officer"]).import_data(dataset, dry_run=True)
    assert not preview.has_errors()
    assert not ActionUpdate.objects.exists()  # a preview writes nothing
    assert "Two operations postponed." in preview.rows[0].diff[6]

    result = ActionProgressResource(user=world["officer"]).import_data(dataset, dry_run=False)

    assert not result.has_errors()
    update = ActionUpdate.objects.get()
    assert (update.action, update.status, update.note) == (
        world["ours"], ActionStatus.AT_RISK, "Two operations postponed.")  # fmt: skip
    assert (update.author, update.approval) == (world["officer"], ApprovalStatus.SUBMITTED)


def test_unchanged_rows_are_skipped(world):
    dataset = exported(ActionProgressResource(user=world["officer"]))
    result = ActionProgressResource(user=world["officer"]).import_data(dataset, dry_run=False)
    assert result.totals["skip"] == 1
    assert not ActionUpdate.objects.exists()


def test_a_row_for_another_agencys_action_is_an_error_naming_the_row_and_nothing_is_saved(world):
    dataset = exported(ActionProgressResource(user=world["officer"]))
    good = list(dataset[0])
    good[5], good[6] = "Completed", "Done."
    dataset[0] = good
    dataset.append([world["theirs"].pk, 1, "Fire checks", "Fire", "", "Completed", "Done."])

    result = ActionProgressResource(user=world["officer"]).import_data(dataset, dry_run=False)

    assert result.has_errors()
    [(row_number, [error])] = result.row_errors()
    assert row_number == 2
    assert f"Action ID {world['theirs'].pk} is not one of the actions you may update" in str(
        error.error
    )
    assert not ActionUpdate.objects.exists()


def test_an_unknown_status_names_the_column(world):
    dataset = exported(ActionProgressResource(user=world["officer"]))
    row = list(dataset[0])
    row[5] = "Nearly there"
    dataset[0] = row
    result = ActionProgressResource(user=world["officer"]).import_data(dataset, dry_run=False)
    [invalid] = result.invalid_rows
    assert "“Nearly there” is not a status" in str(invalid.error_dict["status"])
    assert not ActionUpdate.objects.exists()


def test_an_officer_records_measurements_from_the_exported_sheet(world):
    resource = MeasurementProgressResource(user=world["officer"], today=TODAY)
    dataset = exported(resource)
    assert [row[0] for row in dataset] == [world["our_measure"].pk]
    row = list(dataset[0])
    assert row[5:7] == [datetime.datetime(2011, 7, 1), datetime.datetime(2011, 9, 30)]
    row[7], row[9], row[10] = 42, "Fewer incidents", "iQuanta"
    dataset[0] = row

    result = MeasurementProgressResource(user=world["officer"], today=TODAY).import_data(
        dataset, dry_run=False
    )

    assert not result.has_errors()
    measurement = Measurement.objects.get()
    assert (measurement.measure, measurement.value) == (world["our_measure"], Decimal("42"))
    assert (measurement.period_start, measurement.period_end) == (
        datetime.date(2011, 7, 1), datetime.date(2011, 9, 30))  # fmt: skip
    assert (measurement.recorded_by, measurement.source) == (world["officer"], "iQuanta")


def test_a_value_that_is_not_a_number_is_refused_and_nothing_is_saved(world):
    resource = MeasurementProgressResource(user=world["officer"], today=TODAY)
    dataset = exported(resource)
    row = list(dataset[0])
    row[7] = "about forty"
    dataset[0] = row
    result = MeasurementProgressResource(user=world["officer"], today=TODAY).import_data(
        dataset, dry_run=False
    )
    [invalid] = result.invalid_rows
    assert invalid.number == 1
    assert "Value “about forty” is not a number." in str(invalid.error_dict["value"])
    assert not Measurement.objects.exists()


def test_a_row_for_another_agencys_measure_is_refused(world):
    dataset = exported(MeasurementProgressResource(user=world["officer"], today=TODAY))
    row = list(dataset[0])
    row[0], row[7] = world["their_measure"].pk, 3
    dataset[0] = row
    result = MeasurementProgressResource(user=world["officer"], today=TODAY).import_data(
        dataset, dry_run=False
    )
    assert result.has_errors()
    assert not Measurement.objects.exists()


def test_the_admin_import_previews_the_differences_then_saves_on_confirm(client, world):
    dataset = exported(ActionProgressResource(user=world["officer"]))
    row = list(dataset[0])
    row[5], row[6] = "Completed", "Finished in July."
    dataset[0] = row
    upload = io.BytesIO(dataset.export("xlsx"))
    upload.name = "my-actions.xlsx"
    client.force_login(world["officer"])

    preview = client.post(
        reverse("admin:actions_action_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )

    assert preview.status_code == 200
    assert "Finished in July." in preview.content.decode()
    assert not ActionUpdate.objects.exists()
    confirm = preview.context["confirm_form"].initial
    response = client.post(reverse("admin:actions_action_process_import"), confirm)
    assert response.status_code == 302
    assert ActionUpdate.objects.get().note == "Finished in July."


def test_the_admin_import_refuses_another_agencys_row(client, world):
    dataset = exported(ActionProgressResource(user=world["officer"]))
    dataset.append([world["theirs"].pk, 1, "Fire checks", "Fire", "", "Completed", "Done."])
    upload = io.BytesIO(dataset.export("xlsx"))
    upload.name = "my-actions.xlsx"
    client.force_login(world["officer"])

    response = client.post(
        reverse("admin:actions_action_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )

    assert "is not one of the actions you may update" in response.content.decode()
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert not ActionUpdate.objects.exists()
