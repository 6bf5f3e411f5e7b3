"""The plan's own words in English and Welsh (cspplan/translated.py; django-modeltranslation
imports this module when the apps are ready)."""

from cspplan.models import Plan, PlanSection
from cspplan.translated import register

register(Plan, ["title"], plan_path="pk")
register(PlanSection, ["title", "body", "signatory_role"], plan_path="plan")
