"""The database refuses data that would misstate the plan."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from cspplan.models import Organisation, Plan
from objectives.models import Measure
from tests import factories

pytestmark = pytest.mark.django_db


def refuses(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_a_tbc_target_cannot_be_stored_as_zero():
    refuses(
        lambda: factories.MeasureFactory(
            target_state=Measure.ValueState.TO_BE_CONFIRMED, target_value=Decimal("0")
        )
    )


def test_a_tbc_target_is_stored_without_a_value():
    measure = factories.MeasureFactory(
        target_state=Measure.ValueState.TO_BE_CONFIRMED, target_value=None
    )
    measure.refresh_from_db()
    assert measure.target_value is None
    assert measure.get_target_state_display() == "To be confirmed"


def test_a_known_target_needs_a_value():
    refuses(lambda: factories.MeasureFactory(target_state="known", target_value=None))


def test_a_baseline_to_be_established_cannot_have_a_value():
    refuses(
        lambda: factories.MeasureFactory(
            baseline_state=Measure.ValueState.TO_BE_ESTABLISHED, baseline_value=Decimal("12")
        )
    )


def test_a_known_baseline_needs_a_value():
    refuses(lambda: factories.MeasureFactory(baseline_state="known", baseline_value=None))


def test_objective_numbers_are_unique_within_a_plan():
    objective = factories.ObjectiveFactory(number=3)
    refuses(lambda: factories.ObjectiveFactory(plan=objective.plan, number=3))


def test_the_same_objective_number_may_appear_in_another_plan():
    factories.ObjectiveFactory(number=3)
    assert factories.ObjectiveFactory(number=3).number == 3


def test_objective_numbers_start_at_one():
    refuses(lambda: factories.ObjectiveFactory(number=0))


def test_a_plan_must_end_after_it_starts():
    refuses(
        lambda: factories.PlanFactory(
            period_start=datetime.date(2012, 3, 31), period_end=datetime.date(2011, 4, 1)
        )
    )


def test_a_plan_target_date_cannot_precede_its_start():
    refuses(lambda: factories.PlanFactory(target_date=datetime.date(2010, 1, 1)))


def test_a_published_plan_records_when_it_was_published():
    refuses(lambda: factories.PlanFactory(status=Plan.Status.PUBLISHED, published_at=None))


def test_publishing_a_plan_stamps_the_time_once():
    plan = factories.PlanFactory(draft=True)
    plan.publish()
    first = plan.published_at
    plan.save()
    plan.publish()
    assert plan.status == Plan.Status.PUBLISHED and plan.published_at == first


def test_rag_tolerance_is_a_percentage():
    refuses(lambda: factories.PlanFactory(rag_tolerance_percent=Decimal("150")))


def test_plan_slugs_are_unique():
    factories.PlanFactory(slug="west-lancashire-2011-12")
    refuses(lambda: factories.PlanFactory(slug="west-lancashire-2011-12"))


def test_section_order_and_slug_are_unique_within_a_plan():
    section = factories.PlanSectionFactory(order=1, slug="foreword")
    refuses(lambda: factories.PlanSectionFactory(plan=section.plan, order=1))
    refuses(lambda: factories.PlanSectionFactory(plan=section.plan, slug="foreword"))


def test_target_rows_and_actions_keep_a_unique_order():
    target = factories.TargetFactory(order=1)
    refuses(lambda: factories.TargetFactory(objective=target.objective, order=1))
    action = factories.ActionFactory(target=target, order=1)
    refuses(lambda: factories.ActionFactory(target=action.target, order=1))
    measure = factories.MeasureFactory(target=target, order=1)
    refuses(lambda: factories.MeasureFactory(target=measure.target, order=1))


def test_an_alias_means_one_organisation_whatever_its_case():
    factories.OrganisationAliasFactory(name="Lancs. Police")
    refuses(lambda: factories.OrganisationAliasFactory(name="LANCS. POLICE"))


def test_organisations_are_found_by_name_short_name_or_alias():
    police = factories.OrganisationFactory(name="Lancashire Constabulary", short_name="Police")
    factories.OrganisationAliasFactory(organisation=police, name="Lancs. Police")
    for spelling in ["lancashire constabulary", "POLICE", "lancs. police"]:
        assert list(Organisation.objects.matching(spelling)) == [police]


def test_priority_slugs_are_unique_within_a_plan():
    priority = factories.PriorityFactory(slug="drugs-misuse")
    refuses(lambda: factories.PriorityFactory(theme=priority.theme, slug="drugs-misuse"))


def test_a_measurement_period_cannot_end_before_it_starts():
    refuses(
        lambda: factories.MeasurementFactory(
            period_start=datetime.date(2011, 6, 30), period_end=datetime.date(2011, 4, 1)
        )
    )


def test_a_measurement_records_a_value_or_a_rating():
    refuses(lambda: factories.MeasurementFactory(value=None, rating=""))
    assert factories.MeasurementFactory(value=None, rating="green").rating == "green"


def test_one_measurement_per_measure_and_period():
    measurement = factories.MeasurementFactory()
    refuses(lambda: factories.MeasurementFactory(measure=measurement.measure))


def test_approved_progress_records_when_it_was_approved():
    refuses(lambda: factories.MeasurementFactory(status="approved", approved_at=None))
    refuses(lambda: factories.ActionUpdateFactory(approval="approved", approved_at=None))


def test_a_survey_percentage_lies_between_0_and_100():
    refuses(lambda: factories.SurveyResultFactory(value=Decimal("101")))


def test_feedback_asking_for_a_reply_needs_an_email_address():
    refuses(lambda: factories.FeedbackFactory(wants_reply=True, email=""))


def test_a_consultation_closes_after_it_opens():
    consultation = factories.ConsultationFactory()
    consultation.closes_at = consultation.opens_at - datetime.timedelta(days=1)
    refuses(consultation.save)


def test_every_model_has_a_readable_name():
    objects = [
        factories.PlanSectionFactory(),
        factories.OrganisationAliasFactory(),
        factories.OfficerFactory(name="Andrew Hill"),
        factories.FundingSourceFactory(name="Existing budgets"),
        factories.PriorityFactory(name="Drugs Misuse"),
        factories.ObjectiveFactory(number=1, title="Reduce Re-offending"),
        factories.MeasurementFactory(),
        factories.ActionUpdateFactory(),
        factories.SurveyResultFactory(),
        factories.EngagementEventFactory(),
        factories.ConsultationFactory(),
        factories.FeedbackFactory(),
    ]
    for obj in objects:
        assert str(obj).strip() and "object (" not in str(obj)
    assert str(objects[5]) == "Objective 1: Reduce Re-offending"


def test_overdue_actions_are_open_and_past_their_due_date():
    today = datetime.date(2011, 9, 1)
    late = factories.ActionFactory(due_date=datetime.date(2011, 7, 31))
    factories.ActionFactory(due_date=datetime.date(2011, 7, 31), status="completed")
    factories.ActionFactory(due_date=datetime.date(2011, 12, 31))
    factories.ActionFactory(due_date=None)
    from actions.models import Action

    assert list(Action.objects.overdue(today=today)) == [late]


def test_natural_keys_round_trip_for_plan_records():
    measure = factories.MeasureFactory()
    action = factories.ActionFactory(target=measure.target)
    from actions.models import Action

    assert Measure.objects.get_by_natural_key(*measure.natural_key()) == measure
    assert Action.objects.get_by_natural_key(*action.natural_key()) == action
