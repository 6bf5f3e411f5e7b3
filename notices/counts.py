"""How many people follow a plan, an objective or an action: THE one count staff see (the
dashboard and its objective drill-down); never who they are.

A person is counted for a record when their digest tells of it: an action's followers are
those who follow it, its objective or its whole plan; an objective's, those who follow it or
the plan; a plan's, those who follow the whole plan. Confirmed follows only (an unconfirmed
request is nobody yet), and each person once (by address, or by account for staff), however
many of these they follow.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from notices.models import Follow


@dataclass
class Audience:
    """The people following a plan and its parts, read in one query."""

    whole_plan: set = field(default_factory=set)
    by_objective: dict = field(default_factory=lambda: defaultdict(set))
    by_action: dict = field(default_factory=lambda: defaultdict(set))

    def of_plan(self) -> int:
        return len(self.whole_plan)

    def of_objective(self, objective) -> int:
        return len(self.whole_plan | self.by_objective[objective.pk])

    def of_action(self, action) -> int:
        objective_id = action.target.objective_id
        return len(self.whole_plan | self.by_objective[objective_id] | self.by_action[action.pk])


def audience(plan) -> Audience:
    found = Audience()
    rows = (
        Follow.objects.confirmed()
        .filter(plan=plan)
        .values_list("email", "user_id", "objective_id", "action_id")
    )
    for email, user_id, objective_id, action_id in rows:
        person = ("user", user_id) if user_id else ("email", email.lower())
        if action_id:
            found.by_action[action_id].add(person)
        elif objective_id:
            found.by_objective[objective_id].add(person)
        else:
            found.whole_plan.add(person)
    return found
