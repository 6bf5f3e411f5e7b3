"""The API's words in the reader's language (issue 27): ``?lang=`` or Accept-Language chooses
the labels (statuses, kinds); codes and values are the same in both languages."""

import pytest
from django.urls import reverse

from actions.models import ActionStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def action():
    return factories.ActionFactory(status=ActionStatus.ON_TRACK)


def labels(response):
    assert response.status_code == 200, response.content[:300]
    return [(record["status"], record["status_label"]) for record in response.json()["results"]]


def test_the_labels_are_english_unless_welsh_is_asked_for(client, action):
    url = reverse("api:action_list")
    english = client.get(url)
    assert english["Content-Language"] == "en-GB"
    assert "Accept-Language" in english["Vary"]
    welsh = client.get(url, {"lang": "cy"})
    assert welsh["Content-Language"] == "cy"
    assert [code for code, _label in labels(welsh)] == [code for code, _label in labels(english)]
    assert {label for _code, label in labels(welsh)} != {label for _code, label in labels(english)}
    assert "On track" not in welsh.text and "Some concern" not in welsh.text


def test_accept_language_chooses_welsh_and_lang_overrides_it(client, action):
    url = reverse("api:action", args=[action.pk])
    welsh = client.get(url, HTTP_ACCEPT_LANGUAGE="cy, en-GB;q=0.8")
    assert welsh["Content-Language"] == "cy"
    english = client.get(url, {"lang": "en"}, HTTP_ACCEPT_LANGUAGE="cy")
    assert english["Content-Language"] == "en-GB"
    assert welsh.json()["status_label"] != english.json()["status_label"]


def test_an_unknown_language_is_refused_naming_the_parameter(client, action):
    response = client.get(reverse("api:action_list"), {"lang": "fr"})
    assert response.status_code == 400
    assert "lang" in response.json()


def test_the_schema_documents_the_language_parameter(client):
    schema = client.get("/api/v1/openapi.json").json()
    parameters = schema["paths"]["/api/v1/actions/"]["get"]["parameters"]
    assert {"lang", "Accept-Language"} <= {parameter["name"] for parameter in parameters}
