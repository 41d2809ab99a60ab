from django import forms
from django.utils.translation import gettext_lazy as _

DECISIONS = [("admit", _("Допустить")), ("reject", _("Отклонить"))]


class ScreeningForm(forms.Form):
    """The secretary's decision on one application: nothing preselected, reasons required
    for a rejection (screen_application refuses it too; here the error lands on the field)."""

    decision = forms.ChoiceField(
        label=_("Решение"),
        choices=[("", _("— выберите —")), *DECISIONS],
        error_messages={"required": _("Выберите решение: допустить или отклонить.")},
    )
    reasons = forms.CharField(label=_("Основания"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("reasons", "").strip():
            self.add_error("reasons", _("Укажите основания отклонения заявки."))
        return cleaned


def current_decision(status: str) -> str:
    """The decision an application's status already records («» before screening)."""
    return {"admitted": "admit", "rejected": "reject"}.get(status, "")
