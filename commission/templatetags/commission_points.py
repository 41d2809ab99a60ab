"""Points as the commission's rules round them (п. 12–14), for the admin's templates."""

from django import template
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from commission.domain import DECISION_NOT_WINNER, DECISION_WINNER, Message, format_points

register = template.Library()


@register.filter
def points(value) -> str:
    return "—" if value is None else format_points(value)


# The domain's decisions are the protocol's Russian words; the page shows them translated.
DECISION_LABELS = {
    DECISION_WINNER: _("победитель"),
    DECISION_NOT_WINNER: _("не прошёл отбор"),
}


@register.filter
def decision_label(value) -> str:
    return str(DECISION_LABELS.get(value, value))


@register.filter
def localized(message) -> str:
    """A domain :class:`~commission.domain.Message` in the page's language; any other
    text as it is."""
    if isinstance(message, Message):
        text = gettext(message.text)
        return text % dict(message.values) if message.values else text
    return str(message)
