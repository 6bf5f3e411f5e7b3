"""How an objective is named on every surface: the plan's own word and numbering, as written.

A plan keeps its own word for its objectives (``Plan.objective_word``: Objective, Outcome, Aim,
Priority, Theme, Stage, or none) and whether it numbers them (``Plan.objectives_numbered``); an
imported objective keeps its label as the source wrote it (``Objective.label``: "Outcome 2",
"Priority A", "Stage"). Pages, files, feeds, e-mails, the API and board reports all ask
``objective_heading`` ("Outcome 2: Safer streets", "Stage: Writing the strategy", or just the
title) or ``objective_label`` ("Outcome 2", "Stage", or "") — never a number the source did not
have. ``Objective.number`` stays the objective's place in the web address.
"""

import re

from django.utils.translation import gettext

DEFAULT_WORD = "Objective"


def label_words(*, label: str, word: str, numbered: bool, number: int | None) -> str:
    """The label as written, else the plan's word and number, else its word alone, else ""."""
    if label:
        return label
    if numbered and number is not None:
        return f"{word or gettext('Objective')} {number}"
    return word


def heading_words(label: str, title: str) -> str:
    """ "Outcome 2: Safer streets"; a title that is its label ("Strand 3") is not repeated."""
    return f"{label}: {title}" if label and label != title else title


def objective_label(objective) -> str:
    """ "Objective 6" (the seed), "Outcome 2", "Priority A", "Stage", or "" (the title alone)."""
    if objective.label:  # as written: no need to read the plan
        return objective.label
    plan = objective.plan
    return label_words(
        label="",
        word=plan.objective_word,
        numbered=plan.objectives_numbered,
        number=objective.number,
    )


def objective_heading(objective) -> str:
    """ "Objective 6: Reduce Arson…", "Outcome 2: Safer streets", "Stage: Writing the
    strategy" or "Writing the strategy": the one way an objective is headed."""
    return heading_words(objective_label(objective), objective.title)


def objective_reference(objective) -> str:
    """A short reference before other words ("Outcome 2: <measure>"): its label, or its title
    when it has none."""
    return objective_label(objective) or objective.title


def objective_column(objective) -> int | str:
    """What a table's narrow "Objective" column holds: the number where the plan numbers its
    objectives and this one has no label of its own (the seed: 3); its label where the label
    names it ("Outcome 2", "Priority A"); else its title ("Stage" alone would name them all)."""
    if not objective.label and objective.plan.objectives_numbered:
        return objective.number
    label = objective_label(objective)
    return label if IDENTIFIES.search(label) else objective.title


# A label that tells one objective from another: it ends in a number or a letter of its own.
IDENTIFIES = re.compile(r"(\d+|\b[A-Za-z])\s*$")
