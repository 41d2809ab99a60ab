"""The eligibility checks (SPEC §4) stated with the values they compared, in Russian:
«Стоимость проекта 100 000 000 руб. < минимума 150 000 000 руб.». The engine records
each check's values (``engine.eligibility.EligibilityCheck.values``); this module only
words them, with reference.formatting's money and dates. The applicant's form, the
screening and the commission's project page show the same sentences.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reference.formatting import format_date, format_money

Values = Mapping[str, Any]

_CAPEX_ITEMS = {
    "capex_land": gettext_lazy("приобретение (аренда) земли"),
    "capex_design": gettext_lazy("проектно-сметная документация"),
    "capex_construction": gettext_lazy("строительство производственных зданий"),
    "capex_equipment": gettext_lazy("оборудование с доставкой, таможней и пусконаладкой"),
}


def describe_check(code: str, passed: bool, values: Values, *, names: Mapping[str, str] | None = None) -> str:
    """The check's sentence with its values; "" when the stored check carries no values
    (results stored before the engine recorded them). ``names``: optional display names,
    ``priority_direction`` (the direction's name), ``okved_name`` with ``okved_named_code``
    (the classifier's grouping it names, when not the code itself), ``bank_name``."""
    names = names or {}
    if not values:
        return ""
    if code in _CAPEX_ITEMS:
        return _capex(code, passed, values)
    describe = _DESCRIBERS.get(code)
    return describe(passed, values, names) if describe else ""


def _rub(value: Any) -> str:
    return format_money(value, places=0, unit=_("руб."))


def _day(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return format_date(value)


def _okved(passed: bool, values: Values, names: Mapping[str, str]) -> str:
    code = str(values.get("okved") or "").strip()
    if not code:
        return _("Код ОКВЭД2 не указан")
    name, named_code = names.get("okved_name"), names.get("okved_named_code")
    if not name:
        shown = code
    elif named_code and named_code != code:
        shown = _("%(code)s (класс %(division)s «%(name)s»)") % {
            "code": code,
            "division": named_code,
            "name": name,
        }
    else:
        shown = f"{code} «{name}»"
    if values.get("division") is None:
        return _("Код ОКВЭД2 «%(code)s» не распознан") % {"code": code}
    if passed:
        return _("ОКВЭД2 %(code)s — раздел C (обрабатывающие производства, 10–33)") % {"code": shown}
    return _("ОКВЭД2 %(code)s — не раздел C (обрабатывающие производства, 10–33)") % {"code": shown}


def _priority(passed: bool, values: Values, names: Mapping[str, str]) -> str:
    code = values.get("priority_direction") or ""
    if not code:
        return _("Приоритетное направление не указано")
    name = names.get("priority_direction") or code
    if passed:
        return _("Направление «%(name)s» — приоритетное направление отбора") % {"name": name}
    return _("Направление «%(name)s» не входит в приоритетные направления отбора") % {"name": name}


def _capex(code: str, passed: bool, values: Values) -> str:
    item, amount = str(_CAPEX_ITEMS[code]), _rub(values.get("amount"))
    if passed:
        return _("Затраты «%(item)s»: %(amount)s — больше нуля") % {"item": item, "amount": amount}
    return _("Затраты «%(item)s»: %(amount)s — должны быть больше нуля") % {"item": item, "amount": amount}


def _cost_range(passed: bool, values: Values, names: Mapping[str, str]) -> str:
    total, low, high = values.get("total_cost"), values.get("min_total_cost"), values.get("max_total_cost")
    shown = {"total": _rub(total), "min": _rub(low), "max": _rub(high)}
    if passed or total is None or low is None or high is None:
        return _("Стоимость проекта %(total)s — в пределах от %(min)s до %(max)s") % shown
    if total < low:
        return _("Стоимость проекта %(total)s < минимума %(min)s") % shown
    return _("Стоимость проекта %(total)s > максимума %(max)s") % shown


def _commissioning(passed: bool, values: Values, names: Mapping[str, str]) -> str:
    shown = {"date": _day(values.get("commissioning_date")), "after": _day(values.get("commissioning_after"))}
    if passed:
        return _("Ввод в эксплуатацию %(date)s — позже %(after)s") % shown
    return _("Ввод в эксплуатацию %(date)s — не позднее %(after)s (нужно позже)") % shown


def _jobs(passed: bool, values: Values, names: Mapping[str, str]) -> str:
    created, high = values.get("created") or 0, values.get("high_productivity") or 0
    wage, threshold = values.get("avg_monthly_wage"), values.get("wage_threshold")
    if not created:
        return _("Рабочие места не создаются (нужно больше нуля)")
    parts = [
        _("Рабочих мест %(created)s, из них высокопроизводительных %(high)s")
        % {"created": created, "high": high}
        + ("" if high == created else _(" (нужны все)"))
    ]
    shown = {"wage": _rub(wage), "threshold": _rub(threshold)}
    if wage is not None and threshold is not None and wage < threshold:
        parts.append(_("средняя зарплата %(wage)s < порога %(threshold)s") % shown)
    else:
        parts.append(_("средняя зарплата %(wage)s ≥ порога %(threshold)s") % shown)
    return "; ".join(parts)


def _loan(passed: bool, values: Values, names: Mapping[str, str]) -> str:
    bank = names.get("bank_name")
    if values.get("russian_bank"):
        lender = _("Кредит российской кредитной организации")
    else:
        lender = _("Кредит не российской кредитной организации (нужна российская)")
    if bank:
        lender += f" ({bank})"
    loan_date, start, end = values.get("date"), values.get("loan_from"), values.get("loan_to")
    shown = {"date": _day(loan_date), "from": _day(start), "to": _day(end)}
    inside = bool(loan_date and start and end and start <= loan_date <= end)  # ISO dates compare as text
    period = (
        _("договор от %(date)s — в периоде с %(from)s по %(to)s")
        if inside
        else _("договор от %(date)s — вне периода с %(from)s по %(to)s")
    ) % shown
    amount = values.get("amount")
    money = _("сумма %(amount)s") % {"amount": _rub(amount)}
    if not amount or amount <= 0:
        money += _(" (должна быть больше нуля)")
    return "; ".join([lender, period, money])


_DESCRIBERS: dict[str, Callable[[bool, Values, Mapping[str, str]], str]] = {
    "okved_manufacturing": _okved,
    "priority_direction": _priority,
    "cost_range": _cost_range,
    "commissioning_date": _commissioning,
    "high_productivity_jobs": _jobs,
    "loan": _loan,
}
