"""Column mapping and new partnerships, in the admin and on the command line, with tables
invented for the tests: the preview lists each column with the field it is taken as; the
officer's choice re-previews the same file and is remembered for the partnership."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from cspplan.models import Partnership, Plan
from importer.models import ColumnMapping
from tests import factories
from tests.importer import tolerant_tables as shapes
from tests.personas import plan_manager_of

pytestmark = pytest.mark.django_db
UPLOAD = reverse("importer:upload")
REMAP = reverse("importer:remap")
CONFIRM = reverse("importer:confirm")
OWN_HEADINGS = [
    ["Invented CSP action plan"],
    ["Objective", "Things to do", "Who", "Notes"],
    ["Objective 1: Cleaner invented square", "Sweep the square", "Anyshire Council", "n/a"],
]


def own_headings_csv() -> bytes:
    return shapes.csv_text(OWN_HEADINGS).encode("cp1252")


def upload(client, data, name="plan.csv", **fields):
    return client.post(
        UPLOAD,
        {
            "file": SimpleUploadedFile(name, data),
            "title": "Invented plan 2008",
            "period_start": "2007-04-01",
            "period_end": "2008-03-31",
            "create_missing": "on",
            **fields,
        },
    )


def columns_form(response, **choices):
    form = response.context["mapping_form"]
    data = {"token": response.context["token"]}
    for use in form.columns:
        data[f"column_{use.index}"] = choices.get(use.heading, use.field)
    return data


def test_unmatched_headings_are_mapped_in_the_preview_then_remembered(client):
    partnership = factories.PartnershipFactory()
    client.force_login(plan_manager_of(partnership))

    first = upload(client, own_headings_csv(), partnership=partnership.pk)

    html = first.content.decode()
    assert "no column is taken as Actions" in html
    assert "How the file's columns are read" in html
    assert first.context["summary"] is None  # nothing to confirm yet

    again = client.post(REMAP, columns_form(first, **{"Things to do": "Actions"}))

    summary = again.context["summary"]
    assert summary.counts["actions"] == 1
    assert "Create the plan" in again.content.decode()
    assert ColumnMapping.objects.get(partnership=partnership, heading="Things to do").field == (
        "Actions"
    )
    client.post(CONFIRM, {"token": again.context["token"]})
    plan = Plan.objects.get(title="Invented plan 2008", partnership=partnership)
    assert plan.objectives.get().targets.get().actions.get().text == "Sweep the square"

    # The next upload for the partnership reads the columns the same way at once.
    later = upload(client, own_headings_csv(), partnership=partnership.pk, title="Later plan")
    assert later.context["summary"].counts["actions"] == 1


def test_the_preview_shows_each_cell_understood_and_marks_guesses(client):
    partnership = factories.PartnershipFactory()
    client.force_login(plan_manager_of(partnership))

    response = upload(client, shapes.csv_text(shapes.OUTCOMES).encode(), partnership=partnership.pk)

    html = response.content.decode()
    assert "<h2>Outcome 1: Fewer burglaries in Exampleton</h2>" in html
    assert "Guess</strong>: Jane Smith (Chief Inspector)" in html
    assert "amount £9,000" in html
    assert "reduce by 21% against the baseline" in html
    assert "Skipped a title row above the headings" in html
    assert not Plan.objects.exists()


def test_only_a_superuser_may_create_a_partnership_with_an_import(client):
    partnership = factories.PartnershipFactory()
    manager = plan_manager_of(partnership)
    client.force_login(manager)
    form = client.get(UPLOAD).context["form"]
    assert "new_partnership" not in form.fields
    refused = upload(client, shapes.csv_text(shapes.STRANDS).encode(), new_partnership="Sneaky")
    assert refused.context.get("summary") is None
    assert not Partnership.objects.filter(name="Sneaky").exists()

    admin = get_user_model().objects.create_superuser("root", "root@example.invalid", "x" * 16)
    client.force_login(admin)
    preview = upload(
        client, shapes.csv_text(shapes.STRANDS).encode(), new_partnership="Anyshire CSP"
    )
    assert not Partnership.objects.filter(name="Anyshire CSP").exists()  # not before confirming
    client.post(CONFIRM, {"token": preview.context["token"]})

    created = Partnership.objects.get(name="Anyshire CSP")
    assert Plan.objects.get(partnership=created).objectives.count() == 2


def run(*args):
    out = io.StringIO()
    call_command("import_plan", *args, stdout=out)
    return out.getvalue()


def test_the_command_maps_columns_shows_the_mapping_and_creates_the_partnership(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(own_headings_csv())

    shown = run(str(path), "--partnership", "Anyshire CSP", "--create-partnership",
                "--show-mapping", "--map", "Actions=Things to do")  # fmt: skip
    assert "Things to do → Actions (mapped)" in shown
    assert "Who → Owner (guess: a usual wording)" in shown
    assert not Partnership.objects.exists()

    with pytest.raises(CommandError) as error:
        run(str(path), "--partnership", "Anyshire CSP", "--title", "X", "--start", "2007-04-01",
            "--end", "2008-03-31")  # fmt: skip
    assert "--create-partnership" in str(error.value)

    dry = run(str(path), "--partnership", "Anyshire CSP", "--create-partnership", "--title", "X",
              "--start", "2007-04-01", "--end", "2008-03-31", "--map", "Actions=Things to do",
              "--create-missing", "--ignore", "Notes", "--dry-run")  # fmt: skip
    assert "Objective 1: Cleaner invented square" in dry
    assert "Dry run: nothing was written." in dry
    assert not Partnership.objects.exists()

    run(str(path), "--partnership", "Anyshire CSP", "--create-partnership", "--title", "X",
        "--start", "2007-04-01", "--end", "2008-03-31", "--map", "Actions=Things to do",
        "--create-missing", "--partnership-slug", "anyshire", "--ignore", "Notes")  # fmt: skip
    partnership = Partnership.objects.get(slug="anyshire")
    assert Plan.objects.get(partnership=partnership, title="X")
    # The Notes column's "n/a" is left out by choice (issue 23: never silently), remembered.
    assert ColumnMapping.objects.for_partnership(partnership) == {
        "Things to do": "Actions",
        "Notes": "ignore",
    }


def test_a_bad_map_option_is_refused(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(own_headings_csv())
    partnership = factories.PartnershipFactory()
    with pytest.raises(CommandError, match="is not a field"):
        run(str(path), "--partnership", partnership.slug, "--show-mapping", "--map", "Nope=Who")


def test_a_refused_import_creates_no_partnership(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(shapes.csv_text([["Notes only"], ["nothing here"]]).encode())
    with pytest.raises(CommandError, match="nothing was written"):
        run(str(path), "--partnership", "Anyshire CSP", "--create-partnership", "--title", "X",
            "--start", "2007-04-01", "--end", "2008-03-31")  # fmt: skip
    assert not Partnership.objects.exists()
