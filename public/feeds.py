"""Atom feeds of approved progress, so residents can follow a plan or one objective:
``/plans/<plan-slug>/updates.atom`` and ``/plans/<plan-slug>/objectives/<number>/updates.atom``.

Public: published plans only (a draft's feed is a 404, like its pages), approved progress only,
and no personal data — an update is signed with the name the officer chose to show publicly
(``ActionUpdate.author_name``) or, failing that, the agencies that own the work; never an
e-mail address or a login name. Two queries for the items whatever the size of the plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext

from actions.models import ActionUpdate
from cspplan import languages
from cspplan.models import Organisation, Plan
from cspplan.text import clean_text
from objectives.figures import fmt, period_name
from objectives.models import Measurement, Objective
from progress import disclosure, rag

ITEM_LIMIT = 50


def _clean(values: dict) -> dict:
    return {name: clean_text(value) for name, value in values.items()}


class CleanAtom1Feed(Atom1Feed):
    """Atom that cannot fail on a control character (XML 1.0 refuses them; Django's writer
    raises): text is cleaned at input (cspplan/text.py), and here again for older rows."""

    def __init__(self, title, link, description, **kwargs):
        super().__init__(clean_text(title), link, clean_text(description), **_clean(kwargs))

    def add_item(self, title, link, description, **kwargs):
        super().add_item(clean_text(title), link, clean_text(description), **_clean(kwargs))


@dataclass(frozen=True)
class FeedItem:
    uid: str
    title: str
    description: str
    link: str
    published: object
    author: str


def _organisations(owners) -> str:
    return ", ".join(o.short_name or o.name for o in owners)


def _measurement_item(measurement) -> FeedItem:
    measure = measurement.measure
    objective = measure.target.objective
    shown = (
        fmt(measurement.value, measure.unit)
        if measurement.value is not None
        else disclosure.shown_value(measurement) or measurement.get_rating_display()
    )
    period = period_name(measurement)
    parts = [
        gettext("%(measure)s: %(shown)s for %(period)s.")
        % {"measure": measure.name, "shown": shown, "period": period}
    ]
    if measurement.note:
        parts.append(measurement.note)
    if measurement.source:
        parts.append(gettext("Source: %(source)s.") % {"source": measurement.source})
    return FeedItem(
        uid=f"urn:uuid:{measurement.uid}",
        title=f"{objective.reference}: {measure.name} – {shown} ({period})",
        description="\n\n".join(parts),
        link=objective.get_absolute_url(),
        published=measurement.approved_at,
        author=_organisations(measure.target.owners.all()) or objective.plan.partnership.name,
    )


def _update_item(update) -> FeedItem:
    action = update.action
    objective = action.target.objective
    # The action's state as this update left it, on the day it describes (overdue then or
    # not, its milestones counted then): the one rule, never what came after.
    status = rag.assess_action(
        action, [update], today=update.date, milestones=action.milestones.all()
    ).label
    return FeedItem(
        uid=f"urn:uuid:{update.uid}",
        title=f"{objective.reference}: {status} – {str(action)[:90]}",
        description=f"{update.note}\n\n"
        + gettext("Status: %(status)s (update for %(dated)s).")
        % {"status": status, "dated": update.dated},
        link=objective.get_absolute_url(),
        published=update.approved_at,
        author=update.author_name
        or _organisations(action.owners.all())
        or objective.plan.partnership.name,
    )


def approved_progress(plan, *, objective=None, limit=ITEM_LIMIT) -> list[FeedItem]:
    """The latest approved measurements and updates of a plan (or one objective), newest
    approval first."""
    owners = Organisation.objects.order_by("name")
    measurements = (
        Measurement.objects.for_plan(plan)
        .approved()
        .select_related("measure__target__objective__plan__partnership")
        .prefetch_related(Prefetch("measure__target__owners", queryset=owners))
        .order_by("-approved_at", "-pk")
    )
    updates = (
        ActionUpdate.objects.for_plan(plan)
        .approved()
        .select_related("action__target__objective__plan__partnership")
        .prefetch_related(Prefetch("action__owners", queryset=owners), "action__milestones")
        .order_by("-approved_at", "-pk")
    )
    if objective is not None:
        measurements = measurements.filter(measure__target__objective=objective)
        updates = updates.filter(action__target__objective=objective)
    items = [_measurement_item(m) for m in _public(list(measurements[:limit]), plan)]
    items += [_update_item(u) for u in updates[:limit]]
    items.sort(key=lambda item: item.published, reverse=True)
    return items[:limit]


def _public(measurements, plan):
    """The feed's measurements as the public may see them: a sensitive measure's are judged
    with all its approved figures (the secondary rule looks across them; one more query, only
    when the feed holds a sensitive measure). Same order."""
    sensitive = {m.measure_id: m.measure for m in measurements if disclosure.applies_to(m.measure)}
    if not sensitive:
        return measurements
    policy = disclosure.Policy.for_plan(plan)
    every = {}
    for figure in Measurement.objects.approved().filter(measure__in=list(sensitive)):
        every.setdefault(figure.measure_id, []).append(figure)
    public = {}
    for measure_id, figures in every.items():
        shown = disclosure.suppress_for_public(sensitive[measure_id], figures, policy=policy)
        public.update({figure.pk: figure for figure in shown})
    result = []
    for measurement in measurements:
        if measurement.pk in public:
            shown = public[measurement.pk]
            shown.measure = measurement.measure  # with its prefetched row and objective
            result.append(shown)
        else:
            result.append(measurement)
    return result


class PlanProgressFeed(Feed):
    feed_type = CleanAtom1Feed

    def get_object(self, request, plan_slug):
        plan = get_object_or_404(
            Plan.objects.public().select_related("partnership"), slug=plan_slug
        )
        languages.page_of(request, plan.partnership)
        return plan

    def title(self, plan):
        return gettext("%(partnership)s: %(title)s – progress") % {
            "partnership": plan.partnership.name,
            "title": plan.title,
        }

    def subtitle(self, plan):
        return gettext("Approved progress against the plan's targets and actions, newest first.")

    def link(self, plan):
        return plan.get_absolute_url()

    def author_name(self, plan):
        return plan.partnership.name

    def items(self, plan):
        return approved_progress(plan)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom summaries are HTML to feed readers: escape what officers typed, keep paragraphs.
        return linebreaks(escape(item.description))

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.uid

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published

    def item_updateddate(self, item):
        return item.published

    def item_author_name(self, item):
        return item.author


class ObjectiveProgressFeed(PlanProgressFeed):
    def get_object(self, request, plan_slug, number):
        plan = super().get_object(request, plan_slug)
        objective = get_object_or_404(Objective.objects.for_plan(plan), number=number)
        objective.plan = plan  # already has its partnership: no second query
        return objective

    def title(self, objective):
        return gettext("%(partnership)s: %(title)s – progress") % {
            "partnership": objective.plan.partnership.name,
            "title": objective.heading,
        }

    def subtitle(self, objective):
        return gettext("Approved progress on %(objective)s of %(title)s.") % {
            "objective": objective.reference,
            "title": objective.plan.title,
        }

    def link(self, objective):
        return objective.get_absolute_url()

    def author_name(self, objective):
        return objective.plan.partnership.name

    def items(self, objective):
        return approved_progress(objective.plan, objective=objective)
