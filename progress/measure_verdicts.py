"""How a measure's figure becomes a colour against its target: the shortfall and its
tolerance, a running total against the target pro rata, and the trend when there is no target.
``progress.rag.assess_measure`` calls these; the colours and words are its."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext, ngettext

from objectives import periods
from objectives.figures import (
    HUNDRED,
    fmt,
    long_date,
    pct,
    period_name,
    share_of_year,
    year_earlier,
)
from progress.assessment import Assessment, RagStatus


def shortfall_colour(shortfall: Decimal, reference: Decimal, tolerance: Decimal):
    """(status, percent worse or None) for a shortfall (positive = worse) against a reference."""
    if shortfall <= 0:
        return RagStatus.GREEN, None
    if reference == 0:
        return RagStatus.RED, None
    percent = shortfall / abs(reference) * HUNDRED
    return (RagStatus.AMBER if percent <= tolerance else RagStatus.RED), percent


def latest_words(latest, measure) -> str:
    """The latest figure and its period, as the explanations open: "Latest 92 (Q1 2026/27)"."""
    return gettext("Latest %(value)s (%(period)s)") % {
        "value": fmt(latest.value, measure.unit),
        "period": period_name(latest, measure),
    }


def set_aside_words(before_plan: int, plan) -> str:
    """The sentence ending an explanation when figures from before the plan were not used."""
    if not before_plan:
        return ""
    return " " + ngettext(
        "%(count)s measurement from before the plan started (%(day)s) is not used.",
        "%(count)s measurements from before the plan started (%(day)s) are not used.",
        before_plan,
    ) % {"count": before_plan, "day": long_date(plan.period_start)}


def verdict(status, percent, tolerance, *, against_trajectory):
    """How a shortfall turned into the colour, ending the explanation: against the trajectory,
    or (``against_trajectory`` false) against the target pro rata just named ("that")."""
    if status == RagStatus.GREEN:
        if against_trajectory:
            return gettext("on or better than the trajectory → green (on track).")
        return gettext("on or better than that → green (on track).")
    if percent is None:
        if against_trajectory:
            return gettext(
                "worse than a trajectory of 0, where no tolerance applies → red (off track)."
            )
        return gettext("worse than 0, where no tolerance applies → red (off track).")
    shares = {"percent": pct(percent), "tolerance": pct(tolerance)}
    if status == RagStatus.AMBER:
        return (
            gettext("%(percent)s worse, within the %(tolerance)s tolerance → amber (some concern).")
            % shares
        )
    return gettext("%(percent)s worse, beyond the %(tolerance)s tolerance → red (off track).") % (
        shares
    )


def assess_year_to_date(measure, latest, plan, tolerance, worse_sign, set_aside, common):
    """A running total since the plan year began, against the target for the whole year: by
    now the total should be no further than the target pro rata (a straight line from 0 at the
    start to the target at the target date). A reduce total under the full-year target is not
    "met" until the year is over; an increase total that reaches it early is."""
    unit, value, target = measure.unit, latest.value, measure.target_value
    shown = latest_words(latest, measure)
    if worse_sign == -1 and value >= target:
        text = gettext(
            "%(latest)s is at or above the target %(target)s for the year → on track."
        ) % {
            "latest": shown,
            "target": fmt(target, unit),
        }
        return Assessment(RagStatus.GREEN, text + set_aside, **common)
    share = share_of_year(plan, latest.period_end)
    expected = target * share
    status, percent = shortfall_colour((value - expected) * worse_sign, expected, tolerance)
    days = (min(latest.period_end, plan.target_date) - plan.period_start).days
    span = (plan.target_date - plan.period_start).days
    text = gettext(
        "%(latest)s against %(expected)s, the target %(target)s for the year pro rata "
        "(%(days)s of %(span)s days): %(verdict)s"
    ) % {
        "latest": shown,
        "expected": fmt(expected, unit),
        "target": fmt(target, unit),
        "days": max(days, 0),
        "span": span,
        "verdict": verdict(status, percent, tolerance, against_trajectory=False),
    }
    return Assessment(
        status, text + set_aside, trajectory=expected, worse_by_percent=percent, **common
    )


def assess_trend(measure, latest, usable, tolerance, unit, shown, set_aside, common):
    earlier = [m for m in usable if m.period_end < latest.period_end]
    previous = earlier[-1] if earlier else None
    if periods.is_year_to_date(latest, measure):
        # A running total always rises on the last one: only the same months a year earlier
        # say whether it is trending up or down.
        previous = None
    year_start, year_end = year_earlier(latest.period_start), year_earlier(latest.period_end)
    year_ago = next(
        (m for m in usable if m.period_start == year_start and m.period_end == year_end), None
    )
    comparisons = []
    for is_previous, other in ((True, previous), (False, year_ago)):
        if other is None or (is_previous and other is year_ago):
            continue
        status, percent = shortfall_colour(latest.value - other.value, other.value, tolerance)
        compared = {
            "value": fmt(other.value, unit),
            "period": period_name(other, measure),
            "percent": pct(percent) if percent is not None else "",
        }
        comparisons.append((status, _compared_words(is_previous, status, percent) % compared))
    if not comparisons:
        text = gettext(
            "%(latest)s, but there is no previous period or same period a year earlier to "
            "compare it with → not enough data."
        ) % {"latest": shown}
        return Assessment(RagStatus.NOT_ENOUGH_DATA, text + set_aside, **common)
    status = max((s for s, _ in comparisons), key=lambda s: s.severity)
    text = gettext(
        "%(latest)s: %(comparisons)s. Level or down is on track, a rise of up to %(tolerance)s "
        "some concern, more is off track; the worse comparison counts → %(status)s."
    ) % {
        "latest": shown,
        "comparisons": "; ".join(words for _, words in comparisons),
        "tolerance": pct(tolerance),
        "status": status.label.lower(),
    }
    return Assessment(status, text + set_aside, **common)


def _compared_words(against_previous: bool, status, percent) -> str:
    """One comparison of a trend in words, with ``%(value)s``, ``%(period)s`` and
    ``%(percent)s`` to fill."""
    if against_previous:
        if status == RagStatus.GREEN:
            return gettext("level or lower than the previous period (%(value)s, %(period)s)")
        if percent is None:
            return gettext("up from 0 than the previous period (%(value)s, %(period)s)")
        return gettext("up %(percent)s than the previous period (%(value)s, %(period)s)")
    if status == RagStatus.GREEN:
        return gettext("level or lower than a year earlier (%(value)s, %(period)s)")
    if percent is None:
        return gettext("up from 0 than a year earlier (%(value)s, %(period)s)")
    return gettext("up %(percent)s than a year earlier (%(value)s, %(period)s)")
