"""Issue 23: an invented 8-column action plan (legislation links, resources with amounts and
"Staff Time", funding, lead) keeps every cell as written — its extra columns as the plan's own
columns — shows them on the public delivery-plan page and in every file, and re-exports the same
table; without a choice for each column the importer does not know, it refuses, naming them."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from actions.models import Action, ActionColumnValue
from cspplan.models import Organisation, Plan
from objectives.models import PlanColumn
from public.exports import tabular, word
from public.exports.pdf import delivery_plan_html
from tests import factories

pytestmark = pytest.mark.django_db

HEADINGS = [
    "Priority Area & key links with legislation",
    "Objective",
    "Action",
    "To be Achieved by",
    "Resource Requirement",
    "Available Resource",
    "Funding Source",
    "Lead Agency/Group",
]
ROWS = [
    [
        "Prevention – Part 1, Invented Safety Act 2009",
        "Outcome 1: Fewer thefts from cars",
        "Run an invented lock-it campaign",
        "March 2013",
        "£5,000 (CDRP fund)",
        "£2,000",
        "Invented Safety Fund",
        "Anyshire Police",
    ],
    [
        "",
        "",
        "Mark bikes at two invented schools",
        "June 2012",
        "Staff Time",
        "Staff Time",
        "",
        "Anyshire Council",
    ],
    [
        "Enforcement – Part 8, Invented Powers Act 2010",
        "Outcome 2: A quieter town centre",
        "Patrol the invented high street on Fridays",
        "December 2012",
        "£90,000",
        "£45,000 Home Office grant",
        "Invented Home Office Fund",
        "Anyshire Police",
    ],
]
# The columns no field of ours holds, which only a choice keeps.
EXTRA = HEADINGS[0], HEADINGS[3], HEADINGS[4], HEADINGS[5]
# "Lead Agency/Group" and "To be Achieved by" are chosen explicitly, so that this test holds
# whatever the importer's table of heading wordings recognises them as.
CHOICES = ["--map", "Owner=Lead Agency/Group", "--keep", "To be Achieved by"]


def table_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADINGS)
    writer.writerows(ROWS)
    return buffer.getvalue().encode()


def run(path, partnership, *options, title="Invented plan 2012 to 2013"):
    out = io.StringIO()
    call_command(
        "import_plan", str(path), "--partnership", partnership, "--title", title,
        "--start", "2012-04-01", "--end", "2013-03-31", "--create-missing", "--publish",
        *options, stdout=out,
    )  # fmt: skip
    return out.getvalue()


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "action-plan.csv"
    path.write_bytes(table_csv())
    return path


def imported(source):
    partnership = factories.PartnershipFactory(slug="anyshire")
    run(source, "anyshire", "--keep-all", *CHOICES)
    return Plan.objects.get(partnership=partnership)


def test_without_a_choice_the_import_is_refused_naming_each_column(source):
    factories.PartnershipFactory(slug="anyshire")

    with pytest.raises(CommandError) as refused:
        run(source, "anyshire", "--map", "Owner=Lead Agency/Group")

    message = str(refused.value)
    # "To be Achieved by" is a usual wording of the target column (importer/headings.py): taken,
    # not waiting for a choice. The other three are no field of the table.
    for heading in (HEADINGS[0], HEADINGS[4], HEADINGS[5]):
        assert f"“{heading}”" in message
    assert f"“{HEADINGS[3]}”" not in message
    assert "--keep-all" in message and "nothing was written" in message
    assert not Plan.objects.exists() and not Organisation.objects.exists()


def test_a_choice_for_some_columns_still_names_the_others(source):
    factories.PartnershipFactory(slug="anyshire")

    with pytest.raises(CommandError) as refused:
        run(source, "anyshire", *CHOICES, "--ignore", HEADINGS[0], "--keep", HEADINGS[4])

    message = str(refused.value)
    assert f"“{HEADINGS[5]}” (3 cells)" in message
    assert HEADINGS[0] not in message and HEADINGS[4] not in message
    assert not Plan.objects.exists()


def test_the_dry_run_lists_every_column_and_the_cells_it_would_not_keep(source):
    factories.PartnershipFactory(slug="anyshire")

    with pytest.raises(CommandError):
        run(source, "anyshire", "--dry-run", "--map", "Owner=Lead Agency/Group")
    partnership = Plan.objects.none()  # nothing written
    assert not partnership.exists()

    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_plan", str(source), "--partnership", "anyshire", "--title", "T",
            "--start", "2012-04-01", "--end", "2013-03-31", "--dry-run",
            "--map", "Owner=Lead Agency/Group", stdout=out,
        )  # fmt: skip
    printed = out.getvalue()
    assert f"Not kept: {HEADINGS[0]}: 2 cells" in printed
    assert f"Not kept: {HEADINGS[4]}: 3 cells" in printed


def test_keep_all_keeps_every_cell_with_a_kind_guessed_from_its_cells(source):
    plan = imported(source)

    columns = {column.name: column for column in plan.columns.all()}
    assert [column.name for column in plan.columns.all()] == list(EXTRA)
    assert columns[HEADINGS[0]].kind == PlanColumn.Kind.TEXT
    assert columns[HEADINGS[3]].kind == PlanColumn.Kind.DATE
    assert columns[HEADINGS[4]].kind == PlanColumn.Kind.MONEY
    assert columns[HEADINGS[5]].kind == PlanColumn.Kind.MONEY
    assert {column.applies_to for column in columns.values()} == {PlanColumn.AppliesTo.ACTIONS}

    requirement = {
        value.action.text: value
        for value in ActionColumnValue.objects.filter(column=columns[HEADINGS[4]])
    }
    assert requirement["Run an invented lock-it campaign"].text == "£5,000 (CDRP fund)"
    assert requirement["Run an invented lock-it campaign"].amount == Decimal("5000.00")
    assert requirement["Mark bikes at two invented schools"].text == "Staff Time"
    assert requirement["Mark bikes at two invented schools"].amount is None
    assert requirement["Patrol the invented high street on Fridays"].amount == Decimal("90000")
    by_date = ActionColumnValue.objects.get(
        column=columns[HEADINGS[3]], action__text__startswith="Mark bikes"
    )
    assert (by_date.text, str(by_date.date)) == ("June 2012", "2012-06-30")
    assert ActionColumnValue.history.count() == ActionColumnValue.objects.count() == 11

    # Every non-empty cell of the file is somewhere in the plan, as written.
    kept = set()
    for action in Action.objects.filter(target__objective__plan=plan):
        kept |= {action.text, action.owner_wording, action.funding_wording}
        kept |= {value.text for value in action.column_values.all()}
    # An objective as its heading was written: "Outcome 1: Fewer thefts from cars".
    kept |= {objective.heading for objective in plan.objectives.all()}
    assert {cell for row in ROWS for cell in row if cell} <= kept


def exported_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def same_table(rows: list[dict]) -> list[list[str]]:
    """The invented table as a download gives it back, in the file's own columns."""
    return [
        [
            row[HEADINGS[0]],
            row["Objective"],
            row["Actions"],
            row[HEADINGS[3]],
            row[HEADINGS[4]],
            row[HEADINGS[5]],
            row["Funding"],
            row["Owner"],
        ]
        for row in rows
    ]


def test_the_kept_columns_are_on_the_public_page_and_in_every_file(source, client):
    plan = imported(source)

    page = client.get(reverse("plans:delivery_plan", args=[plan.slug])).content.decode()
    pdf_html = delivery_plan_html(plan)
    for shown in (page, pdf_html):
        for heading in EXTRA:
            assert heading.replace("&", "&amp;") in shown
        assert "£5,000 (CDRP fund)" in shown and "Staff Time" in shown
        assert "Enforcement – Part 8, Invented Powers Act 2010" in shown

    # The CSV re-exports the same table, cell for cell; the objective headed as the site heads
    # it (objective labels are another part of issue 23).
    exported = same_table(exported_rows(tabular.delivery_plan_csv(plan)))
    assert [row[:1] + row[2:] for row in exported] == [row[:1] + row[2:] for row in ROWS]
    assert all(mine[1].endswith(theirs[1]) for mine, theirs in zip(exported, ROWS, strict=True))

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(tabular.delivery_plan_xlsx(plan))).worksheets[0]
    cells = [[cell.value or "" for cell in line] for line in sheet.iter_rows()]
    assert all(heading in cells[0] for heading in EXTRA)
    assert [
        cells[1][cells[0].index(HEADINGS[4])],
        cells[1][cells[0].index(HEADINGS[5])],
    ] == ["£5,000 (CDRP fund)", "£2,000"]

    from docx import Document

    document = Document(io.BytesIO(word.delivery_plan_docx(plan)))
    texts = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert set(EXTRA) <= texts
    assert {"£90,000", "£45,000 Home Office grant", "Staff Time", "June 2012"} <= texts


@pytest.mark.parametrize("file_type", ["xlsx", "docx", "csv"])
def test_an_exported_plan_with_its_own_columns_imports_back_the_same(source, tmp_path, file_type):
    plan = imported(source)
    data = {
        "xlsx": tabular.delivery_plan_xlsx,
        "docx": word.delivery_plan_docx,
        "csv": tabular.delivery_plan_csv,
    }[file_type](plan)
    path = tmp_path / f"download.{file_type}"
    path.write_bytes(data)

    run(path, "anyshire", "--keep-all", title="Copy")

    copy = Plan.objects.get(title="Copy")
    assert [(c.name, c.kind) for c in copy.columns.all()] == [
        (c.name, c.kind) for c in plan.columns.all()
    ]

    def values(of):
        return [
            (value.action.text, value.column.name, value.text, value.amount, value.date)
            for value in ActionColumnValue.objects.filter(action__target__objective__plan=of)
            .select_related("action", "column")
            .order_by(
                "action__target__objective__number",
                "action__target__order",
                "action__order",
                "column__order",
            )  # fmt: skip
        ]

    assert values(copy) == values(plan)


def test_the_admin_preview_asks_keep_or_ignore_for_each_column_then_creates_the_plan(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.personas import plan_manager_of

    partnership = factories.PartnershipFactory(slug="anyshire")
    client.force_login(plan_manager_of(partnership))
    first = client.post(
        reverse("importer:upload"),
        {
            "file": SimpleUploadedFile("action-plan.csv", table_csv()),
            "partnership": partnership.pk,
            "title": "Invented plan 2012 to 2013",
            "period_start": "2012-04-01",
            "period_end": "2013-03-31",
            "create_missing": "on",
        },
    )
    page = first.content.decode()
    assert 'value="Create the plan"' not in page  # not until every column has a choice
    form = first.context["choice_form"]
    # "To be Achieved by" and "Lead Agency/Group" are usual wordings of the target column and
    # the owner (importer/headings.py): only the columns no field holds wait for a choice.
    assert [field.label for field in form] == [
        f"“{HEADINGS[0]}” (2 cells)",
        f"“{HEADINGS[4]}” (3 cells)",
        f"“{HEADINGS[5]}” (3 cells)",
    ]
    assert page.count("<fieldset") >= 3 and "<legend>Column “Resource Requirement”" in page
    assert '<label for="id_choice_2_0" class="vCheckboxLabel">Keep as a plan column' in page

    token = {"token": first.context["token"], "keep_or_ignore": "1"}
    left_out = client.post(reverse("importer:remap"), {**token, "choice_0": "keep"})
    assert "Choose keep or ignore for this column." in left_out.content.decode()
    assert 'value="Create the plan"' not in left_out.content.decode()

    choices = {f"choice_{number}": "keep" for number in range(3)}
    chosen = client.post(reverse("importer:remap"), {**token, **choices})
    assert 'value="Create the plan"' in chosen.content.decode()
    columns = [HEADINGS[0], HEADINGS[4], HEADINGS[5]]
    assert [kept.heading for kept in chosen.context["summary"].kept_columns] == columns

    client.post(reverse("importer:confirm"), {"token": chosen.context["token"]})
    plan = Plan.objects.get(partnership=partnership)
    assert [column.name for column in plan.columns.all()] == columns
    assert plan.columns.get(name=HEADINGS[4]).kind == PlanColumn.Kind.MONEY
    assert Action.objects.filter(target__objective__plan=plan).count() == 3


@pytest.mark.parametrize("file_type", ["xlsx", "docx"])
def test_a_download_defines_its_columns_so_they_import_back_as_they_were(tmp_path, file_type):
    """The XLSX's hidden sheet and the Word document's data part carry each column's kind, what
    it belongs to and its choices: the copy needs no choice and guesses nothing."""
    from actions.models import TargetColumnValue

    plan = factories.PlanFactory(partnership=factories.PartnershipFactory(slug="anyshire"))
    target = factories.TargetFactory(objective=factories.ObjectiveFactory(plan=plan, number=1))
    first = factories.ActionFactory(target=target, text="Invented first action")
    factories.ActionFactory(target=target, order=2, text="Invented second action")
    state = PlanColumn.objects.create(
        plan=plan, name="Funding state", kind="choice", choices="Secured\nBid made"
    )
    review = PlanColumn.objects.create(
        plan=plan, name="Reviewed by", kind="text", order=2, applies_to="targets"
    )
    ActionColumnValue.objects.create(action=first, column=state, text="Bid made")
    TargetColumnValue.objects.create(target=target, column=review, text="Invented board")
    data = {"xlsx": tabular.delivery_plan_xlsx, "docx": word.delivery_plan_docx}[file_type](plan)
    path = tmp_path / f"download.{file_type}"
    path.write_bytes(data)

    run(path, "anyshire", title="Copy")  # no --keep-all: the file defines its columns

    copy = Plan.objects.get(title="Copy")
    assert [(c.name, c.kind, c.applies_to, c.choices) for c in copy.columns.all()] == [
        ("Funding state", "choice", "actions", "Secured\nBid made"),
        ("Reviewed by", "text", "targets", ""),
    ]
    assert [
        (value.action.text, value.text)
        for value in ActionColumnValue.objects.filter(action__target__objective__plan=copy)
    ] == [("Invented first action", "Bid made")]
    assert [
        value.text for value in TargetColumnValue.objects.filter(target__objective__plan=copy)
    ] == ["Invented board"]


def test_a_resources_heading_is_kept_as_money_even_when_its_cells_are_words(tmp_path):
    """A heading the importer knows as a plan column of money ("Resource requirement",
    importer/headings.py) keeps that kind once kept, though no cell of it gives an amount."""
    path = tmp_path / "staff-time.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Objective", "Actions", "Owner", "Resource requirement"])
    writer.writerow(
        ["Objective 1: Invented safer parks", "Light the invented park", "Anyshire Council",
         "Staff Time"]
    )  # fmt: skip
    path.write_bytes(buffer.getvalue().encode())
    partnership = factories.PartnershipFactory(slug="anyshire")

    run(path, "anyshire", "--keep", "Resource requirement")

    column = Plan.objects.get(partnership=partnership).columns.get()
    assert (column.name, column.kind) == ("Resource requirement", PlanColumn.Kind.MONEY)
    value = ActionColumnValue.objects.get(column=column)
    assert (value.text, value.amount) == ("Staff Time", None)
