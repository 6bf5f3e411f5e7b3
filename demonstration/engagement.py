"""Invented engagement records for the demonstration site (``load_seed_plan --demo``): two
events, an open and a closed consultation, and a "you said, we did" entry, so that `make run`
shows the events, consultations and "you said, we did" pages with something on them.

NOT REAL: each record is flagged ``demonstration`` (so the statutory duties never count it),
every title starts "Demonstration:" for readers, and every text says it is invented. Written in
code rather than as a fixture because the upcoming event and the open consultation are dated
from today, so they stay upcoming and open whenever the site is started. The seed plan's own
records (its survey, events and figures) are never changed.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from consultation.models import (
    Consultation,
    ConsultationAnswer,
    ConsultationQuestion,
    ConsultationResponse,
    EngagementEvent,
    EventPartner,
    YouSaidWeDid,
)
from cspplan.models import Organisation, Plan

DEMO = "Demonstration: "
INVENTED = "(Invented for the demonstration site – not a real event or result.)"


@transaction.atomic
def load_demo_engagement(plan: Plan) -> None:
    if plan.you_said_we_did.filter(demonstration=True).exists():
        return  # loaded already
    today = timezone.localdate()
    police = Organisation.objects.get(slug="lancashire-constabulary")
    council = Organisation.objects.get(slug="west-lancashire-borough-council")
    fire = Organisation.objects.get(slug="lancashire-fire-and-rescue-service")

    past = EngagementEvent.objects.create(
        plan=plan,
        name=f"{DEMO}Face the People, Ormskirk",
        slug="demo-face-the-people-ormskirk",
        kind=EngagementEvent.Kind.FACE_THE_PEOPLE,
        date=datetime.date(2011, 11, 15),
        start_time=datetime.time(18, 30),
        end_time=datetime.time(20, 0),
        location="Example Community Centre, Ormskirk",
        description=f"Residents question the partnership's senior officers. {INVENTED}",
        attendance=42,
        raised="Speeding traffic near the primary school; litter and drinking in the park "
        f"after dark. {INVENTED}",
        outcome="Speed checks near the school in term time; a park walkabout with the "
        f"neighbourhood team. {INVENTED}",
        published=True,
        demonstration=True,
    )
    EventPartner.objects.create(
        event=past, organisation=police, senior=True, represented_by="District Commander"
    )
    EventPartner.objects.create(
        event=past, organisation=council, senior=True, represented_by="Head of Community Services"
    )
    EventPartner.objects.create(event=past, organisation=fire, represented_by="Watch Manager")
    upcoming = EngagementEvent.objects.create(
        plan=plan,
        name=f"{DEMO}Community Beat event, Skelmersdale",
        slug="demo-community-beat-skelmersdale",
        kind=EngagementEvent.Kind.COMMUNITY_BEAT,
        date=today + datetime.timedelta(days=21),
        start_time=datetime.time(10, 0),
        end_time=datetime.time(13, 0),
        location="Example Shopping Centre, Skelmersdale",
        description=f"Meet your neighbourhood team and the fire service. {INVENTED}",
        published=True,
        demonstration=True,
    )
    EventPartner.objects.create(event=upcoming, organisation=police)
    EventPartner.objects.create(event=upcoming, organisation=fire)

    now = timezone.now()
    objective_11 = plan.objectives.get(number=11)
    open_one = Consultation.objects.create(
        plan=plan,
        title=f"{DEMO}Feeling safe after dark",
        slug="demo-feeling-safe-after-dark",
        description=f"Tell us where and when you feel unsafe. {INVENTED}",
        opens_at=now - datetime.timedelta(days=7),
        closes_at=now + datetime.timedelta(days=30),
        published=True,
        demonstration=True,
    )
    open_one.objectives.set([objective_11])
    _questions(open_one)
    closed = Consultation.objects.create(
        plan=plan,
        title=f"{DEMO}What should the partnership focus on?",
        slug="demo-what-should-we-focus-on",
        description=f"Which of the plan's priorities matters most to you. {INVENTED}",
        opens_at=timezone.make_aware(datetime.datetime(2011, 10, 1, 9, 0)),
        closes_at=timezone.make_aware(datetime.datetime(2011, 12, 31, 17, 0)),
        published=True,
        demonstration=True,
    )
    closed.objectives.set([objective_11])
    scale, choice, words = _questions(closed)
    for point, option in [
        (4, "Anti-social behaviour"),
        (5, "Drugs and alcohol"),
        (3, "Anti-social behaviour"),
    ]:
        response = ConsultationResponse.objects.create(consultation=closed)
        ConsultationAnswer.objects.bulk_create(
            [
                ConsultationAnswer(response=response, question=scale, scale=point),
                ConsultationAnswer(response=response, question=choice, choice=option),
                ConsultationAnswer(
                    response=response, question=words, text=f"Invented answer. {INVENTED}"
                ),
            ]
        )

    entry = YouSaidWeDid.objects.create(
        plan=plan,
        title=f"{DEMO}Speeding near the school",
        slug="demo-speeding-near-the-school",
        you_said=f"Traffic speeds past the primary school at home time. {INVENTED}",
        we_did=f"The neighbourhood team ran speed checks each week of term. {INVENTED}",
        reported_on=datetime.date(2012, 1, 20),
        published=True,
        demonstration=True,
    )
    entry.events.set([past])
    entry.consultations.set([closed])
    entry.objectives.set([objective_11])


def _questions(consultation):
    return [
        ConsultationQuestion.objects.create(
            consultation=consultation,
            order=1,
            kind=ConsultationQuestion.Kind.SCALE,
            text="I feel safe in my area after dark.",
        ),
        ConsultationQuestion.objects.create(
            consultation=consultation,
            order=2,
            kind=ConsultationQuestion.Kind.SINGLE_CHOICE,
            text="Which problem matters most where you live?",
            options="Anti-social behaviour\nDrugs and alcohol\nBurglary\nRoad safety",
        ),
        ConsultationQuestion.objects.create(
            consultation=consultation,
            order=3,
            kind=ConsultationQuestion.Kind.FREE_TEXT,
            text="What would make you feel safer?",
        ),
    ]
