"""Two officers record the first figure of one measure for one period at the same moment, on two
real PostgreSQL connections: both are kept (the second corrects the first, whose figure stays in
the history), and neither gets an error page. Before the fix the second hit the unique period
constraint: a 500 and its figure lost."""

import datetime
import threading
from decimal import Decimal

from django.db import connections

from objectives.models import Measurement
from objectives.services import record_measurement
from tests import factories
from tests.personas import officer_of
from tests.reliability.test_races import WAIT, pytestmark, wait_until, waiting_for_a_lock

__all__ = ["pytestmark"]
Q1 = (datetime.date(2011, 4, 1), datetime.date(2011, 6, 30))


def test_two_first_figures_for_one_period_are_both_kept(monkeypatch):
    police = factories.OrganisationFactory(name="Invented Constabulary")
    measure = factories.MeasureFactory(name="Invented incidents")
    measure.target.owners.set([police])
    first = officer_of(police, username="first", name="Alex First")
    second = officer_of(police, username="second", name="Sam Second")

    saved, release = threading.Event(), threading.Event()
    real_save = Measurement.save

    def save_then_hold(self, *args, **kwargs):
        real_save(self, *args, **kwargs)
        if not saved.is_set():
            saved.set()
            release.wait(WAIT)

    monkeypatch.setattr(Measurement, "save", save_then_hold)
    errors = []

    def record(by, value):
        try:
            record_measurement(
                measure=measure, by=by, period_start=Q1[0], period_end=Q1[1], value=value
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    one = threading.Thread(target=record, args=(first, Decimal(10)), daemon=True)
    two = threading.Thread(target=record, args=(second, Decimal(12)), daemon=True)
    one.start()
    assert saved.wait(WAIT)
    two.start()
    wait_until(lambda: waiting_for_a_lock() >= 1, "the second officer to wait")
    release.set()
    one.join(WAIT)
    two.join(WAIT)

    assert not errors, errors
    measurement = Measurement.objects.get(measure=measure)
    assert (measurement.value, measurement.recorded_by) == (Decimal(12), second)
    assert sorted(measurement.history.values_list("value", flat=True)) == [10, 12]
