"""Content in Welsh and English (issue 27): each field a resident reads has both languages, its
history keeps both, and a bilingual partnership publishes its plan only once both are complete,
with the refusal naming each missing text. Test data is invented."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from cspplan.models import Partnership, Plan
from tests import factories
from tests.personas import plan_manager_of

pytestmark = pytest.mark.django_db


def _bilingual_draft(**kwargs):
    return factories.PlanFactory(
        draft=True,
        partnership__languages=Partnership.WELSH_AND_ENGLISH,
        title_en="Invented Plan 2030",
        title_cy="Cynllun Dychmygol 2030",
        **kwargs,
    )


def test_reading_a_field_gives_the_active_languages_text_falling_back_to_english():
    plan = _bilingual_draft()
    objective = factories.ObjectiveFactory(plan=plan, title_en="Safer streets", title_cy="")
    with translation.override("cy"):
        assert plan.title == "Cynllun Dychmygol 2030"
        assert objective.title == "Safer streets"
    with translation.override("en"):
        assert plan.title == "Invented Plan 2030"


def test_text_given_without_a_language_is_english():
    plan = factories.PlanFactory(title="Partnership Plan 2030 to 2031")
    plan.refresh_from_db()
    assert (plan.title_en, plan.title_cy) == ("Partnership Plan 2030 to 2031", None)


def test_the_history_keeps_both_languages_of_each_version():
    plan = _bilingual_draft()
    section = factories.PlanSectionFactory(plan=plan, title_en="Foreword", title_cy="Rhagair")
    section.body_cy = "Paragraff."
    section.save()
    versions = list(section.history.order_by("history_id"))
    assert [(v.title_en, v.title_cy, v.body_cy) for v in versions] == [
        ("Foreword", "Rhagair", None),
        ("Foreword", "Rhagair", "Paragraff."),
    ]
    with translation.override("cy"):
        assert versions[0].instance.title == "Rhagair"


def test_an_english_partnerships_plan_publishes_without_welsh():
    plan = factories.PlanFactory(draft=True)
    factories.ObjectiveFactory(plan=plan)
    plan.publish()
    assert plan.status == Plan.Status.PUBLISHED


def test_a_bilingual_plan_is_not_published_while_a_text_lacks_a_language():
    plan = _bilingual_draft()
    factories.PlanSectionFactory(
        plan=plan, title_en="Foreword", title_cy="Rhagair", body_en="A paragraph.", body_cy=""
    )
    objective = factories.ObjectiveFactory(plan=plan, title_en="", title_cy="Strydoedd mwy diogel")
    action = factories.ActionFactory(
        target__objective=objective,
        target__wording_cy="Lleihau nifer y digwyddiadau",
        target__target_wording_cy="I'w gadarnhau",
        text_en="Hold a street meeting",
        text_cy="",
    )
    with pytest.raises(ValidationError) as refused:
        plan.publish()
    message = refused.value.messages[0]
    assert "plan section “Foreword”: body (Welsh)" in message
    # Named in the language it has, with the plan's Welsh word: its English is what is missing.
    assert f"objective “Amcan {objective.number}: Strydoedd mwy diogel”: title (English)" in (
        message
    )
    assert "action “Hold a street meeting”: text (Welsh)" in message
    # What is complete is not named: the plan's title, the section's title.
    assert "title (Welsh)" not in message
    assert plan.status == Plan.Status.DRAFT

    Plan.objects.get(pk=plan.pk).sections.update(body_cy="Paragraff.")
    action.text_cy = "Cynnal cyfarfod stryd"
    action.save()
    objective.title_en = "Safer streets"
    objective.save()
    plan.publish()
    assert plan.status == Plan.Status.PUBLISHED


def test_publishing_from_the_list_of_plans_names_the_missing_text(client):
    plan = _bilingual_draft()
    factories.PriorityFactory(theme__plan=plan, name_en="Drugs", name_cy="")
    client.force_login(plan_manager_of(plan.partnership))
    response = client.post(
        reverse("admin:cspplan_plan_changelist"),
        {"action": "publish", "_selected_action": [plan.pk]},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert any("priority “Drugs”: name (Welsh)" in m for m in shown), shown
    assert any("priority theme" in m and "name (Welsh)" in m for m in shown), shown
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT
