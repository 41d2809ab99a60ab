from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from analytics.metrics import DEFAULT_METRIC, METRICS
from calls.models import Call, CallStatus
from reference.models import PriorityDirection
from reference.uploads import UploadRefused, check_upload_size


class RegionFilterForm(forms.Form):
    """The regional view's filters, read from the query string; wrong values fall back
    to the defaults (the newest decided call, every direction and code)."""

    call = forms.ModelMultipleChoiceField(
        label=_("Отборы"), queryset=Call.objects.order_by("-year", "-session"), required=False
    )
    direction = forms.ModelChoiceField(
        label=_("Приоритетное направление"),
        queryset=PriorityDirection.objects.all(),
        required=False,
        empty_label=_("Все направления"),
    )
    okved = forms.CharField(
        label=_("ОКВЭД2"),
        required=False,
        max_length=8,
        help_text=_("Раздел (C), класс (29) или код (29.10)"),
    )
    metric = forms.ChoiceField(
        label=_("Цвет карты"), choices=[(m.key, m.label) for m in METRICS], required=False
    )

    def selection(self) -> tuple[tuple[int, ...], str, str, str]:
        """(call ids, direction code, OKVED, metric) — the defaults where the input is wrong."""
        data = self.cleaned_data if self.is_valid() else {}
        calls = tuple(call.pk for call in data.get("call") or ())
        if not calls:
            default = (
                Call.objects.filter(status__in=(CallStatus.DECIDED, CallStatus.ARCHIVED))
                .order_by("-year", "-session")
                .first()
                or Call.objects.order_by("-year", "-session").first()
            )
            calls = (default.pk,) if default else ()
        direction = data.get("direction")
        return (
            calls,
            direction.pk if direction else "",
            (data.get("okved") or "").strip(),
            data.get("metric") or DEFAULT_METRIC,
        )


class ClusterImportForm(forms.Form):
    file = forms.FileField(label=_("Книга Excel с кластерами (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload_size(upload.size)
        except UploadRefused as error:
            raise forms.ValidationError(str(error)) from error
        return upload


class EmploymentImportForm(ClusterImportForm):
    title = forms.CharField(
        label=_("Наименование таблицы"),
        max_length=300,
        initial=_("Среднегодовая численность занятых по видам экономической деятельности"),
    )
    year = forms.IntegerField(label=_("Год"), min_value=2000, max_value=2100)
