"""A plan exported to CSV or Excel imports back into a plan with the same content."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from actions.models import Action
from cspplan.models import Plan
from importer.errors import PlanImportError
from importer.services import read_draft, write_plan
from objectives.models import Measure
from tests import factories
from tests.importer_helpers import (
    csv_bytes,
    plan_content,
    table_rows,
    without_measures,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

SEED_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "west_lancashire_2011_12.yaml"


def _responsible(record, owners, leads, funds, owner_wording, lead_wording, fund_wording):
    record.owners.set(owners)
    record.lead_officers.set(leads)
    record.funding_sources.set(funds)
    record.owner_wording = owner_wording
    record.lead_officer_wording = lead_wording
    record.funding_wording = fund_wording
    record.save()


def build_rich_plan():
    """A plan shaped like the seed: TBC measures, merged owner groups, bullets, due dates."""
    police = factories.OrganisationFactory(name="Lancashire Constabulary", slug="police")
    factories.OrganisationAliasFactory(organisation=police, name="Lancs. Police")
    factories.OrganisationAliasFactory(organisation=police, name="Police")
    csp = factories.OrganisationFactory(name="West Lancashire CSP", short_name="CSP", slug="csp")
    trading = factories.OrganisationFactory(name="Trading Standards", slug="trading")
    hill = factories.OfficerFactory(name="Andrew Hill", slug="andrew-hill", organisation=police)
    hurst = factories.OfficerFactory(name="Geoff Hurst", slug="geoff-hurst", organisation=csp)
    budgets = factories.FundingSourceFactory(name="Existing budgets", slug="existing-budgets")
    plan = factories.PlanFactory(slug="source-plan", target_label="March 2012")

    violence = factories.ObjectiveFactory(
        plan=plan, number=3, title="Reduce Violent Crime & Alcohol Related Violent Crime"
    )
    target = factories.TargetFactory(
        objective=violence,
        order=1,
        wording="Reduce Violent Crime. Target – downward trend / maintenance Baseline (TBC)",
        target_wording="Downward trend / maintenance by March 2012",
    )
    _responsible(target, [csp], [hill], [budgets], "CSP", "Andrew Hill", "Existing budgets")
    factories.MeasureFactory(
        target=target,
        order=1,
        name="Violent crime",
        direction=Measure.Direction.DOWNWARD_TREND,
        baseline_state=Measure.ValueState.TO_BE_CONFIRMED,
        baseline_value=None,
        baseline_period="",
        baseline_wording="Baseline (TBC)",
        target_state=Measure.ValueState.NOT_APPLICABLE,
        target_value=None,
        target_wording="Downward trend / maintenance by March 2012",
    )
    first = factories.ActionFactory(
        target=target,
        order=1,
        text="Continue to roll out Night Time Economy operations including: -\n"
        "• Operation Summer Nights\n• Operation Night Safe",
    )
    _responsible(first, [csp], [hill], [budgets], "CSP", "Andrew Hill", "Existing budgets")
    # A merged owner group: two actions sharing "Police / Trading Standards".
    # Due dates are read from the words; the table carries no column of its own for them.
    for order, (text, due_date, due_wording) in enumerate(
        [
            ("Tasking (MALT) meetings by July 2011", datetime.date(2011, 7, 31), "by July 2011"),
            ("- Monitor repeat victims (20.6.11)", datetime.date(2011, 6, 20), "(20.6.11)"),
        ],
        start=2,
    ):
        action = factories.ActionFactory(
            target=target, order=order, text=text, due_date=due_date, due_wording=due_wording
        )
        _responsible(
            action,
            [police, trading],
            [hill, hurst],
            [budgets],
            "Police / Trading Standards",
            "Andrew Hill / Geoff Hurst",
            "Existing budgets",
        )

    fire = factories.ObjectiveFactory(
        plan=plan, number=6, title="Reduce Arson and Improve Fire Safety"
    )
    fires = factories.TargetFactory(
        objective=fire,
        order=1,
        wording="Increase the detection rate\n\nBaseline: 75% (2010)",
        target_wording="=70% by March 2012",
    )
    _responsible(fires, [police], [], [], "Lancs. Police", "", "")
    factories.MeasureFactory(
        target=fires,
        order=1,
        name="Detection rate",
        unit=Measure.Unit.PERCENT,
        direction=Measure.Direction.INCREASE,
        baseline_value=Decimal("75.50"),
        baseline_period="2010",
        baseline_wording="Baseline: 75% (2010)",
        target_value=Decimal("70"),
        target_wording="70% by March 2012",
    )
    factories.MeasureFactory(
        target=fires,
        order=2,
        name="Deliberate fires",
        target_state=Measure.ValueState.TO_BE_AGREED,
        target_value=None,
        target_wording="Target to be agreed",
    )
    # A target row with no actions at all.
    empty = factories.TargetFactory(objective=fire, order=2, wording="Agree DRR target")
    _responsible(empty, [], [hurst], [], "", "Geoff Hurst", "")
    return plan


def import_as_new_plan(name, data, source):
    draft = read_draft(name, data)
    return write_plan(
        draft=draft,
        partnership=source.partnership,
        title="Imported copy",
        start=source.period_start,
        end=source.period_end,
    )


@pytest.mark.parametrize("file_type", ["csv", "xlsx"])
def test_an_exported_plan_imports_back_with_identical_content(file_type):
    source = build_rich_plan()
    headings, rows = table_rows(source)
    data = csv_bytes(headings, rows) if file_type == "csv" else xlsx_bytes(headings, rows)

    copy = import_as_new_plan(f"plan.{file_type}", data, source)

    assert copy.pk != source.pk
    assert copy.target_label == "March 2012"
    assert plan_content(copy) == plan_content(source)


def test_the_round_trip_keeps_bullets_inside_the_action_that_introduces_them():
    source = build_rich_plan()
    copy = import_as_new_plan("plan.csv", csv_bytes(*table_rows(source)), source)

    first = Action.objects.for_plan(copy).get(target__objective__number=3, order=1)
    assert first.text.endswith("• Operation Summer Nights\n• Operation Night Safe")


def test_the_round_trip_keeps_a_tbc_baseline_unknown_rather_than_zero():
    source = build_rich_plan()
    copy = import_as_new_plan("plan.xlsx", xlsx_bytes(*table_rows(source)), source)

    measure = Measure.objects.for_plan(copy).get(name="Violent crime")
    assert measure.baseline_state == Measure.ValueState.TO_BE_CONFIRMED
    assert measure.baseline_value is None


@pytest.mark.skipif(not SEED_FIXTURE.exists(), reason="the seed fixture is not in this checkout")
@pytest.mark.parametrize("file_type", ["csv", "xlsx"])
def test_the_seed_plan_round_trips(file_type):
    call_command("loaddata", "west_lancashire_2011_12", verbosity=0)
    source = Plan.objects.get(slug="west-lancashire-2011-12")
    headings, rows = table_rows(source)
    data = csv_bytes(headings, rows) if file_type == "csv" else xlsx_bytes(headings, rows)

    copy = import_as_new_plan(f"seed.{file_type}", data, source)

    assert plan_content(copy) == plan_content(source)
    assert Action.objects.for_plan(copy).count() == Action.objects.for_plan(source).count() > 50


def test_the_command_imports_a_csv_file_as_a_draft_plan(tmp_path):
    source = build_rich_plan()
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes(*table_rows(source)))

    call_command(
        "import_plan",
        str(path),
        "--partnership",
        source.partnership.name,
        "--title",
        "Partnership Plan 2012 to 2013",
        "--start",
        "2012-04-01",
        "--end",
        "2013-03-31",
        stdout=io.StringIO(),
    )

    copy = Plan.objects.get(title="Partnership Plan 2012 to 2013")
    assert copy.status == Plan.Status.DRAFT
    assert copy.period_start == datetime.date(2012, 4, 1)
    assert copy.target_date == datetime.date(2013, 3, 31)
    assert plan_content(copy) == plan_content(source)


def test_the_command_publishes_when_asked(tmp_path):
    source = build_rich_plan()
    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlsx_bytes(*table_rows(source)))

    call_command(
        "import_plan", str(path), "--partnership", source.partnership.slug, "--title", "Copy",
        "--start", "2012-04-01", "--end", "2013-03-31", "--publish",
        stdout=io.StringIO(),
    )  # fmt: skip

    assert Plan.objects.get(title="Copy").status == Plan.Status.PUBLISHED


def test_a_dry_run_says_what_it_would_create_and_writes_nothing(tmp_path):
    source = build_rich_plan()
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes(*table_rows(source)))
    plans_before = Plan.objects.count()
    out = tmp_path / "out.txt"

    with open(out, "w") as stdout:
        call_command(
            "import_plan", str(path), "--partnership", source.partnership.slug,
            "--title", "Copy", "--start", "2012-04-01", "--end", "2013-03-31", "--dry-run",
            stdout=stdout,
        )  # fmt: skip

    assert Plan.objects.count() == plans_before
    printed = out.read_text()
    assert "Would create: 2 objectives, 3 targets, 3 measures, 3 actions." in printed
    assert "nothing was written" in printed


def test_the_public_sites_xlsx_download_imports_back_into_an_identical_plan(client):
    """Its measures and identifiers are on a hidden sheet (issue 21, finding 12)."""
    source = build_rich_plan()
    response = client.get(f"/plans/{source.slug}/delivery-plan.xlsx")
    assert response.status_code == 200

    copy = import_as_new_plan("download.xlsx", response.content, source)

    assert plan_content(copy) == plan_content(source)


def test_the_public_sites_csv_download_imports_back_with_figures_read_from_the_words(client):
    """The open-data CSV keeps its measures in a CSV of their own: imported alone, the plan's
    words come back whole and each target's figures are read from its words."""
    source = build_rich_plan()
    response = client.get(f"/plans/{source.slug}/delivery-plan.csv")

    copy = import_as_new_plan("download.csv", response.content, source)

    assert without_measures(plan_content(copy)) == without_measures(plan_content(source))
    assert Measure.objects.for_plan(copy).get(name__icontains="detection").baseline_value == 75


def _edited_workbook(data, edit):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_downloaded_workbook_whose_target_was_edited_reads_that_targets_figures_from_its_words(
    client,
):
    source = build_rich_plan()
    data = client.get(f"/plans/{source.slug}/delivery-plan.xlsx").content
    # An officer rewrites the fire target: its record no longer fits its words.
    for_fire = next(
        row[0].row
        for row in load_workbook_rows(data)
        if str(row[0].value or "").startswith("Objective 6")
    )

    def edit(workbook):
        sheet = workbook["Delivery plan"]
        sheet.cell(for_fire, 2).value = "Raise the detection rate\nBaseline: 80% (2011)"

    copy = import_as_new_plan("edited.xlsx", _edited_workbook(data, edit), source)

    (detection, *_) = copy.objectives.get(number=6).targets.get(order=1).measures.all()
    assert detection.baseline_value == Decimal("80")
    unchanged = [o for o in plan_content(copy) if o["number"] == 3]
    assert unchanged == [o for o in plan_content(source) if o["number"] == 3]


def load_workbook_rows(data):
    from openpyxl import load_workbook

    return list(load_workbook(io.BytesIO(data))["Delivery plan"].iter_rows())


def test_a_damaged_data_sheet_is_refused_naming_it_and_nothing_is_written(client):
    source = build_rich_plan()
    data = client.get(f"/plans/{source.slug}/delivery-plan.xlsx").content

    def edit(workbook):
        workbook["Data for re-importing"]["A1"].value = "Where"

    plans_before = Plan.objects.count()
    with pytest.raises(PlanImportError) as raised:
        import_as_new_plan("damaged.xlsx", _edited_workbook(data, edit), source)
    assert "Sheet 'Data for re-importing', row 1" in str(raised.value)
    assert Plan.objects.count() == plans_before


@pytest.mark.skipif(not SEED_FIXTURE.exists(), reason="the seed fixture is not in this checkout")
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_the_seed_plans_public_download_imports_back(client, extension):
    call_command("loaddata", "west_lancashire_2011_12", verbosity=0)
    source = Plan.objects.get(slug="west-lancashire-2011-12")
    response = client.get(f"/plans/{source.slug}/delivery-plan.{extension}")

    copy = import_as_new_plan(f"download.{extension}", response.content, source)

    if extension == "xlsx":
        assert plan_content(copy) == plan_content(source)
    else:
        assert without_measures(plan_content(copy)) == without_measures(plan_content(source))
