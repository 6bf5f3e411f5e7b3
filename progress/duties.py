"""The statutory checklist: does a plan show what the law asks of a partnership's plan?

The duties come from the Crime and Disorder (Formulation and Implementation of Strategy)
Regulations 2007 (SI 2007/1830), as amended in 2011 (SI 2011/1230) and 2012 (SI 2012/2660), and
from section 6 of the Crime and Disorder Act 1998 under which they are made. Each check reads
only what the plan records and answers one of:

- met: the records show it;
- not met: the records show it is missing (an objective with no action, a priority no objective
  addresses, a plan covering several years);
- not recorded: nothing says either way (no strategy group named, no public meeting with a
  date). The absence of a record is not proof that the partnership failed the duty, so the
  checklist never says "not met" for it;
- does not apply: the duty did not exist for the plan's year (sending the plan to the Police and
  Crime Commissioner began on 22 November 2012).

Every item links to the admin page where the missing record is kept. The dashboard's duties page
and the board report (PDF and spreadsheet) both show ``check_plan``: one rule, one place.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.http import urlencode

from actions.models import Action
from consultation.models import Consultation, EngagementEvent, Survey
from cspplan.models import Organisation, Plan
from objectives.models import Measure, Objective, Target
from priorities.models import Priority

SI = "SI 2007/1830"
PLAN_REGULATIONS = f"{SI}, regs 10 and 11 (the partnership plan)"
# The duty to send the plan to the PCC: regulation 13A, inserted by SI 2012/2660.
PCC_DUTY_FROM = datetime.date(2012, 11, 22)
LONGEST_YEAR = datetime.timedelta(days=366)

REOFFENDING = re.compile(r"re-?\s?offend", re.IGNORECASE)
DRUGS = re.compile(r"\bdrug|substance", re.IGNORECASE)
ALCOHOL = re.compile(r"alcohol", re.IGNORECASE)


class Outcome(models.TextChoices):
    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"
    NOT_RECORDED = "not_recorded", "Not recorded"
    DOES_NOT_APPLY = "does_not_apply", "Does not apply"


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass
class Duty:
    """One line of the checklist."""

    key: str
    title: str
    regulation: str
    outcome: Outcome
    finding: str
    fix: Link | None = None
    # What is missing, one link each (an objective without actions…).
    gaps: list[Link] = field(default_factory=list)

    @property
    def is_met(self) -> bool:
        return self.outcome == Outcome.MET


# What a partnership plan is checked against (a Serious Violence strategy: its own law,
# ``progress.serious_violence.LAW``).
PLAN_LAW = (
    "the Crime and Disorder (Formulation and Implementation of Strategy) Regulations 2007 "
    "(SI 2007/1830, as amended in 2011 and 2012) and section 6 of the Crime and Disorder Act 1998"
)


@dataclass
class DutyReport:
    plan: Plan
    duties: list[Duty]
    law: str = PLAN_LAW

    def count(self, outcome: Outcome) -> int:
        return sum(1 for duty in self.duties if duty.outcome == outcome)

    @property
    def summary(self) -> str:
        """e.g. "5 of 12 met, 3 not met, 4 not recorded"."""
        applying = [d for d in self.duties if d.outcome != Outcome.DOES_NOT_APPLY]
        parts = [f"{self.count(Outcome.MET)} of {len(applying)} met"]
        for outcome in (Outcome.NOT_MET, Outcome.NOT_RECORDED):
            if n := self.count(outcome):
                parts.append(f"{n} {outcome.label.lower()}")
        return ", ".join(parts)


def _admin(name: str, *args, **query) -> str:
    url = reverse(f"admin:{name}", args=args)
    return f"{url}?{urlencode(query)}" if query else url


def _names(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _objective_link(objective) -> Link:
    return Link(str(objective), _admin("objectives_objective_change", objective.pk))


def _strategy_group(plan) -> Duty:
    fix = Link("Name the strategy group on the plan", _admin("cspplan_plan_change", plan.pk))
    if plan.strategy_group:
        outcome, finding = Outcome.MET, f"The plan names {plan.strategy_group}."
    else:
        outcome, finding = Outcome.NOT_RECORDED, "The plan does not name its strategy group."
    return Duty(
        "strategy_group",
        "A strategy group of the responsible authorities prepares the plan",
        f"{SI}, reg 3 (as substituted by SI 2011/1230)",
        outcome,
        finding,
        fix,
    )


def _revised_for_the_year(plan) -> Duty:
    fix = Link("Check the plan's period and status", _admin("cspplan_plan_change", plan.pk))
    period = f"{plan.period_start:%-d %B %Y} to {plan.period_end:%-d %B %Y}"
    if plan.period_end - plan.period_start > LONGEST_YEAR:
        outcome = Outcome.NOT_MET
        finding = f"The plan covers {period}, more than a year: it must be revised each year."
    elif plan.status == Plan.Status.DRAFT:
        outcome, finding = Outcome.NOT_MET, f"The plan for {period} is still a draft."
    else:
        outcome, finding = Outcome.MET, f"The plan covers one year, {period}, and is published."
    return Duty(
        "plan_for_the_year",
        "A partnership plan revised for the year",
        PLAN_REGULATIONS,
        outcome,
        finding,
        fix,
    )


def _strategic_assessment(plan) -> Duty:
    fix = Link(
        "Record the strategic assessment on the plan", _admin("cspplan_plan_change", plan.pk)
    )
    if plan.records_strategic_assessment:
        name = plan.strategic_assessment_title or plan.strategic_assessment_url
        when = (
            f", completed {plan.strategic_assessment_date:%-d %B %Y}"
            if plan.strategic_assessment_date
            else ", date not recorded"
        )
        outcome, finding = Outcome.MET, f"The plan answers the {name}{when}."
    else:
        outcome = Outcome.NOT_RECORDED
        finding = "The plan does not record the strategic assessment it answers."
    return Duty(
        "strategic_assessment",
        "The plan is based on a strategic assessment",
        f"{SI}, regs 5 to 7 (the strategic assessment) and 10 and 11 (the plan)",
        outcome,
        finding,
        fix,
    )


def _priorities_addressed(plan, priorities) -> Duty:
    unaddressed = [p for p in priorities if not p.objective_count]
    if not priorities:
        outcome, finding = Outcome.NOT_RECORDED, "No priorities of the assessment are recorded."
        fix = Link("Add the assessment's priorities", _admin("priorities_priority_add"))
    elif unaddressed:
        outcome = Outcome.NOT_MET
        finding = (
            f"{len(priorities) - len(unaddressed)} of {len(priorities)} priorities are "
            f"addressed by an objective; no objective addresses "
            f"{_names(p.name for p in unaddressed)}."
        )
        fix = None
    else:
        outcome = Outcome.MET
        finding = f"Each of the {len(priorities)} priorities is addressed by an objective."
        fix = None
    return Duty(
        "priorities_addressed",
        "The plan addresses the priorities the strategic assessment identified",
        PLAN_REGULATIONS,
        outcome,
        finding,
        fix,
        gaps=[Link(p.name, _admin("priorities_priority_change", p.pk)) for p in unaddressed],
    )


def _every_objective(plan, objectives, *, key, title, has, missing, regulation=PLAN_REGULATIONS):
    """An objective-by-objective check: ``has(objective)`` says whether it passes."""
    if not objectives:
        return Duty(
            key,
            title,
            regulation,
            Outcome.NOT_RECORDED,
            "The plan has no objectives yet.",
            Link("Add objectives to the plan", _admin("cspplan_plan_change", plan.pk)),
        )
    failing = [o for o in objectives if not has(o)]
    if failing:
        outcome = Outcome.NOT_MET
        numbers = _names(str(o.number) for o in failing)
        finding = f"{len(failing)} of {len(objectives)} objectives {missing}: {numbers}."
    else:
        outcome, finding = Outcome.MET, f"All {len(objectives)} objectives pass."
    return Duty(
        key, title, regulation, outcome, finding, gaps=[_objective_link(o) for o in failing]
    )


def _covered(plan, objectives, priorities, *, key, title, regulation, needs) -> Duty:
    """Whether objectives (or priorities) of the plan name a subject: each of ``needs`` is a
    (word, pattern) that some objective's or priority's name must match."""
    found, missing = [], []
    for word, pattern in needs:
        named = [o.heading for o in objectives if pattern.search(o.title)]
        named += [f"the priority {p.name}" for p in priorities if pattern.search(p.name)]
        if named:
            found.append(f"{word} in {_names(named[:3])}")
        else:
            missing.append(word)
    if missing:
        outcome = Outcome.NOT_MET
        finding = f"No objective or priority names {_names(missing)}."
        fix = Link("Add or rename an objective", _admin("cspplan_plan_change", plan.pk))
    else:
        outcome, finding, fix = Outcome.MET, f"Covered: {'; '.join(found)}.", None
    return Duty(key, title, regulation, outcome, finding, fix)


def _consultation(plan, day, events, surveys, consultations) -> Duty:
    held = [e for e in events if e.date and plan.period_start <= e.date <= day]
    years = range(plan.period_start.year, plan.period_end.year + 1)
    surveyed = [s for s in surveys if s.year in years]
    opened = [c for c in consultations if plan.period_start <= c.opens_at.date() <= plan.period_end]
    things = (
        [f"{e.name} ({e.date:%-d %B %Y})" for e in held]
        + [str(s) for s in surveyed]
        + [f"the consultation {c.title}" for c in opened]
    )
    undated = [e.name for e in events if e.date is None]
    fix = Link("Record an event held", _admin("consultation_engagementevent_add", plan=plan.pk))
    if things:
        outcome, finding = Outcome.MET, f"Recorded in the plan's year: {_names(things)}."
    else:
        outcome = Outcome.NOT_RECORDED
        finding = "No event held, survey or consultation is recorded in the plan's year."
        if undated:
            finding += f" Recorded without a date: {_names(undated)}."
    return Duty(
        "consultation",
        "The views of people who live and work in the area were sought during the year",
        f"{SI}, reg 12(1) and (2)",
        outcome,
        finding,
        fix,
    )


def _public_meeting(plan, day, events, authorities) -> Duty:
    """Reg 12(4): a public meeting in the year attended by senior people from each responsible
    authority. ``authorities``: the responsible authorities the plan names (owners of its target
    rows and actions flagged as such); who was there: each event's ``presence`` rows."""
    # Face the People and PACT meetings are public meetings too (EngagementEvent.Kind).
    meetings = [e for e in events if e.kind in EngagementEvent.Kind.public_meeting_kinds()]
    held = [e for e in meetings if e.date and plan.period_start <= e.date <= day]
    fix = Link(
        "Record a public meeting held",
        _admin("consultation_engagementevent_add", plan=plan.pk, kind="public_meeting"),
    )
    outcome = Outcome.NOT_RECORDED
    if not held:
        finding = "No public meeting is recorded as held in the plan's year."
        undated = [e.name for e in meetings if e.date is None]
        if undated:
            finding += f" Recorded without a date: {_names(undated)}."
    else:
        named = _names(f"{e.name} ({e.date:%-d %B %Y})" for e in held)
        recorded = [e for e in held if e.presence.all()]
        if not authorities:
            finding = (
                f"Held: {named}. The plan names no responsible authority (an owner flagged as "
                "one), so who should have attended is not recorded."
            )
        elif not recorded:
            finding = f"Held: {named}. Which authorities sent someone senior is not recorded."
        else:
            # The meeting that came closest: fewest responsible authorities without a senior
            # person there. Absence is only judged where attendance was recorded.
            def missing(event):
                senior = {p.organisation_id for p in event.presence.all() if p.senior}
                return [a for a in authorities if a.pk not in senior]

            best = min(recorded, key=lambda e: len(missing(e)))
            if not missing(best):
                outcome = Outcome.MET
                finding = (
                    f"{best.name} ({best.date:%-d %B %Y}) was attended by senior people from "
                    f"every responsible authority the plan names: "
                    f"{_names(str(a) for a in authorities)}."
                )
            else:
                outcome = Outcome.NOT_MET
                absent = _names(str(a) for a in missing(best))
                finding = (
                    f"Held: {named}. No meeting whose attendance is recorded had senior people "
                    f"from every responsible authority; the nearest, {best.name}, had none from "
                    f"{absent}."
                )
                fix = Link(
                    f"Record who attended {best.name}",
                    _admin("consultation_engagementevent_change", best.pk),
                )
    return Duty(
        "public_meeting",
        "At least one public meeting in the year, attended by senior people from each "
        "responsible authority",
        f"{SI}, reg 12(4)",
        outcome,
        finding,
        fix,
    )


def _responsible_authorities(plan):
    """The responsible authorities the plan names: owners of its target rows or actions that
    are flagged as responsible authorities. One query."""
    owners_of_rows = Target.objects.filter(objective__plan=plan).values("owners")
    owners_of_actions = Action.objects.filter(target__objective__plan=plan).values("owners")
    return list(
        Organisation.objects.filter(is_responsible_authority=True)
        .filter(models.Q(pk__in=owners_of_rows) | models.Q(pk__in=owners_of_actions))
        .order_by("name")
    )


def _sent_to_pcc(plan) -> Duty:
    fix = Link("Record when the plan was sent", _admin("cspplan_plan_change", plan.pk))
    if plan.period_end < PCC_DUTY_FROM and plan.sent_to_pcc_on is None:
        outcome = Outcome.DOES_NOT_APPLY
        finding = (
            "The plan's year ended before the duty began (22 November 2012, when the first "
            "Police and Crime Commissioners took office)."
        )
        fix = None
    elif plan.sent_to_pcc_on:
        outcome, finding = Outcome.MET, f"Sent on {plan.sent_to_pcc_on:%-d %B %Y}."
    else:
        outcome, finding = Outcome.NOT_RECORDED, "No date sent is recorded."
    return Duty(
        "sent_to_pcc",
        "The plan is sent to the Police and Crime Commissioner",
        f"{SI}, reg 13A (inserted by SI 2012/2660)",
        outcome,
        finding,
        fix,
    )


def _objectives(plan):
    """The plan's objectives, each annotated with whether it names responsible bodies, has
    actions and has a measure with a target figure: one query."""
    targets = Target.objects.filter(objective=OuterRef("pk"))
    owned_action = Action.objects.filter(target__objective=OuterRef("pk"), owners__isnull=False)
    measured = Measure.objects.filter(
        target__objective=OuterRef("pk"), target_state=Measure.ValueState.KNOWN
    )
    return list(
        Objective.objects.for_plan(plan)
        .annotate(
            has_owner=Exists(targets.filter(owners__isnull=False)) | Exists(owned_action),
            has_action=Exists(Action.objects.filter(target__objective=OuterRef("pk"))),
            has_target=Exists(measured),
        )
        .order_by("number")
    )


def check_plan(plan: Plan, *, today: datetime.date | None = None) -> DutyReport:
    """The checklist for ``plan`` as at ``today`` (the plan's reporting day: events count
    once held). Seven queries, whatever the plan's size. A Serious Violence strategy is
    checked against its own duty (``progress.serious_violence.check_strategy``)."""
    if plan.kind == Plan.Kind.SERIOUS_VIOLENCE:
        # Imported here: that module builds on this one's Duty and DutyReport.
        from progress.serious_violence import check_strategy

        return check_strategy(plan, today=today)
    day = plan.reporting_day(today)
    objectives = _objectives(plan)
    priorities = list(
        Priority.objects.filter(plan=plan)
        .annotate(objective_count=models.Count("objectives"))
        .order_by("theme__order", "order")
    )
    events = list(
        # Demonstration records are invented (`make run`): never the partnership's own work.
        EngagementEvent.objects.real()
        .filter(plan=plan)
        .prefetch_related("presence")
        .order_by("date", "name")
    )
    surveys = list(Survey.objects.filter(partnership_id=plan.partnership_id))
    consultations = list(Consultation.objects.real().filter(plan=plan))
    duties = [
        _strategy_group(plan),
        _revised_for_the_year(plan),
        _strategic_assessment(plan),
        _priorities_addressed(plan, priorities),
        _every_objective(
            plan,
            objectives,
            key="responsible_bodies",
            title="Every objective names the bodies responsible for it",
            has=lambda o: o.has_owner,
            missing="name no owner on any target row or action",
        ),
        _every_objective(
            plan,
            objectives,
            key="actions",
            title="Every objective has actions",
            has=lambda o: o.has_action,
            missing="have no actions",
        ),
        _every_objective(
            plan,
            objectives,
            key="targets",
            title="Every objective has a measure with a target, or a recorded reason why not",
            has=lambda o: o.has_target or bool(o.no_target_reason.strip()),
            missing="have no measure with a target figure and no reason recorded",
        ),
        _covered(
            plan,
            objectives,
            priorities,
            key="reoffending",
            title="The plan includes a strategy to reduce reoffending",
            regulation="Crime and Disorder Act 1998, s 6, as amended by the Policing and "
            f"Crime Act 2009; {PLAN_REGULATIONS}",
            needs=[("reoffending", REOFFENDING)],
        ),
        _covered(
            plan,
            objectives,
            priorities,
            key="substance_misuse",
            title="The plan combats substance misuse, alcohol included",
            regulation=f"Crime and Disorder Act 1998, s 6; {PLAN_REGULATIONS}",
            needs=[("drugs or substance misuse", DRUGS), ("alcohol", ALCOHOL)],
        ),
        _consultation(plan, day, events, surveys, consultations),
        _public_meeting(plan, day, events, _responsible_authorities(plan)),
        _sent_to_pcc(plan),
    ]
    return DutyReport(plan=plan, duties=duties)
