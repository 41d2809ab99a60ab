"""Points as the commission's rules round them (п. 12–14), for the admin's templates."""

from django import template

from commission.domain import format_points

register = template.Library()


@register.filter
def points(value) -> str:
    return "—" if value is None else format_points(value)
