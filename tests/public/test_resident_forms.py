"""Every public form: length limits announced before sending (hint and maxlength) and checked
on the server with a clear message, the honeypot, and a per-address limit on posting; the
pieces (cspplan.public_forms.ResidentForm, public.resident_forms.takes_resident_posts) work for
any form, not only "have your say"."""

import re

import pytest
from django import forms
from django.http import HttpResponse
from django.urls import reverse

from consultation.forms import ConsultationResponseForm
from consultation.models import ConsultationQuestion, Feedback
from cspplan.public_forms import ResidentForm
from public.resident_forms import takes_resident_posts
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def url():
    return reverse("plans:have_your_say", args=[factories.PlanFactory().slug])


def test_the_form_announces_each_limit_before_anything_is_typed(client, url):
    html = client.get(url).content.decode()

    comment = re.search(r"<textarea[^>]*name=\"comment\"[^>]*>", html).group(0)
    assert 'maxlength="5000"' in comment
    assert "Up to 5,000 characters." in html
    name = re.search(r"<input[^>]*name=\"name\"[^>]*>", html).group(0)
    assert 'maxlength="200"' in name
    assert "We never publish your name. Up to 200 characters." in html
    # The hint is the field's description, read out with it.
    hint_id = re.search(r'aria-describedby="([^"]+)"', comment).group(1).split()[0]
    assert f'id="{hint_id}"' in html


def test_a_comment_over_the_limit_is_refused_with_both_lengths_and_nothing_is_saved(client, url):
    response = client.post(url, {"comment": "x" * 5001})

    assert response.status_code == 200
    assert (
        "Your comment can be up to 5,000 characters; yours has 5001. Shorten it and send it "
        "again." in response.content.decode()
    )
    assert not Feedback.objects.exists()
    assert client.post(url, {"comment": "x" * 5000}).status_code == 302


def test_a_name_over_the_limit_is_refused_by_field(client, url):
    response = client.post(url, {"comment": "Fine", "name": "n" * 201})

    assert "Your name can be up to 200 characters; yours has 201." in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_field_keeps_its_own_message_when_it_has_one(client, url):
    response = client.post(url, {"comment": "Fine", "postcode_district": "L39 4AB XYZ"})
    assert "Enter the first part of a postcode only" in response.content.decode()


class InventedQuestionForm(ResidentForm):
    answer = forms.CharField(label="Your answer", max_length=300, help_text="Say why.")
    age_band = forms.ChoiceField(choices=[("a", "Under 30"), ("b", "30 or over")])


def test_any_public_form_gets_the_honeypot_and_the_announced_limits():
    form = InventedQuestionForm()
    assert form.fields["answer"].help_text == "Say why. Up to 300 characters."
    assert form.fields["answer"].widget.attrs["maxlength"] == "300"
    assert form.fields["age_band"].help_text == ""
    assert "website" in form.fields and form.fields["website"].help_text == ""

    robot = InventedQuestionForm({"answer": "Buy things", "age_band": "a", "website": "x"})
    assert robot.is_valid() and robot.is_spam()
    person = InventedQuestionForm({"answer": "x" * 301, "age_band": "a"})
    assert not person.is_valid() and not person.is_spam()
    assert person.errors["answer"] == [
        "Your answer can be up to 300 characters; yours has 301. Shorten it and send it again."
    ]


def test_any_public_view_limits_posts_per_address_but_never_reading(rf, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback": (2, 600)}

    @takes_resident_posts("feedback")
    def answer(request):
        return HttpResponse("ok")

    address = {"REMOTE_ADDR": "192.0.2.77"}
    assert [answer(rf.post("/x/", **address)).status_code for _ in range(2)] == [200, 200]
    refused = answer(rf.post("/x/", **address))
    assert refused.status_code == 429
    assert "You have sent several comments in a short time." in refused.content.decode()
    assert answer(rf.get("/x/", **address)).status_code == 200
    assert answer(rf.post("/x/", REMOTE_ADDR="192.0.2.78")).status_code == 200


def test_a_consultations_response_form_is_a_resident_form_too():
    # Its fields are added per question after the form is made; each written answer still
    # gets the hint (once) and maxlength, and the honeypot is the same.
    consultation = factories.ConsultationFactory()
    question = ConsultationQuestion.objects.create(
        consultation=consultation,
        order=1,
        kind=ConsultationQuestion.Kind.FREE_TEXT,
        text="Invented: anything else?",
    )
    form = ConsultationResponseForm(questions=[question])
    field = form.fields[f"question_{question.pk}"]

    assert field.help_text.count("Up to 2,000 characters.") == 1
    assert field.widget.attrs["maxlength"] == "2000"
    assert ConsultationResponseForm({"website": "spam"}, questions=[question]).is_spam()
