"""A bilingual partnership's event, consultation (with its questions) and "you said, we did"
entry are published only with their text in Welsh and English (issue 27); drafts and English
partnerships' records are as before. Test data is invented."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from consultation.models import ConsultationQuestion, YouSaidWeDid
from cspplan.models import Partnership
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return factories.PlanFactory(partnership__languages=Partnership.WELSH_AND_ENGLISH)


def _refusal(record):
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    return refused.value.message_dict


def test_an_event_is_not_published_without_its_welsh(plan):
    event = factories.EngagementEventFactory.build(
        plan=plan, name_en="Meet the team", published=True, date=datetime.date(2026, 7, 4)
    )
    message = " ".join(_refusal(event)["published"])
    assert "cannot be published" in message
    assert "Missing: name (Welsh)." in message
    event.published = False
    event.full_clean()  # a draft may wait for its Welsh
    event.published, event.name_cy = True, "Cwrdd â'r tîm"
    event.full_clean()


def test_a_consultation_and_its_questions_are_published_in_both_languages(plan):
    consultation = factories.ConsultationFactory(
        plan=plan, title_cy="Dweud eich dweud", description_cy="Dywedwch wrthym beth yw eich barn."
    )
    consultation.description_cy = ""
    assert "summary (Welsh)" in " ".join(_refusal(consultation)["published"])
    question = ConsultationQuestion(consultation=consultation, order=1, text_en="Do you feel safe?")
    assert "question (Welsh)" in " ".join(_refusal(question)["__all__"])
    question.text_cy = "Ydych chi'n teimlo'n ddiogel?"
    question.full_clean()


def test_a_you_said_we_did_entry_is_published_in_both_languages(plan):
    entry = YouSaidWeDid(
        plan=plan,
        slug="lighting",
        published=True,
        reported_on=datetime.date(2026, 9, 1),
        title_en="Better lighting",
        title_cy="Goleuadau gwell",
        you_said_en="The park is dark.",
        you_said_cy="Mae'r parc yn dywyll.",
        we_did_en="New lights.",
    )
    assert "we did (Welsh)" in " ".join(_refusal(entry)["published"])


def test_an_english_partnerships_event_needs_no_welsh():
    event = factories.EngagementEventFactory.build(
        plan=factories.PlanFactory(), published=True, date=datetime.date(2026, 7, 4)
    )
    event.full_clean()
