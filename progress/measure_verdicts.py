"""How a measure's figure becomes a colour against its target: the shortfall and its
tolerance, a running total against the target pro rata, and the trend when there is no target.
``progress.rag.assess_measure`` calls these; the colours and words are its."""

from __future__ import annotations

from decimal import Decimal

from objectives import periods
from objectives.figures import HUNDRED, fmt, pct, period_name, share_of_year, year_earlier
from progress.assessment import Assessment, RagStatus


def shortfall_colour(shortfall: Decimal, reference: Decimal, tolerance: Decimal):
    """(status, percent worse or None) for a shortfall (positive = worse) against a reference."""
    if shortfall <= 0:
        return RagStatus.GREEN, None
    if reference == 0:
        return RagStatus.RED, None
    percent = shortfall / abs(reference) * HUNDRED
    return (RagStatus.AMBER if percent <= tolerance else RagStatus.RED), percent


def verdict(status, percent, tolerance, *, reference, zero):
    """How a shortfall against ``reference`` turned into the colour, ending the explanation."""
    if status == RagStatus.GREEN:
        return f"on or better than {reference} → green (on track)."
    if percent is None:
        return f"worse than {zero}, where no tolerance applies → red (off track)."
    if status == RagStatus.AMBER:
        return (
            f"{pct(percent)} worse, within the {pct(tolerance)} tolerance → amber (some concern)."
        )
    return f"{pct(percent)} worse, beyond the {pct(tolerance)} tolerance → red (off track)."


def assess_year_to_date(measure, latest, plan, tolerance, worse_sign, set_aside, common):
    """A running total since the plan year began, against the target for the whole year: by
    now the total should be no further than the target pro rata (a straight line from 0 at the
    start to the target at the target date). A reduce total under the full-year target is not
    "met" until the year is over; an increase total that reaches it early is."""
    unit, value, target = measure.unit, latest.value, measure.target_value
    shown = f"Latest {fmt(value, unit)} ({period_name(latest, measure)})"
    if worse_sign == -1 and value >= target:
        text = f"{shown} is at or above the target {fmt(target, unit)} for the year → on track."
        return Assessment(RagStatus.GREEN, text + set_aside, **common)
    share = share_of_year(plan, latest.period_end)
    expected = target * share
    status, percent = shortfall_colour((value - expected) * worse_sign, expected, tolerance)
    days = (min(latest.period_end, plan.target_date) - plan.period_start).days
    span = (plan.target_date - plan.period_start).days
    text = (
        f"{shown} against {fmt(expected, unit)}, the target {fmt(target, unit)} for the year "
        f"pro rata ({max(days, 0)} of {span} days): "
    )
    text += verdict(status, percent, tolerance, reference="that", zero="0")
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
    for name, other in (("the previous period", previous), ("a year earlier", year_ago)):
        if other is None or (name == "the previous period" and other is year_ago):
            continue
        status, percent = shortfall_colour(latest.value - other.value, other.value, tolerance)
        if status == RagStatus.GREEN:
            how = "level or lower"
        elif percent is None:
            how = "up from 0"
        else:
            how = f"up {pct(percent)}"
        comparisons.append(
            (status, f"{how} than {name} ({fmt(other.value, unit)}, {period_name(other, measure)})")
        )
    if not comparisons:
        text = (
            f"{shown}, but there is no previous period or same period a year earlier to "
            "compare it with → not enough data."
        )
        return Assessment(RagStatus.NOT_ENOUGH_DATA, text + set_aside, **common)
    status = max((s for s, _ in comparisons), key=lambda s: s.severity)
    text = (
        f"{shown}: "
        + "; ".join(words for _, words in comparisons)
        + f". Level or down is on track, a rise of up to {pct(tolerance)} some concern, more "
        f"is off track; the worse comparison counts → {status.label.lower()}."
    )
    return Assessment(status, text + set_aside, **common)
