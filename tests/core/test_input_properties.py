"""Issue 10, finding 7: for any text at all, every parser and form answers with a result or a
clear error, never an unhandled exception (a 500), and what it keeps holds no control
characters. Checked with hypothesis for the importer's readers, the feedback form, the
progress forms of "my actions" and the bulk progress import."""

import datetime
import string

import pytest
import tablib
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.forms import ActionProgressForm, MeasurementForm
from actions.models import ActionUpdate
from actions.resources import ActionProgressResource
from consultation.models import Feedback
from cspplan.text import clean_text, has_control_characters
from importer.errors import PlanImportError
from importer.reading import read_table
from importer.services import read_draft
from objectives.models import Measurement
from objectives.resources import MeasurementProgressResource
from tests import factories
from tests.importer_helpers import csv_bytes, docx_bytes, xlsx_bytes
from tests.personas import officer_of

pytestmark = pytest.mark.django_db
HEADINGS = ["Objective", "Target & Base Line", "March 2012", "Owner", "Actions", "Lead Officer",
            "Funding"]  # fmt: skip
# Any text, control characters included (hypothesis leaves out lone surrogates, which no
# decoded file or form can hold).
ANY_TEXT = st.text(max_size=80)
SOME_CELLS = st.lists(ANY_TEXT, min_size=7, max_size=7)
PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def read_or_refuse(name, data):
    """The importer's whole reading: a draft, or PlanImportError; nothing else may escape."""
    try:
        draft = read_draft(name, data)
    except PlanImportError as error:
        assert error.problems and all(str(problem) for problem in error.problems)
        return None
    return draft


@PROPERTY
@given(rows=st.lists(SOME_CELLS, min_size=1, max_size=4))
def test_any_csv_cells_are_read_or_refused(rows):
    read_or_refuse("plan.csv", csv_bytes(HEADINGS, rows))


@PROPERTY
@given(data=st.binary(max_size=400))
def test_any_bytes_are_read_or_refused_whatever_the_file_type(data):
    for name in ("plan.csv", "plan.xlsx", "plan.docx"):
        read_or_refuse(name, data)
        read_or_refuse(name, b"PK\x03\x04" + data)


@PROPERTY
@given(rows=st.lists(SOME_CELLS, min_size=1, max_size=3))
def test_any_xlsx_cells_are_read_or_refused(rows):
    # openpyxl itself cannot write control characters, so the workbook holds the rest.
    rows = [[clean_text(cell) for cell in row] for row in rows]
    read_or_refuse("plan.xlsx", xlsx_bytes(HEADINGS, rows))


@PROPERTY
@given(rows=st.lists(SOME_CELLS, min_size=1, max_size=3), heading=ANY_TEXT)
def test_any_docx_cells_are_read_or_refused(rows, heading):
    rows = [[clean_text(cell) for cell in row] for row in rows]
    read_or_refuse("plan.docx", docx_bytes([(clean_text(heading) or None, HEADINGS, rows)]))


@PROPERTY
@given(rows=st.lists(SOME_CELLS, min_size=1, max_size=3))
def test_cells_read_from_a_csv_hold_no_control_characters(rows):
    try:
        table = read_table("plan.csv", csv_bytes(HEADINGS, rows))
    except PlanImportError:
        return
    for row in table.rows:
        assert not any(has_control_characters(value) for value in row.cells.values())


@pytest.fixture
def plan():
    plan = factories.PlanFactory(slug="west-lancs")
    factories.ObjectiveFactory(plan=plan, number=1)
    return plan


@PROPERTY
@given(
    comment=ANY_TEXT,
    name=ANY_TEXT,
    email=ANY_TEXT,
    postcode=st.text(max_size=10),
    objective=st.sampled_from(["", "1", "x", "99999999999999999999"]),
    wants_reply=st.sampled_from(["", "on", "\x01"]),
)
def test_the_feedback_form_never_fails_on_any_text(
    client, plan, comment, name, email, postcode, objective, wants_reply
):
    cache.clear()  # the per-address rate limit is tested elsewhere
    response = client.post(
        f"/plans/{plan.slug}/have-your-say/",
        {
            "comment": comment,
            "name": name,
            "email": email,
            "postcode_district": postcode,
            "objective": objective,
            "wants_reply": wants_reply,
        },
    )
    assert response.status_code in (200, 302)
    for feedback in Feedback.objects.all():
        assert not any(
            has_control_characters(value)
            for value in (feedback.comment, feedback.name, feedback.email)
        )


@PROPERTY
@given(
    status=st.sampled_from(["on_track", "completed", "not_reported", "", "\x0c"]),
    note=ANY_TEXT,
    version=st.sampled_from(["1", "", "-5", "x", "9" * 30]),
)
def test_the_action_progress_form_never_fails_on_any_text(status, note, version):
    form = ActionProgressForm({"status": status, "note": note, "version": version})
    if form.is_valid():
        assert not has_control_characters(form.cleaned_data["note"])


@PROPERTY
@given(
    start=st.one_of(ANY_TEXT, st.dates().map(str)),
    end=st.one_of(ANY_TEXT, st.dates().map(str)),
    value=st.one_of(ANY_TEXT, st.decimals(allow_nan=True).map(str)),
    rating=st.sampled_from(["", "green", "bogus"]),
    note=ANY_TEXT,
    source=ANY_TEXT,
)
def test_the_measurement_form_never_fails_on_any_text(start, end, value, rating, note, source):
    form = MeasurementForm(
        {
            "period_start": start,
            "period_end": end,
            "value": value,
            "rating": rating,
            "note": note,
            "source": source,
        }
    )
    if form.is_valid():
        assert not has_control_characters(form.cleaned_data["note"])
        assert not has_control_characters(form.cleaned_data["source"])


@pytest.fixture
def officer_world():
    police = factories.OrganisationFactory(name="Police")
    officer = officer_of(police)
    plan = factories.PlanFactory()
    target = factories.TargetFactory(objective__plan=plan)
    target.owners.set([police])
    action = factories.ActionFactory(target=target, owners=[police])
    measure = factories.MeasureFactory(target=target)
    return officer, action, measure


@PROPERTY
@given(note=ANY_TEXT, status=st.sampled_from(["on_track", "at_risk", "", "\x0b"]))
def test_my_actions_never_fails_on_any_progress_note(client, officer_world, note, status):
    officer, action, _ = officer_world
    client.force_login(officer)
    prefix = f"action-{action.pk}"
    action.refresh_from_db()
    response = client.post(
        "/my-actions/",
        {
            "item": prefix,
            f"{prefix}-status": status,
            f"{prefix}-note": note,
            f"{prefix}-version": action.version,
        },
    )
    assert response.status_code in (302, 400)
    assert not any(has_control_characters(u.note) for u in ActionUpdate.objects.all())


@PROPERTY
@given(
    value=st.one_of(ANY_TEXT, st.integers(), st.none()),
    note=ANY_TEXT,
    source=ANY_TEXT,
    start=st.one_of(ANY_TEXT, st.dates()),
    end=st.one_of(ANY_TEXT, st.dates()),
)
def test_my_actions_never_fails_on_any_measurement(
    client, officer_world, value, note, source, start, end
):
    officer, _, measure = officer_world
    client.force_login(officer)
    prefix = f"measure-{measure.pk}"
    response = client.post(
        "/my-actions/",
        {
            "item": prefix,
            f"{prefix}-period_start": str(start),
            f"{prefix}-period_end": str(end),
            f"{prefix}-value": "" if value is None else str(value),
            f"{prefix}-note": note,
            f"{prefix}-source": source,
        },
    )
    assert response.status_code in (302, 400)
    assert not any(has_control_characters(m.note) for m in Measurement.objects.all())


@PROPERTY
@given(
    action_id=st.one_of(ANY_TEXT, st.integers(), st.none()),
    status=st.one_of(ANY_TEXT, st.sampled_from(["At risk", "Completed"])),
    note=ANY_TEXT,
)
def test_the_bulk_action_import_never_fails_on_any_cell(officer_world, action_id, status, note):
    officer, action, _ = officer_world
    dataset = tablib.Dataset(headers=["Action ID", "Status", "Progress note"])
    dataset.append([action.pk, status, note])
    dataset.append([action_id, status, note])
    result = ActionProgressResource(user=officer).import_data(dataset, dry_run=True)
    assert result is not None


@PROPERTY
@given(
    cells=st.lists(
        st.one_of(ANY_TEXT, st.integers(), st.none(), st.dates(), st.floats()),
        min_size=6,
        max_size=6,
    )
)
def test_the_bulk_measurement_import_never_fails_on_any_cell(officer_world, cells):
    officer, _, measure = officer_world
    headers = ["Measure ID", "Period start", "Period end", "Value", "Rating", "Note", "Source"]
    dataset = tablib.Dataset(headers=headers)
    dataset.append([measure.pk, *cells])
    resource = MeasurementProgressResource(user=officer, today=datetime.date(2011, 8, 15))
    result = resource.import_data(dataset, dry_run=True)
    assert result is not None


def test_the_alphabet_reaches_control_characters():
    """The strategies above do produce the characters this is about."""
    assert set(string.printable) - set(clean_text(string.printable)) == {"\x0b", "\x0c"}
