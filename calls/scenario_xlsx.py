"""A call's macro scenario (SPEC §2, п. 8 of the Order) as an XLSX workbook for the secretary.

Sheets (format ``otbor-macro/1``, marked by the defined name ``OTBOR_FORMAT``):

* «Параметры»: row 1 header; rows 2–7 one scalar each: A code, B name, C value, D unit.
  Rates are fractions (0,2 = 20 %) in [0, 1); the wage threshold is rubles a month, > 0.
* «Индексы»: row 1 header; from row 2 one row per forecast year: A year (consecutive),
  B CPI index, C GDP deflator index (to the previous year, e.g. 1,074; in (0, 3)).
* «ВРП»: row 1 header: A region code, B region name, C GRP of the year before the first
  forecast year, then one column per year of «Индексы» from D. From row 2 one row per
  region; values are nominal rubles, > 0. A region row whose numbers are all empty is
  skipped (no forecast for that region); a partly filled row is an error.

No Django here; the archive is checked by :mod:`reference.xlsx_safety` first.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName

from reference.xlsx_safety import (
    SheetCells,
    UnsafeWorkbook,
    WorkbookErrors,
    WorkbookRejected,
    as_year,
    read_workbook_cells,
    sheet_error,
)
from reference.xlsx_writing import workbook_bytes

__all__ = [
    "MacroScenario",
    "UnsafeWorkbook",
    "WorkbookErrors",
    "WorkbookRejected",
    "build_macro_template",
    "export_macro",
    "import_macro",
]

FORMAT_VERSION = "otbor-macro/1"
PARAMETERS_SHEET = "Параметры"
INDICES_SHEET = "Индексы"
GRP_SHEET = "ВРП"
MAX_YEARS = 50
MAX_REGIONS = 200
MAX_INDEX = 3.0

#: (code, Russian name, unit, is a rate in [0, 1)).
PARAMETERS: list[tuple[str, str, str, bool]] = [
    ("profit_tax_rate", "Ставка налога на прибыль", "доля (0,2 = 20 %)", True),
    ("risk_free_rate", "Безрисковая ставка доходности", "доля", True),
    ("market_return", "Среднерыночная доходность", "доля", True),
    ("long_term_inflation", "Долгосрочная инфляция (темп роста g)", "доля", True),
    ("ofz_yield", "Доходность ОФЗ (ставка дисконтирования бюджета)", "доля", True),
    (
        "high_productivity_wage",
        "Порог среднемесячной заработной платы высокопроизводительного рабочего места",
        "руб. в месяц",
        False,
    ),
]

_INPUT_FILL = PatternFill("solid", fgColor="FFFF99")
_BOLD = Font(bold=True)


@dataclass(frozen=True)
class MacroScenario:
    """The Ministry of Economic Development's base scenario; series align with ``years``."""

    profit_tax_rate: float
    risk_free_rate: float
    market_return: float
    long_term_inflation: float
    ofz_yield: float
    high_productivity_wage: float
    years: list[int]
    cpi: list[float]
    gdp_deflator: list[float]
    grp: dict[str, list[float]]
    grp_previous_year: dict[str, float]

    def case_call(self, region: str) -> dict[str, Any]:
        """The macro keys of a case file's ``call`` for a project in ``region``.

        Raises ``LookupError`` if the scenario has no GRP forecast for the region.
        """
        if region not in self.grp:
            raise LookupError(f"В макросценарии нет прогноза ВРП для региона {region}")
        scalars = {code: getattr(self, code) for code, _, _, _ in PARAMETERS}
        return {
            **scalars,
            "cpi": list(self.cpi),
            "gdp_deflator": list(self.gdp_deflator),
            "grp": list(self.grp[region]),
            "grp_previous_year": self.grp_previous_year[region],
        }


# --- template and export -----------------------------------------------------------------


def build_macro_template(years: Sequence[int], regions: Sequence[tuple[str, str]]) -> bytes:
    """An empty macro scenario workbook for ``years`` and the regions ``(code, name)``."""
    return _render(list(years), regions, None)


def export_macro(scenario: MacroScenario, regions: Sequence[tuple[str, str]]) -> bytes:
    """The scenario as a workbook; ``regions`` gives the names (and the row order)."""
    return _render(scenario.years, regions, scenario)


def _render(years: list[int], regions: Sequence[tuple[str, str]], scenario: MacroScenario | None) -> bytes:
    if not years or any(b != a + 1 for a, b in zip(years, years[1:], strict=False)):
        raise ValueError("years must be consecutive and non-empty")
    workbook = openpyxl.Workbook()
    parameters = workbook.active
    parameters.title = PARAMETERS_SHEET
    _header(parameters, ["Код", "Параметр", "Значение", "Единица"])
    for row, (code, name, unit, _rate) in enumerate(PARAMETERS, start=2):
        parameters.cell(row=row, column=1, value=code).font = Font(color="808080", size=8)
        parameters.cell(row=row, column=2, value=name)
        value = getattr(scenario, code) if scenario else None
        parameters.cell(row=row, column=3, value=value).fill = _INPUT_FILL
        parameters.cell(row=row, column=4, value=unit)
    _widths(parameters, [22, 80, 16, 20])

    indices = workbook.create_sheet(INDICES_SHEET)
    _header(indices, ["Год", "ИПЦ (индекс к предыдущему году)", "Дефлятор ВВП (индекс)"])
    for offset, year in enumerate(years):
        row = 2 + offset
        indices.cell(row=row, column=1, value=year)
        for column, series in ((2, "cpi"), (3, "gdp_deflator")):
            value = getattr(scenario, series)[offset] if scenario else None
            indices.cell(row=row, column=column, value=value).fill = _INPUT_FILL
    _widths(indices, [10, 34, 26])

    grp = workbook.create_sheet(GRP_SHEET)
    _header(grp, ["Код региона", "Регион", f"ВРП {years[0] - 1}", *years])
    for row, (code, name) in enumerate(regions, start=2):
        grp.cell(row=row, column=1, value=code)
        grp.cell(row=row, column=2, value=name)
        filled = scenario is not None and code in scenario.grp
        previous = scenario.grp_previous_year[code] if filled and scenario else None
        grp.cell(row=row, column=3, value=previous).fill = _INPUT_FILL
        for offset in range(len(years)):
            value = scenario.grp[code][offset] if filled and scenario else None
            grp.cell(row=row, column=4 + offset, value=value).fill = _INPUT_FILL
    _widths(grp, [12, 40, 20, *([20] * len(years))])
    grp.freeze_panes = "D2"

    workbook.defined_names["OTBOR_FORMAT"] = DefinedName("OTBOR_FORMAT", attr_text=f'"{FORMAT_VERSION}"')
    return workbook_bytes(workbook)  # a region's name is text, never a formula


def _header(sheet: Any, titles: Sequence[object]) -> None:
    for column, title in enumerate(titles, start=1):
        sheet.cell(row=1, column=column, value=title).font = _BOLD


def _widths(sheet: Any, widths: Sequence[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


# --- import ------------------------------------------------------------------------------


def import_macro(data: bytes, *, known_region_codes: Collection[str]) -> MacroScenario:
    """Read a macro scenario workbook.

    Raises :class:`UnsafeWorkbook` for an unsafe or non-xlsx file and
    :class:`WorkbookErrors` listing every problem, cell by cell, in Russian.
    """
    sheets, _names = read_workbook_cells(
        data,
        sheets={
            PARAMETERS_SHEET: (1 + len(PARAMETERS), 3),
            INDICES_SHEET: (1 + MAX_YEARS + 1, 3),
            GRP_SHEET: (1 + MAX_REGIONS, 3 + MAX_YEARS + 1),
        },
    )
    errors: list[str] = []
    scalars = _read_parameters(sheets[PARAMETERS_SHEET], errors)
    years, cpi, deflator = _read_indices(sheets[INDICES_SHEET], errors)
    grp, previous = _read_grp(sheets[GRP_SHEET], years, set(known_region_codes), errors)
    if errors:
        raise WorkbookErrors(errors)
    return MacroScenario(
        **scalars,
        years=years,
        cpi=cpi,
        gdp_deflator=deflator,
        grp=grp,
        grp_previous_year=previous,
    )


def _read_parameters(cells: SheetCells, errors: list[str]) -> dict[str, float]:
    scalars: dict[str, float] = {}
    for row, (code, name, _unit, is_rate) in enumerate(PARAMETERS, start=2):
        if cells.value(row, 1) != code:
            errors.append(cells.error(row, 1, f"ожидался параметр «{name}» (код {code})"))
            continue
        number, problem = cells.number(row, 3)
        if problem is None and number is not None:
            if is_rate and not 0 <= number < 1:
                problem = "ожидалась доля от 0 до 1 (например 0,2 для 20 %)"
            elif not is_rate and number <= 0:
                problem = "ожидалось положительное число"
        if problem is not None or number is None:
            errors.append(cells.error(row, 3, problem or "ожидалось число"))
            continue
        scalars[code] = number
    return scalars


def _read_indices(cells: SheetCells, errors: list[str]) -> tuple[list[int], list[float], list[float]]:
    years: list[int] = []
    cpi: list[float] = []
    deflator: list[float] = []
    row = 2
    while not cells.is_empty(row, 1) and len(years) < MAX_YEARS:
        year = as_year(cells.value(row, 1))
        expected = years[-1] + 1 if years else None
        if year is None or (expected is not None and year != expected):
            hint = f"ожидался год {expected}" if expected else "ожидался год (целое число)"
            errors.append(cells.error(row, 1, hint))
            year = expected if expected is not None else 0
        years.append(year)
        cpi.append(_index(cells, row, 2, errors))
        deflator.append(_index(cells, row, 3, errors))
        row += 1
    if not years:
        errors.append(cells.error(2, 1, "не указан ни один год прогноза"))
    return years, cpi, deflator


def _index(cells: SheetCells, row: int, column: int, errors: list[str]) -> float:
    number, problem = cells.number(row, column)
    if problem is None and number is not None and not 0 < number < MAX_INDEX:
        problem = "ожидался индекс к предыдущему году (например 1,074), а не процент"
    if problem is not None or number is None:
        errors.append(cells.error(row, column, problem or "ожидалось число"))
        return 0.0
    return number


def _region_code(value: Any, known: set[str]) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        for candidate in (str(value), f"{value:02d}"):
            if candidate in known:
                return candidate
        return str(value)
    return value.strip() if isinstance(value, str) else None


def _read_grp(
    cells: SheetCells, years: list[int], known: set[str], errors: list[str]
) -> tuple[dict[str, list[float]], dict[str, float]]:
    _check_grp_header(cells, years, errors)
    grp: dict[str, list[float]] = {}
    previous: dict[str, float] = {}
    seen: dict[str, int] = {}
    value_columns = range(3, 4 + len(years))
    for row in range(2, 2 + MAX_REGIONS):
        numbers_empty = all(cells.is_empty(row, column) for column in value_columns)
        if cells.is_empty(row, 1) and numbers_empty:
            continue
        code = _region_code(cells.value(row, 1), known)
        if code is None or code == "":
            errors.append(cells.error(row, 1, "не указан код региона"))
            continue
        if code not in known:
            errors.append(cells.error(row, 1, f"неизвестный код региона «{code}»"))
            continue
        if code in seen:
            errors.append(cells.error(row, 1, f"регион {code} уже указан в строке {seen[code]}"))
            continue
        seen[code] = row
        if numbers_empty:
            continue  # the region has no forecast in this scenario
        values = [_positive(cells, row, column, errors) for column in value_columns]
        previous[code], grp[code] = values[0], values[1:]
    if not grp and years:
        errors.append(sheet_error(GRP_SHEET, "не заполнен ВРП ни одного региона"))
    return grp, previous


def _check_grp_header(cells: SheetCells, years: list[int], errors: list[str]) -> None:
    for offset, year in enumerate(years):
        column = 4 + offset
        found = as_year(cells.value(1, column))
        if found is None and cells.is_empty(1, column):
            errors.append(cells.error(1, column, f"нет года {year} (годы как на листе «Индексы»)"))
        elif found != year:
            errors.append(cells.error(1, column, f"ожидался год {year}"))
    extra_column = 4 + len(years)
    extra = as_year(cells.value(1, extra_column))
    if extra is not None:
        message = f"лишний год {extra}: годы должны совпадать с листом «Индексы»"
        errors.append(cells.error(1, extra_column, message))


def _positive(cells: SheetCells, row: int, column: int, errors: list[str]) -> float:
    number, problem = cells.number(row, column)
    if problem is None and number is not None and number <= 0:
        problem = "ожидалось положительное число"
    if problem is not None or number is None:
        errors.append(cells.error(row, column, problem or "ожидалось число"))
        return 0.0
    return number
