"""The admin edits a bilingual partnership's texts in English and Welsh side by side, and an
English partnership's as before (issue 27). Test data is invented."""

import pytest
from django.urls import reverse

from cspplan.models import Partnership, Plan
from tests import factories
from tests.personas import plan_manager_of

pytestmark = pytest.mark.django_db


def _form(client, objective):
    client.force_login(plan_manager_of(objective.plan.partnership))
    response = client.get(reverse("admin:objectives_objective_change", args=[objective.pk]))
    assert response.status_code == 200
    return response.context["adminform"].form


def test_a_bilingual_partnerships_record_has_its_welsh_beside_its_english(client):
    objective = factories.ObjectiveFactory(
        plan__partnership__languages=Partnership.WELSH_AND_ENGLISH,
        title_en="Safer streets",
        title_cy="Strydoedd mwy diogel",
    )
    form = _form(client, objective)
    assert form.fields["title_en"].label == "Title (English)"
    assert form.fields["title_cy"].label == "Title (Welsh)"
    assert "title" not in form.fields
    assert form.initial["title_cy"] == "Strydoedd mwy diogel"
    lines = [
        [field.field.name for field in line]
        for fieldset in client.get(
            reverse("admin:objectives_objective_change", args=[objective.pk])
        ).context["adminform"]
        for line in fieldset
    ]
    assert ["title_en", "title_cy"] in lines


def test_an_english_partnerships_record_is_edited_as_before(client):
    """The same fields under the same names as before Welsh came (forms, scripts and bookmarks
    that post them keep working); what is typed is the English text."""
    objective = factories.ObjectiveFactory(title="Safer streets")
    form = _form(client, objective)
    assert form.fields["title"].label == "Title"
    assert "title_en" not in form.fields and "title_cy" not in form.fields
    section = factories.PlanSectionFactory(plan=objective.plan, title="Foreword")
    url = reverse("admin:cspplan_plansection_change", args=[section.pk])
    form = client.get(url).context["adminform"].form
    assert "title" in form.fields and "title_en" not in form.fields
    data = {name: form[name].value() or "" for name in form.fields}
    data["title"] = "Foreword to the plan"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    section.refresh_from_db()
    assert section.title_en == "Foreword to the plan" and not section.title_cy


def test_the_welsh_typed_in_the_admin_is_kept(client):
    section = factories.PlanSectionFactory(
        plan__partnership__languages=Partnership.WELSH_AND_ENGLISH, title="Foreword"
    )
    client.force_login(plan_manager_of(section.plan.partnership))
    url = reverse("admin:cspplan_plansection_change", args=[section.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(title_cy="Rhagair", body_cy="Paragraff.")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    section.refresh_from_db()
    assert (section.title_en, section.title_cy, section.body_cy) == (
        "Foreword",
        "Rhagair",
        "Paragraff.",
    )


def test_a_past_versions_form_opens_with_its_slug_made_from_the_english(client):
    event = factories.EngagementEventFactory(name="Meet the team")
    client.force_login(plan_manager_of(event.plan.partnership))
    version = event.history.get()
    url = reverse("admin:consultation_engagementevent_simple_history", args=[event.pk, version.pk])
    assert client.get(url).status_code == 200


def _published_bilingual_section():
    section = factories.PlanSectionFactory(
        plan__partnership__languages=Partnership.WELSH_AND_ENGLISH,
        plan__status=Plan.Status.PUBLISHED,
        title_en="Foreword",
        title_cy="Rhagair",
        body_en="A paragraph.",
        body_cy="Paragraff.",
    )
    return section, reverse("admin:cspplan_plansection_change", args=[section.pk])


def test_an_edit_leaving_a_published_bilingual_text_in_one_language_is_refused(client):
    """Welsh added after publication is checked as publishing checks it: the public reads the
    record in both languages now, so an edit may not empty one (issue 27)."""
    section, url = _published_bilingual_section()
    client.force_login(plan_manager_of(section.plan.partnership))
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(body_en="A longer paragraph.", body_cy="")
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "body (Welsh)" in errors["body_cy"][0]
    section.refresh_from_db()
    assert (section.body_en, section.body_cy) == ("A paragraph.", "Paragraff.")


def test_an_edit_of_a_published_bilingual_text_in_both_languages_is_saved(client):
    section, url = _published_bilingual_section()
    client.force_login(plan_manager_of(section.plan.partnership))
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(body_en="A longer paragraph.", body_cy="Paragraff hirach.")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    section.refresh_from_db()
    assert section.body_cy == "Paragraff hirach."


def test_a_draft_may_wait_for_its_welsh(client):
    section, url = _published_bilingual_section()
    Plan.objects.filter(pk=section.plan_id).update(status=Plan.Status.DRAFT)
    client.force_login(plan_manager_of(section.plan.partnership))
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(body_cy="")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
