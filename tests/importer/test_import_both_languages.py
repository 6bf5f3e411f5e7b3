"""A bilingual partnership's delivery plan in Welsh and English round-trips (issue 27): its
spreadsheet, downloaded at the English or the Welsh address, carries both languages' columns
("Actions (Welsh)", "Camau gweithredu (Saesneg)"), and imports back into a plan with the same
English and Welsh text, each record's history holding both; the importer reads Welsh headings;
a Welsh column that does not pair with its English is refused, naming the Welsh column.

The plan is the invented bilingual demonstration (``manage.py load_bilingual_demo``).
"""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse, translate_url
from django.utils import translation

from actions.models import Action, Milestone
from cspplan.models import Plan
from demonstration.bilingual import PLAN_SLUG
from importer.errors import PlanImportError
from importer.services import read_draft, write_plan
from objectives.models import Measure, Objective, Target
from tests.importer_helpers import xlsx_bytes

pytestmark = pytest.mark.django_db

# Every translated field the delivery-plan table carries, by model.
CARRIED = {
    Objective: ("title",),
    Target: ("wording", "target_wording"),
    Measure: ("name", "baseline_wording", "target_wording"),
    Action: ("text",),
    Milestone: ("title", "note"),
}


@pytest.fixture
def plan():
    call_command("load_bilingual_demo", verbosity=0)
    return Plan.objects.get(slug=PLAN_SLUG)


def both_languages(plan) -> dict:
    """Each carried field's English and Welsh, in the plan's order (an empty text as "",
    whether stored empty or null: the milestone note a plan manager never wrote)."""
    paths = {
        Objective: "plan",
        Target: "objective__plan",
        Measure: "target__objective__plan",
        Action: "target__objective__plan",
        Milestone: "action__target__objective__plan",
    }
    found = {}
    for model, fields in CARRIED.items():
        columns = [f"{field}_{language}" for field in fields for language in ("en", "cy")]
        found[model.__name__] = [
            tuple(value or "" for value in values)
            for values in model.objects.filter(**{paths[model]: plan})
            .order_by("pk")
            .values_list(*columns)
        ]
    return found


def imported(plan, data: bytes) -> Plan:
    draft = read_draft("delivery-plan.xlsx", data)
    return write_plan(
        draft=draft,
        partnership=plan.partnership,
        title="Re-imported",
        start=plan.period_start,
        end=plan.period_end,
        target_label=plan.target_label,
        create_missing=True,
    )


@pytest.mark.parametrize("address", ["english", "welsh"])
def test_the_spreadsheet_round_trips_both_languages_with_their_history(client, plan, address):
    url = reverse("plans:delivery_plan_xlsx", args=[plan.slug])
    if address == "welsh":
        url = translate_url(url, "cy")
    data = client.get(url).content
    copy = imported(plan, data)

    assert both_languages(copy) == both_languages(plan)
    assert both_languages(copy)["Action"][0] == (
        "Run monthly youth evenings in the community centre.",
        "Cynnal nosweithiau ieuenctid misol yn y ganolfan gymunedol.",
    )
    # The history of each new record holds both languages, as it was written.
    action = Action.objects.filter(target__objective__plan=copy).order_by("pk").first()
    first = action.history.earliest()
    assert (first.text_en, first.text_cy) == (action.text_en, action.text_cy)
    assert first.history_type == "+"


def test_the_importer_reads_the_welsh_headings_and_names_the_welsh_column_in_errors(plan):
    with translation.override("en"):
        english = ["Objective", "Target & Base Line", "March 2027", "Owner", "Actions"]
    headings = [
        *english,
        "Lead Officer",
        "Funding",
        "Amcan (Cymraeg)",
        "Targed a Llinell Sylfaen (Cymraeg)",
        "March 2027 (Cymraeg)",
        "Camau gweithredu (Cymraeg)",
    ]
    row = [
        "Objective 1: Safer streets",
        "Fewer burglaries",
        "100",
        "",
        "• Patrol the park\n• Light the lane",
        "",
        "",
        "Objective 1: Strydoedd mwy diogel",
        "Llai o fyrgleriaethau",
        "100",
        "• Patrolio'r parc",  # one action in Welsh for two in English
    ]
    with pytest.raises(PlanImportError) as refused:
        read_draft("plan.xlsx", xlsx_bytes(headings, [row]))
    (problem,) = refused.value.problems
    assert problem.where == "Sheet 'Delivery plan', row 2, column Camau gweithredu (Cymraeg)"
    assert "1 actions in Welsh for 2 in English" in problem.message

    row[-1] = "• Patrolio'r parc\n• Goleuo'r lôn"
    draft = read_draft("plan.xlsx", xlsx_bytes(headings, [row]))
    (objective,) = draft.objectives
    assert (objective.title, objective.title_cy) == ("Safer streets", "Strydoedd mwy diogel")
    assert [(a.text, a.text_cy) for a in draft.actions] == [
        ("Patrol the park", "Patrolio'r parc"),
        ("Light the lane", "Goleuo'r lôn"),
    ]


def test_welsh_headings_alone_are_read_and_a_welsh_column_needs_its_english(plan):
    # "Perchennog", "Cyllid": the same in both languages, read as Owner and Funding.
    headings = ["Amcan", "Targed a Llinell Sylfaen", "Perchennog", "Camau gweithredu", "Cyllid"]
    row = ["Objective 1: Strydoedd", "Llai", "Heddlu", "Patrolio", ""]
    with pytest.raises(PlanImportError) as refused:
        read_draft("plan.xlsx", xlsx_bytes(headings, [row]))
    wheres = [problem.where for problem in refused.value.problems]
    assert "Sheet 'Delivery plan', row 1, column Camau gweithredu" in wheres
    assert all("no column gives its English" in p.message for p in refused.value.problems)


def test_a_welsh_milestone_line_reads_back_to_the_same_days():
    from actions.delivery_table import milestones_from_cell

    (milestone,) = milestones_from_cell(
        "Lleoliad (erbyn 31 Mai 2011; cwblhawyd 20 Mai 2011): nodyn"
    )
    assert milestone == {
        "title": "Lleoliad",
        "due_date": datetime.date(2011, 5, 31),
        "done_on": datetime.date(2011, 5, 20),
        "note": "nodyn",
    }
