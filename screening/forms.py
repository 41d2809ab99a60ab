from django import forms
from django.utils.translation import gettext_lazy as _


class ScreeningForm(forms.Form):
    decision = forms.ChoiceField(choices=[("admit", _("Допустить")), ("reject", _("Отклонить"))])
    reasons = forms.CharField(label=_("Основания"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
