"""An action's short name in staff lists (issue 11, finding 10): cut at a word boundary with an
ellipsis, never mid-word; the whole text is on its change page."""

import pytest
from django.urls import reverse

from actions.models import Action, shorten
from tests import factories
from tests.personas import plan_manager_of

# The seed plan's objective 6 action that the lists showed as "… undertaken with v".
HOME_FIRE_SAFETY = (
    "Develop a multi agency approach to increasing the number of home fire safety check "
    "undertaken with vulnerable people"
)


def test_a_short_text_is_its_own_name():
    assert shorten("Police patrols", 100) == "Police patrols"
    assert shorten("x" * 100, 100) == "x" * 100


def test_a_long_text_is_cut_after_a_whole_word_with_an_ellipsis():
    name = shorten(HOME_FIRE_SAFETY, 100)
    assert name == (
        "Develop a multi agency approach to increasing the number of home fire safety check "
        "undertaken with…"
    )
    assert len(name) <= 100
    assert HOME_FIRE_SAFETY.startswith(name.removesuffix("…"))


def test_a_cut_never_leaves_a_trailing_comma_or_dash():
    assert shorten("Work with schools, " + "colleges and youth services " * 5, 20) == (
        "Work with schools…"
    )


def test_only_a_single_overlong_word_is_cut_inside_itself():
    assert shorten("x" * 150, 100) == "x" * 99 + "…"


def test_every_cut_of_a_real_sentence_ends_on_a_word():
    words = HOME_FIRE_SAFETY.split()
    for limit in range(10, len(HOME_FIRE_SAFETY)):
        name = shorten(HOME_FIRE_SAFETY, limit)
        assert len(name) <= limit
        kept = name.removesuffix("…").split()
        assert kept == words[: len(kept)], f"cut mid-word at {limit}: {name!r}"


@pytest.mark.django_db
def test_an_actions_name_is_its_first_line_shortened():
    action = factories.ActionFactory(text=HOME_FIRE_SAFETY + "\n- and a bullet")
    assert str(action) == shorten(HOME_FIRE_SAFETY, Action.SHORT_TEXT_LENGTH)
    assert str(action).endswith("undertaken with…")


@pytest.mark.django_db
def test_the_action_list_shows_the_shortened_name_and_the_change_page_the_whole_text(client):
    action = factories.ActionFactory(text=HOME_FIRE_SAFETY)
    plan = action.target.objective.plan
    client.force_login(plan_manager_of(plan.partnership))

    listing = client.get(reverse("admin:actions_action_changelist")).text
    assert "undertaken with…</a>" in listing
    assert "undertaken with v<" not in listing

    change = client.get(reverse("admin:actions_action_change", args=[action.pk])).text
    assert HOME_FIRE_SAFETY in change
