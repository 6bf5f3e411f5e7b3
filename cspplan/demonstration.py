"""The flag on records invented for the demonstration site (events, consultations, "you said,
we did", reviews): one definition for every model that carries it, in the core app so that every
domain app may use it."""

from django.db import models


def demonstration_flag():
    """Set by ``load_seed_plan --demo`` (``demonstration/engagement.py``,
    ``demonstration/statutory.py``) and never in a form."""
    return models.BooleanField(
        default=False,
        editable=False,
        help_text="Invented for the demonstration site (``load_seed_plan --demo``): shown "
        "like any other, but never counted as the partnership's own work (the statutory "
        "duties leave it out).",
    )
