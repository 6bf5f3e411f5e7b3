"""manage.py purge_feedback: personal data leaves old feedback and its history; the records,
and so the counts per plan, objective and month, stay; bad periods are refused by name."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from consultation.models import Feedback
from consultation.retention import months_before
from tests import factories

pytestmark = pytest.mark.django_db


def received(feedback, days_ago):
    when = timezone.now() - datetime.timedelta(days=days_ago)
    Feedback.objects.filter(pk=feedback.pk).update(created_at=when)
    feedback.refresh_from_db()
    return feedback


def purge(*args):
    out = io.StringIO()
    call_command("purge_feedback", *args, stdout=out)
    return out.getvalue()


def counts():
    return list(
        Feedback.objects.annotate(month=TruncMonth("created_at"))
        .values("plan", "objective", "month")
        .annotate(n=Count("pk"))
        .order_by("plan", "objective", "month")
    )


@pytest.fixture
def old_and_new():
    plan = factories.PlanFactory()
    objective = factories.ObjectiveFactory(plan=plan)
    old = factories.FeedbackFactory(
        plan=plan,
        objective=objective,
        comment="Call me about my invented street, Jo Bloggs",
        postcode_district="L39",
        wants_reply=True,
        internal_notes="Rang Jo Bloggs back",
    )
    old.status = Feedback.Status.RESPONDED
    old.save()  # a history row holding the notes and postcode
    published = factories.FeedbackFactory(plan=plan, comment="More invented patrols, please")
    published.moderation = Feedback.Moderation.PUBLISHED
    published.save()
    new = factories.FeedbackFactory(plan=plan, objective=objective, postcode_district="WN8")
    return received(old, 800), received(published, 900), received(new, 45)


def test_it_removes_personal_data_from_old_feedback_and_keeps_the_counts(old_and_new):
    old, published, new = old_and_new
    before = counts()

    output = purge("--older-than", "24m")

    assert "Removed personal data from 2 feedback records" in output
    assert counts() == before
    old.refresh_from_db()
    assert (old.name, old.email, old.postcode_district, old.wants_reply) == ("", "", "", False)
    assert old.comment == "" and old.internal_notes == ""
    assert old.status == Feedback.Status.RESPONDED
    assert old.personal_data_removed_at is not None
    # A published comment was checked for anything personal before it went out: it stays.
    published.refresh_from_db()
    assert published.comment == "More invented patrols, please"
    assert published.email == ""
    new.refresh_from_db()
    assert (new.email, new.postcode_district) == ("resident@example.org", "WN8")


def test_the_history_rows_keep_none_of_it_either(old_and_new):
    old, _, new = old_and_new
    purge("--older-than", "730d")

    for row in old.history.all():
        assert (row.postcode_district, row.internal_notes, row.comment) == ("", "", "")
        assert row.wants_reply is False
    assert {row.postcode_district for row in new.history.all()} == {"WN8"}


def test_a_dry_run_counts_and_changes_nothing(old_and_new):
    old, _, _ = old_and_new

    output = purge("--older-than", "24m", "--dry-run")

    assert output.startswith("Would remove personal data from 2 feedback records")
    assert "Nothing was changed" in output
    old.refresh_from_db()
    assert old.email == "resident@example.org"
    assert old.personal_data_removed_at is None


def test_purging_twice_finds_nothing_the_second_time(old_and_new):
    purge("--older-than", "24m")
    assert "from 0 feedback records" in purge("--older-than", "24m")


def test_without_a_period_it_uses_the_one_residents_are_told(old_and_new, settings):
    old, _, new = old_and_new
    settings.FEEDBACK_RETENTION_MONTHS = 1
    # The default is read when the command is built: call it as cron would.
    from consultation.management.commands import purge_feedback

    parser = purge_feedback.Command().create_parser("manage.py", "purge_feedback")
    assert parser.parse_args([]).older_than == "1m"
    call_command("purge_feedback", stdout=io.StringIO())
    new.refresh_from_db()
    assert new.email == ""


@pytest.mark.parametrize("bad", ["24", "24y", "m", "-3m", "0d", "two years", ""])
def test_a_bad_period_is_refused_by_name_and_nothing_is_removed(old_and_new, bad):
    old, _, _ = old_and_new
    with pytest.raises(CommandError, match="--older-than"):
        purge("--older-than", bad)
    old.refresh_from_db()
    assert old.email == "resident@example.org"


def test_months_are_calendar_months():
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 11, 30), 24) == datetime.date(2024, 11, 30)
    assert months_before(datetime.date(2026, 1, 15), 13) == datetime.date(2024, 12, 15)


def test_the_form_tells_residents_how_long_their_data_is_kept(client, settings):
    plan = factories.PlanFactory()
    url = reverse("plans:have_your_say", args=[plan.slug])
    assert (
        "name, e-mail address and postcode district for 24 months"
        in client.get(url).content.decode()
    )
    settings.FEEDBACK_RETENTION_MONTHS = 12
    assert "for 12 months, then remove them" in client.get(url).content.decode()


def test_old_written_consultation_answers_lose_their_words_and_the_responses_stay():
    from consultation.models import ConsultationAnswer, ConsultationQuestion, ConsultationResponse

    consultation = factories.ConsultationFactory()
    question = ConsultationQuestion.objects.create(
        consultation=consultation, order=1, text="What worries you?"
    )
    old, recent = (ConsultationResponse.objects.create(consultation=consultation) for _ in "ab")
    ConsultationResponse.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=800)
    )
    ConsultationAnswer.objects.create(response=old, question=question, text="I am Jo at no. 4")
    ConsultationAnswer.objects.create(response=recent, question=question, text="Invented worry")

    output = purge("--older-than", "24m")

    assert "the words of 1 consultation answer" in output
    assert sorted(ConsultationAnswer.objects.values_list("text", flat=True)) == [
        "",
        "Invented worry",
    ]
    assert ConsultationResponse.objects.count() == 2
