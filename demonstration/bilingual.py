"""An invented bilingual partnership for the demonstration site (``manage.py
load_bilingual_demo``, run by ``make run``): a short plan in Welsh and English, with progress
and an event, so that the Welsh pages can be read beside the English ones.

NOT REAL: Cwm Dychmygol ("imagined valley") does not exist; every title says "invented" and the
foreword says the plan, its people and its figures are made up. Its Welsh is kept simple and is
listed for a Welsh speaker's review in docs/welsh.md ("Translated content"). The plan is
published through ``Plan.publish``, so it is refused, naming the gap, if any text lacks a
language: loading it also checks the demonstration is complete in both.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from actions.models import Action, ActionStatus, ActionUpdate, Milestone
from actions.services import bring_statuses_in_step
from consultation.models import EngagementEvent
from cspplan.models import Organisation, Partnership, Plan, PlanSection
from objectives.models import ApprovalStatus, Measure, Measurement, Objective, Target
from priorities.models import Priority, PriorityTheme

PARTNERSHIP_SLUG = "cwm-dychmygol-csp"
PLAN_SLUG = "cwm-dychmygol-2026-27"
SOURCE = "Invented demonstration data"


def _both(**texts):
    """``title=("English", "Cymraeg")`` → ``title_en="English", title_cy="Cymraeg"``."""
    columns = {}
    for name, (english, welsh) in texts.items():
        columns[f"{name}_en"], columns[f"{name}_cy"] = english, welsh
    return columns


@transaction.atomic
def load_bilingual_demo() -> Plan | None:
    """Create the invented bilingual partnership and its published plan; None (and nothing
    changed) when it is there already, so `make run` may run it on every start."""
    if Plan.objects.filter(slug=PLAN_SLUG).exists():
        return None
    partnership = Partnership.objects.create(
        slug=PARTNERSHIP_SLUG,
        **_both(
            name=(
                "Cwm Dychmygol Community Safety Partnership (invented)",
                "Partneriaeth Diogelwch Cymunedol Cwm Dychmygol (dychmygol)",
            ),
            short_name=("Cwm Dychmygol CSP", "PDC Cwm Dychmygol"),
        ),
        area="Cwm Dychmygol (an invented county borough)",
        languages=Partnership.WELSH_AND_ENGLISH,
    )
    police, _ = Organisation.objects.get_or_create(
        slug="cwm-dychmygol-police",
        defaults={"name": "Cwm Dychmygol Police (invented)", "kind": Organisation.Kind.POLICE},
    )
    plan = Plan.objects.create(
        partnership=partnership,
        slug=PLAN_SLUG,
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2027, 3, 31),
        target_date=datetime.date(2027, 3, 31),
        **_both(
            title=(
                "Partnership Plan 2026 to 2027 (invented)",
                "Cynllun y Bartneriaeth 2026 i 2027 (dychmygol)",
            ),
            target_label=("March 2027", "Mawrth 2027"),
            objective_word=("Objective", "Amcan"),
        ),
    )
    _sections(plan)
    first, second = _objectives(plan)
    _priorities(plan, first)
    _progress(first, second, police)
    _event(plan)
    plan.publish(when=timezone.now())
    plan.save()
    bring_statuses_in_step(actions=Action.objects.filter(target__objective__plan=plan))
    return plan


def _sections(plan):
    PlanSection.objects.create(
        plan=plan,
        order=1,
        slug="foreword",
        **_both(
            title=("Foreword", "Rhagair"),
            body=(
                "This plan is invented to show the partnership plan in Welsh and in English. "
                "The partnership, its people and its figures do not exist.\n\n"
                "Read it in either language: every page has a link to the same page in the "
                "other.",
                "Mae'r cynllun hwn wedi'i ddychmygu i ddangos cynllun y bartneriaeth yn Gymraeg "
                "ac yn Saesneg. Nid yw'r bartneriaeth, ei phobl na'i ffigurau yn bodoli.\n\n"
                "Darllenwch ef yn y naill iaith neu'r llall: mae gan bob tudalen ddolen i'r un "
                "dudalen yn yr iaith arall.",
            ),
            signatory_role=("Chair of the partnership (invented)", "Cadeirydd y bartneriaeth"),
        ),
        signatory_name="Alex Example",
    )
    PlanSection.objects.create(
        plan=plan,
        order=2,
        slug="vision",
        **_both(
            title=("Our vision", "Ein gweledigaeth"),
            body=(
                "A valley where everyone feels safe at home, in the street and online.",
                "Cwm lle mae pawb yn teimlo'n ddiogel gartref, ar y stryd ac ar-lein.",
            ),
        ),
    )


def _objectives(plan):
    first = Objective.objects.create(
        plan=plan,
        number=1,
        **_both(
            title=("Reduce anti-social behaviour", "Lleihau ymddygiad gwrthgymdeithasol"),
            summary=(
                "Fewer incidents in the town centre and in the parks.",
                "Llai o ddigwyddiadau yng nghanol y dref ac yn y parciau.",
            ),
        ),
    )
    second = Objective.objects.create(
        plan=plan,
        number=2,
        **_both(
            title=("Keep older people safe from scams", "Cadw pobl hŷn yn ddiogel rhag sgamiau"),
        ),
    )
    return first, second


def _priorities(plan, objective):
    theme = PriorityTheme.objects.create(
        plan=plan, slug="safer-communities", order=1, **_both(name=("Safer communities",
                                                                    "Cymunedau mwy diogel"))
    )  # fmt: skip
    priority = Priority.objects.create(
        plan=plan,
        theme=theme,
        slug="anti-social-behaviour",
        order=1,
        **_both(
            name=("Anti-social behaviour", "Ymddygiad gwrthgymdeithasol"),
            description=(
                "Residents told us that anti-social behaviour worries them most.",
                "Dywedodd trigolion wrthym mai ymddygiad gwrthgymdeithasol sy'n eu poeni fwyaf.",
            ),
        ),
    )
    priority.objectives.set([objective])


def _progress(first, second, police):
    target = Target.objects.create(
        objective=first,
        order=1,
        **_both(
            wording=(
                "Reduce reported anti-social behaviour by 10%\n\nBaseline: 400 incidents (2025/26)",
                "Lleihau ymddygiad gwrthgymdeithasol a adroddir 10%\n\nLlinell sylfaen: 400 o "
                "ddigwyddiadau (2025/26)",
            ),
            target_wording=("360 incidents", "360 o ddigwyddiadau"),
        ),
    )
    target.owners.set([police])
    measure = Measure.objects.create(
        target=target,
        order=1,
        unit=Measure.Unit.COUNT,
        direction=Measure.Direction.REDUCE,
        figures_period=Measure.FiguresPeriod.QUARTER,
        baseline_state=Measure.ValueState.KNOWN,
        baseline_value=Decimal("400"),
        baseline_period="2025/26",
        target_state=Measure.ValueState.KNOWN,
        target_value=Decimal("360"),
        **_both(
            name=(
                "Anti-social behaviour incidents reported",
                "Digwyddiadau ymddygiad gwrthgymdeithasol a adroddwyd",
            ),
            baseline_wording=("400 (2025/26)", "400 (2025/26)"),
            target_wording=("360", "360"),
        ),
    )
    Measurement.objects.create(
        measure=measure,
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2026, 6, 30),
        period_label="Q1 2026/27",
        value=Decimal("92"),
        source=SOURCE,
        status=ApprovalStatus.APPROVED,
        approved_at=timezone.now(),
    )
    youth = Action.objects.create(
        target=target,
        order=1,
        status=ActionStatus.NOT_REPORTED,
        **_both(
            text=(
                "Run monthly youth evenings in the community centre.",
                "Cynnal nosweithiau ieuenctid misol yn y ganolfan gymunedol.",
            ),
            due_wording=("Every month", "Bob mis"),
        ),
    )
    youth.owners.set([police])
    ActionUpdate.objects.create(
        action=youth,
        date=datetime.date(2026, 9, 30),
        status=ActionStatus.ON_TRACK,
        source=SOURCE,
        author_name="Invented officer",
        approval=ApprovalStatus.APPROVED,
        approved_at=timezone.now(),
        **_both(
            note=(
                "Six youth evenings held; about 25 young people came to each.",
                "Cynhaliwyd chwe noson ieuenctid; daeth tua 25 o bobl ifanc i bob un.",
            )
        ),
    )
    scams_target = Target.objects.create(
        objective=second,
        order=1,
        **_both(
            wording=(
                "Give scam awareness talks to 20 community groups",
                "Rhoi sgyrsiau am sgamiau i 20 o grwpiau cymunedol",
            ),
            target_wording=("20 groups", "20 o grwpiau"),
        ),
    )
    talks = Action.objects.create(
        target=scams_target,
        order=1,
        status=ActionStatus.NOT_REPORTED,
        **_both(
            text=(
                "Visit community groups with Trading Standards to talk about doorstep and "
                "telephone scams.",
                "Ymweld â grwpiau cymunedol gyda Safonau Masnach i siarad am sgamiau ar garreg "
                "y drws a dros y ffôn.",
            ),
        ),
    )
    Milestone.objects.create(
        action=talks,
        due_date=datetime.date(2026, 10, 31),
        **_both(title=("First ten talks given", "Y deg sgwrs gyntaf wedi'u rhoi")),
    )


def _event(plan):
    EngagementEvent.objects.create(
        plan=plan,
        slug="meet-your-local-team",
        kind=EngagementEvent.Kind.OTHER,
        date=datetime.date(2026, 7, 4),
        location="Cwm Dychmygol Library (invented)",
        published=True,
        demonstration=True,
        **_both(
            name=("Meet your local team (invented)", "Cwrdd â'ch tîm lleol (dychmygol)"),
            description=(
                "Residents meet their neighbourhood police team. Invented for the "
                "demonstration site.",
                "Trigolion yn cwrdd â'u tîm plismona bro. Wedi'i ddychmygu ar gyfer y safle "
                "arddangos.",
            ),
        ),
    )
