"""Invented partnerships at county scale, for load tests and benchmarks (``generate_scale_data``).

A county instance carries a dozen partnerships and several years of plans. This builds that much
data, shaped like the seed plan but larger: per plan 11 objectives; about 5 target rows each
(4 to 6) with 2 measures and a figure for every month of the year; about 8 actions per row
(6 to 10), each with 1 to 3 progress updates; 4 engagement events, a consultation and 20 pieces
of residents' feedback. Every place, agency and person is invented (the places are fictional,
the officers are called Sample, Example, Specimen…) so the data can never be mistaken for a real
partnership's.

The same arguments always give the same data (one seeded random generator, fixed dates: the
plans' years are counted from ``first_year``, never from today). Rows go in with
``bulk_create`` and their history with ``bulk_history_create`` (so "as at" a past day and the
history pages see them), which sends no signals: the public pages' version is bumped once at the
end.
"""

import datetime
import random
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from actions.models import Action, ActionStatus, ActionUpdate
from consultation.models import Consultation, EngagementEvent, Feedback
from cspplan.models import FundingSource, Officer, Organisation, Partnership, Plan, PlanSection
from cspplan.pagecache import bump_stamp
from objectives.models import ApprovalStatus, Measure, Measurement, Objective, Target
from priorities.models import Priority, PriorityTheme
from progress.models import PlanChangeCount

PLACES = [
    "Ashvale", "Brackenmoor", "Coldharbour Vale", "Dunmere", "Eskworth", "Fallowdene",
    "Greyhallow", "Hartsmere", "Ivydown", "Juniper Fells", "Kestrelford", "Larchbury",
    "Mossgate", "Nettlecombe", "Oakhythe", "Pebblemarsh", "Quillhaven", "Rookstead",
    "Saltmoor", "Thistlewick",
]  # fmt: skip
FIRST_NAMES = ["Alex", "Sam", "Jo", "Robin", "Kit", "Charlie", "Morgan", "Jamie"]
SURNAMES = ["Sample", "Example", "Specimen", "Placeholder", "Mockridge", "Testwood"]
AGENCIES = [
    ("Borough Council", "council", True),
    ("Police District", "police", True),
    ("Fire Station", "fire", True),
    ("Health Partnership", "health", True),
    ("Youth Service", "youth", False),
    ("Neighbourhood Trust", "voluntary", False),
]
FUNDING = [("Scale test: existing budgets", "scale-existing-budgets"),
           ("Scale test: invented grant", "scale-invented-grant")]  # fmt: skip
THEMES = ["Safer streets", "Safer homes", "Stronger communities"]
OBJECTIVES = [
    "Reduce burglary from homes", "Reduce anti-social behaviour", "Reduce violent crime",
    "Reduce re-offending", "Reduce accidental fires in homes", "Reduce road casualties",
    "Reduce the harm caused by alcohol", "Reduce the harm caused by drugs",
    "Support victims of domestic abuse", "Improve confidence in local services",
    "Keep young people safe",
]  # fmt: skip
VERBS = ["Deliver", "Run", "Extend", "Review", "Publicise", "Train staff in", "Pilot", "Fund"]
THINGS = [
    "home security visits", "a youth diversion scheme", "targeted patrols",
    "a community speed watch", "safe and well checks", "a victims' helpline",
    "school workshops", "a neighbourhood clean-up", "an alcohol awareness campaign",
    "a multi-agency case review",
]  # fmt: skip
STATUS_WEIGHTS = [
    (ActionStatus.ON_TRACK, 40), (ActionStatus.COMPLETED, 20), (ActionStatus.AT_RISK, 12),
    (ActionStatus.OFF_TRACK, 6), (ActionStatus.ONGOING, 12), (ActionStatus.NOT_STARTED, 6),
    (ActionStatus.CANCELLED, 4),
]  # fmt: skip
COMMENTS = [
    "Invented comment for load testing: more patrols near the park, please.",
    "Invented comment for load testing: street lighting on the estate needs fixing.",
    "Invented comment for load testing: thank you for the home safety visit.",
    "Invented comment for load testing: speeding outside the school is a worry.",
]
BATCH = 2000


@dataclass
class Counts:
    """How many rows of each kind were made (reported by the command, checked by the tests)."""

    rows: dict = field(default_factory=dict)

    def add(self, name, number):
        self.rows[name] = self.rows.get(name, 0) + number


def _aware(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _month_starts(start):
    day = start
    for _ in range(12):
        yield day
        day = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


class ScaleDataError(ValueError):
    """Arguments the generator cannot honour; nothing is written."""


class _Builder:
    def __init__(self, *, partnerships, years, seed, first_year):
        if not 1 <= partnerships <= len(PLACES):
            raise ScaleDataError(f"--partnerships must be between 1 and {len(PLACES)}.")
        if not 1 <= years <= 10:
            raise ScaleDataError("--years must be between 1 and 10.")
        self.random = random.Random(seed)
        self.places = PLACES[:partnerships]
        self.years = [first_year + offset for offset in range(years)]
        self.counts = Counts()
        slugs = [self._slug(place) for place in self.places]
        taken = sorted(Partnership.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        if taken:
            raise ScaleDataError(
                f"The database already holds invented partnerships ({', '.join(taken)}): "
                "generate scale data into a fresh database."
            )

    @staticmethod
    def _slug(place):
        return f"{slugify(place)}-csp-invented"

    def _uuid(self):
        return uuid.UUID(int=self.random.getrandbits(128), version=4)

    def _save(self, model, objs, *, history_date=None):
        """bulk_create, then the history rows the admin's saves would have written."""
        created = model.objects.bulk_create(objs, batch_size=BATCH)
        if hasattr(model, "history"):
            model.history.bulk_history_create(
                created, batch_size=BATCH, default_date=history_date or timezone.now()
            )
        self.counts.add(model._meta.verbose_name_plural, len(created))
        return created

    def _link(self, field_, pairs):
        """Many-to-many rows, in bulk, through the field's own table."""
        through = field_.remote_field.through
        source, target = field_.m2m_field_name(), field_.m2m_reverse_field_name()
        rows = [through(**{f"{source}_id": a, f"{target}_id": b}) for a, b in pairs]
        through.objects.bulk_create(rows, batch_size=BATCH)

    def build(self):
        funding = [
            FundingSource.objects.get_or_create(slug=slug, defaults={"name": name})[0]
            for name, slug in FUNDING
        ]
        for place in self.places:
            self._partnership(place, funding)
        return self.counts

    def _partnership(self, place, funding):
        partnership = self._save(
            Partnership,
            [
                Partnership(
                    name=f"{place} Community Safety Partnership (invented)",
                    short_name=f"{place} CSP",
                    slug=self._slug(place),
                    area=f"{place} (an invented district, for load testing)",
                )
            ],
        )[0]
        organisations = self._save(
            Organisation,
            [
                Organisation(
                    name=f"{place} {suffix} (invented)",
                    short_name=f"{place[:3].upper()} {suffix.split()[0]}",
                    slug=slugify(f"{place} {suffix} invented"),
                    kind=kind,
                    is_responsible_authority=responsible,
                )
                for suffix, kind, responsible in AGENCIES
            ],
        )
        officers = self._save(
            Officer,
            [
                Officer(
                    name=f"{self.random.choice(FIRST_NAMES)} {surname}",
                    slug=slugify(f"{place} {surname} invented"),
                    role="Invented officer",
                    organisation=organisations[number % len(organisations)],
                )
                for number, surname in enumerate(SURNAMES)
            ],
        )
        for year in self.years:
            self._plan(partnership, year, organisations, officers, funding)

    def _plan(self, partnership, year, organisations, officers, funding):
        start, end = datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)
        published = _aware(start - datetime.timedelta(days=10))
        latest = year == self.years[-1]
        label = f"{year}-{(year + 1) % 100:02d}"
        plan = self._save(
            Plan,
            [
                Plan(
                    partnership=partnership,
                    title=f"{partnership.short_name} Partnership Plan {label}",
                    slug=f"{partnership.slug}-{label}",
                    period_start=start,
                    period_end=end,
                    target_date=end,
                    target_label=f"March {year + 1}",
                    status=Plan.Status.PUBLISHED if latest else Plan.Status.ARCHIVED,
                    published_at=published,
                    archived_at=None if latest else _aware(end + datetime.timedelta(days=1)),
                )
            ],
            history_date=published,
        )[0]
        # bulk_create sends no post_save: the change count a saved plan gets (progress/kept.py).
        PlanChangeCount.objects.create(plan=plan)
        self._save(
            PlanSection,
            [
                PlanSection(
                    plan=plan,
                    order=order,
                    slug=slug,
                    title=title,
                    body=f"Invented text for load testing: the {title.lower()} of {plan.title}.",
                )
                for order, (slug, title) in enumerate(
                    [("foreword", "Foreword"), ("introduction", "Introduction")], start=1
                )
            ],
            history_date=published,
        )
        objectives = self._save(
            Objective,
            [
                Objective(plan=plan, number=number, title=title, summary=f"Invented: {title}.")
                for number, title in enumerate(OBJECTIVES, start=1)
            ],
            history_date=published,
        )
        self._priorities(plan, objectives, published)
        targets = self._targets(objectives, organisations, officers, funding, published)
        self._measures(plan, targets, published)
        actions = self._actions(plan, targets, organisations, officers, funding, published)
        self._engagement(plan, objectives, actions, published)

    def _priorities(self, plan, objectives, published):
        themes = self._save(
            PriorityTheme,
            [
                PriorityTheme(plan=plan, name=name, slug=slugify(name), order=order)
                for order, name in enumerate(THEMES, start=1)
            ],
            history_date=published,
        )
        priorities = self._save(
            Priority,
            [
                Priority(
                    plan=plan,
                    theme=themes[(order - 1) // 2],
                    name=f"Priority {order}: {OBJECTIVES[order - 1]}",
                    slug=f"priority-{order}",
                    order=order,
                    description="Invented priority for load testing.",
                )
                for order in range(1, 7)
            ],
            history_date=published,
        )
        pairs = [
            (priorities[index % len(priorities)].pk, objective.pk)
            for index, objective in enumerate(objectives)
        ]
        self._link(Priority._meta.get_field("objectives"), pairs)

    def _assign(self, row, organisations, officers, funding):
        """Choose who is responsible for a row, with the wording the delivery plan prints."""
        owners = self.random.sample(organisations, self.random.randint(1, 2))
        lead, fund = self.random.choice(officers), self.random.choice(funding)
        row.owner_wording = " / ".join(owner.name for owner in owners)
        row.lead_officer_wording = lead.name
        row.funding_wording = fund.name
        return owners, lead, fund

    def _link_responsibility(self, model, rows, chosen):
        owners, leads, funds = [], [], []
        for row, (row_owners, lead, fund) in zip(rows, chosen, strict=True):
            owners += [(row.pk, owner.pk) for owner in row_owners]
            leads.append((row.pk, lead.pk))
            funds.append((row.pk, fund.pk))
        self._link(model._meta.get_field("owners"), owners)
        self._link(model._meta.get_field("lead_officers"), leads)
        self._link(model._meta.get_field("funding_sources"), funds)

    def _targets(self, objectives, organisations, officers, funding, published):
        rows = [
            Target(
                objective=objective,
                order=order,
                wording=f"Invented target {objective.number}.{order}: "
                f"{self.random.choice(VERBS).lower()} {self.random.choice(THINGS)}",
                target_wording="A 5% reduction on the baseline (invented).",
            )
            for objective in objectives
            for order in range(1, self.random.randint(4, 6) + 1)
        ]
        chosen = [self._assign(row, organisations, officers, funding) for row in rows]
        targets = self._save(Target, rows, history_date=published)
        self._link_responsibility(Target, targets, chosen)
        return targets

    def _measures(self, plan, targets, published):
        rows = []
        year = plan.period_start.year
        baseline_period = f"{year - 1}-{year % 100:02d}"
        for target in targets:
            for order in (1, 2):
                baseline = Decimal(self.random.randint(40, 900))
                reduce = order == 1
                rows.append(
                    Measure(
                        target=target,
                        order=order,
                        name=f"Invented measure {order} of target {target.order}",
                        unit=Measure.Unit.COUNT if reduce else Measure.Unit.PERCENT,
                        direction=Measure.Direction.REDUCE
                        if reduce
                        else Measure.Direction.INCREASE,
                        baseline_state="known",
                        baseline_value=baseline if reduce else Decimal(self.random.randint(40, 80)),
                        baseline_period=baseline_period,
                        target_state="known",
                        target_value=(baseline * Decimal("0.95")).quantize(Decimal(1))
                        if reduce
                        else Decimal(85),
                    )
                )
        measures = self._save(Measure, rows, history_date=published)
        figures = []
        for measure in measures:
            for month, month_start in enumerate(_month_starts(plan.period_start)):
                month_end = (month_start + datetime.timedelta(days=32)).replace(
                    day=1
                ) - datetime.timedelta(days=1)
                approved = month < 11 or self.random.random() < 0.5
                value = measure.baseline_value * Decimal(self.random.uniform(0.85, 1.1))
                if measure.unit == Measure.Unit.COUNT:
                    value = (value / 12).quantize(Decimal(1))
                figures.append(
                    Measurement(
                        uid=self._uuid(),
                        measure=measure,
                        period_start=month_start,
                        period_end=month_end,
                        period_label=f"{month_start:%B %Y}",
                        value=value.quantize(Decimal("0.1")),
                        status=ApprovalStatus.APPROVED if approved else ApprovalStatus.SUBMITTED,
                        approved_at=_aware(month_end + datetime.timedelta(days=7))
                        if approved
                        else None,
                        source="Invented figures for load testing",
                    )
                )
        self._save(Measurement, figures, history_date=published)

    def _actions(self, plan, targets, organisations, officers, funding, published):
        statuses, weights = zip(*STATUS_WEIGHTS, strict=True)
        rows, latest = [], []
        for target in targets:
            for order in range(1, self.random.randint(6, 10) + 1):
                due = plan.period_start + datetime.timedelta(days=self.random.randint(60, 364))
                rows.append(
                    Action(
                        target=target,
                        order=order,
                        text=f"{self.random.choice(VERBS)} {self.random.choice(THINGS)} "
                        f"(invented action {target.objective.number}.{target.order}.{order})",
                        due_date=due,
                    )
                )
                latest.append(self.random.choices(statuses, weights)[0])
        for action, status in zip(rows, latest, strict=True):
            action.status = status  # the status of its latest approved update, as on load
        chosen = [self._assign(row, organisations, officers, funding) for row in rows]
        actions = self._save(Action, rows, history_date=published)
        self._link_responsibility(Action, actions, chosen)
        updates = []
        for action in actions:
            count = self.random.randint(1, 3)
            for number in range(count):
                day = plan.period_start + datetime.timedelta(days=91 * (number + 1) - 1)
                last = number == count - 1
                updates.append(
                    ActionUpdate(
                        uid=self._uuid(),
                        action=action,
                        date=day,
                        status=action.status if last else ActionStatus.ON_TRACK,
                        note=f"Invented progress note {number + 1} for load testing.",
                        author_name=f"{self.random.choice(FIRST_NAMES)} Sample",
                        approval=ApprovalStatus.APPROVED,
                        approved_at=_aware(day + datetime.timedelta(days=3)),
                    )
                )
        self._save(ActionUpdate, updates, history_date=published)
        return actions

    def _engagement(self, plan, objectives, actions, published):
        kinds = [kind for kind, _ in EngagementEvent.Kind.choices]
        self._save(
            EngagementEvent,
            [
                EngagementEvent(
                    plan=plan,
                    name=f"Invented event {number}",
                    slug=f"invented-event-{number}",
                    kind=kinds[number % len(kinds)],
                    date=plan.period_start + datetime.timedelta(days=45 * number),
                    location="An invented community centre",
                    action=self.random.choice(actions),
                )
                for number in range(1, 5)
            ],
            history_date=published,
        )
        consultation = self._save(
            Consultation,
            [
                Consultation(
                    plan=plan,
                    title=f"Have your say on {plan.title}",
                    slug="have-your-say",
                    description="An invented consultation for load testing.",
                    opens_at=published,
                    closes_at=_aware(plan.period_start + datetime.timedelta(days=60)),
                )
            ],
            history_date=published,
        )[0]
        moderation = [choice for choice, _ in Feedback.Moderation.choices]
        self._save(
            Feedback,
            [
                Feedback(
                    uid=self._uuid(),
                    plan=plan,
                    consultation=consultation,
                    objective=self.random.choice(objectives),
                    comment=self.random.choice(COMMENTS),
                    postcode_district="ZZ9",
                    moderation=moderation[number % len(moderation)],
                )
                for number in range(20)
            ],
            history_date=published,
        )


def generate_scale_data(*, partnerships, years, seed=1, first_year=2023):
    """Make the invented partnerships and their plans, in one transaction. Returns the Counts."""
    builder = _Builder(partnerships=partnerships, years=years, seed=seed, first_year=first_year)
    with transaction.atomic():
        counts = builder.build()
        # bulk_create sends no signals: tell every worker's page cache once, at the end.
        transaction.on_commit(bump_stamp)
    bump_stamp()
    return counts
