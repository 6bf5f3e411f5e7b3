"""Surveys: the Citizens Survey 2010 stays the baseline of Objective 11's measures; a later wave's
results become measurements of those measures, submitted for approval like any other figure."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from consultation.models import Survey, SurveyResult
from consultation.services import record_survey_readings
from cspplan.models import Organisation, Plan
from objectives.models import ApprovalStatus, Measure, Measurement
from tests import factories
from tests.personas import officer_of, plan_manager_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed():
    call_command("loaddata", "west_lancashire_2011_12", verbosity=0)
    return Plan.objects.get(slug="west-lancashire-2011-12")


def _wave(plan, *, year=2011, fieldwork_end=datetime.date(2011, 12, 16)):
    """An invented second wave of the Citizens Survey, one result per Objective 11 measure."""
    survey = Survey.objects.create(
        partnership=plan.partnership,
        name="Citizens Survey",
        slug=f"citizens-survey-{year}",
        year=year,
        conducted_by=Organisation.objects.get(slug="west-lancashire-borough-council"),
        fieldwork_start=datetime.date(year, 10, 1),
        fieldwork_end=fieldwork_end,
    )
    baselines = SurveyResult.objects.filter(survey__slug="citizens-survey-2010").order_by("order")
    for order, (baseline, value) in enumerate(zip(baselines, ("77", "64"), strict=True), 1):
        SurveyResult.objects.create(
            survey=survey,
            order=order,
            statement=baseline.statement,
            value=Decimal(value),
            measure=baseline.measure,
        )
    return survey


def test_the_2010_results_are_the_baselines_and_never_become_measurements(seed):
    survey = Survey.objects.get(slug="citizens-survey-2010")
    manager = plan_manager_of(seed.partnership)

    assert all(result.is_baseline for result in survey.results.all())
    assert record_survey_readings(survey=survey, by=manager) == []
    assert not Measurement.objects.exists()


def test_a_later_waves_results_become_submitted_measurements_of_the_objective_11_measures(seed):
    survey = _wave(seed)
    manager = plan_manager_of(seed.partnership)

    recorded = record_survey_readings(survey=survey, by=manager)

    assert [(m.measure.target.objective.number, m.value) for m in recorded] == [
        (11, Decimal("77")),
        (11, Decimal("64")),
    ]
    assert {m.status for m in recorded} == {ApprovalStatus.SUBMITTED}
    assert {(m.period_start, m.period_end) for m in recorded} == {
        (datetime.date(2011, 10, 1), datetime.date(2011, 12, 16))
    }
    assert {m.source for m in recorded} == {"Citizens Survey 2011"}
    assert [r.measurement for r in survey.results.order_by("order")] == recorded


def test_recording_again_changes_nothing_until_a_value_is_corrected(seed):
    survey = _wave(seed)
    manager = plan_manager_of(seed.partnership)
    first = record_survey_readings(survey=survey, by=manager)
    Measurement.objects.filter(pk=first[0].pk).update(
        status=ApprovalStatus.APPROVED, approved_at=timezone.now()
    )

    assert record_survey_readings(survey=survey, by=manager) == []
    result = survey.results.get(order=1)
    result.value = Decimal("78")
    result.save()
    again = record_survey_readings(survey=survey, by=manager)

    assert [(m.pk, m.value, m.status) for m in again] == [
        (first[0].pk, Decimal("78"), ApprovalStatus.SUBMITTED)
    ]
    assert Measurement.objects.count() == 2


def test_an_officer_of_the_conducting_council_records_a_wave(seed):
    council = Organisation.objects.get(slug="west-lancashire-borough-council")
    officer = officer_of(council, username="council-officer")
    survey = _wave(seed)

    assert Survey.objects.editable_by(officer).filter(pk=survey.pk).exists()
    assert len(record_survey_readings(survey=survey, by=officer)) == 2


def test_an_officer_of_another_agency_neither_edits_the_survey_nor_records_its_results(seed):
    fire = Organisation.objects.get(slug="lancashire-fire-and-rescue-service")
    officer = officer_of(fire, username="fire-officer")
    survey = _wave(seed)

    assert not Survey.objects.editable_by(officer).exists()
    with pytest.raises(ValidationError) as refused:
        record_survey_readings(survey=survey, by=officer)
    assert "Result 1" in str(refused.value)
    assert not Measurement.objects.exists()


def test_a_wave_after_the_plan_ended_is_refused_naming_the_result_and_nothing_is_written(seed):
    survey = _wave(seed, year=2012, fieldwork_end=datetime.date(2012, 12, 1))

    with pytest.raises(ValidationError) as refused:
        record_survey_readings(survey=survey, by=plan_manager_of(seed.partnership))

    assert "Result 1 (" in " ".join(refused.value.messages)
    assert "plan's last day" in " ".join(refused.value.messages)
    assert not Measurement.objects.exists()
    assert not SurveyResult.objects.filter(measurement__isnull=False).exists()


def test_fieldwork_that_ends_before_it_starts_is_refused():
    survey = factories.SurveyFactory.build(
        partnership=factories.PartnershipFactory(),
        fieldwork_start=datetime.date(2011, 10, 1),
        fieldwork_end=datetime.date(2011, 9, 1),
    )
    with pytest.raises(ValidationError) as refused:
        survey.full_clean()
    assert "fieldwork_end" in refused.value.message_dict


def test_a_manager_adds_a_wave_in_the_admin_and_its_results_go_for_approval(client, seed):
    manager = plan_manager_of(seed.partnership)
    client.force_login(manager)
    measures = list(Measure.objects.filter(target__objective__number=11).order_by("order")[:2])
    data = {
        "partnership": seed.partnership.pk,
        "name": "Citizens Survey",
        "slug": "citizens-survey-2011",
        "year": "2011",
        "conducted_by": Organisation.objects.get(slug="west-lancashire-borough-council").pk,
        "fieldwork_start": "2011-10-01",
        "fieldwork_end": "2011-12-16",
        "results-TOTAL_FORMS": "2",
        "results-INITIAL_FORMS": "0",
        "results-MIN_NUM_FORMS": "0",
        "results-MAX_NUM_FORMS": "1000",
    }
    for index, (measure, value) in enumerate(zip(measures, ("77", "64"), strict=True)):
        data |= {
            f"results-{index}-order": str(index + 1),
            f"results-{index}-statement": "Invented statement",
            f"results-{index}-value": value,
            f"results-{index}-unit": "percent",
            f"results-{index}-measure": str(measure.pk),
        }

    response = client.post(reverse("admin:consultation_survey_add"), data, follow=True)

    assert response.status_code == 200
    assert "2 results recorded as measurements" in response.content.decode()
    assert sorted(Measurement.objects.values_list("value", "status")) == [
        (Decimal("64"), ApprovalStatus.SUBMITTED),
        (Decimal("77"), ApprovalStatus.SUBMITTED),
    ]


def test_an_officer_adds_a_wave_only_for_a_partnership_their_agency_works_in_conducted_by_it(
    client, seed
):
    council = Organisation.objects.get(slug="west-lancashire-borough-council")
    officer = officer_of(council, username="council-officer")
    other = factories.PartnershipFactory(name="Invented Other CSP")
    client.force_login(officer)

    form = client.get(reverse("admin:consultation_survey_add")).context["adminform"].form

    assert list(form.fields["partnership"].queryset) == [seed.partnership]
    assert list(form.fields["conducted_by"].queryset) == [council]
    assert other not in form.fields["partnership"].queryset
