from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from applications.models import SERIES_FIELDS, Application, DocumentKind
from engine.schema import PROJECT_FIELDS
from reference.formatting import format_input_number, format_number
from reference.limits import MAX_UPLOAD_MB
from reference.okved import normalise_okved, validate_okved
from reference.validators import parse_decimal_ru


class RuDecimalField(forms.DecimalField):
    """Accepts 1 234 567,89 with spaces, thin spaces, commas or dots; refuses NaN/∞."""

    def to_python(self, value):  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_decimal_ru(value)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from error


class RuNumberInput(forms.TextInput):
    """Shows 52000 and 0,125 rather than 52000.00 and 0.12500."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            return format_input_number(value)
        return super().format_value(value)


class RuDateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value


def _money_widgets(fields: list[str]) -> dict:
    return {name: RuNumberInput(attrs={"inputmode": "decimal", "class": "text-end"}) for name in fields}


class StepForm(forms.ModelForm):
    formfield_callback = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.DecimalField) and not isinstance(field, RuDecimalField):
                new = RuDecimalField(
                    label=field.label,
                    required=field.required,
                    help_text=field.help_text,
                    min_value=Decimal("0"),
                    widget=RuNumberInput(attrs={"inputmode": "decimal", "class": "text-end"}),
                )
                self.fields[name] = new
            if isinstance(field, forms.DateField):
                field.widget = RuDateInput()
            if type(field.widget) is forms.Select:
                # The options inline: Django's template includes two templates per option,
                # and the project step's regions and directions are over a hundred.
                # (Under applications/templates: the form renderer reads apps' folders only.)
                field.widget.template_name = "applications/widgets/select.html"


class ProjectForm(StepForm):
    class Meta:
        model = Application
        fields = [
            "title",
            "description",
            "priority_direction",
            "okved",
            "region",
            "commissioning_date",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, call=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if call is not None:
            self.fields["priority_direction"].queryset = call.priority_directions.all()
        self.fields["okved"].help_text = _("Раздел C «Обрабатывающие производства»: 10–33, например 29.32")
        code = normalise_okved(self.instance.okved if self.instance else "")
        if code:
            check = validate_okved(code)
            if check.error is None:
                # The classifier's name beside the saved code (or its deepest grouping held).
                named = "" if check.named_code == code else f"{check.named_code}: "
                self.fields["okved"].help_text = f"{named}{check.name}. {self.fields['okved'].help_text}"

    def clean_okved(self) -> str:
        """An existing OKVED2 code (ОК 029-2014), or empty while the draft is in progress."""
        code = normalise_okved(self.cleaned_data.get("okved"))
        if code:
            check = validate_okved(code)
            if check.error:
                raise forms.ValidationError(check.error, code="invalid_okved")
        return code


#: The cost items (``project.capex.*``) whose sum is the project's total cost.
CAPEX_FIELDS = [field.model_field for field in PROJECT_FIELDS if field.key.startswith("capex.")]


class CostsForm(StepForm):
    class Meta:
        model = Application
        fields = ["total_cost", *CAPEX_FIELDS]

    def clean(self):
        data = super().clean()
        parts = [data.get(name) for name in CAPEX_FIELDS]
        total = data.get("total_cost")
        if total is not None and all(p is not None for p in parts):
            if abs(sum(parts) - total) > Decimal("0.5"):
                self.add_error(
                    "total_cost",
                    _("Сумма статей (%(sum)s руб.) не равна полной стоимости проекта.")
                    % {"sum": format_number(sum(parts))},
                )
        return data


class JobsLoanForm(StepForm):
    class Meta:
        model = Application
        fields = [
            "jobs_created",
            "jobs_high_productivity",
            "avg_monthly_wage",
            "loan_russian_bank",
            "loan_bank_name",
            "loan_date",
            "loan_amount",
            "loan_rate",
            "loan_repayment_from_year",
            "loan_term_years",
        ]
        help_texts = {"loan_rate": _("Доля: 0,125 означает 12,5 % годовых")}

    def clean(self):
        data = super().clean()
        jobs, hp = data.get("jobs_created"), data.get("jobs_high_productivity")
        if jobs is not None and hp is not None and hp > jobs:
            self.add_error(
                "jobs_high_productivity",
                _("Высокопроизводительных мест не может быть больше всех мест."),
            )
        return data


class CapitalForm(StepForm):
    class Meta:
        model = Application
        fields = [
            "equity",
            "debt",
            "cost_of_debt",
            "beta_unlevered",
            "beta_source",
            "fcff_method",
            "terminal_mode",
            "terminal_years",
            "terminal_base_years",
            "budget_terminal_mode",
            "budget_terminal_years",
        ]
        help_texts = {"cost_of_debt": _("Доля: 0,125 означает 12,5 %")}

    def clean_equity(self):
        value = self.cleaned_data.get("equity")
        if value is not None and value <= 0:
            raise forms.ValidationError(_("Собственный капитал должен быть больше нуля."))
        return value


STEP_FORMS = {
    "project": ProjectForm,
    "costs": CostsForm,
    "jobs": JobsLoanForm,
    "capital": CapitalForm,
}


def parse_model_table(post, years: list[int]) -> tuple[dict[int, dict[str, Decimal]], dict]:
    """The financial model table (inputs named ``<field>-<year>``); errors keyed the same."""
    values: dict[int, dict[str, Decimal]] = {year: {} for year in years}
    errors: dict[str, str] = {}
    for year in years:
        for name in SERIES_FIELDS:
            key = f"{name}-{year}"
            raw = post.get(key, "")
            if str(raw).strip() == "":
                values[year][name] = Decimal("0")
                continue
            try:
                values[year][name] = parse_decimal_ru(raw)
            except ValueError as error:
                errors[key] = str(error)
    return values, errors


class ModelImportForm(forms.Form):
    workbook = forms.FileField(label=_("Заполненный шаблон финансовой модели (XLSX)"))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид документа"), choices=DocumentKind.choices)
    file = forms.FileField(label=format_lazy(_("Файл (до {mb} МБ)"), mb=MAX_UPLOAD_MB))
