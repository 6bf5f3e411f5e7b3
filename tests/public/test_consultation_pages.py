"""/consultations/: the list, a consultation's page where residents answer while it is open and
read its results once closed, the confirmation page; the staff results page in the admin."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consultation.models import (
    Consultation,
    ConsultationAnswer,
    ConsultationQuestion,
    ConsultationResponse,
)
from consultation.services import submit_consultation_response
from cspplan.models import Plan
from tests import factories
from tests.personas import plan_manager_of

pytestmark = pytest.mark.django_db

Kind = ConsultationQuestion.Kind


def consultation_with_questions(*, opens_in=-1, closes_in=1, **kwargs):
    now = timezone.now()
    consultation = factories.ConsultationFactory(
        title=kwargs.pop("title", "Invented: safe after dark"),
        opens_at=now + datetime.timedelta(days=opens_in),
        closes_at=now + datetime.timedelta(days=closes_in),
        **kwargs,
    )
    questions = [
        ConsultationQuestion.objects.create(
            consultation=consultation, order=1, kind=Kind.SCALE, text="I feel safe.", required=True
        ),
        ConsultationQuestion.objects.create(
            consultation=consultation,
            order=2,
            kind=Kind.SINGLE_CHOICE,
            text="Which matters most?",
            options="Noise\nLitter",
        ),
        ConsultationQuestion.objects.create(
            consultation=consultation, order=3, kind=Kind.FREE_TEXT, text="Anything else?"
        ),
    ]
    return consultation, questions


def test_a_resident_answers_an_open_consultation_and_sees_a_confirmation(client):
    consultation, (scale, choice, words) = consultation_with_questions()
    url = consultation.get_absolute_url()
    assert f'name="question_{scale.pk}"' in client.get(url).content.decode()

    response = client.post(
        url,
        {
            f"question_{scale.pk}": "4",
            f"question_{choice.pk}": "Litter",
            f"question_{words.pk}": "Lights",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "consultations:thanks", args=[consultation.plan.slug, consultation.slug]
    )
    assert "Thank you for your answers" in client.get(response["Location"]).content.decode()
    assert list(
        ConsultationAnswer.objects.order_by("question__order").values_list(
            "scale", "choice", "text"
        )
    ) == [(4, "", ""), (None, "Litter", ""), (None, "", "Lights")]


def test_a_bad_answer_is_shown_with_the_question_named_and_nothing_is_written(client):
    consultation, (scale, choice, _) = consultation_with_questions()

    response = client.post(consultation.get_absolute_url(), {f"question_{choice.pk}": "Graffiti"})

    text = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in text
    assert "Answer question 1: I feel safe." in text
    assert "Question 2: choose one of the options given." in text
    assert f'href="#id_question_{scale.pk}_0"' in text
    assert not ConsultationResponse.objects.exists()


def test_a_filled_honeypot_is_thanked_and_dropped(client):
    consultation, (scale, *_) = consultation_with_questions()

    response = client.post(
        consultation.get_absolute_url(), {f"question_{scale.pk}": "3", "website": "spam.example"}
    )

    assert response.status_code == 302
    assert not ConsultationResponse.objects.exists()


def test_a_closed_consultation_takes_no_answers_and_publishes_counts_but_not_the_words(client):
    consultation, (scale, choice, words) = consultation_with_questions()
    submit_consultation_response(
        consultation=consultation,
        answers={scale.pk: 5, choice.pk: "Noise", words.pk: "Invented SECRET WORDS"},
    )
    consultation.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    consultation.save()
    url = consultation.get_absolute_url()

    page = client.get(url).content.decode()
    refused = client.post(url, {f"question_{scale.pk}": "3"})

    assert '<h2 id="results-heading">Results</h2>' in page
    assert "Average: 5.0 out of 5." in page
    assert (
        '<th scope="row">Noise</th><td class="text-end">1</td><td class="text-end">100%</td>'
        in page
    )
    assert "SECRET WORDS" not in page and "<form" not in page
    assert refused.status_code == 409
    assert "your answers were not sent" in refused.content.decode()
    assert ConsultationResponse.objects.count() == 1


def test_results_are_not_shown_while_it_is_open(client):
    consultation, (scale, *_) = consultation_with_questions()
    submit_consultation_response(consultation=consultation, answers={scale.pk: 5})
    assert "results-heading" not in client.get(consultation.get_absolute_url()).content.decode()


@pytest.mark.parametrize("which", ["unpublished", "draft plan"])
def test_a_draft_consultation_or_one_of_a_draft_plan_is_never_public(client, which):
    plan = factories.PlanFactory(draft=(which == "draft plan"))
    consultation, _ = consultation_with_questions(
        plan=plan, published=(which != "unpublished"), title="Invented HIDDEN"
    )
    assert client.get(consultation.get_absolute_url()).status_code == 404
    assert client.post(consultation.get_absolute_url(), {}).status_code == 404
    assert "HIDDEN" not in client.get(reverse("consultations:list")).content.decode()


def test_the_list_puts_each_consultation_under_open_coming_or_closed(client):
    plan = factories.PlanFactory()
    consultation_with_questions(plan=plan, title="Invented OPEN")
    consultation_with_questions(plan=plan, title="Invented SOON", opens_in=2, closes_in=5)
    consultation_with_questions(plan=plan, title="Invented DONE", opens_in=-5, closes_in=-2)

    text = client.get(reverse("consultations:list")).content.decode()

    open_part, rest = text.split('id="upcoming-heading"')
    soon_part, closed_part = rest.split('id="closed-heading"')
    assert "Invented OPEN" in open_part
    assert "Invented SOON" in soon_part
    assert "Invented DONE" in closed_part


def test_the_cached_list_moves_a_consultation_to_closed_when_its_closing_time_passes(client):
    consultation, _ = consultation_with_questions(title="Invented CLOSING")
    before = client.get(reverse("consultations:list")).content.decode()
    assert "Invented CLOSING" in before.split('id="closed-heading"')[0]

    # Time passes: no edit, no signal. Moved by a queryset update, which sends none either.
    type(consultation).objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    after = client.get(reverse("consultations:list")).content.decode()
    assert "Invented CLOSING" in after.split('id="closed-heading"')[1]


def test_staff_read_every_written_answer_on_the_results_page_of_their_own_partnership(client):
    consultation, (scale, _, words) = consultation_with_questions()
    submit_consultation_response(
        consultation=consultation, answers={scale.pk: 2, words.pk: "Invented WRITTEN ANSWER"}
    )
    url = reverse("admin:consultation_consultation_results", args=[consultation.pk])
    client.force_login(plan_manager_of(consultation.plan.partnership))

    text = client.get(url).content.decode()

    assert "Invented WRITTEN ANSWER" in text and "1 response." in text
    client.force_login(plan_manager_of(factories.PartnershipFactory(), username="other"))
    assert client.get(url).status_code == 404


def archived_plan_with_a_consultation_its_dates_keep_open():
    plan = factories.PlanFactory(title="Invented past plan")
    consultation, questions = consultation_with_questions(plan=plan, title="Invented ENDED")
    plan.status = plan.Status.ARCHIVED
    plan.save()
    return consultation, questions


def test_a_consultation_of_an_archived_plan_is_closed_on_the_list_its_page_and_the_service(client):
    consultation, (scale, *_) = archived_plan_with_a_consultation_its_dates_keep_open()

    listing = client.get(reverse("consultations:list")).content.decode()
    page = client.get(consultation.get_absolute_url()).content.decode()

    open_part, closed_part = listing.split('id="closed-heading"')
    assert "Invented ENDED" not in open_part
    assert "Invented ENDED" in closed_part
    assert "<form" not in page and '<h2 id="results-heading">Results</h2>' in page
    assert "closed when Invented past plan ended" in page
    assert client.post(consultation.get_absolute_url(), {}).status_code == 409
    with pytest.raises(ValidationError):
        submit_consultation_response(consultation=consultation, answers={scale.pk: 3})
    assert not ConsultationResponse.objects.exists()


@pytest.mark.parametrize("archived", [False, True])
def test_the_queryset_and_the_model_agree_on_what_is_open(archived):
    consultation, _ = consultation_with_questions(title="Invented")
    consultation_with_questions(title="Invented later", opens_in=2, closes_in=5)
    consultation_with_questions(title="Invented done", opens_in=-5, closes_in=-2)
    if archived:
        Plan.objects.update(status=Plan.Status.ARCHIVED)
    everything = list(Consultation.objects.select_related("plan"))

    for state in ("open_now", "upcoming", "closed"):
        by_queryset = set(getattr(Consultation.objects, state)())
        by_model = {c for c in everything if c.state() == state}
        assert by_queryset == by_model, state
    assert (consultation in Consultation.objects.open_now()) is not archived
