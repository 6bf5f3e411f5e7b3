"""Section titles between rows, stages merged down a Word table, and objective labels as the
source wrote them (issue 23, items 1, 3 and 4). Every table here is invented for the tests.
"""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from cspplan.models import Plan
from importer.preview import preview_lines
from importer.services import preview, read_draft, write_plan
from objectives.models import Objective
from priorities.models import Priority
from tests import factories
from tests.importer import tolerant_tables as shapes

pytestmark = pytest.mark.django_db


def write(draft, **kwargs):
    return write_plan(
        draft=draft,
        partnership=kwargs.pop("partnership", None) or factories.PartnershipFactory(),
        title=kwargs.pop("title", "Invented plan"),
        start=datetime.date(2012, 4, 1),
        end=datetime.date(2013, 3, 31),
        create_missing=True,
        publish=True,
        **kwargs,
    )


def page(client, objective):
    return client.get(objective.get_absolute_url()).content.decode()


# --- Section titles between rows --------------------------------------------------------------

SECTIONED = [
    ["Priority area", "Objective", "Action", "Lead agency", "By when"],
    ["Prevention", "", "", "", ""],
    ["", "Fewer invented fires", "Fit alarms", "Anyshire Fire Service", "March 2013"],
    ["", "", "Visit homes", "", ""],
    ["Enforcement", "", "", "", ""],
    ["", "Fewer invented thefts", "Patrol the square", "Exampleton Police", "June 2013"],
]


def test_a_section_title_between_rows_becomes_a_theme_of_the_plan(client):
    draft = read_draft("plan.csv", shapes.csv_text(SECTIONED).encode())

    assert [title for title, _where in draft.sections] == ["Prevention", "Enforcement"]
    assert [o.title for o in draft.objectives] == ["Fewer invented fires", "Fewer invented thefts"]
    notes = preview(draft).notes
    assert any("“Prevention” (Row 2) is kept as a theme" in note for note in notes)
    lines = preview_lines(preview(draft))
    assert "Fewer invented fires (Row 3; under the section “Prevention”)" in lines

    plan = write(draft)

    prevention = Priority.objects.get(plan=plan, name="Prevention")
    assert prevention.theme.name == "Prevention"
    assert [o.title for o in prevention.objectives.all()] == ["Fewer invented fires"]
    assert [o.title for o in Priority.objects.get(name="Enforcement").objectives.all()] == [
        "Fewer invented thefts"
    ]
    fires = plan.objectives.get(title="Fewer invented fires")
    assert [a.text for a in fires.targets.get().actions.all()] == ["Fit alarms", "Visit homes"]
    html = page(client, fires)
    assert "This objective addresses the priority" in html
    assert ">Prevention</a>" in html
    priorities = client.get(reverse("plans:priorities", args=[plan.slug])).content.decode()
    assert "Prevention" in priorities and "Enforcement" in priorities


def test_a_lone_title_over_rows_of_its_own_is_still_their_objective():
    """Not a section: the rows below it have no objective of their own, so it is theirs."""
    rows = [
        ["Objective", "Action", "Lead agency"],
        ["Quieter invented evenings", "", ""],
        ["", "Visit noisy premises", "Anyshire Council"],
    ]
    draft = read_draft("plan.csv", shapes.csv_text(rows).encode())

    assert draft.sections == []
    assert [o.title for o in draft.objectives] == ["Quieter invented evenings"]
    assert [a.text for a in draft.actions] == ["Visit noisy premises"]


# --- Stages merged down the rows of a Word table ----------------------------------------------

STAGES = [
    ("Consulting residents", ["Run two invented surveys", "Hold a public meeting"]),
    ("Writing the strategy", ["Draft the invented strategy", "Agree it with partners"]),
    ("Publishing", ["Publish the strategy"]),
]


def stage_docx() -> bytes:
    """*STAGE | ACTION | WHO | WHEN BY?* under a heading, each stage merged down its actions."""
    from docx import Document

    document = Document()
    document.add_heading("Refreshing the invented strategy", level=2)
    rows = sum(len(actions) for _, actions in STAGES)
    table = document.add_table(rows=1 + rows, cols=4)
    for cell, text in zip(table.rows[0].cells, ["STAGE", "ACTION", "WHO", "WHEN BY?"], strict=True):
        cell.text = text
    row = 1
    for stage, actions in STAGES:
        first = row
        for action in actions:
            cells = table.rows[row].cells
            cells[1].text, cells[2].text, cells[3].text = action, "Anyshire Council", "June 2013"
            row += 1
        merged = table.cell(first, 0).merge(table.cell(row - 1, 0)) if len(actions) > 1 else None
        (merged or table.cell(first, 0)).text = stage
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_stages_merged_down_the_rows_are_not_silently_one_objective(tmp_path):
    draft = read_draft("stages.docx", stage_docx())

    assert [o.title for o in draft.objectives] == ["Refreshing the invented strategy"]
    assert len(draft.actions) == 5
    (warning,) = preview(draft).warnings
    assert "Column “STAGE” repeats each of its 3 values down merged cells" in warning
    assert "it looks like the objectives" in warning
    assert '--map "Objective=STAGE"' in warning

    path = tmp_path / "stages.docx"
    path.write_bytes(stage_docx())
    out = io.StringIO()
    # Nor on the command line: the stage column's cells would be lost, so the import stops for
    # a choice (map it as the objectives, keep or ignore it), saying why it looks like them.
    with pytest.raises(CommandError, match="“STAGE” \\(3 cells\\)"):
        call_command(
            "import_plan",
            str(path),
            "--partnership=Invented CSP",
            "--create-partnership",
            "--title=Invented strategy",
            "--start=2012-04-01",
            "--end=2013-03-31",
            "--create-missing",
            "--dry-run",
            stdout=out,
        )
    assert "Check: Column “STAGE” repeats each of its 3 values" in out.getvalue()


def test_with_the_stage_column_mapped_each_stage_is_an_objective(client):
    draft = read_draft("stages.docx", stage_docx(), mapping={"STAGE": "Objective"})

    assert [o.title for o in draft.objectives] == [stage for stage, _ in STAGES]
    assert [
        len(o.targets and [a for t in o.targets for a in t.actions]) for o in draft.objectives
    ] == [
        2,
        2,
        1,
    ]
    assert draft.warnings == []
    # The heading above the table is the section the stages are in.
    assert [title for title, _where in draft.sections] == ["Refreshing the invented strategy"]

    plan = write(draft)
    section = Priority.objects.get(plan=plan, name="Refreshing the invented strategy")
    assert section.objectives.count() == 3

    assert (plan.objective_word, plan.objectives_numbered) == ("Stage", False)
    writing = plan.objectives.get(title="Writing the strategy")
    assert writing.heading == "Stage: Writing the strategy"
    html = page(client, writing)
    assert "<h1>Stage: Writing the strategy</h1>" in html
    assert f"Stage {writing.number}" not in html


# --- Objective labels as written -------------------------------------------------------------


def test_outcomes_keep_their_label_and_number_as_written(client):
    plan = write(read_draft("plan.csv", shapes.csv_text(shapes.OUTCOMES).encode()))

    first = plan.objectives.get(number=1)
    assert (first.label, first.title) == ("Outcome 1", "Fewer burglaries in Exampleton")
    assert (plan.objective_word, plan.objectives_numbered) == ("Outcome", True)
    html = page(client, first)
    assert "<h1>Outcome 1: Fewer burglaries in Exampleton</h1>" in html
    assert "Objective 1" not in html
    delivery = client.get(reverse("plans:delivery_plan", args=[plan.slug])).content.decode()
    assert "Outcome 2: Busier youth clubs" in delivery
    assert "Objective 2" not in delivery
    api = client.get(f"/api/v1/objectives/{first.pk}/").json()
    assert (api["label"], api["heading"]) == (
        "Outcome 1",
        "Outcome 1: Fewer burglaries in Exampleton",
    )


def test_letters_are_kept_and_no_number_is_shown_that_the_source_did_not_have(client):
    plan = write(read_draft("plan.csv", shapes.csv_text(shapes.LETTERED).encode()))

    tidy = plan.objectives.get(title="Tidy streets")
    assert tidy.heading == "Priority A: Tidy streets"
    assert "Priority 1" not in page(client, tidy)


def test_bare_titles_under_an_aim_column_say_aim_and_no_number(client):
    plan = write(read_draft("plan.csv", shapes.csv_text(shapes.UNNUMBERED).encode()))

    alcohol = plan.objectives.get(title="Less harm from alcohol")
    assert (plan.objective_word, plan.objectives_numbered) == ("Aim", False)
    assert alcohol.heading == "Aim: Less harm from alcohol"
    html = page(client, alcohol)
    assert "Aim 1" not in html and "Objective 1" not in html


def test_bare_titles_in_an_objective_column_show_the_title_alone():
    rows = [["Objective", "Action"], ["Safer invented lanes", "Cut back hedges"]]
    plan = write(read_draft("plan.csv", shapes.csv_text(rows).encode()))

    assert plan.objectives.get().heading == "Safer invented lanes"


def test_a_plan_that_numbers_its_objectives_says_objective_and_its_number():
    """The seed's way, and the default for plans made in the admin: unchanged."""
    objective = factories.ObjectiveFactory(number=6, title="Reduce invented arson")

    assert objective.heading == "Objective 6: Reduce invented arson"
    assert str(objective) == "Objective 6: Reduce invented arson"
    assert objective.in_column == 6


def test_the_exported_heading_reimports_as_written():
    """The delivery-plan table writes each objective as headed; reading it back keeps it."""
    plan = write(read_draft("plan.csv", shapes.csv_text(shapes.OUTCOMES).encode()))
    from tests.importer_helpers import csv_bytes, table_rows

    again = write(
        read_draft("again.csv", csv_bytes(*table_rows(plan, ids=False))),
        partnership=plan.partnership,
        title="Invented plan again",
    )

    assert [o.heading for o in again.objectives.order_by("number")] == [
        o.heading for o in plan.objectives.order_by("number")
    ]
    assert Objective.objects.filter(plan=again, label="Outcome 2").exists()


def test_comparing_two_years_names_unnumbered_objectives_by_title():
    from public.compare import compare as compare_plans
    from public.compare import comparison_csv

    plans = [
        factories.PlanFactory(objective_word="Stage", objectives_numbered=False, **dates)
        for dates in (
            {"period_start": datetime.date(2011, 4, 1), "period_end": datetime.date(2012, 3, 31)},
            {
                "period_start": datetime.date(2012, 4, 1),
                "period_end": datetime.date(2013, 3, 31),
                "target_date": datetime.date(2013, 3, 31),
            },
        )
    ]
    plans[1].partnership = plans[0].partnership
    plans[1].save()
    for plan, wording in zip(plans, ["Draft it", "Draft it again"], strict=True):
        target = factories.TargetFactory(
            objective__plan=plan, objective__number=1, objective__title="Writing it"
        )
        factories.ActionFactory(target=target, text=wording)

    result = compare_plans(*plans)

    assert {change.objective_name for change in result.changes} == {"Writing it"}
    assert "Writing it" in comparison_csv(result).decode("utf-8-sig")
    assert plans[0].objectives.get().in_column == "Writing it"


def test_the_admin_preview_says_the_stage_column_looks_like_the_objectives(client):
    from tests.importer.test_import_mapping import CONFIRM, REMAP, columns_form, upload
    from tests.personas import plan_manager_of

    partnership = factories.PartnershipFactory()
    client.force_login(plan_manager_of(partnership))

    first = upload(client, stage_docx(), name="stages.docx", partnership=partnership.pk)

    html = first.content.decode()
    assert "Check before you import" in html
    assert "Column “STAGE” repeats each of its 3 values down merged cells" in html
    again = client.post(REMAP, columns_form(first, STAGE="Objective"))
    assert again.context["summary"].counts["objectives"] == 3
    assert "Check before you import" not in again.content.decode()
    assert "<h2>Stage: Writing the strategy</h2>" in again.content.decode()
    client.post(CONFIRM, {"token": again.context["token"]})
    plan = Plan.objects.get(partnership=partnership)
    assert plan.objectives.get(title="Publishing").heading == "Stage: Publishing"
