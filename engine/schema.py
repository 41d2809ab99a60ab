"""The case's concepts, one place each: the financial series, the project fields, the
forecast horizon and Order 781's defaults (SPEC §4, §6). Pure Python, no Django.

The engine's parser, the application models and forms, the XLSX model workbook, the case
builder, the demo and the macro scenario all read these; tests/engine/test_schema.py
checks that they agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

# --- the forecast horizon -------------------------------------------------------------

#: A call's forecast covers this many years from the call's year on (and no fewer: SPEC §6).
FORECAST_YEARS = 10
#: The least a case may cover.
MIN_FORECAST_YEARS = FORECAST_YEARS
#: The most a workbook (model or macro scenario) may carry.
MAX_FORECAST_YEARS = 50
#: The earliest and the latest forecast year an applicant's model may carry.
FIRST_FORECAST_YEAR = 2000
LAST_FORECAST_YEAR = 2100


def forecast_years(first_year: int, count: int = FORECAST_YEARS) -> list[int]:
    """The forecast years of a call of ``first_year``: ``first_year … first_year + count − 1``."""
    return list(range(first_year, first_year + count))


# --- the financial series (project.series; the sheet «Модель»; ModelYear's columns) ---

RUBLES = "руб."


@dataclass(frozen=True)
class SeriesSpec:
    """One yearly series of the applicant's model, in rubles. ``non_negative``: the
    workbook and the import refuse a negative value."""

    key: str
    label: str
    label_en: str
    unit: str = RUBLES
    non_negative: bool = False


SERIES: tuple[SeriesSpec, ...] = (
    SeriesSpec("ebit", "Прибыль до процентов и налогов (EBIT)", "Earnings before interest and taxes (EBIT)"),
    SeriesSpec(
        "ebitda",
        "Прибыль до процентов, налогов и амортизации (EBITDA)",
        "Earnings before interest, taxes, depreciation and amortisation (EBITDA)",
    ),
    SeriesSpec(
        "non_cash_charges", "Неденежные расходы (амортизация и т. п.)", "Non-cash charges (depreciation etc.)"
    ),
    SeriesSpec("non_cash_income", "Неденежные доходы", "Non-cash income"),
    SeriesSpec("wc_change", "Изменение оборотного капитала", "Change in working capital"),
    SeriesSpec("capex", "Капитальные вложения", "Capital expenditure", non_negative=True),
    SeriesSpec(
        "asset_sales", "Поступления от продажи активов", "Proceeds from asset sales", non_negative=True
    ),
    SeriesSpec("ocf", "Операционный денежный поток", "Operating cash flow"),
    SeriesSpec("net_interest", "Чистые процентные платежи", "Net interest payments"),
    SeriesSpec("salaries", "Расходы на оплату труда", "Payroll", non_negative=True),
    SeriesSpec("rent", "Арендные платежи", "Rent payments", non_negative=True),
    SeriesSpec(
        "taxes",
        "Налоговые платежи в бюджеты всех уровней",
        "Taxes paid to budgets at all levels",
        non_negative=True,
    ),
    SeriesSpec("budget_savings", "Экономия бюджетных средств", "Budget savings", non_negative=True),
    SeriesSpec("subsidy", "Планируемая субсидия", "Planned subsidy", non_negative=True),
    SeriesSpec("other_budget_expenses", "Прочие расходы бюджета", "Other budget expenses", non_negative=True),
)
SERIES_KEYS: tuple[str, ...] = tuple(spec.key for spec in SERIES)
NON_NEGATIVE_SERIES: frozenset[str] = frozenset(spec.key for spec in SERIES if spec.non_negative)
SERIES_BY_KEY: dict[str, SeriesSpec] = {spec.key: spec for spec in SERIES}


def series_label(key: str, language: str | None = "ru") -> str:
    """The series' label in ``language`` (English for ``en…``, Russian otherwise)."""
    spec = SERIES_BY_KEY[key]
    return spec.label_en if (language or "").startswith("en") else spec.label


# --- the project fields (project.*; the sheet «Проект»; Application's columns) --------

#: Kinds: ``text``, ``money`` (rubles, ≥ 0), ``number``, ``rate`` (a fraction shown in
#: percent), ``count`` (an integer ≥ ``minimum``), ``date``, ``yes_no``, ``choice``.
PROJECT_FIELD_KINDS = ("text", "money", "number", "rate", "count", "date", "yes_no", "choice")


@dataclass(frozen=True)
class ProjectField:
    """One project parameter. ``key`` is the dotted path in the case's ``project``,
    ``model_field`` the ``Application`` field holding it, ``label`` and ``hint`` its row
    of the sheet «Проект». ``optional``: the workbook may leave it empty;
    ``finite_only``: the case carries it only when its section's mode is ``finite``."""

    key: str
    model_field: str
    label: str
    kind: str
    hint: str = ""
    choices: tuple[str, ...] = ()
    optional: bool = False
    minimum: int = 0
    finite_only: bool = False


FCFF_METHODS = ("ebit", "ocf")
TERMINAL_MODES = ("gordon", "finite", "none")
_TERMINAL_HINT = "gordon — модель Гордона, finite — конечный период, none — без остаточной стоимости"
_RATE_HINT = "процентов годовых, например 12,5 %"
_DATE_HINT = "ДД.ММ.ГГГГ"

PROJECT_FIELDS: tuple[ProjectField, ...] = (
    ProjectField("title", "title", "Наименование проекта", "text"),
    ProjectField("okved", "okved", "Код ОКВЭД2", "text", "например 29.32"),
    ProjectField(
        "priority_direction",
        "priority_direction",
        "Приоритетное направление (код)",
        "text",
        "например automotive",
    ),
    ProjectField("region", "region", "Субъект РФ реализации проекта (код)", "text", "например 39"),
    ProjectField("total_cost", "total_cost", "Полная стоимость проекта", "money", RUBLES),
    ProjectField("commissioning_date", "commissioning_date", "Дата ввода в эксплуатацию", "date", _DATE_HINT),
    ProjectField("capex.land", "capex_land", "Затраты: приобретение (аренда) земли", "money", RUBLES),
    ProjectField("capex.design", "capex_design", "Затраты: проектно-сметная документация", "money", RUBLES),
    ProjectField(
        "capex.construction",
        "capex_construction",
        "Затраты: строительство производственных зданий",
        "money",
        RUBLES,
    ),
    ProjectField(
        "capex.equipment",
        "capex_equipment",
        "Затраты: оборудование с доставкой, таможней и пусконаладкой",
        "money",
        RUBLES,
    ),
    ProjectField("capex.other", "capex_other", "Затраты: прочие", "money", RUBLES),
    ProjectField("jobs.created", "jobs_created", "Создаваемые рабочие места", "count", "целое число"),
    ProjectField(
        "jobs.high_productivity",
        "jobs_high_productivity",
        "Из них высокопроизводительные",
        "count",
        "целое число",
    ),
    ProjectField(
        "jobs.avg_monthly_wage", "avg_monthly_wage", "Средняя заработная плата", "money", "руб. в месяц"
    ),
    ProjectField(
        "loan.russian_bank",
        "loan_russian_bank",
        "Кредит российской кредитной организации",
        "yes_no",
        "да или нет",
        ("да", "нет"),
    ),
    ProjectField("loan.date", "loan_date", "Дата кредитного договора", "date", _DATE_HINT),
    ProjectField("loan.amount", "loan_amount", "Сумма кредита", "money", RUBLES),
    ProjectField("loan.rate", "loan_rate", "Ставка по кредиту", "rate", _RATE_HINT),
    ProjectField("capital.equity", "equity", "Собственный капитал E", "money", RUBLES),
    ProjectField("capital.debt", "debt", "Заёмный капитал D", "money", RUBLES),
    ProjectField("capital.cost_of_debt", "cost_of_debt", "Стоимость долга Kd", "rate", _RATE_HINT),
    ProjectField(
        "capital.beta_unlevered", "beta_unlevered", "Бета без учёта долга βu", "number", "например 0,82"
    ),
    ProjectField(
        "fcff_method",
        "fcff_method",
        "Метод расчёта FCFF",
        "choice",
        "ebit — от EBIT (формула 3), ocf — от операционного потока (формула 2)",
        FCFF_METHODS,
    ),
    ProjectField(
        "terminal.mode", "terminal_mode", "Остаточная стоимость", "choice", _TERMINAL_HINT, TERMINAL_MODES
    ),
    ProjectField(
        "terminal.years",
        "terminal_years",
        "Лет конечного периода",
        "count",
        "обязательно для finite",
        optional=True,
        minimum=1,
        finite_only=True,
    ),
    ProjectField(
        "terminal.base_years",
        "terminal_base_years",
        "Лет базы остаточной стоимости",
        "count",
        "необязательно; по умолчанию 1",
        optional=True,
        minimum=1,
    ),
    ProjectField(
        "budget_terminal.mode",
        "budget_terminal_mode",
        "Остаточная стоимость бюджетного потока",
        "choice",
        _TERMINAL_HINT,
        TERMINAL_MODES,
    ),
    ProjectField(
        "budget_terminal.years",
        "budget_terminal_years",
        "Лет конечного периода (бюджет)",
        "count",
        "обязательно для finite",
        optional=True,
        minimum=1,
        finite_only=True,
    ),
)
PROJECT_KEYS: tuple[str, ...] = tuple(field.key for field in PROJECT_FIELDS)


def value_at(project: Mapping[str, Any], key: str) -> Any:
    """The value of a dotted project key (``capital.equity``) in a project dict, or None
    where a part of the path is missing."""
    value: Any = project
    for part in key.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def finite_mode_path(field: ProjectField) -> str:
    """For a ``finite_only`` field, the path of the mode it depends on (``terminal.mode``)."""
    return field.key.rsplit(".", 1)[0] + ".mode"


# --- Order 781's defaults (a call may change them) -------------------------------------

MIN_TOTAL_COST = 150_000_000
MAX_TOTAL_COST = 2_000_000_000
COMMISSIONING_AFTER = date(2014, 1, 1)
LOAN_FROM = date(2014, 1, 1)
LOAN_TO = date(2016, 12, 31)
#: Decree No. 3: the share of the interest paid that is reimbursed...
SUBSIDY_SHARE = Decimal("0.9")
#: ...capped at a multiple of the refinancing rate for payments in 2014...
REFINANCING_RATE_MULTIPLE = Decimal("0.9")
REFINANCING_RATE_FROM = date(2014, 1, 1)
#: ...and of the key rate from 2015.
KEY_RATE_MULTIPLE = Decimal("0.7")
KEY_RATE_FROM = date(2015, 1, 1)


def rate_multiple_for(call_year: int) -> Decimal:
    """The Bank of Russia rate multiple that applies to a call's year."""
    return REFINANCING_RATE_MULTIPLE if call_year < KEY_RATE_FROM.year else KEY_RATE_MULTIPLE
