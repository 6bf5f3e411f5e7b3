"""Annual rollover of a bilingual partnership's plan keeps its Welsh (issue 27).

A data-loss finding: the rollover copied each translated field through its plain name, which
reads and writes the active language's column only, so next year's plan of a Welsh partnership
lost every Welsh text of the year before."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation
from freezegun import freeze_time

from actions.models import Action, ActionStatus, Milestone
from cspplan.models import Partnership, Plan, PlanSection
from cspplan.translated import column, missing_in_plan, translated_fields
from objectives.models import Measure, Objective, Target
from priorities.models import Priority, PriorityTheme
from progress.rollover import roll_over
from tests import factories

pytestmark = pytest.mark.django_db


def _both(**texts):
    """``title=("English", "Cymraeg")`` → ``title_en="English", title_cy="Cymraeg"``."""
    columns = {}
    for name, (english, welsh) in texts.items():
        columns[column(name, "en")], columns[column(name, "cy")] = english, welsh
    return columns


def _bilingual_plan():
    """An invented bilingual plan with every copied text in English and in Welsh."""
    partnership = factories.PartnershipFactory(languages=Partnership.WELSH_AND_ENGLISH)
    plan = factories.PlanFactory(
        partnership=partnership,
        slug="dychmygol-2011-12",
        **_both(
            title=("Invented Plan 2011 to 2012", "Cynllun Dychmygol 2011 i 2012"),
            target_label=("March 2012", "Mawrth 2012"),
            objective_word=("Objective", "Amcan"),
        ),
    )
    PlanSection.objects.create(
        plan=plan,
        order=1,
        slug="foreword",
        signatory_name="Invented Chair",
        **_both(
            title=("Foreword", "Rhagair"),
            body=("An invented foreword.", "Rhagair dychmygol."),
            signatory_role=("Chair", "Cadeirydd"),
        ),
    )
    theme = PriorityTheme.objects.create(
        plan=plan, slug="safer", order=1, **_both(name=("Safer", "Mwy diogel"))
    )
    objective = factories.ObjectiveFactory(
        plan=plan,
        number=1,
        **_both(
            title=("Fewer invented fires", "Llai o danau dychmygol"),
            summary=("Invented summary.", "Crynodeb dychmygol."),
        ),
    )
    priority = Priority.objects.create(
        plan=plan,
        theme=theme,
        slug="fires",
        order=1,
        **_both(
            name=("Fires", "Tanau"),
            description=("Invented fires.", "Tanau dychmygol."),
        ),
    )
    priority.objectives.add(objective)
    target = factories.TargetFactory(
        objective=objective,
        order=1,
        **_both(
            wording=("Fewer fires", "Llai o danau"),
            target_wording=("Down 5%", "I lawr 5%"),
        ),
    )
    factories.MeasureFactory(
        target=target,
        order=1,
        baseline_state=Measure.ValueState.KNOWN,
        baseline_value=Decimal("75"),
        target_state=Measure.ValueState.KNOWN,
        target_value=Decimal("68"),
        **_both(
            name=("Invented fires", "Tanau dychmygol"),
            baseline_wording=("75 (2010/11)", "75 (2010/11)"),
            target_wording=("68", "68"),
        ),
    )
    action = factories.ActionFactory(
        target=target,
        order=1,
        status=ActionStatus.ON_TRACK,
        due_date=None,
        **_both(
            text=("Visit every invented home", "Ymweld â phob cartref dychmygol"),
            due_wording=("Monthly", "Bob mis"),
        ),
    )
    Milestone.objects.create(
        action=action,
        due_date=datetime.date(2011, 10, 31),
        **_both(
            title=("Half the homes visited", "Hanner y cartrefi wedi'u gweld"),
            note=("Invented note.", "Nodyn dychmygol."),
        ),
    )
    return plan


COPIED = [
    (PlanSection, "plan"),
    (PriorityTheme, "plan"),
    (Priority, "plan"),
    (Objective, "plan"),
    (Target, "objective__plan"),
    (Measure, "target__objective__plan"),
    (Action, "target__objective__plan"),
    (Milestone, "action__target__objective__plan"),
]


def _texts(model, path, plan):
    """Every English and Welsh column of ``model``'s translated fields, over ``plan``'s rows."""
    names = [
        column(name, language) for name in translated_fields(model) for language in ("en", "cy")
    ]
    return list(model.objects.filter(**{path: plan}).order_by("pk").values_list(*names))


@pytest.mark.parametrize("active", ["en", "cy"])
def test_a_rollover_copies_every_english_and_welsh_text(active):
    old = _bilingual_plan()
    with freeze_time("2012-03-01 09:00"), translation.override(active):
        new = roll_over(
            old,
            title="Invented Plan 2012 to 2013",
            start=datetime.date(2012, 4, 1),
            end=datetime.date(2013, 3, 31),
        ).plan
    for model, path in COPIED:
        assert _texts(model, path, new) == _texts(model, path, old), model.__name__
    new = Plan.objects.get(pk=new.pk)
    assert (new.title_en, new.title_cy) == (
        "Invented Plan 2012 to 2013",
        "Cynllun Dychmygol 2012 i 2013",
    )
    assert (new.target_label_en, new.target_label_cy) == ("March 2013", "Mawrth 2013")
    assert (new.objective_word_en, new.objective_word_cy) == ("Objective", "Amcan")
    # Nothing is missing: the new draft may be published in both languages at once.
    assert missing_in_plan(new) == []


def test_a_title_of_the_managers_own_leaves_the_welsh_for_the_manager_to_write():
    """The Welsh title follows the English only when the English is the one proposed (every
    year one on); a title of the manager's own has no Welsh yet, and publishing names it."""
    old = _bilingual_plan()
    new = roll_over(
        old,
        title="Invented Safer Streets Plan",
        start=datetime.date(2012, 4, 1),
        end=datetime.date(2013, 3, 31),
    ).plan
    new = Plan.objects.get(pk=new.pk)
    assert (new.title_en, new.title_cy) == ("Invented Safer Streets Plan", "")
    assert [line.split(": ")[-1] for line in missing_in_plan(new)] == ["title (Welsh)"]


def test_due_words_the_rollover_writes_are_worded_in_both_languages():
    old = _bilingual_plan()
    action = Action.objects.get(target__objective__plan=old)
    action.due_date = datetime.date(2011, 7, 31)
    action.due_wording_en, action.due_wording_cy = "by July 2011", "erbyn Gorffennaf 2011"
    action.save()
    with freeze_time("2012-03-01 09:00"):
        moved = roll_over(
            old, title="Moved", start=datetime.date(2012, 4, 1), end=datetime.date(2013, 3, 31)
        ).plan
        cleared = roll_over(
            old,
            title="Cleared",
            start=datetime.date(2012, 4, 1),
            end=datetime.date(2013, 3, 31),
            due_dates="clear",
        ).plan
    carried = Action.objects.for_plan(moved).get()
    assert (carried.due_wording_en, carried.due_wording_cy) == (
        "by July 2012",
        "erbyn Gorffennaf 2012",
    )
    carried = Action.objects.for_plan(cleared).get()
    assert (carried.due_wording_en, carried.due_wording_cy) == (
        "Due date to be set: was 31 July 2011",
        "Dyddiad cwblhau i'w bennu: y dyddiad oedd 31 Gorffennaf 2011",
    )
    milestone = Milestone.objects.get(action=carried)
    assert (milestone.note_en, milestone.note_cy) == (
        "Due date to be set: was 31 October 2011. Invented note.",
        "Dyddiad cwblhau i'w bennu: y dyddiad oedd 31 Hydref 2011. Nodyn dychmygol.",
    )
    assert (milestone.title_en, milestone.title_cy) == (
        "Half the homes visited",
        "Hanner y cartrefi wedi'u gweld",
    )
