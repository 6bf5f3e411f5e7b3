"""Residents' answers to a consultation (``submit_consultation_response``) and its results
(``consultation.results.summarise``)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from consultation.models import ConsultationAnswer, ConsultationQuestion, ConsultationResponse
from consultation.results import summarise
from consultation.services import submit_consultation_response
from cspplan.models import Plan
from tests import factories

pytestmark = pytest.mark.django_db

Kind = ConsultationQuestion.Kind


def open_consultation(**kwargs):
    now = timezone.now()
    consultation = factories.ConsultationFactory(
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=1),
        **kwargs,
    )
    scale = ConsultationQuestion.objects.create(
        consultation=consultation, order=1, kind=Kind.SCALE, text="I feel safe.", required=True
    )
    choice = ConsultationQuestion.objects.create(
        consultation=consultation,
        order=2,
        kind=Kind.SINGLE_CHOICE,
        text="Which matters most?",
        options="Noise\nLitter\nSpeeding",
    )
    words = ConsultationQuestion.objects.create(
        consultation=consultation, order=3, kind=Kind.FREE_TEXT, text="Anything else?"
    )
    return consultation, scale, choice, words


def test_an_answer_to_each_kind_of_question_is_stored_without_anything_personal():
    consultation, scale, choice, words = open_consultation()

    response = submit_consultation_response(
        consultation=consultation,
        answers={scale.pk: 4, choice.pk: "Litter", words.pk: " More lights. "},
    )

    assert sorted(response.answers.values_list("question__order", "scale", "choice", "text")) == [
        (1, 4, "", ""),
        (2, None, "Litter", ""),
        (3, None, "", "More lights."),
    ]
    assert {f.name for f in ConsultationResponse._meta.concrete_fields} == {
        "id",
        "uid",
        "consultation",
        "submitted_at",
    }


@pytest.mark.parametrize(
    ("answers", "field", "words"),
    [
        ({2: "Noise"}, "question_{scale}", "Answer question 1: I feel safe."),
        ({1: 6}, "question_{scale}", "Question 1: choose a point from 1 to 5."),
        (
            {1: 3, 2: "Graffiti"},
            "question_{choice}",
            "Question 2: choose one of the options given.",
        ),
        ({1: 3, 3: "x" * 2001}, "question_{words}", "Question 3: keep your answer to 2000"),
    ],
)
def test_a_bad_answer_is_refused_naming_the_question_and_nothing_is_written(answers, field, words):
    consultation, scale, choice, words_question = open_consultation()
    ids = {1: scale.pk, 2: choice.pk, 3: words_question.pk}
    named = field.format(scale=scale.pk, choice=choice.pk, words=words_question.pk)

    with pytest.raises(ValidationError) as refused:
        submit_consultation_response(
            consultation=consultation, answers={ids[k]: v for k, v in answers.items()}
        )

    assert words in " ".join(refused.value.message_dict[named])
    assert not ConsultationResponse.objects.exists()
    assert not ConsultationAnswer.objects.exists()


@pytest.mark.parametrize(
    "setup",
    ["closed", "not yet open", "unpublished consultation", "draft plan", "past plan"],
)
def test_no_answers_are_taken_unless_open_and_published_on_the_plan_in_force(setup):
    consultation, scale, *_ = open_consultation()
    now = timezone.now()
    if setup == "closed":
        consultation.closes_at = now - datetime.timedelta(minutes=1)
    elif setup == "not yet open":
        consultation.opens_at = now + datetime.timedelta(hours=1)
    elif setup == "unpublished consultation":
        consultation.published = False
    else:
        consultation.plan.status = (
            Plan.Status.DRAFT if setup == "draft plan" else Plan.Status.ARCHIVED
        )
        consultation.plan.save()
    consultation.save()

    with pytest.raises(ValidationError) as refused:
        submit_consultation_response(consultation=consultation, answers={scale.pk: 3})

    assert "not taking responses" in str(refused.value)
    assert not ConsultationResponse.objects.exists()


def test_a_question_needs_its_options_in_the_right_shape():
    consultation = factories.ConsultationFactory()
    cases = [
        (Kind.SINGLE_CHOICE, "Only one", "at least two options"),
        (Kind.SINGLE_CHOICE, "Same\nSame", "different"),
        (Kind.SCALE, "Low\nHigh", "five labels"),
        (Kind.FREE_TEXT, "An option", "no options"),
    ]
    for kind, options, words in cases:
        question = ConsultationQuestion(
            consultation=consultation, order=1, kind=kind, text="Q?", options=options
        )
        with pytest.raises(ValidationError) as refused:
            question.full_clean()
        assert words in " ".join(refused.value.message_dict["options"])


def test_results_count_each_option_with_percentages_and_average_the_scale(
    django_assert_num_queries,
):
    consultation, scale, choice, words = open_consultation()
    for point, option, text in [(5, "Noise", "Lights"), (4, "Noise", ""), (2, "Speeding", "")]:
        submit_consultation_response(
            consultation=consultation,
            answers={scale.pk: point, choice.pk: option, words.pk: text},
        )
    submit_consultation_response(consultation=consultation, answers={scale.pk: 4})

    # questions; answers grouped; the free text (staff); the responses' count.
    with django_assert_num_queries(4):
        results = summarise(consultation, free_text=True)

    assert results.responses == 4
    on_scale, on_choice, in_words = results.questions
    assert on_scale.answered == 4 and on_scale.average == Decimal("3.8")
    assert [(o.count, o.percent) for o in on_scale.options] == [
        (0, 0),
        (1, 25),
        (0, 0),
        (2, 50),
        (1, 25),
    ]
    assert [(o.label, o.count, o.percent) for o in on_choice.options] == [
        ("Noise", 2, 67),
        ("Litter", 0, 0),
        ("Speeding", 1, 33),
    ]
    assert in_words.answered == 1 and in_words.texts == ["Lights"]
    assert summarise(consultation).questions[2].texts == []  # the public's: counts only
