"""/my-actions/ draws each shape of blank form once, whatever the number of actions (issue 24):
an officer leading 88 county actions waited 828 ms for 278 crispy-forms drawings, three per
action. The page must still carry, for every item, exactly the form drawn for it alone."""

import datetime
from unittest import mock

import pytest
from crispy_forms.templatetags.crispy_forms_tags import CrispyFormNode
from crispy_forms.utils import render_crispy_form

from actions.forms import ActionProgressForm, MeasurementForm, MilestoneDoneForm, MilestoneForm
from actions.models import Action, ActionStatus, Milestone
from cspplan.models import Partnership
from objectives import periods
from objectives.models import Measure
from tests import factories
from tests.actions.test_my_actions import URL, build
from tests.personas import officer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def police():
    return factories.OrganisationFactory(name="Police")


def with_milestones(actions):
    for action in actions:
        Milestone.objects.create(
            action=action, title="Invented open step", due_date=datetime.date(2011, 9, 30)
        )
        Milestone.objects.create(
            action=action,
            title="Invented done step",
            due_date=datetime.date(2011, 6, 30),
            done_on=datetime.date(2011, 6, 1),
        )


def crispy_drawings(client):
    """How many times crispy-forms drew a form for one request of the page."""
    with mock.patch.object(CrispyFormNode, "render", autospec=True,
                           side_effect=CrispyFormNode.render) as drawn:  # fmt: skip
        assert client.get(URL).status_code == 200
    return drawn.call_count


def drawn(form):
    """The form as crispy-forms draws it alone (the page leaves out the blank lines around)."""
    return render_crispy_form(form).strip()


def test_each_shape_of_blank_form_is_drawn_once_whatever_the_number_of_actions(client, police):
    plan = factories.PlanFactory()
    actions, _measure = build(police, actions=1, plan=plan)
    with_milestones(actions)
    client.force_login(officer_of(police))
    small = crispy_drawings(client)
    for _ in range(5):
        more, _measure = build(police, actions=3, plan=plan)
        with_milestones(more)
    assert crispy_drawings(client) == small


@pytest.mark.parametrize("languages", [Partnership.ENGLISH, Partnership.WELSH_AND_ENGLISH])
def test_every_items_form_is_the_one_drawn_for_it_alone(client, police, languages):
    plan = factories.PlanFactory(partnership__languages=languages)
    actions, quarterly = build(police, actions=3, plan=plan)
    with_milestones(actions)
    # Different statuses and versions: the shape is shared, each action's own values are not.
    statuses = [ActionStatus.NOT_REPORTED, ActionStatus.AT_RISK, ActionStatus.COMPLETED]
    for version, (action, status) in enumerate(zip(actions, statuses, strict=True), start=2):
        Action.objects.filter(pk=action.pk).update(status=status, version=version)
    year_to_date = factories.MeasureFactory(
        target=quarterly.target, name="Invented total",
        figures_period=Measure.FiguresPeriod.YEAR_TO_DATE,
    )  # fmt: skip
    client.force_login(officer_of(police))
    page = client.get(URL).content.decode()

    bilingual = plan.partnership.is_bilingual
    for action in actions:
        action.refresh_from_db()
        alone = ActionProgressForm(
            prefix=f"action-{action.pk}",
            initial={"status": action.status, "version": action.version},
            bilingual=bilingual,
        )
        assert drawn(alone) in page
        assert drawn(MilestoneForm(prefix=f"milestone-{action.pk}", bilingual=bilingual)) in page
        for milestone in action.milestones.filter(done_on=None):
            done = MilestoneDoneForm(
                prefix=f"done-{milestone.pk}", initial={"done_on": datetime.date.today()}
            )
            assert drawn(done) in page
        assert f'name="done-{action.milestones.get(done_on__isnull=False).pk}-' not in page
    for measure in (quarterly, year_to_date):
        start, end = periods.default_period(measure, plan, plan.reporting_day())
        alone = MeasurementForm(
            prefix=f"measure-{measure.pk}",
            measure=measure,
            initial={"period_start": start, "period_end": end},
        )
        assert drawn(alone) in page
