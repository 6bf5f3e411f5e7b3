"""The small-number rule (progress/disclosure.py): primary and secondary suppression of a
sensitive measure's figures, and what the public RAG shows."""

import dataclasses
import datetime
import itertools
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from progress import disclosure, rag
from progress.assessment import RagStatus
from progress.disclosure import PRIMARY, SECONDARY, Cell, Policy, suppressed_cells

FIVE = Policy(threshold=5)
QUARTERS = [
    (datetime.date(2011, 4, 1), datetime.date(2011, 6, 30)),
    (datetime.date(2011, 7, 1), datetime.date(2011, 9, 30)),
    (datetime.date(2011, 10, 1), datetime.date(2011, 12, 31)),
    (datetime.date(2012, 1, 1), datetime.date(2012, 3, 31)),
]
YEAR = (datetime.date(2011, 4, 1), datetime.date(2012, 3, 31))


def _cells(quarter_values, total=None):
    cells = [Cell(f"Q{i + 1}", *QUARTERS[i], v) for i, v in enumerate(quarter_values)]
    if total is not None:
        cells.append(Cell("year", *YEAR, total))
    return cells


def test_counts_from_one_to_four_are_suppressed_and_zero_and_five_are_not():
    hidden = suppressed_cells(_cells([0, 1, 4, 5]), FIVE)
    assert hidden == {"Q2": PRIMARY, "Q3": PRIMARY}


def test_a_total_that_would_reveal_a_suppressed_quarter_is_withheld_too():
    hidden = suppressed_cells(_cells([3, 12, 7, 9], total=31), FIVE)
    assert hidden == {"Q1": PRIMARY, "year": SECONDARY}


def test_nothing_is_withheld_when_no_count_is_small():
    assert suppressed_cells(_cells([6, 12, 7, 9], total=34), FIVE) == {}


def test_the_threshold_is_the_plans():
    assert suppressed_cells(_cells([6, 12]), Policy(threshold=10)) == {"Q1": PRIMARY}
    assert suppressed_cells(_cells([3, 12]), Policy(threshold=1)) == {}


def test_a_small_annual_figure_beside_months_that_add_up_to_it_is_not_derivable():
    """Twelve months shown and the year suppressed: the months would give the year away, so the
    audit withholds one of them (each month here is 0 but one, which is itself suppressed)."""
    months = [
        Cell(f"m{i}", datetime.date(2011, 4 + i, 1), datetime.date(2011, 4 + i, 28), 0)
        for i in range(3)
    ]
    months[1] = Cell("m1", months[1].start, months[1].end, 3)
    year = Cell("all", months[0].start, months[-1].end, 3)
    hidden = suppressed_cells([*months, year], FIVE)
    assert hidden == {"m1": PRIMARY, "all": SECONDARY}


def test_a_small_total_over_small_parts_says_withheld_so_the_parts_stay_unknown():
    """Two months of 1 and their total 2 (threshold 3): "fewer than 3" three times would say
    each month was exactly 1."""
    months = [Cell(f"m{i}", MONTH_STARTS[i], MONTH_ENDS[i], 1) for i in range(2)]
    both = Cell("both", MONTH_STARTS[0], MONTH_ENDS[1], 2)
    hidden = suppressed_cells([*months, both], Policy(threshold=3))
    assert hidden == {"m0": PRIMARY, "m1": PRIMARY, "both": SECONDARY}


def test_a_total_holding_a_small_figure_that_starts_or_ends_with_it_is_withheld():
    """Rule (1) for a period sharing its first or last day with the small one: the year holding
    a small first (or last) quarter is withheld, even with no other quarter shown."""
    first = suppressed_cells([Cell("Q1", *QUARTERS[0], 3), Cell("year", *YEAR, 20)], FIVE)
    last = suppressed_cells([Cell("Q4", *QUARTERS[3], 3), Cell("year", *YEAR, 20)], FIVE)
    assert first == {"Q1": PRIMARY, "year": SECONDARY}
    assert last == {"Q4": PRIMARY, "year": SECONDARY}


def test_periods_sharing_a_single_day_overlap():
    """A figure for the last day of a month lies inside the month: the month's total is
    withheld with it."""
    month = Cell("April", datetime.date(2011, 4, 1), datetime.date(2011, 4, 30), 12)
    last_day = Cell("30 April", datetime.date(2011, 4, 30), datetime.date(2011, 4, 30), 3)
    assert suppressed_cells([month, last_day], FIVE) == {"30 April": PRIMARY, "April": SECONDARY}


def test_the_audit_withholds_the_figure_overlapping_the_small_one_most_then_the_later():
    """29–30 April is 3: 1–29 April less 1–28 April gives the 29th, 30 April–31 May less May
    gives the 30th. Each of the two shares one day with it, so the later one is withheld."""
    day = datetime.date
    small = Cell("29-30 Apr", day(2011, 4, 29), day(2011, 4, 30), 3)
    cells = [
        small,
        Cell("1-28 Apr", day(2011, 4, 1), day(2011, 4, 28), 7),
        Cell("1-29 Apr", day(2011, 4, 1), day(2011, 4, 29), 10),
        Cell("30 Apr-31 May", day(2011, 4, 30), day(2011, 5, 31), 10),
        Cell("May", day(2011, 5, 1), day(2011, 5, 31), 8),
    ]
    assert suppressed_cells(cells, FIVE) == {"29-30 Apr": PRIMARY, "30 Apr-31 May": SECONDARY}


def test_the_audit_answers_the_same_whatever_order_the_figures_come_in():
    """April is 3 and is worked out from 1 March–20 April, March and 21–30 April. Two figures
    overlap April equally and end on the same day: the tie is broken by the figures, never by
    their order, so the answer is the same both ways round."""
    day = datetime.date
    cells = [
        Cell("April", day(2011, 4, 1), day(2011, 4, 30), 3),
        Cell("1 Mar-20 Apr", day(2011, 3, 1), day(2011, 4, 20), 20),
        Cell("15 Mar-20 Apr", day(2011, 3, 15), day(2011, 4, 20), 15),
        Cell("21-30 Apr", day(2011, 4, 21), day(2011, 4, 30), 6),
        Cell("March", day(2011, 3, 1), day(2011, 3, 31), 9),
    ]
    expected = {"April": PRIMARY, "15 Mar-20 Apr": SECONDARY, "1 Mar-20 Apr": SECONDARY}
    assert suppressed_cells(cells, FIVE) == expected
    assert suppressed_cells(cells[::-1], FIVE) == expected


def test_a_figure_given_twice_does_not_end_the_audit():
    """As above, with 1–29 April given twice: the copy adds nothing the first did not say, and
    the figures after it are still weighed."""
    day = datetime.date
    cells = [
        Cell("29-30 Apr", day(2011, 4, 29), day(2011, 4, 30), 3),
        Cell("1-28 Apr", day(2011, 4, 1), day(2011, 4, 28), 7),
        Cell("1-29 Apr", day(2011, 4, 1), day(2011, 4, 29), 10),
        Cell("1-29 Apr again", day(2011, 4, 1), day(2011, 4, 29), 10),
        Cell("30 Apr-31 May", day(2011, 4, 30), day(2011, 5, 31), 10),
        Cell("May", day(2011, 5, 1), day(2011, 5, 31), 8),
    ]
    assert suppressed_cells(cells, FIVE) == {"29-30 Apr": PRIMARY, "30 Apr-31 May": SECONDARY}


def test_the_audit_withholds_the_figure_overlapping_the_small_one_most():
    """April is 3: 1–10 April plus 11 April–31 May less May gives it away. 11 April–31 May
    overlaps April most (20 days), so it is the one withheld, not 1–10 April."""
    day = datetime.date
    cells = [
        Cell("April", day(2011, 4, 1), day(2011, 4, 30), 3),
        Cell("1-10 Apr", day(2011, 4, 1), day(2011, 4, 10), 6),
        Cell("11 Apr-31 May", day(2011, 4, 11), day(2011, 5, 31), 20),
        Cell("May", day(2011, 5, 1), day(2011, 5, 31), 8),
    ]
    assert suppressed_cells(cells, FIVE) == {"April": PRIMARY, "11 Apr-31 May": SECONDARY}


# --- The property: no suppressed figure can be worked out --------------------------------------

# Up to three months (atoms) and figures over any run of consecutive months among them.
MONTH_STARTS = [datetime.date(2011, 4, 1), datetime.date(2011, 5, 1), datetime.date(2011, 6, 1)]
MONTH_ENDS = [datetime.date(2011, 4, 30), datetime.date(2011, 5, 31), datetime.date(2011, 6, 30)]
CAP = 16  # the largest count the brute-force reader tries for a month


@st.composite
def layouts(draw):
    months = draw(st.integers(min_value=1, max_value=3))
    counts = draw(st.lists(st.integers(0, 8), min_size=months, max_size=months))
    runs = [(i, j) for i in range(months) for j in range(i, months)]
    chosen = draw(st.lists(st.sampled_from(runs), min_size=1, max_size=len(runs), unique=True))
    threshold = draw(st.sampled_from([3, 5]))
    return counts, chosen, threshold


def _feasible(months, figures, hidden, policy):
    """Every month-by-month count a reader could believe, knowing the shown figures exactly
    and that each "fewer than N" figure is 1 … N−1 ("withheld" figures say nothing)."""
    for guess in itertools.product(range(CAP + 1), repeat=months):
        ok = True
        for (i, j), value in figures.items():
            total = sum(guess[i : j + 1])
            kind = hidden.get((i, j))
            if (kind is None and total != value) or (
                kind == PRIMARY and not policy.is_small(total)
            ):
                ok = False
                break
        if ok:
            yield guess


@settings(max_examples=400, deadline=None)
@given(layouts())
@example(([1, 1], [(0, 0), (0, 1), (1, 1)], 3))
@example(([1, 5], [(0, 0), (0, 1), (1, 1)], 5))
@example(([0, 3, 5], [(0, 0), (0, 1), (1, 2), (2, 2)], 5))  # no total holds the 3: the audit
def test_no_suppressed_figure_can_be_worked_out_from_the_shown_ones(layout):
    counts, runs, threshold = layout
    policy = Policy(threshold=threshold)
    figures = {(i, j): sum(counts[i : j + 1]) for i, j in runs}
    cells = [Cell((i, j), MONTH_STARTS[i], MONTH_ENDS[j], v) for (i, j), v in figures.items()]
    hidden = suppressed_cells(cells, policy)
    # Every small figure is withheld, and only small figures say "fewer than N".
    small = {k for k, v in figures.items() if policy.is_small(v)}
    assert small <= set(hidden)
    assert {k for k, kind in hidden.items() if kind == PRIMARY} <= small
    possible = {key: set() for key in small}
    for guess in _feasible(len(counts), figures, hidden, policy):
        for i, j in possible:
            possible[(i, j)].add(sum(guess[i : j + 1]))
    for key, values in possible.items():
        assert len(values) >= 2, f"{key} = {figures[key]} can be worked out: {layout}"


# --- Measurements and the public RAG -----------------------------------------------------------


def _measure(db_plan=None, **kwargs):
    from tests.factories import MeasureFactory

    return MeasureFactory(sensitive=True, **kwargs)


def test_suppress_for_public_gives_copies_with_the_words_and_leaves_the_records_alone(db):
    from tests.factories import MeasurementFactory

    measure = _measure()
    small = MeasurementFactory(measure=measure, value=Decimal("3"))
    public = disclosure.suppress_for_public(measure, [small])
    assert public[0].value is None and public[0].withheld == "fewer than 5"
    small.refresh_from_db()
    assert small.value == Decimal("3")


def test_a_measure_not_marked_sensitive_is_shown_as_it_is(db):
    from tests.factories import MeasureFactory, MeasurementFactory

    measure = MeasureFactory()
    small = MeasurementFactory(measure=measure, value=Decimal("3"))
    assert disclosure.suppress_for_public(measure, [small]) == [small]


def test_a_percentage_is_never_suppressed(db):
    from tests.factories import MeasurementFactory

    measure = _measure(unit="percent")
    small = MeasurementFactory(measure=measure, value=Decimal("3"))
    assert disclosure.suppress_for_public(measure, [small])[0].value == Decimal("3")


def test_the_public_colour_stays_when_it_says_nothing_about_the_small_count(db):
    """Reduce from 100 to 80: any count from 1 to 4 is far below the trajectory: green."""
    from tests.factories import MeasurementFactory

    measure = _measure()
    MeasurementFactory(measure=measure, value=Decimal("3"), status="approved",
                       approved_at=datetime.datetime(2011, 7, 2, tzinfo=datetime.UTC))  # fmt: skip
    staff = rag.assess_plan(measure.plan)
    public = disclosure.public_plan_assessment(staff)
    seen = public.for_measure(measure)
    assert staff.for_measure(measure).status == seen.status == RagStatus.GREEN
    assert "3" not in seen.explanation and seen.latest.value is None
    assert "3" in staff.for_measure(measure).explanation


def test_the_public_colour_is_withheld_when_it_would_give_the_count_away(db):
    """Maintain 2: a count of 3 is 50% off (red), a count of 2 would be green."""
    from tests.factories import MeasurementFactory

    measure = _measure(direction="maintain", target_value=Decimal("2"), target_wording="2")
    MeasurementFactory(measure=measure, value=Decimal("3"), status="approved",
                       approved_at=datetime.datetime(2011, 7, 2, tzinfo=datetime.UTC))  # fmt: skip
    public = disclosure.public_plan_assessment(rag.assess_plan(measure.plan))
    assert public.for_measure(measure).status == RagStatus.WITHHELD
    objective = measure.target.objective
    assert public.for_objective(objective).status == RagStatus.NOT_MEASURED


def test_the_public_colour_is_withheld_when_only_a_count_of_one_would_change_it(db):
    """Maintain 1: a count of 1 is green, every count from 2 to 4 red; a red would tell a
    resident the count is not 1, so the colour is withheld (the search starts at 1)."""
    from tests.factories import MeasurementFactory

    measure = _measure(direction="maintain", target_value=Decimal("1"), target_wording="1")
    MeasurementFactory(measure=measure, value=Decimal("3"), status="approved",
                       approved_at=datetime.datetime(2011, 7, 2, tzinfo=datetime.UTC))  # fmt: skip
    staff = rag.assess_plan(measure.plan)
    assert staff.for_measure(measure).status == RagStatus.RED
    public = disclosure.public_plan_assessment(staff)
    assert public.for_measure(measure).status == RagStatus.WITHHELD
    # How far off it is would give the count away too.
    assert staff.for_measure(measure).worse_by_percent == 200
    assert public.for_measure(measure).worse_by_percent is None


def test_the_colour_search_weighs_the_latest_small_figure_against_the_earlier_ones(db):
    """Downward trend, 2 then 3: the earlier quarter decides the colour (1 or 2 green, 3 or 4
    red), so the red would say the count rose: withheld."""
    from tests.factories import MeasurementFactory

    measure = _measure(direction="downward_trend")
    approved = {
        "status": "approved",
        "approved_at": datetime.datetime(2011, 10, 2, tzinfo=datetime.UTC),
    }
    MeasurementFactory(measure=measure, value=Decimal("2"), **approved)
    second = {"period_start": QUARTERS[1][0], "period_end": QUARTERS[1][1]}
    MeasurementFactory(measure=measure, value=Decimal("3"), period_label="Q2", **second, **approved)
    staff = rag.assess_plan(measure.plan)
    assert staff.for_measure(measure).status == RagStatus.RED
    public = disclosure.public_plan_assessment(staff)
    assert public.for_measure(measure).status == RagStatus.WITHHELD


def test_a_colour_only_a_count_of_zero_would_change_gives_nothing_away(db):
    """Maintain 0: every count from 1 to 4 is red, only 0 green; 0 is published as it is, so
    the red of a small count says nothing about which count it is and stays."""
    from tests.factories import MeasurementFactory

    measure = _measure(direction="maintain", target_value=Decimal("0"), target_wording="0")
    MeasurementFactory(measure=measure, value=Decimal("3"), status="approved",
                       approved_at=datetime.datetime(2011, 7, 2, tzinfo=datetime.UTC))  # fmt: skip
    public = disclosure.public_plan_assessment(rag.assess_plan(measure.plan))
    assert public.for_measure(measure).status == RagStatus.RED


def test_the_public_assessment_withholds_by_the_policy_it_is_given(db):
    from tests.factories import MeasurementFactory

    measure = _measure()
    seven = MeasurementFactory(measure=measure, value=Decimal("7"))
    staff = rag.assess_measure(measure, [seven], plan=measure.plan)
    public = disclosure.public_measure_assessment(measure, staff, policy=Policy(threshold=10))
    assert public.latest.withheld == public.measurements[0].withheld == "fewer than 10"
    assert "“fewer than 10”" in public.explanation


def test_a_latest_reading_not_among_the_figures_is_withheld_on_its_own(db):
    """A year-to-date reading is worked out, not stored: it is judged by itself."""
    from tests.factories import MeasurementFactory

    measure = _measure()
    quarter = MeasurementFactory(measure=measure, value=Decimal("3"))
    reading = MeasurementFactory(measure=measure, value=Decimal("7"), period_end=YEAR[1])
    staff = dataclasses.replace(
        rag.assess_measure(measure, [quarter], plan=measure.plan), latest=reading
    )
    public = disclosure.public_measure_assessment(measure, staff, policy=Policy(threshold=10))
    assert public.latest.withheld == "fewer than 10" and public.latest.value is None


def test_a_latest_figure_withheld_for_a_small_one_beside_it_stays_withheld(db):
    """The year's total holds a small quarter: the public assessment's latest figure is the
    year "withheld", as on every other surface, not the year's total."""
    from tests.factories import MeasurementFactory

    measure = _measure()
    quarter = MeasurementFactory(measure=measure, value=Decimal("3"))
    year = MeasurementFactory(measure=measure, value=Decimal("20"), period_end=YEAR[1],
                              period_label="2011/12")  # fmt: skip
    staff = dataclasses.replace(
        rag.assess_measure(measure, [quarter], plan=measure.plan),
        measurements=(quarter, year),
        latest=year,
    )
    public = disclosure.public_measure_assessment(measure, staff, policy=FIVE)
    assert public.latest.value is None and public.latest.withheld == "withheld"


def test_a_measure_not_marked_sensitive_keeps_its_assessment_in_public(db):
    from tests.factories import MeasureFactory, MeasurementFactory

    measure = MeasureFactory()
    three = MeasurementFactory(measure=measure, value=Decimal("3"))
    staff = rag.assess_measure(measure, [three], plan=measure.plan)
    assert disclosure.public_measure_assessment(measure, staff, policy=FIVE) is staff
    assert disclosure.shown_value(three) == ""


def test_each_objective_is_rolled_up_again_from_its_own_measures_and_actions(db):
    """A sensitive measure whose colour gives nothing away in one objective, an action alone
    in another: the public roll-up of each says what staff see."""
    from tests.factories import ActionFactory, MeasurementFactory, ObjectiveFactory, TargetFactory

    measure = _measure()
    MeasurementFactory(measure=measure, value=Decimal("3"), status="approved",
                       approved_at=datetime.datetime(2011, 7, 2, tzinfo=datetime.UTC))  # fmt: skip
    other = ObjectiveFactory(plan=measure.plan)
    ActionFactory(target=TargetFactory(objective=other))
    staff = rag.assess_plan(measure.plan)
    public = disclosure.public_plan_assessment(staff)
    for objective in (measure.target.objective, other):
        seen, told = public.for_objective(objective), staff.for_objective(objective)
        assert (seen.status, seen.explanation) == (told.status, told.explanation)


def test_the_public_assessment_keeps_the_plans_trajectory(db):
    """The trajectory is the plan's line from baseline to target, not a figure: it is kept."""
    from tests.factories import MeasurementFactory

    measure = _measure(baseline_value=Decimal("10"), target_value=Decimal("2"))
    three = MeasurementFactory(measure=measure, value=Decimal("3"))
    staff = rag.assess_measure(measure, [three], plan=measure.plan)
    public = disclosure.public_measure_assessment(measure, staff, policy=FIVE)
    assert staff.trajectory is not None and public.trajectory == staff.trajectory
