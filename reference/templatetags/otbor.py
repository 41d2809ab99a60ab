"""Russian number formats and small widgets for the templates."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from reference import formatting

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
    details = eligibility.get("details") if isinstance(eligibility, dict) else None
    if details:
        return [{"code": d["code"], "passed": d["passed"], "message": engine_message(d)} for d in details]
    checks = (eligibility or {}).get("checks", {})
    return [
        {"code": code, "passed": ok, "message": str(CHECK_LABELS.get(code, code))}
        for code, ok in checks.items()
    ]


@register.simple_tag
def cash_flow_chart(result: dict) -> str:
    """An inline SVG: FCFF bars and the cumulative discounted FCFF line."""
    fin = result["financial"]
    fcff = [float(x) for x in fin["fcff"]]
    wacc = float(fin["wacc"])
    cumulative, total = [], 0.0
    for n, value in enumerate(fcff, start=1):
        total += value / (1 + wacc) ** n
        cumulative.append(total)
    width, height, pad = 640, 240, 30
    span = max(max(map(abs, fcff + cumulative)), 1.0)
    mid = height / 2
    step = (width - 2 * pad) / max(len(fcff), 1)
    scale = (height / 2 - pad) / span
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
        (
            (
                pad + i * step + step * 0.15,
                min(mid, mid - v * scale),
                step * 0.7,
                abs(v * scale),
                "#0d6efd" if v >= 0 else "#dc3545",
                rub(v),
            )
            for i, v in enumerate(fcff)
        ),
    )
    points = " ".join(
        f"{pad + i * step + step / 2:.1f},{mid - v * scale:.1f}" for i, v in enumerate(cumulative)
    )
    return (
        format_html(
            '<svg viewBox="0 0 {w} {h}" role="img" aria-label="FCFF" data-testid="chart" '
            'class="otbor-chart"><line x1="{p}" x2="{wp}" y1="{m}" y2="{m}" '
            'stroke="#999"/>{bars}<polyline points="{pts}" fill="none" stroke="#198754" '
            'stroke-width="2"/></svg><div class="small"><span class="otbor-legend-fcff">■</span> '
            'FCFF · <span class="otbor-legend-cumulative">—</span> {legend}</div>',
            legend=_("накопленный дисконтированный FCFF"),
            w=width,
            h=height,
            p=pad,
            wp=width - pad,
            m=mid,
            bars=bars,
            pts=points,
        )
        if fcff
        else mark_safe("")
    )


@register.filter
def lookup(mapping, key):
    if not hasattr(mapping, "get"):
        return None
    return mapping.get(key)
