from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from api.models import Scope
from api.tokens import MAX_LIFETIME_DAYS

LIFETIME_CHOICES = [
    (30, _("30 дней")),
    (90, _("90 дней")),
    (180, _("180 дней")),
    (MAX_LIFETIME_DAYS, _("1 год")),
]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Название"), max_length=100, help_text=_("Например: «Учётная система»."))
    scopes = forms.MultipleChoiceField(label=_("Права"), widget=forms.CheckboxSelectMultiple, choices=())
    days = forms.TypedChoiceField(label=_("Срок действия"), choices=LIFETIME_CHOICES, coerce=int, initial=90)

    def __init__(self, *args, allowed: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Scope.choices)
        self.fields["scopes"].choices = [(scope, labels[scope]) for scope in allowed]
