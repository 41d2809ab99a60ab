from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from applications.models import SERIES_FIELDS, Application, DocumentKind
from engine.schema import NON_NEGATIVE_SERIES, PROJECT_FIELDS
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


#: Rates the applicant types, in percent on the page (the XLSX's «Проект» sheet too) and
#: stored as fractions, as the case carries them (SPEC: ``loan.rate``, ``cost_of_debt``).
PERCENT_FIELDS = ("loan_rate", "cost_of_debt")
#: Outside these bounds a rate is probably mistyped (a fraction for percent, or 1 100 %):
#: a warning next to the field, never a refusal.
PLAUSIBLE_RATE_PERCENT = (Decimal("1"), Decimal("50"))
_RATE_PLACES = Decimal("0.00001")  # the model fields' five decimal places


class RuPercentField(RuDecimalField):
    """A rate typed in percent («12,5» or «12,5 %»), cleaned to a fraction (0.125);
    0–100 %. A ``Decimal`` (the stored value) is already a fraction."""

    def to_python(self, value):  # type: ignore[override]
        if isinstance(value, Decimal) or value in self.empty_values:
            return super().to_python(value)
        text = str(value).strip().removesuffix("%").strip()
        percent = super().to_python(text)
        if percent is None:
            return None
        if not Decimal("0") <= percent <= Decimal("100"):
            raise forms.ValidationError(
                _("Ставка указывается в процентах, от 0 до 100: например, 12,5."), code="range"
            )
        return (percent / 100).quantize(_RATE_PLACES, rounding=ROUND_HALF_UP)


class RuPercentInput(forms.TextInput):
    """Shows the stored fraction 0.125 as «12,5» (percent); typed text as typed."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            return format_input_number((value * 100).normalize())
        return super().format_value(value)


def rate_warning(fraction: Decimal | None) -> str | None:
    """A non-blocking Russian warning for an implausible rate (a fraction), or None."""
    if fraction is None or fraction == 0:
        return None
    low, high = PLAUSIBLE_RATE_PERCENT
    percent = fraction * 100
    if low <= percent <= high:
        return None
    return _(
        "Ставка %(rate)s %% годовых выглядит необычно (обычно от %(low)s до %(high)s %%): проверьте, "
        "что она указана в процентах."
    ) % {"rate": format_number(percent, 3).rstrip("0").rstrip(","), "low": low, "high": high}


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


PERCENT_NOTE = _("В процентах годовых: 12,5 означает 12,5 %.")


class StepForm(forms.ModelForm):
    formfield_callback = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in PERCENT_FIELDS:
                low, high = PLAUSIBLE_RATE_PERCENT
                self.fields[name] = RuPercentField(
                    label=format_lazy("{label}, %", label=field.label),
                    required=field.required,
                    help_text=format_lazy("{} {}", field.help_text, PERCENT_NOTE)
                    if field.help_text
                    else PERCENT_NOTE,
                    widget=RuPercentInput(
                        attrs={
                            "inputmode": "decimal",
                            "class": "text-end",
                            "data-rate-warning-low": str(low),
                            "data-rate-warning-high": str(high),
                        }
                    ),
                )
                continue
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

    def rate_warnings(self) -> list[str]:
        """Non-blocking warnings on the percent fields (typed values once validated,
        else the stored ones)."""
        source = self.cleaned_data if self.is_bound and not self.errors else None
        warnings = []
        for name in PERCENT_FIELDS:
            if name not in self.fields:
                continue
            value = source.get(name) if source is not None else getattr(self.instance, name, None)
            message = rate_warning(value)
            if message:
                warnings.append(f"{self.fields[name].label}: {message}")
        return warnings


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
        # What each input means in the Methodology (п. 5–6 of Order 781), for an applicant
        # who is not an appraiser.
        help_texts = {
            "equity": _("Собственные средства, вложенные в проект (E в формулах 11 и 13); больше нуля."),
            "debt": _("Заёмные средства проекта (D): кредиты и займы."),
            "cost_of_debt": _(
                "Kd — ставка по заёмным средствам; в WACC входит за вычетом налога на прибыль (формула 11)."
            ),
            "beta_unlevered": _(
                "βu — коэффициент бета отрасли без учёта долга (формула 13): мера риска отрасли "
                "относительно рынка. Обычно 0,5–1,5; берётся из отраслевых таблиц (например, "
                "Damodaran) по виду деятельности проекта."
            ),
            "beta_source": _("Откуда взято βu: таблица, отрасль, дата — комиссия проверит источник."),
            "fcff_method": _(
                "Свободный денежный поток: «от EBIT» — EBIT×(1−T) − изменение оборотного "
                "капитала + неденежные расходы − неденежные доходы − капвложения + продажа "
                "активов (формула 3); «от "
                "операционного потока» — OCF + проценты×(1−T) − капвложения + продажа активов "
                "(формула 2). Выберите тот, для которого в модели есть данные."
            ),
            "terminal_mode": _(
                "Стоимость проекта после прогнозного периода: модель Гордона — бессрочный поток с "
                "ростом на долгосрочную инфляцию (формула 6; рост должен быть ниже WACC); конечный "
                "период — ещё столько-то лет (формулы 7–8); без остаточной стоимости — только "
                "прогнозные годы."
            ),
            "terminal_years": _("Для конечного периода: сколько лет после прогноза учитывать (1–100)."),
            "terminal_base_years": _(
                "Из скольких последних прогнозных лет брать средний FCFF как базу остаточной "
                "стоимости (обычно 1)."
            ),
            "budget_terminal_mode": _(
                "То же для бюджетного потока (формулы 16–18): рост — индекс потребительских цен "
                "последнего прогнозного года."
            ),
            "budget_terminal_years": _("Для конечного периода бюджетного потока: сколько лет (1–100)."),
        }

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


#: ModelYear's money columns hold 14 integer digits.
MAX_MODEL_AMOUNT = Decimal("1e14")
_KOPECK = Decimal("0.01")


def parse_model_table(post, years: list[int]) -> tuple[dict[int, dict[str, Decimal]], dict]:
    """The financial model table (inputs named ``<field>-<year>``); errors keyed the same,
    in Russian: text, NaN, too large, or negative where the schema forbids it. An empty
    cell is zero."""
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
                value = parse_decimal_ru(raw)
            except ValueError as error:
                errors[key] = str(error)
                continue
            if abs(value) >= MAX_MODEL_AMOUNT:
                errors[key] = str(_("Слишком большое число: не более 14 знаков до запятой."))
            elif value < 0 and name in NON_NEGATIVE_SERIES:
                errors[key] = str(_("Значение не может быть отрицательным."))
            else:
                values[year][name] = value.quantize(_KOPECK, rounding=ROUND_HALF_UP)
    return values, errors


class ModelImportForm(forms.Form):
    workbook = forms.FileField(label=_("Заполненный шаблон финансовой модели (XLSX)"))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид документа"), choices=DocumentKind.choices)
    file = forms.FileField(label=format_lazy(_("Файл (до {mb} МБ)"), mb=MAX_UPLOAD_MB))
