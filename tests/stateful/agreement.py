"""Whether readings of several surfaces tell one story (tests/stateful/surfaces.py).

Each surface is compared with a reference reading: the objective pages for a public plan (every
action and objective, with status and overdue) or the dashboard's objective drill-downs for a
draft. Every difference is a finding, worded so that a failing run says which surface showed
what: "action 58: delivery plan page says at_risk, objective page says at_risk (overdue)".
"""

from collections import Counter

from actions.models import Action


def _objective_of(plan):
    return dict(Action.objects.for_plan(plan).values_list("pk", "target__objective__number"))


def _same_state(state, reference):
    if state.status != reference.status:
        return False
    milestones = (state.milestones, reference.milestones)
    if None not in milestones and milestones[0] != milestones[1]:
        return False
    return state.overdue is None or reference.overdue is None or state.overdue == reference.overdue


def findings(plan, reference, readings) -> list[str]:
    """Every way ``readings`` disagree with ``reference`` (and with each other's counts)."""
    problems = []
    objective_of = _objective_of(plan)
    expected_ids = set(objective_of)
    for reading in [reference, *readings]:
        name = reading.surface
        if reading.lists_every_action and set(reading.actions) != expected_ids:
            missing = sorted(expected_ids - set(reading.actions))
            extra = sorted(set(reading.actions) - expected_ids)
            problems.append(f"{name}: lists actions missing {missing[:10]}, extra {extra[:10]}")
        if reading is reference:
            continue
        for pk, state in sorted(reading.actions.items()):
            if pk in reference.actions and not _same_state(state, reference.actions[pk]):
                problems.append(
                    f"action {pk}: {name} says {state}, {reference.surface} says "
                    f"{reference.actions[pk]}"
                )
        for number, colour in sorted(reading.objectives.items()):
            if reference.objectives.get(number, colour) != colour:
                problems.append(
                    f"objective {number}: {name} says {colour}, {reference.surface} says "
                    f"{reference.objectives[number]}"
                )
        for pk, day in sorted(reading.latest_update_day.items()):
            if pk in reference.latest_update_day and reference.latest_update_day[pk] != day:
                problems.append(
                    f"action {pk}: {name} dates its latest update {day}, "
                    f"{reference.surface} {reference.latest_update_day[pk]}"
                )
        problems += _count_findings(reading, reference, objective_of)
    return problems


def _count_findings(reading, reference, objective_of):
    problems = []
    name = reading.surface
    states = reference.actions
    expected = {
        # The one way the product counts actions: overdue once, as "Overdue"; then each status.
        "actions by status": Counter(state.counted_as for state in states.values()),
        "objectives by colour": Counter(reference.objectives.values()),
    }
    shown = {
        "actions by status": reading.action_counts,
        "objectives by colour": reading.objective_counts,
    }
    for what, counts in shown.items():
        if counts is not None and +counts != +expected[what]:
            problems.append(
                f"{name} counts {what} {_words(counts)}; {reference.surface} shows "
                f"{_words(expected[what])}"
            )
    if reading.overdue is not None:
        overdue = {pk for pk, state in states.items() if state.overdue}
        if reading.overdue != overdue:
            problems.append(
                f"{name} lists overdue actions {sorted(reading.overdue)}; {reference.surface} "
                f"shows {sorted(overdue)} overdue"
            )
    for number, (done, every) in sorted((reading.completed or {}).items()):
        mine = [pk for pk, objective in objective_of.items() if objective == number]
        completed = sum(1 for pk in mine if states.get(pk) and states[pk].status == "completed")
        if (done, every) != (completed, len(mine)):
            problems.append(
                f"{name}: objective {number} has {done} of {every} actions completed; "
                f"{reference.surface} shows {completed} of {len(mine)}"
            )
    return problems


def _words(counts):
    return ", ".join(f"{key} {n}" for key, n in sorted(counts.items(), key=str) if n)


def changes(before, after) -> list[str]:
    """How a surface read again differs from an earlier reading of the same view (a past day
    must read the same whatever happened since)."""
    problems = []
    for name in ("actions", "objectives", "latest_update_day"):
        then, now = getattr(before, name), getattr(after, name)
        for key in sorted(set(then) | set(now)):
            if then.get(key) != now.get(key):
                problems.append(
                    f"{name[:-1].replace('_', ' ')} {key}: {then.get(key)} → {now.get(key)}"
                )
    for name in (
        "action_counts",
        "objective_counts",
        "overdue",
        "completed",
    ):
        then, now = getattr(before, name), getattr(after, name)
        if then != now:
            problems.append(f"{name.replace('_', ' ')}: {then} → {now}")
    return problems
