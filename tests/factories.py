"""factory-boy factories for every model. Build the smallest valid object; tests say the rest."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from actions.models import Action, ActionStatus, ActionUpdate
from consultation.models import (
    Consultation,
    EngagementEvent,
    Feedback,
    Survey,
    SurveyResult,
)
from cspplan.models import (
    FundingSource,
    Officer,
    Organisation,
    OrganisationAlias,
    Partnership,
    Plan,
    PlanSection,
)
from objectives.models import Measure, Measurement, Objective, Target
from priorities.models import Priority, PriorityTheme
from reviews.models import Review


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Partnership {n}")
    short_name = factory.Sequence(lambda n: f"P{n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")
    # Its name in Welsh too (invented), so a bilingual partnership's plan may be published
    # (its name is read in both languages); an English partnership never shows it.
    name_cy = factory.Sequence(lambda n: f"Partneriaeth {n}")
    short_name_cy = factory.Sequence(lambda n: f"P{n}")


def running_plan(**kwargs):
    """A plan whose year includes today, for tests of what "now" means: a finished plan is
    judged as at its own last day (``Plan.reporting_day``), not today."""
    today = datetime.date.today()
    return PlanFactory(
        period_start=today - datetime.timedelta(days=180),
        period_end=today + datetime.timedelta(days=184),
        target_date=today + datetime.timedelta(days=184),
        **kwargs,
    )


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    partnership = factory.SubFactory(PartnershipFactory)
    title = "Partnership Plan 2011 to 2012"
    slug = factory.Sequence(lambda n: f"plan-{n}")
    period_start = datetime.date(2011, 4, 1)
    period_end = datetime.date(2012, 3, 31)
    target_date = datetime.date(2012, 3, 31)
    target_label = "March 2012"
    status = Plan.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status=Plan.Status.DRAFT, published_at=None)


class PlanSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanSection

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    slug = factory.Sequence(lambda n: f"section-{n}")
    title = factory.Sequence(lambda n: f"Section {n}")
    body = "A paragraph.\n\n- A bullet"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Agency {n}")
    slug = factory.Sequence(lambda n: f"agency-{n}")
    kind = Organisation.Kind.OTHER


class OrganisationAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationAlias

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Agency alias {n}")


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    name = factory.Sequence(lambda n: f"Officer {n}")
    slug = factory.Sequence(lambda n: f"officer-{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"officer{n}@agency.example.org")


class FundingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingSource

    name = factory.Sequence(lambda n: f"Fund {n}")
    slug = factory.Sequence(lambda n: f"fund-{n}")


class PriorityThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityTheme

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    order = factory.Sequence(lambda n: n + 1)


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    theme = factory.SubFactory(PriorityThemeFactory)
    plan = factory.SelfAttribute("theme.plan")
    name = factory.Sequence(lambda n: f"Priority {n}")
    slug = factory.Sequence(lambda n: f"priority-{n}")
    order = factory.Sequence(lambda n: n + 1)
    description = "Why this matters."


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Objective title {n}")


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    objective = factory.SubFactory(ObjectiveFactory)
    order = factory.Sequence(lambda n: n + 1)
    wording = "Reduce the number of incidents\n\nBaseline (TBC)"
    target_wording = "To be confirmed"


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    target = factory.SubFactory(TargetFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Measure {n}")
    unit = Measure.Unit.COUNT
    # Its figures are quarters, as MeasurementFactory's are (Q1 2011/12): a figure's period must
    # fit its measure's (objectives/periods.py).
    figures_period = Measure.FiguresPeriod.QUARTER
    direction = Measure.Direction.REDUCE
    baseline_state = Measure.ValueState.KNOWN
    baseline_value = Decimal("100")
    baseline_period = "2010/11"
    baseline_wording = "100 (2010/11)"
    target_state = Measure.ValueState.KNOWN
    target_value = Decimal("80")
    target_wording = "80"


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    measure = factory.SubFactory(MeasureFactory)
    period_start = datetime.date(2011, 4, 1)
    period_end = datetime.date(2011, 6, 30)
    period_label = "Q1 2011/12"
    value = Decimal("95")
    source = "Test data"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    target = factory.SubFactory(TargetFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Deliver activity {n}")
    status = ActionStatus.ON_TRACK

    @factory.post_generation
    def owners(self, create, extracted, **kwargs):
        if create and extracted:
            self.owners.set(extracted)

    @factory.post_generation
    def lead_officers(self, create, extracted, **kwargs):
        if create and extracted:
            self.lead_officers.set(extracted)


class ActionUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionUpdate

    action = factory.SubFactory(ActionFactory)
    date = datetime.date(2011, 6, 30)
    status = ActionStatus.ON_TRACK
    note = "Progressing as planned."


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    partnership = factory.SubFactory(PartnershipFactory)
    name = "Citizens Survey"
    slug = factory.Sequence(lambda n: f"survey-{n}")
    year = 2010


class SurveyResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResult

    survey = factory.SubFactory(SurveyFactory)
    order = factory.Sequence(lambda n: n + 1)
    statement = "West Lancashire is a safe and secure place to live"
    value = Decimal("75")


class EngagementEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EngagementEvent

    plan = factory.SubFactory(PlanFactory)
    name = "Face the People"
    slug = factory.Sequence(lambda n: f"event-{n}")


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    plan = factory.SubFactory(PlanFactory)
    title = "Have your say"
    slug = factory.Sequence(lambda n: f"consultation-{n}")
    description = "Tell us what you think of the plan."
    published = True


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    plan = factory.SubFactory(PlanFactory)
    comment = "More patrols near the station, please."
    name = "A Resident"
    email = "resident@example.org"


class ReviewFactory(factory.django.DjangoModelFactory):
    """An invented review, held and sent to the Home Office, not yet published."""

    class Meta:
        model = Review

    partnership = factory.SubFactory(PartnershipFactory)
    kind = Review.Kind.DOMESTIC
    reference = factory.Sequence(lambda n: f"DHR 2011/{n + 1:02d}")
    notified_on = datetime.date(2011, 4, 2)
    decision = Review.Decision.HOLD
    decided_on = datetime.date(2011, 4, 20)
    commissioned_on = datetime.date(2011, 5, 1)
    independent_chair = "Independent chair, former probation officer"
    submitted_to_home_office_on = datetime.date(2011, 10, 1)
    overview_report_url = "https://council.example.org/review.pdf"
