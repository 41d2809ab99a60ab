"""What the risk-analysis block shows for one stored result: the cash-flow chart and
table, the sensitivity tornado and the Monte Carlo histogram with its percentiles.

Reads only the row it is given (``result`` and ``risk`` JSON; no queries). A result
without some part (an old row, a draft whose risk is not computed, an invalid case) gets
``None`` for that part, and the template says so.
"""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from reference.formatting import format_number, format_percent
from scoring.charts import (
    Series,
    TornadoRow,
    cash_flow_svg,
    finite,
    histogram_svg,
    millions,
    percent_label,
    tornado_svg,
)
from scoring.models import IndicatorResult, IndicatorState

FCFF_COLOUR, SUPPORTED_COLOUR, BUDGET_COLOUR = "#0d6efd", "#198754", "#6c757d"
# The engine's risk factors (engine.risk.FACTOR_LABELS, Russian only) in the reader's
# language, as the otbor tags do for the engine's statuses.
FACTOR_LABELS = {
    "ebit": gettext_lazy("Операционный результат (EBIT / OCF)"),
    "capex": gettext_lazy("Капитальные затраты"),
    "wacc": gettext_lazy("Ставка дисконтирования (WACC)"),
    "subsidy": gettext_lazy("Субсидия"),
    "taxes": gettext_lazy("Налоговые поступления"),
}
LAWS = {
    "normal": gettext_lazy("нормальное"),
    "triangular": gettext_lazy("треугольное"),
    "uniform": gettext_lazy("равномерное"),
}


def _english() -> bool:
    return (get_language() or "").startswith("en")


def factor_label(variant: dict) -> str:
    code = variant.get("factor", "")
    return str(FACTOR_LABELS[code]) if code in FACTOR_LABELS else variant.get("factor_ru") or code


def distribution_text(item: dict) -> str:
    """The engine's Russian description; on other languages the factor and the law with
    its parameters (numbers as the engine gives them)."""
    if not _english() and item.get("description_ru"):
        return str(item["description_ru"])
    parameters = "; ".join(format_number(v, 2) for v in (item.get("parameters") or {}).values())
    law = LAWS.get(item.get("law", ""), item.get("law", ""))
    return f"{factor_label(item)}: {law}({parameters})"


def _safe(svg: str) -> SafeString | None:
    # The builders escape every text they put in the SVG (scoring/charts.py).
    return mark_safe(svg) if svg else None


def risk_analysis(row: IndicatorResult | None) -> dict:
    """The block's data: ``available`` (a computed result), ``cash_flow``,
    ``sensitivity`` and ``monte_carlo`` (each a dict or None)."""
    data = row.result if row is not None and row.state == IndicatorState.DONE else None
    financial = (data or {}).get("financial")
    risk = row.risk if row is not None and isinstance(row.risk, dict) else {}
    return {
        "available": bool(financial),
        "cash_flow": cash_flow_section(data) if financial else None,
        "sensitivity": sensitivity_section(risk.get("sensitivity")),
        "monte_carlo": monte_carlo_section(risk.get("monte_carlo")),
    }


def cash_flow_section(data: dict) -> dict | None:
    financial, budget = data["financial"], data.get("budget") or {}
    fcff = list(financial.get("fcff") or [])
    if not fcff:
        return None
    stored_years = data.get("years")
    years_known = isinstance(stored_years, list) and len(stored_years) == len(fcff)
    years = (
        [str(y) for y in stored_years]
        if years_known
        else [_("%(number)s-й год") % {"number": n} for n in range(1, len(fcff) + 1)]
    )
    series = [Series(_("FCFF без поддержки"), FCFF_COLOUR, fcff)]
    subsidy = financial.get("subsidy")
    if isinstance(subsidy, list) and len(subsidy) == len(fcff) and any(finite(s) for s in subsidy):
        supported = [_sum(f, s) for f, s in zip(fcff, subsidy, strict=True)]
        series.append(Series(_("FCFF с господдержкой"), SUPPORTED_COLOUR, supported))
    flows = budget.get("cash_flows")
    if isinstance(flows, list) and len(flows) == len(fcff):
        series.append(Series(_("Бюджетный поток"), BUDGET_COLOUR, flows))
    label = _("Денежные потоки проекта по годам, млн руб.: %(series)s. Значения — в таблице ниже.") % {
        "series": ", ".join(s.label for s in series)
    }
    return {
        "svg": _safe(cash_flow_svg(years, series, label, unit=_("млн руб."))),
        "years_known": years_known,
        "columns": [s.label for s in series],
        "rows": [
            {"year": year, "values": [millions(s.values[i], 1) for s in series]}
            for i, year in enumerate(years)
        ],
        "label": label,
    }


def _sum(first: object, second: object) -> float | None:
    a, b = finite(first), finite(second)
    return None if a is None or b is None else a + b


def sensitivity_section(report: object) -> dict | None:
    if not isinstance(report, dict) or not report.get("variants"):
        return None
    changes = [round(float(c) * 100) for c in report.get("changes") or []]
    factors: dict[str, TornadoRow] = {}
    for variant in report["variants"]:
        row = factors.setdefault(variant["factor"], TornadoRow(factor_label(variant), {}))
        row.deltas[round(float(variant["change"]) * 100)] = finite(variant.get("npv_delta"))
    moving = [row for row in factors.values() if any(v for v in row.deltas.values())]
    moving.sort(key=lambda row: -_reach(row))
    still = [row for row in factors.values() if row not in moving]
    label = _(
        "Чувствительность NPV: изменение NPV от базового значения при изменении каждого фактора "
        "на ±10 %% и ±20 %%, млн руб. Значения — в таблице ниже."
    )
    return {
        "svg": _safe(tornado_svg(moving, label, axis=_("изменение NPV, млн руб."))),
        "label": label,
        "base_npv": millions(finite((report.get("base") or {}).get("npv")), 1),
        "changes": [percent_label(c) for c in changes],
        "rows": [
            {"label": row.label, "values": [millions(row.deltas.get(c), 1, signed=True) for c in changes]}
            for row in [*moving, *still]
        ],
        "unchanged": [row.label for row in still],
    }


def _reach(row: TornadoRow) -> float:
    values = [v for v in map(finite, row.deltas.values()) if v is not None]
    return max(values) - min(values) if values else 0.0


def monte_carlo_section(report: object) -> dict | None:
    if not isinstance(report, dict) or report.get("scenarios") is None:
        return None
    npv = report.get("npv_percentiles") or {}
    irr = report.get("irr_percentiles") or {}
    histogram = report.get("npv_histogram") or {}
    label = _(
        "Распределение NPV по %(count)s сценариям Монте-Карло, млн руб.; P(NPV > 0) = %(probability)s. "
        "Процентили — в таблице ниже."
    ) % {
        "count": format_number(report.get("valid_scenarios"), 0),
        "probability": format_percent(report.get("probability_npv_positive"), 1),
    }
    svg = histogram_svg(
        histogram.get("edges") or [],
        histogram.get("counts") or [],
        [("P5", npv.get("p5")), ("P50", npv.get("p50")), ("P95", npv.get("p95"))],
        label,
        axis=_("NPV, млн руб."),
        count_label=_("сценариев"),
    )
    return {
        "svg": _safe(svg),
        "label": label,
        "scenarios": format_number(report.get("scenarios"), 0),
        "valid_scenarios": format_number(report.get("valid_scenarios"), 0),
        "probability_npv_positive": format_percent(report.get("probability_npv_positive"), 1),
        "irr_unique_share": format_percent(report.get("irr_unique_share"), 1),
        "percentiles": [
            {"name": name, "npv": millions(npv.get(key), 1), "irr": format_percent(irr.get(key))}
            for name, key in (("P5", "p5"), ("P50", "p50"), ("P95", "p95"))
        ],
        "distributions": [distribution_text(d) for d in report.get("distributions") or []],
        "seed": report.get("seed"),
    }
