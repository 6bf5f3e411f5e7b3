"""The invented bilingual demonstration (manage.py load_bilingual_demo): a published plan that
reads wholly in Welsh and in English, loaded once, and marked as invented."""

import pytest
from django.core.management import call_command
from django.utils import translation

from actions.models import Action
from cspplan import translated
from cspplan.models import Plan
from demonstration.bilingual import PLAN_SLUG

pytestmark = pytest.mark.django_db


def test_the_bilingual_demo_is_a_published_plan_complete_in_both_languages():
    call_command("load_bilingual_demo", verbosity=0)
    plan = Plan.objects.get(slug=PLAN_SLUG)
    assert plan.partnership.is_bilingual
    assert plan.status == Plan.Status.PUBLISHED
    assert translated.missing_in_plan(plan) == []
    with translation.override("cy"):
        assert plan.title == "Cynllun y Bartneriaeth 2026 i 2027 (dychmygol)"
        assert "Nid yw'r bartneriaeth" in plan.sections.get(slug="foreword").body
    with translation.override("en"):
        assert "invented" in plan.title
        assert "do not exist" in plan.sections.get(slug="foreword").body
    # Its approved update gives its action its status, as on every other plan.
    youth = Action.objects.get(target__objective__plan=plan, order=1, target__objective__number=1)
    assert youth.status == "on_track"


def test_loading_it_again_changes_nothing():
    call_command("load_bilingual_demo", verbosity=0)
    call_command("load_bilingual_demo", verbosity=0)
    assert Plan.objects.filter(slug=PLAN_SLUG).count() == 1
