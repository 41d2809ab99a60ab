"""``{% case_document case version as document %}``: the data of
templates/applications/_version_document.html."""

from __future__ import annotations

from django import template

from applications.readable import case_document as build_case_document

register = template.Library()


@register.simple_tag
def case_document(case, version=None) -> dict:
    """The readable sections of a case (applications.readable.case_document)."""
    return build_case_document(case or {}, version)
