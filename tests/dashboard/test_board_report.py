"""The board report: PDF and spreadsheet, the same content, nothing fetched from outside."""

import datetime
import io
import logging
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actions.models import ActionStatus
from cspplan import roles
from dashboard.reports import (
    NoNetworkFetcher,
    board_report_data,
    board_report_document,
    board_report_html,
    board_report_xlsx,
)
from objectives.models import ApprovalStatus
from progress.duties import check_plan
from progress.rag import RagStatus
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    MeasureFactory,
    MeasurementFactory,
    ObjectiveFactory,
    OfficerFactory,
    PlanFactory,
)
from tests.personas import in_role

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2011, 11, 15)


@pytest.fixture
def plan():
    plan = PlanFactory(slug="west-lancs", title="Partnership Plan 2011 to 2012")
    fires = ObjectiveFactory(plan=plan, number=6, title="Reduce fires")
    measure = MeasureFactory(
        target__objective=fires,
        name="Deliberate secondary fires",
        baseline_value=Decimal("363"),
        baseline_wording="363 (2010/11)",
        target_value=Decimal("330"),
    )
    measure.target.lead_officers.add(OfficerFactory(name="Station Manager Jones"))
    MeasurementFactory(
        measure=measure,
        value=Decimal("420"),
        note="A rise in grass fires over the dry summer.",
        status=ApprovalStatus.APPROVED,
        approved_at=timezone.now(),
    )
    late = ActionFactory(
        target=measure.target,
        text="Deliver Operation Summer Nights",
        lead_officers=[OfficerFactory(name="Andrew Hill")],
        due_date=datetime.date(2011, 7, 31),
    )
    ActionUpdateFactory(
        action=late,
        status=ActionStatus.AT_RISK,
        note="Delayed by staff shortages; now planned for half term.",
        approval=ApprovalStatus.APPROVED,
        approved_at=timezone.now(),
    )
    ObjectiveFactory(plan=plan, number=7, title="Reduce casualties")
    return plan


def test_exceptions_list_reds_and_ambers_with_the_lead_officers_commentary(plan):
    report = board_report_data(plan, today=TODAY)
    rows = [(e.kind, str(e.item), e.lead_officers, e.commentary) for e in report.exceptions]
    assert rows == [
        (
            "Measure",
            "Deliberate secondary fires",
            "Station Manager Jones",
            "A rise in grass fires over the dry summer.",
        ),
        (
            "Action",
            "Deliver Operation Summer Nights",
            "Andrew Hill",
            "Delayed by staff shortages; now planned for half term.",
        ),
    ]
    assert all(e.assessment.status == RagStatus.RED for e in report.exceptions)


def test_the_report_has_a_cover_summary_exceptions_and_a_section_per_objective(plan):
    html = board_report_html(plan, today=TODAY)
    assert "Board report: progress against targets" in html
    assert "Measures by status" in html
    assert "Exceptions: off track and some concern" in html
    assert "Objective 6: Reduce fires" in html
    assert "Objective 7: Reduce casualties" in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert "Latest 420" in html


def test_the_pdf_has_pages_and_reaches_for_nothing_outside(plan, caplog):
    caplog.set_level(logging.WARNING, logger="weasyprint")
    document = board_report_document(plan, today=TODAY)
    # WeasyPrint logs a warning for every resource it fails to load: none, so the charts
    # (data: URIs) were embedded and nothing else was asked for.
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
    # cover, summary, exceptions, two objectives.
    assert len(document.pages) >= 5
    assert document.write_pdf().startswith(b"%PDF")


def test_the_reports_charts_are_the_light_print_charts_of_the_exceptions(plan):
    # Issue 24: pygal's stylesheet and 150 elements a chart were a fifth of the county
    # report's layout; the report draws the same lines by hand (dashboard.print_chart).
    report = board_report_data(plan, today=TODAY)
    charts = [e.entry.chart for e in report.measure_exceptions if e.entry.chart]
    assert charts
    assert all("<style" not in chart.svg and "Actual</text>" in chart.svg for chart in charts)


def test_the_fetcher_serves_data_uris_and_refuses_every_other_url():
    fetcher = NoNetworkFetcher()
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    for url in ("http://example.org/x.png", "https://example.org/", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="may not fetch"):
            fetcher.fetch(url)


def test_the_spreadsheet_has_the_same_content_in_sheets(plan):
    workbook = load_workbook(io.BytesIO(board_report_xlsx(plan, today=TODAY)))
    assert workbook.sheetnames == [
        "Cover",
        "Summary",
        "Objectives",
        "Measures",
        "Actions",
        "Exceptions",
        "Statutory duties",
        "Review recommendations",
    ]
    # The same checklist as the dashboard's duties page (progress/duties.py).
    duties = list(workbook["Statutory duties"].values)
    assert duties[0] == ("Duty", "Outcome", "What the records show", "From")
    assert [row[1] for row in duties[1:]] == [
        d.outcome.label for d in check_plan(plan, today=TODAY).duties
    ]
    measures = list(workbook["Measures"].values)
    assert measures[1][:5] == (6, "Deliberate secondary fires", 363, "363 (2010/11)", 420)
    assert measures[1][7] == 330
    assert measures[1][9] == "Off track"
    exceptions = list(workbook["Exceptions"].values)
    assert [row[2] for row in exceptions[1:]] == [
        "Deliberate secondary fires",
        "Deliver Operation Summer Nights",
    ]
    assert exceptions[2][5] == "Delayed by staff shortages; now planned for half term."


def test_every_sheet_but_the_cover_wraps_filters_and_prints_landscape_one_page_wide(plan):
    ActionFactory(
        target=plan.objectives.get(number=6).targets.get(),
        text="Visit every home in Skelmersdale with a fitted smoke alarm " * 4,
    )
    workbook = load_workbook(io.BytesIO(board_report_xlsx(plan, today=TODAY)))
    for sheet in workbook.worksheets[1:]:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == f"A1:{sheet.dimensions.split(':')[1]}", sheet.title
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.print_title_rows == "$1:$1", sheet.title
        assert all(cell.alignment.wrap_text for row in sheet.iter_rows() for cell in row)
    actions = workbook["Actions"]
    long_row = next(
        row[0].row for row in actions.iter_rows() if "Skelmersdale" in str(row[1].value)
    )
    # About 240 characters in a 50-wide column: five lines or more, never the default 15 points.
    assert actions.row_dimensions[long_row].height >= 5 * 15


def test_the_trajectory_in_the_spreadsheet_is_rounded_as_the_measure_unit_says(plan):
    measure = plan.objectives.get(number=6).targets.get().measures.get()
    # 363 → 330 over the year, read at 30 June: 354.86…; fires are counted whole.
    workbook = load_workbook(io.BytesIO(board_report_xlsx(plan, today=TODAY)))
    row = list(workbook["Measures"].values)[1]
    assert measure.unit == "count"
    assert row[6] == 355


def test_officer_text_that_looks_like_a_formula_is_kept_as_text(plan):
    ActionFactory(target__objective=plan.objectives.get(number=7), text="=HYPERLINK(1)")
    workbook = load_workbook(io.BytesIO(board_report_xlsx(plan, today=TODAY)))
    texts = [row[1] for row in workbook["Actions"].values]
    assert "'=HYPERLINK(1)" in texts


def test_the_chair_downloads_both_reports(client, plan):
    client.force_login(in_role(roles.CHAIR, partnership=plan.partnership))
    pdf = client.get(reverse("dashboard:report_pdf", args=[plan.slug]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="west-lancs-board-report.pdf"'
    assert pdf.getvalue().startswith(b"%PDF")
    xlsx = client.get(reverse("dashboard:report_xlsx", args=[plan.slug]))
    assert xlsx.status_code == 200
    assert load_workbook(io.BytesIO(xlsx.getvalue()))["Cover"]["A1"].value.endswith(
        "Partnership Plan 2011 to 2012"
    )


@pytest.mark.parametrize("size", [1, 5])
def test_the_spreadsheet_costs_the_same_number_of_queries_at_any_size(
    size, django_assert_num_queries
):
    plan = PlanFactory()
    for number in range(1, size + 1):
        objective = ObjectiveFactory(plan=plan, number=number)
        for _ in range(size):
            measure = MeasureFactory(target__objective=objective)
            measure.target.lead_officers.add(OfficerFactory())
            MeasurementFactory(
                measure=measure,
                value=Decimal("150"),
                status=ApprovalStatus.APPROVED,
                approved_at=timezone.now(),
            )
            ActionFactory(
                target=measure.target,
                lead_officers=[OfficerFactory()],
                due_date=datetime.date(2011, 5, 1),
            )
    # assess_plan's ten, accountability's three, the statutory checklist's six (seven when the
    # plan has events: who attended them), the partnership's reviews (one), on the plan's
    # reporting day.
    with django_assert_num_queries(20):
        board_report_xlsx(plan)
    # As at an earlier day, one more: when the plan's history begins (progress/as_at.py).
    with django_assert_num_queries(21):
        board_report_xlsx(plan, today=TODAY)


def test_the_reports_follow_the_as_at_day_chosen_on_the_dashboard(client, plan):
    client.force_login(in_role(roles.CHAIR, partnership=plan.partnership))
    url = reverse("dashboard:report_xlsx", args=[plan.slug])
    workbook = load_workbook(io.BytesIO(client.get(url, {"as_at": "2011-06-01"}).getvalue()))
    assert workbook["Cover"]["A3"].value.startswith("As at 1 June 2011")
    # The Q1 figure (to 30 June) and the update were not in by then: no exceptions yet.
    assert list(workbook["Exceptions"].values)[1:] == []


# --- The PDF a chair takes to a meeting: the seed plan with the demonstration progress -------

AS_AT_END_OF_PLAN = datetime.date(2012, 3, 31)


def page_texts(document):
    """The text WeasyPrint laid out on each page, in order (no PDF tools needed)."""
    from weasyprint.formatting_structure.boxes import TextBox

    def texts(box):
        if isinstance(box, TextBox):
            yield box.text
        for child in getattr(box, "children", ()):
            yield from texts(child)

    return [" ".join(" ".join(texts(page._page_box)).split()) for page in document.pages]


@pytest.fixture
def seed_report():
    from cspplan.models import Plan

    call_command("loaddata", "west_lancashire_2011_12", "demo_progress", verbosity=0)
    plan = Plan.objects.get(slug="west-lancashire-2011-12")
    document = board_report_document(plan, today=AS_AT_END_OF_PLAN)
    return plan, page_texts(document)


def first_page_with(pages, text, *, after=0):
    return next(number for number, page in enumerate(pages) if number >= after and text in page)


def test_the_seed_plans_report_is_a_cover_a_summary_page_exceptions_then_a_page_per_objective(
    seed_report,
):
    plan, pages = seed_report
    objectives = list(plan.objectives.order_by("number"))
    assert "As at 31 March 2012" in pages[0]
    assert pages[0].startswith("West Lancashire Community Safety Partnership")
    summary = first_page_with(pages, "Measures by status")
    exceptions = first_page_with(pages, "Exceptions: off track and some concern", after=1)
    assert summary == 1
    assert "Accountability this quarter" in pages[summary]
    # The summary is one page; the exceptions come next, before any objective.
    assert exceptions == summary + 1
    starts = [
        first_page_with(pages, f"Objective {o.number}: {o.title}", after=exceptions + 1)
        for o in objectives
    ]
    method = first_page_with(pages, "How the colours are worked out", after=exceptions)
    duties = first_page_with(pages, "Statutory duties", after=method)
    # One page each, in plan order, then the method, then the statutory checklist last.
    assert starts == list(range(starts[0], starts[0] + len(objectives)))
    assert method == starts[-1] + 1 == duties - 1 == len(pages) - 2
    # 32 pages before; a chair reads a short report.
    assert len(pages) <= 18


def test_the_report_lists_items_with_no_update_once_per_objective_with_their_lead_officers(
    seed_report,
):
    plan, pages = seed_report
    text = " ".join(pages)
    assert "No update yet;" not in text
    assert "the plan records" not in text
    fire = pages[first_page_with(pages, "Objective 6: Reduce Arson", after=3)]
    assert "No update yet: 17 actions. Lead officers: John Buck (15)" in fire
    # The line above and the tally under the heading; no row per action.
    assert fire.lower().count("no update yet") == 2
    assert "Not yet measured: 3 measures. Lead officers: John Buck (3)." in fire


def test_the_report_rounds_figures_as_their_unit_says_and_never_doubles_a_word(seed_report):
    plan, pages = seed_report
    text = " ".join(pages)
    assert "Baseline Baseline" not in text
    assert "Target Target" not in text
    # Deliberate secondary fires: 363 × 274 ÷ 365 = 272.5 fires expected by 31 December.
    assert "272.5" not in text
    assert (
        "Latest 290 (April–December 2011 (year to date, 9 of 12 months)); expected by then 272 "
        "(the target for the year, pro rata)"
    ) in text
    report = board_report_data(plan, today=AS_AT_END_OF_PLAN, with_charts=False)
    whole = [
        figure
        for section in report.sections
        for entry in section.measures
        if entry.measure.unit == "count"
        for figure in [entry.expected, *(row.expected for row in entry.rows)]
    ]
    assert whole and all(figure == "–" or figure.replace(",", "").isdigit() for figure in whole)


def test_a_baseline_or_target_is_shown_without_repeating_its_column_heading(plan):
    measure = plan.objectives.get(number=6).targets.get().measures.get()
    measure.baseline_state, measure.baseline_value = "tbc", None
    measure.baseline_wording = "Baseline (TBC)"
    measure.target_state, measure.target_value = "to_be_agreed", None
    measure.target_wording = "Target to be agreed with the LDATT"
    measure.save()
    report = board_report_data(plan, today=TODAY, with_charts=False)
    (entry,) = report.sections[0].measures
    assert entry.baseline == "To be confirmed"
    assert entry.target == "To be agreed with the LDATT"


def test_the_spreadsheet_words_every_period_and_shows_counts_whole(plan):
    """Issue 21, finding 13: the board XLSX left the period blank where the figure had no
    recorded label, and counts came out as 420.00."""
    from objectives.models import Measurement

    Measurement.objects.update(period_label="")
    workbook = load_workbook(io.BytesIO(board_report_xlsx(plan, today=TODAY)))
    row = list(workbook["Measures"].values)[1]
    assert row[5] == "Q1 2011/12"
    assert row[4] == 420 and str(row[4]) == "420"
