"""Demo financial models: variations of one realistic project, each showing a case the
commission meets (eligible, ineligible for each rule, negative NPV, several IRR roots)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from engine.schema import FORECAST_YEARS as YEARS

# One value per forecast year (engine.schema.FORECAST_YEARS), keyed by the schema's series.
BASE_SERIES = {
    "ebit": [-20, -15, 60, 140, 165, 180, 190, 198, 205, 210],
    "ebitda": [-18, -5, 115, 200, 225, 240, 250, 258, 265, 270],
    "non_cash_charges": [2, 10, 55, 60, 60, 60, 60, 60, 60, 60],
    "non_cash_income": [0] * YEARS,
    "wc_change": [0, 15, 40, 25, 8, 6, 5, 4, 3, 3],
    "capex": [380, 420, 50, 0, 0, 0, 0, 0, 0, 0],
    "asset_sales": [0] * YEARS,
    "ocf": [0] * YEARS,
    "net_interest": [37.5, 75, 70, 60, 50, 40, 30, 20, 10, 0],
    "salaries": [20, 60, 112, 115, 118, 121, 124, 127, 130, 133],
    "rent": [3] * YEARS,
    "taxes": [15, 45, 95, 130, 140, 146, 150, 154, 157, 160],
    "budget_savings": [0] * YEARS,
    "subsidy": [20, 40, 38, 0, 0, 0, 0, 0, 0, 0],
    "other_budget_expenses": [0] * YEARS,
}

# (title, direction, okved, region, scale, variation)
VARIANTS = [
    ("Завод автокомпонентов", "automotive", "29.32", "39", 1.0, "base"),
    ("Производство тракторов", "agricultural_machinery", "28.30", "61", 1.3, "base"),
    ("Линия упаковочного оборудования", "food_machinery", "28.93", "52", 0.6, "base"),
    ("Станкостроительный комплекс", "machine_tools", "28.41", "18", 1.1, "base"),
    ("Производство турбин", "power_machinery", "28.11", "47", 1.6, "base"),
    ("Кабельный завод", "electrical", "27.32", "74", 0.8, "base"),
    ("Фармацевтический комплекс", "pharmaceutical", "21.20", "50", 0.9, "base"),
    ("Производство медицинских изделий", "medical", "32.50", "78", 0.45, "base"),
    ("Оптовый склад", "automotive", "46.69", "50", 0.7, "okved"),
    ("Туристический комплекс", "tourism", "28.99", "23", 0.7, "direction"),
    ("Цех без земли", "chemical", "20.16", "16", 0.7, "no_land"),
    ("Цех без проекта", "composites", "22.21", "63", 0.7, "no_design"),
    ("Модернизация без стройки", "timber", "16.21", "35", 0.7, "no_construction"),
    ("Здание без оборудования", "light_industry", "13.20", "37", 0.7, "no_equipment"),
    ("Малый участок", "childrens_goods", "32.40", "76", 0.1, "too_small"),
    ("Мегапроект", "shipbuilding", "30.11", "25", 3.0, "too_big"),
    ("Цех, введённый в 2013 году", "heavy_machinery", "28.22", "66", 0.7, "old"),
    ("Цех с низкой зарплатой", "transport_machinery", "30.20", "40", 0.7, "low_wage"),
    ("Проект на кредит иностранного банка", "radio_electronics", "26.11", "77", 0.7, "foreign"),
    ("Убыточный проект", "aviation", "30.30", "73", 0.8, "npv_negative"),
    ("Проект с рекультивацией", "rare_metals", "24.45", "14", 0.9, "multiple_irr"),
    ("Кредит 2013 года", "electrical", "27.11", "54", 0.7, "loan_early"),
]

MLN = 1_000_000


def series_for(scale: float, variation: str) -> dict[str, list[float]]:
    series = {key: [round(v * scale * MLN, 2) for v in values] for key, values in BASE_SERIES.items()}
    if variation == "npv_negative":
        series["ebit"] = [v * 0.25 for v in series["ebit"]]
        series["ebitda"] = [v * 0.35 for v in series["ebitda"]]
    if variation == "multiple_irr":
        # Strong early returns, then a large decommissioning and reclamation outlay:
        # the cash flows change sign twice and the IRR equation has two roots.
        series["capex"] = [scale * MLN * v for v in (600, 0, 0, 0, 0, 0, 0, 0, 0, 0)]
        series["ebit"] = [scale * MLN * v for v in (250, 300, 300, 300, 300, 300, 250, 200, 100, -250)]
        series["non_cash_charges"] = [0.0] * YEARS
        series["wc_change"] = [0.0] * YEARS
        series["capex"][9] = scale * MLN * 1500
    return series


def project_fields(scale: float, variation: str, call_year: int) -> dict:
    """``Application`` field values (names as in ``engine.schema.PROJECT_FIELDS``'
    ``model_field``, plus the bank's name and the beta's source)."""
    total = Decimal(850) * Decimal(str(scale)) * MLN
    parts = {
        "capex_land": Decimal("0.047"),
        "capex_design": Decimal("0.041"),
        "capex_construction": Decimal("0.365"),
        "capex_equipment": Decimal("0.518"),
    }
    capex = {key: (total * share).quantize(Decimal("1")) for key, share in parts.items()}
    missing = {
        "no_land": "capex_land",
        "no_design": "capex_design",
        "no_construction": "capex_construction",
        "no_equipment": "capex_equipment",
    }
    if variation in missing:
        capex[missing[variation]] = Decimal(0)
    capex["capex_other"] = total - sum(capex.values())
    fields = {
        "total_cost": total,
        **capex,
        "commissioning_date": dt.date(call_year + 1, 9, 1),
        "jobs_created": int(180 * scale) or 5,
        "avg_monthly_wage": Decimal(62000),
        "loan_russian_bank": variation != "foreign",
        "loan_bank_name": "ПАО Сбербанк" if variation != "foreign" else "Deutsche Bank AG",
        "loan_date": dt.date(call_year, 2, 20),
        "loan_amount": total * Decimal("0.6"),
        "loan_rate": Decimal("0.125"),
        "equity": total * Decimal("0.45"),
        "debt": total * Decimal("0.6"),
        "cost_of_debt": Decimal("0.125"),
        "beta_unlevered": Decimal("0.82"),
        "beta_source": "Damodaran, Machinery (Europe)",
    }
    fields["jobs_high_productivity"] = fields["jobs_created"]
    if variation == "old":
        fields["commissioning_date"] = dt.date(2013, 11, 1)
    if variation == "low_wage":
        fields["avg_monthly_wage"] = Decimal(31000)
    if variation == "loan_early":
        fields["loan_date"] = dt.date(2013, 12, 10)
    if variation == "multiple_irr":
        fields["terminal_mode"] = "none"
    return fields
