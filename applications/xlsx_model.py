"""The applicant's financial model workbook: template, import, export (format ``otbor-model/1``).

Layout of the sheet «Модель» (the import relies on it; the sheet is protected so the
applicant only types into the yellow cells):

* ``A1`` holds the format marker ``otbor-model/1``; the workbook also carries the defined
  names ``OTBOR_FORMAT`` and ``OTBOR_YEARS`` (the years the template was made for).
* Row 3 is the header: ``A3`` code, ``B3`` indicator, ``C3`` unit, years from ``D3`` on.
* Rows 4–18 are the indicators of :data:`SERIES`, in order: column A the key of
  ``project.series`` in the case file (``otbor-case/1``), B the Russian label, C the unit
  (rubles), then one yellow input cell per year.

Sheet protection has no password (it prevents accidents, not attacks; the import checks
everything anyway). Values are read with ``data_only=True``; a formula whose cached value
is missing (a file written by a program that does not calculate) is reported, not zero.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from applications.xlsx_safety import (
    SheetCells,
    UnsafeWorkbook,
    WorkbookErrors,
    WorkbookRejected,
    cell_error,
    read_workbook_cells,
)

__all__ = [
    "FORMAT_VERSION",
    "MIN_YEARS",
    "MODEL_SHEET",
    "NON_NEGATIVE",
    "SERIES",
    "ImportedModel",
    "UnsafeWorkbook",
    "WorkbookErrors",
    "WorkbookRejected",
    "build_template",
    "case_from_workbook",
    "export_workbook",
    "import_workbook",
]

FORMAT_VERSION = "otbor-model/1"
MODEL_SHEET = "Модель"
INSTRUCTIONS_SHEET = "Инструкция"
MIN_YEARS = 10
MAX_YEARS = 50
HEADER_ROW = 3
FIRST_DATA_ROW = 4
FIRST_YEAR_COLUMN = 4  # D
RUB = "руб."

SERIES: list[tuple[str, str, str]] = [
    ("ebit", "Прибыль до процентов и налогов (EBIT)", RUB),
    ("ebitda", "Прибыль до процентов, налогов и амортизации (EBITDA)", RUB),
    ("non_cash_charges", "Неденежные расходы (амортизация и т. п.)", RUB),
    ("non_cash_income", "Неденежные доходы", RUB),
    ("wc_change", "Изменение оборотного капитала", RUB),
    ("capex", "Капитальные вложения", RUB),
    ("asset_sales", "Поступления от продажи активов", RUB),
    ("ocf", "Операционный денежный поток", RUB),
    ("net_interest", "Чистые процентные платежи", RUB),
    ("salaries", "Расходы на оплату труда", RUB),
    ("rent", "Арендные платежи", RUB),
    ("taxes", "Налоговые платежи в бюджеты всех уровней", RUB),
    ("budget_savings", "Экономия бюджетных средств", RUB),
    ("subsidy", "Планируемая субсидия", RUB),
    ("other_budget_expenses", "Прочие расходы бюджета", RUB),
]
SERIES_KEYS = [key for key, _, _ in SERIES]
NON_NEGATIVE = frozenset(
    {
        "capex",
        "salaries",
        "rent",
        "taxes",
        "subsidy",
        "other_budget_expenses",
        "budget_savings",
        "asset_sales",
    }
)
LAST_DATA_ROW = FIRST_DATA_ROW + len(SERIES) - 1
EMPTY_INPUT = "ячейка не заполнена: ожидалось число (для нуля введите 0)"

_INPUT_FILL = PatternFill("solid", fgColor="FFFF99")
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_NUMBER_FORMAT = "#,##0.00"

INSTRUCTIONS = [
    "Финансовая модель проекта для конкурсного отбора",
    "",
    "1. Заполняйте только жёлтые ячейки на листе «Модель». Остальные ячейки защищены.",
    "2. Все суммы указываются в рублях (не в тысячах и не в миллионах рублей).",
    "3. Одна строка — один показатель, один столбец — один год прогноза.",
    "4. Не меняйте структуру листа: не добавляйте, не удаляйте и не переставляйте строки",
    "   и столбцы, не переименовывайте листы, не меняйте годы в заголовке.",
    f"5. Прогноз охватывает не менее {MIN_YEARS} лет; годы заданы условиями отбора.",
    "6. Заполните все жёлтые ячейки; если показатель равен нулю, введите 0.",
    "7. Капитальные вложения, оплата труда, аренда, налоги, экономия бюджета, субсидия,",
    "   прочие расходы бюджета и поступления от продажи активов не могут быть отрицательными.",
    "8. Можно использовать формулы, но сохраните книгу в Excel, чтобы значения были вычислены.",
    "9. Книги с макросами (.xlsm) не принимаются; сохраняйте файл в формате .xlsx.",
]


@dataclass(frozen=True)
class ImportedModel:
    """The financial model read from a workbook: ``series[key][i]`` belongs to ``years[i]``."""

    years: list[int]
    series: dict[str, list[float]]


# --- template and export -----------------------------------------------------------------


def build_template(*, years: list[int], call_title: str) -> bytes:
    """An empty financial model template for a call's forecast years."""
    return _render(years=years, call_title=call_title, series=None)


def export_workbook(
    years: Sequence[int], series: Mapping[str, Sequence[float]], *, call_title: str = ""
) -> bytes:
    """The template filled with ``series`` (every key of :data:`SERIES`, aligned with years)."""
    missing = [key for key in SERIES_KEYS if key not in series]
    unknown = [key for key in series if key not in SERIES_KEYS]
    if missing or unknown:
        raise ValueError(f"series keys: missing {missing}, unknown {unknown}")
    for key in SERIES_KEYS:
        if len(series[key]) != len(years):
            raise ValueError(f"series {key!r} has {len(series[key])} values for {len(years)} years")
    return _render(years=list(years), call_title=call_title, series=series)


def _check_years(years: Sequence[int]) -> None:
    if not years or len(years) > MAX_YEARS:
        raise ValueError(f"from 1 to {MAX_YEARS} years expected")
    if any(b != a + 1 for a, b in zip(years, years[1:], strict=False)):
        raise ValueError("years must be consecutive")


def _render(*, years: list[int], call_title: str, series: Mapping[str, Sequence[float]] | None) -> bytes:
    _check_years(years)
    workbook = openpyxl.Workbook()
    instructions = workbook.active
    instructions.title = INSTRUCTIONS_SHEET
    _fill_instructions(instructions, call_title)
    sheet = workbook.create_sheet(MODEL_SHEET)
    _fill_model_sheet(sheet, years, call_title, series)
    workbook.defined_names["OTBOR_FORMAT"] = DefinedName("OTBOR_FORMAT", attr_text=f'"{FORMAT_VERSION}"')
    workbook.defined_names["OTBOR_YEARS"] = DefinedName(
        "OTBOR_YEARS", attr_text='"' + ",".join(str(y) for y in years) + '"'
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill_instructions(sheet: Any, call_title: str) -> None:
    sheet.column_dimensions["A"].width = 110
    for row, line in enumerate(INSTRUCTIONS, start=1):
        sheet.cell(row=row, column=1, value=line)
    sheet["A1"].font = Font(bold=True, size=14)
    if call_title:
        sheet.cell(row=len(INSTRUCTIONS) + 2, column=1, value=f"Отбор: {call_title}")
    sheet.protection.sheet = True


def _fill_model_sheet(
    sheet: Any,
    years: list[int],
    call_title: str,
    series: Mapping[str, Sequence[float]] | None,
) -> None:
    sheet["A1"] = FORMAT_VERSION
    sheet["A1"].font = Font(color="808080", size=8)
    title = "Финансовая модель проекта" + (f" — {call_title}" if call_title else "")
    sheet["B1"] = title
    sheet["B1"].font = Font(bold=True, size=13)
    sheet["B2"] = "Все суммы — в рублях. Заполняйте только жёлтые ячейки."
    header = ["Код", "Показатель", "Ед. изм.", *years]
    for column, value in enumerate(header, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=value)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    last_column = get_column_letter(FIRST_YEAR_COLUMN + len(years) - 1)
    signed = _validation("-1E+15", "Введите число в рублях")
    non_negative = _validation("0", "Введите неотрицательное число в рублях")
    for index, (key, label, unit) in enumerate(SERIES):
        row = FIRST_DATA_ROW + index
        sheet.cell(row=row, column=1, value=key).font = Font(color="808080", size=8)
        sheet.cell(row=row, column=2, value=label)
        sheet.cell(row=row, column=3, value=unit)
        for offset in range(len(years)):
            cell = sheet.cell(row=row, column=FIRST_YEAR_COLUMN + offset)
            cell.fill = _INPUT_FILL
            cell.protection = Protection(locked=False)
            cell.number_format = _NUMBER_FORMAT
            if series is not None:
                cell.value = _excel_number(series[key][offset])
        cell_range = f"D{row}:{last_column}{row}"
        (non_negative if key in NON_NEGATIVE else signed).add(cell_range)
    sheet.add_data_validation(signed)
    sheet.add_data_validation(non_negative)
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 55
    sheet.column_dimensions["C"].width = 8
    for offset in range(len(years)):
        sheet.column_dimensions[get_column_letter(FIRST_YEAR_COLUMN + offset)].width = 18
    sheet.freeze_panes = f"D{FIRST_DATA_ROW}"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # the applicant may widen columns


def _validation(minimum: str, message: str) -> DataValidation:
    return DataValidation(
        type="decimal",
        operator="between",
        formula1=minimum,
        formula2="1E+15",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Неверное значение",
        error=message,
    )


def _excel_number(value: float) -> int | float:
    number = float(value)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


# --- import ------------------------------------------------------------------------------


def import_workbook(data: bytes, *, expected_years: list[int] | None = None) -> ImportedModel:
    """Read the financial model from an uploaded workbook.

    Raises :class:`UnsafeWorkbook` (not an xlsx, macros, zip bomb...) or
    :class:`WorkbookErrors` listing every problem found, cell by cell, in Russian.
    """
    window = (LAST_DATA_ROW, FIRST_YEAR_COLUMN + MAX_YEARS)
    sheets, names = read_workbook_cells(data, sheets={MODEL_SHEET: window})
    cells = sheets[MODEL_SHEET]
    errors: list[str] = []
    years = _read_years(cells, errors)
    _check_year_set(years, _defined_years(names), expected_years, errors)
    series: dict[str, list[float]] = {}
    for index, (key, label, _unit) in enumerate(SERIES):
        row = FIRST_DATA_ROW + index
        if cells.value(row, 1) != key:
            message = f"ожидалась строка «{label}» (код {key}): не меняйте структуру листа"
            errors.append(cells.error(row, 1, message))
            continue
        series[key] = _read_row(cells, row, len(years), key, errors)
    if errors:
        raise WorkbookErrors(errors)
    return ImportedModel(years=years, series=series)


def _defined_years(names: Mapping[str, str]) -> list[int] | None:
    text = names.get("OTBOR_YEARS", "").strip('"')
    try:
        return [int(part) for part in text.split(",")] if text else None
    except ValueError:
        return None


def _read_years(cells: SheetCells, errors: list[str]) -> list[int]:
    if cells.value(1, 1) != FORMAT_VERSION:
        errors.append(
            cells.error(
                1,
                1,
                f"нет отметки формата {FORMAT_VERSION}: книга не из шаблона Otbor, скачайте шаблон заново",
            )
        )
    years: list[int] = []
    column = FIRST_YEAR_COLUMN
    while not cells.is_empty(HEADER_ROW, column) and len(years) < MAX_YEARS:
        year = as_year(cells.value(HEADER_ROW, column))
        # Compare with the first year's position, so one changed cell is one error.
        expected = years[0] + len(years) if years else None
        if year is None:
            errors.append(cells.error(HEADER_ROW, column, "ожидался год (целое число)"))
        elif expected is not None and year != expected:
            message = f"ожидался год {expected}: годы идут подряд"
            errors.append(cells.error(HEADER_ROW, column, message))
        years.append(expected if expected is not None else year if year is not None else 0)
        column += 1
    if not years:
        errors.append(cells.error(HEADER_ROW, FIRST_YEAR_COLUMN, "нет годов прогноза в заголовке"))
    return years


def as_year(value: Any) -> int | None:
    """A header cell as a year between 1990 and 2100, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) == 4:
        value = int(value.strip())
    if isinstance(value, int) and 1990 <= value <= 2100:
        return value
    return None


def _span(years: Sequence[int]) -> str:
    return f"{years[0]}–{years[-1]}" if years else "—"


def _check_year_set(
    years: list[int],
    template_years: list[int] | None,
    expected_years: list[int] | None,
    errors: list[str],
) -> None:
    if not years:
        return
    cells = f"D{HEADER_ROW}:{get_column_letter(FIRST_YEAR_COLUMN + len(years) - 1)}{HEADER_ROW}"
    if template_years is not None and years != template_years:
        message = f"годы изменены: в шаблоне {_span(template_years)}, в книге {_span(years)}"
        errors.append(cell_error(MODEL_SHEET, cells, message))
    if expected_years is not None and years != list(expected_years):
        message = f"годы {_span(years)} не совпадают с годами отбора {_span(expected_years)}"
        errors.append(cell_error(MODEL_SHEET, cells, message))
    if len(years) < MIN_YEARS:
        message = f"прогноз должен охватывать не менее {MIN_YEARS} лет, указано {len(years)}"
        errors.append(cell_error(MODEL_SHEET, cells, message))


def _read_row(cells: SheetCells, row: int, year_count: int, key: str, errors: list[str]) -> list[float]:
    numbers: list[float] = []
    for offset in range(year_count):
        column = FIRST_YEAR_COLUMN + offset
        number, problem = cells.number(row, column, empty_message=EMPTY_INPUT)
        if problem is None and number is not None and key in NON_NEGATIVE and number < 0:
            problem = "ожидалось неотрицательное число"
        if problem is not None:
            errors.append(cells.error(row, column, problem))
        numbers.append(number if number is not None else 0.0)
    return numbers


# --- command-line case -------------------------------------------------------------------

MAX_FILE_SIZE = 25 * 1024 * 1024


def case_from_workbook(path: str, *, call_id: int | None) -> dict[str, Any]:
    """An ``otbor-case/1`` document from a model workbook and a call (``evaluate --call ID``).

    Raises :class:`WorkbookRejected` for a bad workbook, ``ValueError`` without a call,
    and ``LookupError`` (from ``build_case_for_call``) for an unknown call.
    """
    with open(path, "rb") as handle:
        data = handle.read(MAX_FILE_SIZE + 1)
    imported = import_workbook(data)
    if call_id is None:
        raise ValueError("Не указан отбор (--call ID): без него нельзя собрать макросценарий")
    from applications.services.cases import build_case_for_call  # needs Django set up

    return build_case_for_call(call_id=call_id, series=imported.series, years=imported.years)
