"""``{% risk_analysis result as analysis %}``: the data of templates/scoring/_analysis.html."""

from __future__ import annotations

from django import template

from scoring.analysis import risk_analysis as build_risk_analysis

register = template.Library()


@register.simple_tag
def risk_analysis(result) -> dict:
    """The risk-analysis block of a stored result (scoring.analysis.risk_analysis)."""
    return build_risk_analysis(result)
