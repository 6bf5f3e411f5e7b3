"""The Serious Violence strategy's checklist: what the Serious Violence Duty (Police, Crime,
Sentencing and Courts Act 2022, Part 2 Chapter 1) asks of a strategy, read from its records
(``strategies`` app) the way ``progress.duties`` reads a partnership plan's: met, not met or not
recorded, with a link to where the missing record is kept. ``check_plan`` answers this for a
plan of kind "Serious Violence strategy", so the dashboard's duties page and the board report
show it. Demonstration records (``ConsultedAuthority.demonstration``) never count.
"""

from __future__ import annotations

import datetime

from cspplan.models import Plan
from progress.duties import Duty, DutyReport, Link, Outcome, _admin, _names
from strategies.models import (
    ConsultedAuthority,
    ConsultedKind,
    SeriousViolenceStrategy,
    SpecifiedAuthority,
)

ACT = "Police, Crime, Sentencing and Courts Act 2022"
LAW = f"the Serious Violence Duty ({ACT}, Part 2 Chapter 1, in force since 31 January 2023)"


def _strategy_link(plan, strategy, label) -> Link:
    if strategy is None:
        return Link(label, _admin("strategies_seriousviolencestrategy_add", plan=plan.pk))
    return Link(label, _admin("strategies_seriousviolencestrategy_change", strategy.pk))


def _duty_holders(plan, strategy, holders) -> Duty:
    named = {holder.authority for holder in holders}
    missing = [kind for kind in SpecifiedAuthority if kind not in named]
    if not missing:
        outcome = Outcome.MET
        finding = "Every specified authority is named: " + _names(
            [str(holder) for holder in holders]
        )
    else:
        outcome = Outcome.NOT_MET
        finding = (
            f"{len(SpecifiedAuthority) - len(missing)} of {len(SpecifiedAuthority)} specified "
            f"authorities are named; missing: {_names([kind.label for kind in missing])}."
        )
    fix = _strategy_link(plan, strategy, "Name the duty holders")
    return Duty(
        "duty_holders",
        "The specified authorities work together on the strategy",
        f"{ACT}, ss.8 and 11, Schedule 1",
        outcome,
        finding,
        fix,
        gaps=[Link(kind.label, fix.url) for kind in missing],
    )


def _recorded(key, title, section, plan, strategy, present, said, missing) -> Duty:
    outcome, finding = (Outcome.MET, said) if present else (Outcome.NOT_RECORDED, missing)
    return Duty(
        key,
        title,
        f"{ACT}, {section}",
        outcome,
        finding,
        _strategy_link(plan, strategy, f"Record it: {title.lower()}"),
    )


def _consulted(plan, strategy, consulted, day) -> Duty:
    held = [c for c in consulted if c.consulted_on <= day]
    kinds = {c.kind for c in held}
    missing = [kind for kind in ConsultedKind if kind not in kinds]
    if not missing:
        outcome = Outcome.MET
        finding = "Consulted: " + _names(
            [f"{c.name} ({c.get_kind_display().lower()}, {c.consulted_on:%-d %B %Y})" for c in held]
        )
    else:
        outcome = Outcome.NOT_RECORDED
        finding = (
            f"No consultation recorded with: {_names([kind.label.lower() for kind in missing])}."
        )
    fix = _strategy_link(plan, strategy, "Record who was consulted and when")
    return Duty(
        "consulted",
        "Educational, prison and youth custody authorities are consulted",
        f"{ACT}, s.8(4)",
        outcome,
        finding,
        fix,
        gaps=[Link(kind.label, fix.url) for kind in missing],
    )


def _published(plan, strategy) -> Duty:
    address = strategy.publication_url if strategy else ""
    if plan.is_public and address:
        outcome = Outcome.MET
        finding = f"Published {plan.published_at:%-d %B %Y} at {address}."
    elif plan.is_public:
        outcome, finding = (
            Outcome.NOT_RECORDED,
            "Published here, but its own address is not recorded.",
        )
    else:
        outcome, finding = Outcome.NOT_MET, "The strategy is still a draft."
    return Duty(
        "published",
        "The strategy is published",
        f"{ACT}, s.8(3)(c); the statutory guidance (December 2022)",
        outcome,
        finding,
        _strategy_link(plan, strategy, "Record where it is published"),
    )


def check_strategy(plan: Plan, *, today: datetime.date | None = None) -> DutyReport:
    """The Serious Violence Duty's checklist for ``plan`` as at ``today`` (its reporting day:
    a consultation counts once held). Three queries."""
    day = plan.reporting_day(today)
    strategy = SeriousViolenceStrategy.objects.filter(plan=plan).first()
    holders, consulted = [], []
    if strategy is not None:
        holders = list(strategy.duty_holders.select_related("organisation"))
        consulted = list(ConsultedAuthority.objects.real().filter(strategy=strategy))
    s = strategy
    duties = [
        _duty_holders(plan, s, holders),
        _recorded(
            "definition",
            "A local definition of serious violence",
            "s.13 and the statutory guidance (December 2022)",
            plan,
            s,
            s is not None and s.local_definition,
            "The strategy defines serious violence locally.",
            "No local definition of serious violence is recorded.",
        ),
        _recorded(
            "needs_assessment",
            "A strategic needs assessment of the kinds and causes of serious violence",
            "s.8(3)(a) and (b)",
            plan,
            s,
            s is not None
            and s.needs_assessment_title
            and s.needs_assessment_date
            and s.data_sources,
            (
                f"The {s.needs_assessment_title}, completed {s.needs_assessment_date:%-d %B %Y}."
                if s is not None and s.needs_assessment_date
                else ""
            ),
            "The needs assessment's name, date and data sources are not all recorded.",
        ),
        _consulted(plan, s, consulted, day),
        _published(plan, s),
    ]
    return DutyReport(plan=plan, duties=duties, law=LAW)
