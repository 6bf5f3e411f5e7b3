"""A consultation's results: counts and percentages per option, the average of a scale, how
many answered a free-text question. The one place both the staff page and the public page (once
the consultation has closed) take them from.

Free-text answers are not moderated, so the public summary counts them and never shows them;
``free_text=True`` (staff only) adds the words.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count

from consultation.models import Consultation, ConsultationAnswer, ConsultationQuestion


@dataclass
class OptionCount:
    label: str
    count: int
    percent: Decimal | None


@dataclass
class QuestionSummary:
    question: ConsultationQuestion
    answered: int
    options: list[OptionCount] = field(default_factory=list)
    average: Decimal | None = None
    texts: list[str] = field(default_factory=list)


@dataclass
class Results:
    consultation: Consultation
    responses: int
    questions: list[QuestionSummary]


def _percent(count, total):
    if not total:
        return None
    return (Decimal(100) * count / total).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def summarise(consultation: Consultation, *, free_text: bool = False) -> Results:
    """The results of ``consultation``, in a fixed number of queries whatever its size: the
    questions, the responses' count, the answers grouped (and, for staff, the free text)."""
    questions = list(consultation.questions.order_by("order"))
    grouped = (
        ConsultationAnswer.objects.filter(question__consultation=consultation)
        .values("question_id", "choice", "scale")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict] = {}
    for row in grouped:
        key = row["choice"] if row["scale"] is None else row["scale"]
        counts.setdefault(row["question_id"], {})
        counts[row["question_id"]][key] = counts[row["question_id"]].get(key, 0) + row["n"]
    texts: dict[int, list[str]] = {}
    if free_text:
        for question_id, text in (
            ConsultationAnswer.objects.filter(
                question__consultation=consultation,
                question__kind=ConsultationQuestion.Kind.FREE_TEXT,
            )
            .exclude(text="")
            .order_by("response__submitted_at", "pk")
            .values_list("question_id", "text")
        ):
            texts.setdefault(question_id, []).append(text)

    summaries = []
    for question in questions:
        by_key = counts.get(question.pk, {})
        answered = sum(by_key.values())
        summary = QuestionSummary(question=question, answered=answered)
        if question.kind == ConsultationQuestion.Kind.SINGLE_CHOICE:
            summary.options = [
                OptionCount(label, by_key.get(label, 0), _percent(by_key.get(label, 0), answered))
                for label in question.choices
            ]
        elif question.kind == ConsultationQuestion.Kind.SCALE:
            summary.options = [
                OptionCount(
                    f"{point} – {label}",
                    by_key.get(point, 0),
                    _percent(by_key.get(point, 0), answered),
                )
                for point, label in question.scale_labels
            ]
            if answered:
                total = sum(point * n for point, n in by_key.items() if isinstance(point, int))
                summary.average = (Decimal(total) / answered).quantize(Decimal("0.1"))
        summary.texts = texts.get(question.pk, [])
        summaries.append(summary)
    return Results(
        consultation=consultation,
        responses=consultation.responses.count(),
        questions=summaries,
    )
