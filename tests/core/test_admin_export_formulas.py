"""Issue 10, finding 6: the admin's exports (django-import-export) carried live spreadsheet
formulas. Every text cell that starts like a formula is now written as text, in XLSX and CSV;
numbers and dates stay numbers and dates, and the apostrophe does not come back on import."""

import csv
import datetime
import io

import pytest
import tablib
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from actions import delivery_table
from actions.models import ActionUpdate
from actions.resources import ActionProgressResource
from cspplan import spreadsheet_formats
from cspplan.spreadsheet_formats import SafeCSV, SafeXLSX
from tests import factories
from tests.personas import officer_of

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://x","y")'


@pytest.fixture
def officer_and_action():
    police = factories.OrganisationFactory(name="Police")
    action = factories.ActionFactory(
        text=FORMULA, owners=[police], owner_wording="+cmd|' /C calc'!A0", due_date=None
    )
    action.target.owners.set([police])
    factories.ActionFactory(
        target=action.target, text="@SUM(1)", owners=[police], due_date=datetime.date(2011, 7, 31)
    )
    return officer_of(police), action


def export(client, officer, format_index):
    client.force_login(officer)
    url = reverse("admin:actions_action_export")
    form = client.get(url).context["form"]
    data = {"format": str(format_index), "resource": "0"}
    data.update({name: "on" for name, field in form.fields.items() if field.initial is True})
    response = client.post(url, data)
    assert response.status_code == 200, response.content[:500]
    return response


def test_the_librarys_own_setting_is_on():
    assert settings.IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is True


def test_an_action_text_formula_exported_to_xlsx_is_text(client, officer_and_action):
    officer, action = officer_and_action
    response = export(client, officer, 0)
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells]
    assert "'" + FORMULA in texts
    assert "'@SUM(1)" in texts
    assert "'+cmd|' /C calc'!A0" in texts
    # Numbers stay numbers, dates stay dates, and an empty cell stays empty (not "None").
    rows = list(sheet.values)
    assert isinstance(rows[1][0], int)
    assert "None" not in texts
    assert datetime.datetime(2011, 7, 31) in texts


def test_an_action_text_formula_exported_to_csv_is_text(client, officer_and_action):
    officer, action = officer_and_action
    response = export(client, officer, 1)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@")]
    assert "'" + FORMULA in cells
    assert "None" not in cells


def test_the_formats_neutralise_every_formula_prefix():
    dataset = tablib.Dataset(headers=["a"])
    for text in ["=1+1", "+1", "-1+2", "@A1", "\t=1", "plain", 12]:
        dataset.append([text])
    for fmt in (SafeXLSX(), SafeCSV()):
        data = fmt.export_data(dataset)
        back = fmt.create_dataset(data)
        values = [row[0] for row in back]
        assert values[:5] == ["'=1+1", "'+1", "'-1+2", "'@A1", "'\t=1"]
        assert values[5] == "plain"


def test_the_apostrophe_does_not_come_back_on_import():
    police = factories.OrganisationFactory(name="Police")
    officer = officer_of(police)
    action = factories.ActionFactory(owners=[police])
    action.target.owners.set([police])
    dataset = tablib.Dataset(headers=["Action ID", "Status", "Progress note"])
    dataset.append([action.pk, "At risk", "'=2 weeks late"])
    result = ActionProgressResource(user=officer).import_data(dataset, dry_run=False)
    assert not result.has_errors()
    assert ActionUpdate.objects.get().note == "=2 weeks late"


def test_the_core_neutralises_as_the_public_exports_do():
    # One rule, not two copies that must be kept in step.
    assert delivery_table.neutralise is spreadsheet_formats.neutralise
    for text in ["=1", "+1", "-1", "@A1", "\tx", "\rx", "plain", "", 5, None]:
        assert spreadsheet_formats.neutralise(text) == delivery_table.neutralise(text)
