"""The commission's answers to the calls app's signals."""

from __future__ import annotations

from django.dispatch import receiver
from django.utils.translation import gettext as _

from calls.models import Call
from calls.signals import call_opening
from commission.models import Category


@receiver(call_opening, sender=Call, dispatch_uid="commission_methodology_required")
def require_methodology(sender, *, call: Call, **kwargs) -> str | None:
    """A call opens only with its scoring methodology (categories and threshold)."""
    if not Category.objects.filter(methodology__call=call).exists():
        return _(
            "У отбора нет методики оценки (категории и проходной балл): создайте её до "
            "открытия приёма заявок."
        )
    return None
