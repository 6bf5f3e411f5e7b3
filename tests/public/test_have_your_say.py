"""Have your say: residents comment on a published plan; the comment waits for moderation and
their name and e-mail never appear in public."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consultation.models import Feedback
from consultation.services import submit_feedback
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = factories.PlanFactory(slug="west-lancashire-2011-12")
    factories.ObjectiveFactory(plan=plan, number=1, title="Reduce Re-offending")
    factories.ObjectiveFactory(plan=plan, number=2, title="Reduce Anti-Social Behaviour")
    return plan


def form_url(plan):
    return reverse("plans:have_your_say", args=[plan.slug])


def post(client, plan, **fields):
    data = {"comment": "More patrols near Ormskirk station, please.", **fields}
    return client.post(form_url(plan), data)


def test_the_form_offers_the_plans_objectives(client, plan):
    html = client.get(form_url(plan)).text
    assert "Objective 1: Reduce Re-offending" in html
    assert "Objective 2: Reduce Anti-Social Behaviour" in html
    assert "The plan in general" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_a_comment_is_saved_pending_moderation_and_the_resident_is_thanked(client, plan):
    objective = plan.objectives.get(number=2)
    response = post(client, plan, objective=objective.pk, postcode_district="l39")
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:have_your_say_thanks", args=[plan.slug])
    feedback = Feedback.objects.get()
    assert feedback.plan == plan
    assert feedback.objective == objective
    assert feedback.moderation == Feedback.Moderation.PENDING
    assert feedback.postcode_district == "L39"
    thanks = client.get(response["Location"]).text
    assert "Thank you for your comment" in thanks
    assert "What happens next" in thanks


def test_a_resident_who_wants_a_reply_is_told_we_will_write(client, plan):
    response = post(client, plan, name="Jo Bloggs", email="jo@example.org", wants_reply="on")
    feedback = Feedback.objects.get()
    assert (feedback.name, feedback.email, feedback.wants_reply) == (
        "Jo Bloggs",
        "jo@example.org",
        True,
    )
    assert "we will write to the e-mail address you gave" in client.get(response["Location"]).text


def test_the_comment_is_required(client, plan):
    response = client.post(form_url(plan), {"comment": "  "})
    assert response.status_code == 200
    assert "Enter your comment." in response.text
    assert not Feedback.objects.exists()


def test_asking_for_a_reply_without_an_email_is_a_field_error_and_nothing_is_saved(client, plan):
    response = post(client, plan, wants_reply="on")
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "Enter your e-mail address so that we can reply to you."
    ]
    assert "There is a problem" in response.text
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("district", ["L39", "WN8", "pr4", "EC1A", "M1"])
def test_a_postcode_district_is_accepted(client, plan, district):
    assert post(client, plan, postcode_district=district).status_code == 302
    assert Feedback.objects.get().postcode_district == district.upper()


@pytest.mark.parametrize("district", ["L39 4QP", "39", "ORMSKIRK", "<b>"])
def test_anything_but_a_postcode_district_is_refused(client, plan, district):
    response = post(client, plan, postcode_district=district)
    assert response.status_code == 200
    assert "first part of a postcode only" in str(response.context["form"].errors)
    assert not Feedback.objects.exists()


def test_an_objective_from_another_plan_is_refused(client, plan):
    other = factories.ObjectiveFactory(number=9)
    response = post(client, plan, objective=other.pk)
    assert response.status_code == 200
    assert "objective" in response.context["form"].errors
    assert not Feedback.objects.exists()


def test_a_robot_that_fills_the_honeypot_is_thanked_but_nothing_is_saved(client, plan):
    response = post(client, plan, website="http://spam.example")
    assert response.status_code == 302
    assert not Feedback.objects.exists()


def test_a_post_without_a_csrf_token_is_refused(plan):
    client = Client(enforce_csrf_checks=True)
    assert post(client, plan).status_code == 403
    assert not Feedback.objects.exists()


def test_a_draft_plan_takes_no_comments(client):
    plan = factories.PlanFactory(draft=True)
    assert client.get(form_url(plan)).status_code == 404
    assert post(client, plan).status_code == 404
    assert not Feedback.objects.exists()


def test_the_site_wide_page_takes_comments_on_the_default_partnerships_plan(client, settings):
    plan = factories.PlanFactory(partnership__slug="west-lancashire-csp")
    factories.PlanFactory(period_start=datetime.date(2009, 4, 1))
    settings.DEFAULT_PARTNERSHIP_SLUG = "west-lancashire-csp"
    response = client.post(reverse("consultation:have_your_say"), {"comment": "Thank you."})
    assert response["Location"] == reverse("plans:have_your_say_thanks", args=[plan.slug])
    assert Feedback.objects.get().plan == plan


def test_with_no_published_plan_the_site_wide_page_says_so(client):
    response = client.get(reverse("consultation:have_your_say"))
    assert response.status_code == 404
    assert "no published plan to comment on" in response.text


def test_published_comments_are_shown_without_names_or_emails(client, plan):
    factories.FeedbackFactory(
        plan=plan,
        comment="Street lighting on Derby Street helped.",
        name="Pat Private",
        email="pat@private.example",
        postcode_district="L39",
        moderation=Feedback.Moderation.PUBLISHED,
    )
    factories.FeedbackFactory(plan=plan, comment="Not yet moderated comment.")
    html = client.get(form_url(plan)).text
    assert "Street lighting on Derby Street helped." in html
    assert "Not yet moderated comment." not in html
    assert "Pat Private" not in html
    assert "pat@private.example" not in html


def test_a_published_comment_containing_a_script_tag_is_shown_as_text(client, plan):
    factories.FeedbackFactory(
        plan=plan, comment="<script>alert(1)</script>", moderation=Feedback.Moderation.PUBLISHED
    )
    html = client.get(form_url(plan)).text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_open_consultations_are_shown_and_can_be_answered(client, plan):
    now = timezone.now()
    open_one = factories.ConsultationFactory(
        plan=plan, title="Priorities for 2012/13", opens_at=now - datetime.timedelta(days=1)
    )
    factories.ConsultationFactory(
        plan=plan,
        title="Last year's survey",
        opens_at=now - datetime.timedelta(days=60),
        closes_at=now - datetime.timedelta(days=30),
    )
    html = client.get(form_url(plan)).text
    assert "Priorities for 2012/13" in html
    assert "Last year&#x27;s survey" not in html
    post(client, plan, consultation=open_one.pk)
    assert Feedback.objects.get().consultation == open_one


@pytest.mark.parametrize("comments", [1, 15])
def test_the_page_queries_do_not_grow_with_the_published_comments(
    client, plan, django_assert_num_queries, comments
):
    objective = plan.objectives.get(number=1)
    factories.FeedbackFactory.create_batch(
        comments, plan=plan, objective=objective, moderation=Feedback.Moderation.PUBLISHED
    )
    # 1 the plan, 2 its open consultations, 3 the objectives for the form's choices,
    # 4 the published comments with their objectives.
    with django_assert_num_queries(4):
        response = client.get(form_url(plan))
    assert response.text.count("about Objective 1") == comments


def test_the_service_refuses_a_draft_plan_and_saves_nothing():
    plan = factories.PlanFactory(draft=True)
    with pytest.raises(ValidationError) as error:
        submit_feedback(plan=plan, comment="Hello")
    assert "plan" in error.value.message_dict
    assert not Feedback.objects.exists()


def test_the_service_refuses_a_reply_without_an_email(plan):
    with pytest.raises(ValidationError):
        submit_feedback(plan=plan, comment="Hello", wants_reply=True)
    assert not Feedback.objects.exists()


@pytest.mark.browser
def test_the_form_and_its_error_state_are_accessible_in_chromium(page, assert_accessible, plan):
    page.goto(form_url(plan))
    assert_accessible(page)
    page.get_by_label("Please reply to me by e-mail").check()
    page.get_by_role("button", name="Send your comment").click()
    page.wait_for_selector("#form-errors")
    assert page.evaluate("document.activeElement.id") == "form-errors"
    assert page.get_by_text("Enter your e-mail address so that we can reply to you.").count() >= 1
    assert_accessible(page)
    page.get_by_role("textbox", name="Your comment").fill("Please light the underpass.")
    page.get_by_label("Your e-mail address (optional)").fill("jo@example.org")
    page.get_by_role("button", name="Send your comment").click()
    page.wait_for_url("**/thanks/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you for your comment"
    assert_accessible(page)


@pytest.mark.django_db
def test_feedback_history_never_keeps_a_residents_name_or_email():
    from consultation.models import Feedback
    from tests.factories import FeedbackFactory

    feedback = FeedbackFactory(name="Jo Resident", email="jo@example.org")
    feedback.moderation = Feedback.Moderation.PUBLISHED
    feedback.save()
    feedback.delete()  # an erasure request

    history = Feedback.history.all()
    assert history.count() == 3
    assert not any(hasattr(row, "email") or hasattr(row, "name") for row in history)
