"""Russian number formats and small widgets for the templates."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from reference import formatting
from reference.eligibility_text import describe_check
from reference.models import PriorityDirection
from reference.okved import validate_okved

register = template.Library()

# The indicator statuses (the engine's met / not_met / undetermined); the applications'
# statuses have their labels in one place, ApplicationStatus.
STATUS_RU = {
    "met": _("выполнено"),
    "not_met": _("не выполнено"),
    "undetermined": _("не определено"),
}
# For results stored before the engine gave every check its message.
CHECK_LABELS = {
    "okved_manufacturing": _("ОКВЭД2 относится к разделу C «Обрабатывающие производства»"),
    "priority_direction": _("Проект относится к приоритетному направлению отбора"),
    "capex_land": _("Затраты на приобретение (аренду) земли больше нуля"),
    "capex_design": _("Затраты на проектно-сметную документацию больше нуля"),
    "capex_construction": _("Затраты на строительство производственных зданий больше нуля"),
    "capex_equipment": _("Затраты на оборудование больше нуля"),
    "cost_range": _("Полная стоимость проекта в установленных пределах"),
    "commissioning_date": _("Ввод в эксплуатацию после установленной даты"),
    "high_productivity_jobs": _("Создаются высокопроизводительные рабочие места"),
    "loan": _("Кредит российской кредитной организации в установленный период"),
}


# The number filters are reference.formatting's, one convention with the documents.


@register.filter
def rub(value) -> str:
    """Whole rubles: «437 124 957 руб.» (in English «437 124 957 RUB»)."""
    return formatting.format_money(value, places=0, unit=gettext("руб."))


@register.filter
def pct(value) -> str:
    return formatting.format_percent(value)


@register.filter
def num2(value) -> str:
    return formatting.format_number(value, 2)


@register.filter
def num3(value) -> str:
    return formatting.format_number(value, 3)


@register.filter
def num6(value) -> str:
    return formatting.format_number(value, 6)


@register.filter
def plain_number(value) -> str:
    """For inputs: no grouping, a decimal comma, no trailing zeros."""
    return formatting.format_input_number(value)


def engine_message(item: dict, prefix: str = "message") -> str:
    """The engine's message in the active language: ``message_en`` on English pages,
    ``message_ru`` otherwise (the engine supplies both)."""
    english = (get_language() or "").startswith("en")
    return item.get(f"{prefix}_en" if english else f"{prefix}_ru") or item.get(f"{prefix}_ru", "")


@register.filter
def status_ru(value) -> str:
    """An indicator status's label in the active language (Russian by default)."""
    return str(STATUS_RU.get(str(value), value))


@register.filter
def engine_error(message: str) -> str:
    """A stored ``"<message_ru> / <message_en>"`` case error in the active language."""
    ru, separator, en = (message or "").rpartition(" / ")
    if not separator:
        return message
    return en if (get_language() or "").startswith("en") else ru


@register.filter
def eligibility_details(eligibility: dict) -> list[dict]:
    """Each check: ``code``, ``passed``, ``message`` (the rule) and ``values`` (what it compared)."""
    details = eligibility.get("details") if isinstance(eligibility, dict) else None
    if details:
        return [
            {
                "code": d["code"],
                "passed": d["passed"],
                "message": engine_message(d),
                "values": d.get("values") or {},
            }
            for d in details
        ]
    checks = (eligibility or {}).get("checks", {})
    return [
        {"code": code, "passed": ok, "message": str(CHECK_LABELS.get(code, code)), "values": {}}
        for code, ok in checks.items()
    ]


@register.simple_tag
def eligibility_rows(eligibility: dict, app=None) -> list[dict]:
    """The checks of ``eligibility`` (a stored result's) with ``detail``: the sentence with
    the compared values (reference.eligibility_text). ``app``, when given, names the bank."""
    rows = eligibility_details(eligibility)
    names = _display_names(rows, app)
    for row in rows:
        row["detail"] = describe_check(row["code"], row["passed"], row["values"], names=names)
    return rows


def _display_names(rows: list[dict], app) -> dict[str, str]:
    names: dict[str, str] = {}
    values = {row["code"]: row["values"] for row in rows}
    direction = values.get("priority_direction", {}).get("priority_direction")
    if direction:
        name = PriorityDirection.objects.filter(code=direction).values_list("name", flat=True).first()
        names["priority_direction"] = name or direction
    okved = values.get("okved_manufacturing", {}).get("okved")
    if okved:
        check = validate_okved(okved)
        if check.error is None and check.name:
            names["okved_name"], names["okved_named_code"] = check.name, check.named_code
    bank = getattr(app, "loan_bank_name", "")
    if bank:
        names["bank_name"] = bank
    return names


@register.filter
def lookup(mapping, key):
    if not hasattr(mapping, "get"):
        return None
    return mapping.get(key)
