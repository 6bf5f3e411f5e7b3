"""Template helpers for progress: charts for a measure from its assessment.

{% load progress %}
{% measure_chart measure assessment as chart %}   {# Chart or None #}
{% measure_sparkline measure assessment as spark %}
{% chart_table measure assessment as rows %}
"""

from django import template

from dashboard import charts
from objectives.figures import fmt

register = template.Library()


@register.simple_tag
def measure_chart(measure, assessment):
    return charts.measure_chart(measure, assessment, plan=assessment.plan)


@register.simple_tag
def measure_sparkline(measure, assessment):
    return charts.sparkline(measure, assessment)


@register.simple_tag
def chart_table(measure, assessment):
    return charts.chart_rows(measure, assessment, plan=assessment.plan)


@register.filter
def figure(value, unit=None):
    """A figure as people write it: ``{{ assessment.baseline|figure:measure.unit }}``."""
    return fmt(value, unit)
