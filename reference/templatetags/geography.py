"""``{% project_geography app %}``: the application's cluster membership and how much its
industry is concentrated in its region (reference.geography), for the application's
pages at any layer (the portal's detail, the commission's project page)."""

from __future__ import annotations

from django import template

from reference.geography import CONCENTRATION_THRESHOLD
from reference.geography import project_geography as geography_of

register = template.Library()


@register.inclusion_tag("reference/_project_geography.html")
def project_geography(app, heading_level: int = 2) -> dict:
    organisation = getattr(app, "organisation", None)
    geography = geography_of(
        inn=getattr(organisation, "inn", "") or "",
        okved=getattr(app, "okved", "") or "",
        region_code=getattr(app, "region_id", None),
    )
    return {
        "geo": geography,
        "app": app,
        "threshold": CONCENTRATION_THRESHOLD,
        "heading": f"h{heading_level}",
    }
