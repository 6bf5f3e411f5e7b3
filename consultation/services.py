"""Writes for the consultation app: residents' feedback (``submit_feedback``) and answers to a
consultation (``submit_consultation_response``), and a survey wave's results recorded as
measurements (``record_survey_readings``)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from consultation.models import (
    Consultation,
    ConsultationAnswer,
    ConsultationQuestion,
    ConsultationResponse,
    Feedback,
    Survey,
)
from consultation.questions import FREE_TEXT_MAX_LENGTH
from cspplan.models import Plan
from objectives.models import Measure, Measurement, Objective
from objectives.services import record_measurement


@transaction.atomic
def submit_feedback(
    *,
    plan: Plan,
    comment: str,
    objective: Objective | None = None,
    consultation: Consultation | None = None,
    name: str = "",
    email: str = "",
    postcode_district: str = "",
    wants_reply: bool = False,
) -> Feedback:
    """Save a resident's comment on a published plan, waiting for moderation.

    Name and e-mail are kept for a reply only; nothing here makes them public. Raises
    ValidationError naming the field when the comment cannot be accepted.
    """
    if plan.status != Plan.Status.PUBLISHED:
        # Not on a draft, nor on a past (archived) plan: comments are for the plan in force.
        raise ValidationError({"plan": "Comments are only taken on a published plan."})
    if objective is not None and objective.plan_id != plan.pk:
        raise ValidationError({"objective": "That objective is not part of this plan."})
    if consultation is not None and (consultation.plan_id != plan.pk or not consultation.is_open()):
        raise ValidationError({"consultation": "That consultation is not open on this plan."})
    feedback = Feedback(
        plan=plan,
        objective=objective,
        consultation=consultation,
        comment=comment.strip(),
        name=name.strip(),
        email=email.strip(),
        postcode_district=postcode_district.strip().upper(),
        wants_reply=wants_reply,
        moderation=Feedback.Moderation.PENDING,
    )
    feedback.full_clean()
    feedback.save()
    return feedback


@transaction.atomic
def record_survey_readings(*, survey: Survey, by) -> list[Measurement]:
    """Record a survey wave's results as measurements of the measures they read, submitted for
    approval like any other figure (``objectives.services.record_measurement``).

    A result that is its measure's baseline (from before the plan began: the Citizens Survey
    2010 for the 2011-12 plan) stays a baseline. A result already recorded with the same value
    is left alone; a changed value corrects its measurement, which goes for approval again.
    Raises ValidationError naming the result when one cannot be recorded; then nothing is.
    """
    period_start, period_end = survey.period
    editable = Measure.objects.editable_by(by)
    recorded = []
    results = survey.results.select_related(
        "measure__target__objective__plan", "measurement"
    ).order_by("order")
    for result in results:
        if result.measure is None or result.is_baseline:
            continue
        if result.measurement is not None and result.measurement.value == result.value:
            continue
        label = f"Result {result.order} ({result.statement[:60]})"
        if not editable.filter(pk=result.measure_id).exists():
            raise ValidationError(
                {"measure": f"{label}: you may not record figures for that measure."}
            )
        try:
            measurement = record_measurement(
                measure=result.measure,
                by=by,
                period_start=period_start,
                period_end=period_end,
                value=result.value,
                source=str(survey),
                period_label=str(survey),
                note=result.wording,
            )
        except ValidationError as error:
            raise ValidationError({"results": [f"{label}: {m}" for m in error.messages]}) from error
        result.measurement = measurement
        result._history_user = by
        result.save(update_fields=["measurement"])
        recorded.append(measurement)
    return recorded


@transaction.atomic
def submit_consultation_response(
    *, consultation: Consultation, answers: dict[int, str | int | None]
) -> ConsultationResponse:
    """Save a resident's answers to an open consultation of a published plan.

    ``answers`` maps a question's id to its answer: words for free text, the option's words for
    single choice, 1-5 for a scale; None or "" for unanswered. Nothing identifies the resident.
    Raises ValidationError naming the question when an answer cannot be accepted; then nothing
    is written.
    """
    if not consultation.is_open():
        raise ValidationError({"consultation": "This consultation is not taking responses."})
    questions = list(consultation.questions.order_by("order"))
    unknown = set(answers) - {q.pk for q in questions}
    if unknown:
        raise ValidationError({"consultation": "Answers to questions it does not ask."})
    errors, rows = {}, []
    for question in questions:
        field = f"question_{question.pk}"
        given = answers.get(question.pk)
        if given in (None, ""):
            if question.required:
                errors[field] = f"Answer question {question.order}: {question.text}"
            continue
        answer = ConsultationAnswer(question=question)
        Kind = ConsultationQuestion.Kind
        if question.kind == Kind.FREE_TEXT:
            answer.text = str(given).strip()
            if len(answer.text) > FREE_TEXT_MAX_LENGTH:
                errors[field] = (
                    f"Question {question.order}: keep your answer to "
                    f"{FREE_TEXT_MAX_LENGTH} characters ({len(answer.text)} given)."
                )
        elif question.kind == Kind.SINGLE_CHOICE:
            if given not in question.choices:
                errors[field] = f"Question {question.order}: choose one of the options given."
            answer.choice = str(given)
        else:
            points = dict(question.scale_labels)
            try:
                answer.scale = int(given)
            except (TypeError, ValueError):
                answer.scale = None
            if answer.scale not in points:
                errors[field] = f"Question {question.order}: choose a point from 1 to 5."
        rows.append(answer)
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError({"consultation": "Answer at least one question."})
    response = ConsultationResponse.objects.create(consultation=consultation)
    for answer in rows:
        answer.response = response
    ConsultationAnswer.objects.bulk_create(rows)
    return response
