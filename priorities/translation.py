"""Priorities' words in English and Welsh (cspplan/translated.py)."""

from cspplan.translated import register
from priorities.models import Priority, PriorityTheme

register(PriorityTheme, ["name"], plan_path="plan")
register(Priority, ["name", "description"], plan_path="plan")
