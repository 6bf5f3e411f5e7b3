"""The Welsh surfaces agree with the English ones on every code (issue 27): each action's
state, each objective's colour, the counts by status and the actions completed, read from the
Welsh pages by the stateful test's own readers (``tests/stateful/surfaces.py``) with the Welsh
words mapped back to their codes, equal what the same readers read from the English pages.

Why here and not inside the stateful machine: its partnership is the seed plan's, which
publishes in English only. Making it bilingual would refuse every publishing step the machine
takes (rollover, review) until the seed plan had Welsh for every text, and the seed plan's
wording is a public document that is not ours to translate. So the Welsh reader runs over the
invented bilingual demonstration, with progress added so that every kind of row shows: an
action off track, one overdue, one at risk by a late milestone, a count per status.
"""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext

from actions.models import Action, ActionStatus
from cspplan.models import Plan
from demonstration.bilingual import PARTNERSHIP_SLUG, PLAN_SLUG
from progress.assessment import OVERDUE_CODE, RagStatus, action_count_words
from tests import factories
from tests.stateful import surfaces

pytestmark = pytest.mark.django_db

# The pages where status words and counts show, as the public reads them (the home page's
# reader asks for "/" itself, the English address: the plan's page shows the same summary).
READERS = (surfaces.plan_page, surfaces.partnership_page, surfaces.objective_pages)


@pytest.fixture
def demonstration(settings):
    call_command("load_bilingual_demo", verbosity=0)
    settings.DEFAULT_PARTNERSHIP_SLUG = PARTNERSHIP_SLUG
    plan = Plan.objects.get(slug=PLAN_SLUG)
    # Another action, overdue (due before the plan's reporting day, not complete), in both
    # languages as the plan is published.
    first = Action.objects.for_plan(plan).order_by("pk").first()
    factories.ActionFactory(
        target=first.target,
        order=2,
        status=ActionStatus.OFF_TRACK,
        text_en="Light the underpass (invented).",
        text_cy="Goleuo'r danffordd (dychmygol).",
        due_date=plan.period_start + datetime.timedelta(days=30),
        due_wording_en="",
        due_wording_cy="",
    )
    return plan


def read_in_welsh(monkeypatch, client, plan):
    """The readers' results from the Welsh pages: the readers reverse their addresses in the
    active language (Welsh), and read Welsh words through maps built from the catalogue."""
    with translation.override("cy"):
        actions = {str(status.label): status.value for status in ActionStatus}
        colours = {str(status.label): status.value for status in RagStatus}
        overdue = " · " + gettext("overdue")
        overdue_row = action_count_words(OVERDUE_CODE)
        captions = {
            start: gettext(start) for start in ("Objectives by status", "Actions by status")
        }
        milestones = re.compile(r" · (\d+ o \d+ carreg filltir wedi'u cwblhau(?:, \d+ yn hwyr)?)$")
        count_table = surfaces._count_table
        monkeypatch.setattr(surfaces, "_ACTION_LABELS", actions)
        monkeypatch.setattr(surfaces, "_RAG_LABELS", colours)
        monkeypatch.setattr(surfaces, "OVERDUE", overdue)
        monkeypatch.setattr(surfaces, "OVERDUE_ROW", overdue_row)
        monkeypatch.setattr(surfaces, "_MILESTONE_WORDS", milestones)
        monkeypatch.setattr(
            surfaces,
            "_count_table",
            lambda root, start: count_table(root, captions.get(start, start)),
        )
        readings = [reader(client, plan) for reader in READERS]
    monkeypatch.undo()
    return readings


def codes(reading):
    """What a reading says, as codes and numbers: every word of a language left out."""
    return {
        "actions": {pk: (state.status, state.overdue) for pk, state in reading.actions.items()},
        "objectives": reading.objectives,
        "action_counts": reading.action_counts,
        "objective_counts": reading.objective_counts,
    }


def test_the_welsh_pages_agree_with_the_english_on_every_code(client, demonstration, monkeypatch):
    english = [reader(client, demonstration) for reader in READERS]
    welsh = read_in_welsh(monkeypatch, client, demonstration)
    assert [codes(r) for r in welsh] == [codes(r) for r in english]
    # The readers did read something on each: an action state, a colour and the counts.
    objective_pages = welsh[-1]
    assert {state.status for state in objective_pages.actions.values()} >= {"at_risk"}
    assert any(state.overdue for state in objective_pages.actions.values())
    assert welsh[1].action_counts and welsh[1].objective_counts  # the partnership's page
    # Milestones are counted the same, in each language's words.
    english_milestones = {pk: s.milestones for pk, s in english[-1].actions.items()}
    welsh_milestones = {pk: s.milestones for pk, s in objective_pages.actions.items()}
    assert english_milestones.keys() == welsh_milestones.keys()
    for pk, words in english_milestones.items():
        assert re.findall(r"\d+", words) == re.findall(r"\d+", welsh_milestones[pk])
