"""Site search across the published plans: priorities, objectives, targets, actions and the plan's
narrative sections.

On PostgreSQL it is full-text search (English stemming, ranked); elsewhere (SQLite in development
and tests) every word must appear somewhere in the record, ignoring case. At a Welsh address
it searches the records' Welsh text (the translated fields' active language) with PostgreSQL's
"simple" configuration, words as typed: PostgreSQL has no Welsh stemmer, and English stemming
and stop words would mangle Welsh ("a", "i", "y" are Welsh words). So "cymunedol" finds
"cymunedol", not "cymuned" nor a mutated "gymunedol" (docs/welsh.md). Each kind of result is
one query whatever the number of matches, and at most RESULTS_PER_KIND are shown per kind.
Matched words are highlighted with <mark> in text that is escaped first.
"""

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from actions.models import Action, action_state_words
from cspplan.models import PUBLIC_STATUSES, PlanSection
from cspplan.translated import column, translated_fields
from objectives.models import Objective, Target
from priorities.models import Priority

MAX_QUERY_LENGTH = 200
RESULTS_PER_KIND = 50
SNIPPET_LENGTH = 240
SEARCH_CONFIG = "english"
# PostgreSQL's text-search configuration for each language of the site: words as typed in Welsh.
SEARCH_CONFIGS = {"en": SEARCH_CONFIG, "cy": "simple"}


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the plan"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_("For example: arson, anti-social behaviour, Ormskirk."),
        error_messages={
            "max_length": format_lazy(
                _(
                    "Search words must be {limit} characters or fewer (you typed "
                    "%(show_value)d). Try fewer words."
                ),
                limit=MAX_QUERY_LENGTH,
            )
        },
    )


def search_terms(query: str) -> list[str]:
    """The words to match and highlight: letters and digits, two characters or more."""
    words = re.findall(r"\w+", query)
    return [word for word in words if len(word) > 1 and word.lower() != "or"]


def highlight(text: str, terms: list[str]) -> SafeString:
    """``text`` escaped, with every word that starts with (or, as on SQLite, contains) a search
    term wrapped in <mark>. The text is split on matches and each piece escaped on its own, so
    nothing an officer typed is ever interpreted as HTML."""
    if not terms:
        return escape(text)
    pattern = re.compile(
        "(" + "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)) + r")\w*",
        re.IGNORECASE,
    )
    pieces = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))


def snippet(text: str, terms: list[str], *, length: int = SNIPPET_LENGTH) -> SafeString:
    """About ``length`` characters of ``text`` around its first match, highlighted."""
    text = " ".join(text.split())
    start = 0
    lowered = text.lower()
    positions = [lowered.find(term.lower()) for term in terms]
    positions = [position for position in positions if position >= 0]
    if positions and min(positions) > length // 3:
        start = text.rfind(" ", 0, min(positions) - length // 3) + 1
    piece = Truncator(text[start:]).chars(length)
    prefix = "… " if start > 0 else ""
    return mark_safe(prefix + highlight(piece, terms))


@dataclass
class Hit:
    title: SafeString
    snippet: SafeString
    url: str
    context: str


@dataclass
class ResultGroup:
    kind: str
    label: str
    hits: list[Hit]
    has_more: bool = False

    @property
    def count(self) -> int:
        return len(self.hits)


@dataclass
class SearchResults:
    query: str
    terms: list[str]
    groups: list[ResultGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(group.count for group in self.groups)

    @property
    def non_empty_groups(self) -> list[ResultGroup]:
        return [group for group in self.groups if group.hits]


@dataclass(frozen=True)
class SearchKind:
    """How one model is searched and shown: the fields searched and how a hit reads."""

    kind: str
    label: str
    fields: tuple[str, ...]

    def queryset(self):
        raise NotImplementedError

    def hit(self, record, terms) -> Hit:
        raise NotImplementedError


def _published(prefix: str) -> Q:
    return Q(**{f"{prefix}status__in": PUBLIC_STATUSES})


def _plan_name(plan) -> str:
    """The plan's title as a hit names it; a past plan says so."""
    return (
        gettext("%(title)s (past plan)") % {"title": plan.title} if plan.is_archived else plan.title
    )


def _objective_url(objective, anchor=""):
    # The objective page; select_related() below has already fetched objective.plan.
    return objective.get_absolute_url() + anchor


class PriorityKind(SearchKind):
    def queryset(self):
        return Priority.objects.filter(_published("plan__")).select_related("plan", "theme")

    def hit(self, record, terms):
        return Hit(
            title=highlight(record.name, terms),
            snippet=snippet(record.description, terms),
            url=record.get_absolute_url(),
            context=f"{_plan_name(record.plan)} · {record.theme.name}",
        )


class ObjectiveKind(SearchKind):
    def queryset(self):
        return Objective.objects.public().select_related("plan")

    def hit(self, record, terms):
        return Hit(
            title=highlight(str(record), terms),
            snippet=snippet(record.summary, terms) if record.summary else mark_safe(""),
            url=_objective_url(record),
            context=_plan_name(record.plan),
        )


class TargetKind(SearchKind):
    def queryset(self):
        return Target.objects.filter(_published("objective__plan__")).select_related(
            "objective__plan"
        )

    def hit(self, record, terms):
        objective = record.objective
        return Hit(
            title=highlight(str(objective), terms),
            snippet=snippet(f"{record.wording} {record.target_wording}", terms),
            url=_objective_url(objective, f"#target-{record.order}"),
            context=f"{_plan_name(objective.plan)} · "
            + gettext("target %(order)s") % {"order": record.order},
        )


def _state(action, plan) -> str:
    """The action's state in the words every page uses ("At risk · overdue"), as at its plan's
    reporting day, from the status it shows (its latest approved update's) and its milestones."""
    return action_state_words(action, action.status, plan.reporting_day(), action.milestones.all())


class ActionKind(SearchKind):
    def queryset(self):
        return (
            Action.objects.public()
            .select_related("target__objective__plan")
            .prefetch_related("milestones")
        )

    def hit(self, record, terms):
        objective = record.target.objective
        return Hit(
            title=highlight(Truncator(" ".join(record.text.split())).chars(120), terms),
            snippet=snippet(
                f"Owner: {record.owner_wording or '–'}. "
                f"Lead officer: {record.lead_officer_wording or '–'}. "
                f"Status: {_state(record, objective.plan)}.",
                terms,
            ),
            url=_objective_url(objective, f"#target-{record.target.order}"),
            context=f"{_plan_name(objective.plan)} · {objective}",
        )


class SectionKind(SearchKind):
    def queryset(self):
        return PlanSection.objects.filter(_published("plan__")).select_related("plan")

    def hit(self, record, terms):
        return Hit(
            title=highlight(record.title, terms),
            snippet=snippet(record.body, terms),
            url=f"{record.plan.get_absolute_url()}#{record.slug}",
            context=_plan_name(record.plan),
        )


KINDS = (
    PriorityKind("priorities", _("Priorities"), ("name", "description")),
    ObjectiveKind("objectives", _("Objectives"), ("title", "summary")),
    TargetKind("targets", _("Targets"), ("wording", "target_wording")),
    ActionKind("actions", _("Actions"), ("text", "owner_wording", "lead_officer_wording")),
    SectionKind("sections", _("Plan sections"), ("title", "body")),
)


def search_config() -> str:
    """The text-search configuration of the language being read (English stemming, or Welsh
    words as typed)."""
    return SEARCH_CONFIGS.get(translation.get_language(), SEARCH_CONFIG)


def _in_language(model, fields) -> list[str]:
    """Each field as the column of the language being read: a translated field's ``title_cy``
    at a Welsh address. A lookup (``title__icontains``) is rewritten so by the translation
    library; a search vector names columns and is not."""
    translated = translated_fields(model)
    language = "cy" if translation.get_language() == "cy" else "en"
    return [column(name, language) if name in translated else name for name in fields]


def _full_text(queryset, fields, query):
    config = search_config()
    vector = SearchVector(*_in_language(queryset.model, fields), config=config)
    search_query = SearchQuery(query, config=config, search_type="websearch")
    return (
        queryset.annotate(search=vector)
        .filter(search=search_query)
        .annotate(rank=SearchRank(vector, search_query))
        .order_by("-rank", "pk")
    )


def _every_word(queryset, fields, terms):
    """Fallback: each word in at least one field (OR), and all the words (AND)."""
    conditions = [
        reduce(or_, (Q(**{f"{name}__icontains": term}) for name in fields)) for term in terms
    ]
    return queryset.filter(reduce(and_, conditions))


def search(query: str, *, full_text: bool | None = None) -> SearchResults:
    """Search every kind; ``full_text`` defaults to whether the database is PostgreSQL."""
    query = query.strip()[:MAX_QUERY_LENGTH]
    terms = search_terms(query)
    results = SearchResults(query=query, terms=terms)
    if not terms:
        return results
    if full_text is None:
        full_text = connection.vendor == "postgresql"
    for kind in KINDS:
        queryset = kind.queryset()
        if full_text:
            queryset = _full_text(queryset, kind.fields, query)
        else:
            queryset = _every_word(queryset, kind.fields, terms)
        records = list(queryset[: RESULTS_PER_KIND + 1])
        results.groups.append(
            ResultGroup(
                kind=kind.kind,
                label=kind.label,
                hits=[kind.hit(record, terms) for record in records[:RESULTS_PER_KIND]],
                has_more=len(records) > RESULTS_PER_KIND,
            )
        )
    return results
