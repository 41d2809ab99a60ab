"""The applicant's financial model workbook: template, import, export (format ``otbor-model/1``).

Layout of the sheet «Модель» (the import relies on it; the sheet is protected so the
applicant only types into the yellow cells):

* ``A1`` holds the format marker ``otbor-model/1``; the workbook also carries the defined
  names ``OTBOR_FORMAT`` and ``OTBOR_YEARS`` (the years the template was made for).
* Row 3 is the header: ``A3`` code, ``B3`` indicator, ``C3`` unit, years from ``D3`` on.
* Rows 4–18 are the indicators of :data:`SERIES`, in order: column A the key of
  ``project.series`` in the case file (``otbor-case/1``), B the Russian label, C the unit
  (rubles), then one yellow input cell per year.

The sheet «Проект» holds the project parameters (the ``project`` keys of the case other
than ``series``): ``A1`` the same format marker, row 3 the header, then one row per
:data:`PROJECT_FIELDS` entry — column A the dotted case path (``capex.land``), B the Russian
label, C the yellow input cell, D a hint. :func:`import_workbook` (the web import) ignores
it; :func:`import_project` reads it for ``manage.py evaluate model.xlsx --call ID``.

Sheet protection has no password (it prevents accidents, not attacks; the import checks
everything anyway). Values are read with ``data_only=True``; a formula whose cached value
is missing (a file written by a program that does not calculate) is reported, not zero.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from engine import schema
from engine.schema import ProjectField, value_at
from reference.limits import MAX_UPLOAD_SIZE
from reference.xlsx_safety import (
    SheetCells,
    UnsafeWorkbook,
    WorkbookErrors,
    WorkbookRejected,
    as_year,
    cell_error,
    cell_number,
    read_workbook_cells,
)
from reference.xlsx_writing import unquote_cell_text, workbook_bytes

__all__ = [
    "FORMAT_VERSION",
    "MIN_YEARS",
    "MODEL_SHEET",
    "NON_NEGATIVE",
    "PROJECT_FIELDS",
    "PROJECT_SHEET",
    "SERIES",
    "ImportedModel",
    "MissingProjectSheet",
    "UnsafeWorkbook",
    "WorkbookErrors",
    "WorkbookRejected",
    "build_template",
    "case_from_workbook",
    "export_workbook",
    "import_project",
    "import_workbook",
]

FORMAT_VERSION = "otbor-model/1"
MODEL_SHEET = "Модель"
PROJECT_SHEET = "Проект"
INSTRUCTIONS_SHEET = "Инструкция"
MIN_YEARS = schema.MIN_FORECAST_YEARS
MAX_YEARS = schema.MAX_FORECAST_YEARS
HEADER_ROW = 3
FIRST_DATA_ROW = 4
FIRST_YEAR_COLUMN = 4  # D
RUB = schema.RUBLES

#: The rows of the sheet «Модель»: (case key, Russian label, unit), the schema's series.
SERIES: list[tuple[str, str, str]] = [(spec.key, spec.label, spec.unit) for spec in schema.SERIES]
SERIES_KEYS = list(schema.SERIES_KEYS)
NON_NEGATIVE = schema.NON_NEGATIVE_SERIES
LAST_DATA_ROW = FIRST_DATA_ROW + len(SERIES) - 1

#: The rows of the sheet «Проект»: the schema's project fields (``key`` is the dotted path
#: in the case's ``project``; see :class:`engine.schema.ProjectField` for the kinds).
PROJECT_FIELDS = schema.PROJECT_FIELDS
PROJECT_KEYS = list(schema.PROJECT_KEYS)
LAST_PROJECT_ROW = FIRST_DATA_ROW + len(PROJECT_FIELDS) - 1
VALUE_COLUMN = 3  # C
PROJECT_SHEET_MISSING = f'В книге нет листа "{PROJECT_SHEET}": скачайте шаблон заявки из системы заново'
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
    "10. На листе «Проект» — параметры проекта: стоимость, затраты, рабочие места, кредит,",
    "   структура капитала. Даты — ДД.ММ.ГГГГ, ставки — в процентах (12,5 %), да/нет — словом.",
    "   Лист нужен для расчёта показателей по книге; при загрузке модели в заявку он не читается.",
]


@dataclass(frozen=True)
class ImportedModel:
    """The financial model read from a workbook: ``series[key][i]`` belongs to ``years[i]``."""

    years: list[int]
    series: dict[str, list[float]]


# --- template and export -----------------------------------------------------------------


def build_template(*, years: list[int], call_title: str, project: Mapping[str, Any] | None = None) -> bytes:
    """An empty financial model template for a call's forecast years.

    ``project`` (the nested ``project`` of a case, ``series`` ignored, any key may be
    missing) pre-fills the sheet «Проект».
    """
    return _render(years=years, call_title=call_title, series=None, project=project)


def export_workbook(
    years: Sequence[int],
    series: Mapping[str, Sequence[float]],
    *,
    call_title: str = "",
    project: Mapping[str, Any] | None = None,
) -> bytes:
    """The template filled with ``series`` (every key of :data:`SERIES`, aligned with years)
    and, if given, the project parameters."""
    missing = [key for key in SERIES_KEYS if key not in series]
    unknown = [key for key in series if key not in SERIES_KEYS]
    if missing or unknown:
        raise ValueError(f"series keys: missing {missing}, unknown {unknown}")
    for key in SERIES_KEYS:
        if len(series[key]) != len(years):
            raise ValueError(f"series {key!r} has {len(series[key])} values for {len(years)} years")
    return _render(years=list(years), call_title=call_title, series=series, project=project)


def _check_years(years: Sequence[int]) -> None:
    if not years or len(years) > MAX_YEARS:
        raise ValueError(f"from 1 to {MAX_YEARS} years expected")
    if any(b != a + 1 for a, b in zip(years, years[1:], strict=False)):
        raise ValueError("years must be consecutive")


def _render(
    *,
    years: list[int],
    call_title: str,
    series: Mapping[str, Sequence[float]] | None,
    project: Mapping[str, Any] | None,
) -> bytes:
    _check_years(years)
    workbook = openpyxl.Workbook()
    instructions = workbook.active
    instructions.title = INSTRUCTIONS_SHEET
    _fill_instructions(instructions, call_title)
    sheet = workbook.create_sheet(MODEL_SHEET)
    _fill_model_sheet(sheet, years, call_title, series)
    _fill_project_sheet(workbook.create_sheet(PROJECT_SHEET), call_title, project or {})
    workbook.defined_names["OTBOR_FORMAT"] = DefinedName("OTBOR_FORMAT", attr_text=f'"{FORMAT_VERSION}"')
    workbook.defined_names["OTBOR_YEARS"] = DefinedName(
        "OTBOR_YEARS", attr_text='"' + ",".join(str(y) for y in years) + '"'
    )
    # Texts typed by the applicant (the title) or a secretary (the call's title) are data,
    # never formulas.
    return workbook_bytes(workbook)


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


_DATE_FORMAT = "DD.MM.YYYY"
_FORMATS = {
    "money": _NUMBER_FORMAT,
    "number": "0.00##",
    "rate": "0.00##%",
    "count": "0",
    "date": _DATE_FORMAT,
}


def _fill_project_sheet(sheet: Any, call_title: str, project: Mapping[str, Any]) -> None:
    sheet["A1"] = FORMAT_VERSION
    sheet["A1"].font = Font(color="808080", size=8)
    sheet["B1"] = "Параметры проекта" + (f" — {call_title}" if call_title else "")
    sheet["B1"].font = Font(bold=True, size=13)
    sheet["B2"] = "Заполняйте только жёлтые ячейки. Суммы — в рублях, ставки — в процентах."
    for column, value in enumerate(["Код", "Параметр", "Значение", "Пояснение"], start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=value)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    validations: dict[str, DataValidation] = {}
    for index, field in enumerate(PROJECT_FIELDS):
        row = FIRST_DATA_ROW + index
        sheet.cell(row=row, column=1, value=field.key).font = Font(color="808080", size=8)
        sheet.cell(row=row, column=2, value=field.label)
        sheet.cell(row=row, column=4, value=field.hint).font = Font(color="606060")
        cell = sheet.cell(row=row, column=VALUE_COLUMN)
        cell.fill = _INPUT_FILL
        cell.protection = Protection(locked=False)
        cell.number_format = _FORMATS.get(field.kind, "@")
        cell.value = _project_cell_value(field, value_at(project, field.key))
        validation = _project_validation(field, validations)
        if validation is not None:
            validation.add(cell.coordinate)
    for validation in validations.values():
        sheet.add_data_validation(validation)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 58
    sheet.column_dimensions["C"].width = 22
    sheet.column_dimensions["D"].width = 70
    sheet.freeze_panes = f"C{FIRST_DATA_ROW}"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False


def _set_path(data: dict[str, Any], key: str, value: Any) -> None:
    *parents, last = key.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


def _project_cell_value(field: ProjectField, value: Any) -> Any:
    """A project value as the template cell shows it (None leaves the cell empty)."""
    if value is None or value == "":
        return None
    if field.kind == "yes_no" and isinstance(value, bool):
        return "да" if value else "нет"
    if field.kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            return str(value)
    if field.kind in ("money", "number", "rate", "count") and isinstance(value, int | float):
        return _excel_number(value)
    return str(value)


def _project_validation(field: ProjectField, made: dict[str, DataValidation]) -> DataValidation | None:
    if field.kind in ("choice", "yes_no"):
        key = "list:" + ",".join(field.choices)
        if key not in made:
            made[key] = DataValidation(
                type="list",
                formula1='"' + ",".join(field.choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Неверное значение",
                error="Выберите значение из списка: " + ", ".join(field.choices),
            )
        return made[key]
    if field.kind == "money":
        key = "money"
        if key not in made:
            made[key] = _validation("0", "Введите неотрицательное число в рублях")
        return made[key]
    if field.kind == "count":
        key = f"count:{field.minimum}"
        if key not in made:
            made[key] = DataValidation(
                type="whole",
                operator="between",
                formula1=str(field.minimum),
                formula2="1000000000",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Неверное значение",
                error=f"Введите целое число не меньше {field.minimum}",
            )
        return made[key]
    if field.kind == "rate":
        if "rate" not in made:
            made["rate"] = DataValidation(
                type="decimal",
                operator="between",
                formula1="0",
                formula2="1",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Неверное значение",
                error="Введите ставку в процентах, например 12,5 %",
            )
        return made["rate"]
    return None


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
    first, last = schema.FIRST_FORECAST_YEAR, schema.LAST_FORECAST_YEAR
    if years[0] < first or years[-1] > last:
        message = f"годы прогноза — с {first} по {last}, в книге {_span(years)}"
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


# --- import of the sheet «Проект» ---------------------------------------------------------


class MissingProjectSheet(WorkbookErrors):
    """The workbook has no sheet «Проект» (made from an older template or by hand)."""


_DATE_TEXT = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
_ISO_DATE_TEXT = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_YES = frozenset({"да", "yes", "true", "1"})
_NO = frozenset({"нет", "no", "false", "0"})
_EMPTY_PROJECT = "ячейка не заполнена"


def import_project(data: bytes) -> dict[str, Any]:
    """The project parameters of the sheet «Проект»: the case's nested ``project`` without
    ``series`` (dates as ``YYYY-MM-DD``, rates as fractions, optional years left out when
    empty).

    Raises :class:`UnsafeWorkbook`, :class:`MissingProjectSheet` or :class:`WorkbookErrors`
    listing every problem cell by cell, in Russian.
    """
    try:
        sheets, _names = read_workbook_cells(data, sheets={PROJECT_SHEET: (LAST_PROJECT_ROW, 4)})
    except UnsafeWorkbook:
        raise
    except WorkbookErrors as error:
        if any(f'листа "{PROJECT_SHEET}"' in line for line in error.errors):
            raise MissingProjectSheet([PROJECT_SHEET_MISSING]) from None
        raise
    cells = sheets[PROJECT_SHEET]
    errors: list[str] = []
    project: dict[str, Any] = {}
    rows: dict[str, int] = {}
    for index, field in enumerate(PROJECT_FIELDS):
        row = FIRST_DATA_ROW + index
        rows[field.key] = row
        if cells.value(row, 1) != field.key:
            message = f"ожидалась строка «{field.label}» (код {field.key}): не меняйте структуру листа"
            errors.append(cells.error(row, 1, message))
            continue
        if cells.is_empty(row, VALUE_COLUMN):
            if not field.optional:
                errors.append(cells.error(row, VALUE_COLUMN, _EMPTY_PROJECT + _expected(field)))
            continue
        value, problem = _project_value(field, cells, row)
        if problem is not None:
            errors.append(cells.error(row, VALUE_COLUMN, problem))
            continue
        _set_path(project, field.key, value)
    for section in ("terminal", "budget_terminal"):
        mode = value_at(project, f"{section}.mode")
        years_key = f"{section}.years"
        row = rows[years_key]
        if mode == "finite" and value_at(project, years_key) is None and cells.value(row, 1) == years_key:
            if cells.is_empty(row, VALUE_COLUMN):
                errors.append(cells.error(row, VALUE_COLUMN, "для режима finite укажите число лет"))
    if errors:
        raise WorkbookErrors(errors)
    return project


def _expected(field: ProjectField) -> str:
    return {
        "text": ": ожидался текст",
        "money": ": ожидалось число (для нуля введите 0)",
        "number": ": ожидалось число",
        "rate": ": ожидалась ставка в процентах (для нуля введите 0)",
        "count": ": ожидалось целое число (для нуля введите 0)",
        "date": ": ожидалась дата ДД.ММ.ГГГГ",
        "yes_no": ": ожидалось «да» или «нет»",
        "choice": ": ожидалось одно из значений " + ", ".join(field.choices),
    }[field.kind]


def _project_value(field: ProjectField, cells: SheetCells, row: int) -> tuple[Any, str | None]:
    """The value of a non-empty input cell, or a Russian description of the problem."""
    raw = cells.value(row, VALUE_COLUMN)
    if raw is None:  # a formula without a cached value
        return None, "формула без вычисленного значения: сохраните файл в Excel"
    if isinstance(raw, str) and raw.strip().upper().startswith("#"):
        return None, f"ошибка в формуле ({raw.strip()})"
    if field.kind == "text":
        return _project_text(raw)
    if field.kind == "date":
        return _project_date(raw)
    if field.kind in ("yes_no", "choice"):
        text = str(raw).strip().lower() if not isinstance(raw, bool) else ("да" if raw else "нет")
        if field.kind == "yes_no":
            if isinstance(raw, bool):
                return raw, None
            if text in _YES:
                return True, None
            if text in _NO:
                return False, None
            return None, f"ожидалось «да» или «нет», указано «{str(raw).strip()}»"
        if text in field.choices:
            return text, None
        return None, f"ожидалось одно из значений {', '.join(field.choices)}, указано «{str(raw).strip()}»"
    return _project_number(field, cells, row, raw)


def _project_text(raw: Any) -> tuple[Any, str | None]:
    if isinstance(raw, bool) or isinstance(raw, dt.date | dt.time | dt.timedelta):
        return None, "ожидался текст"
    if isinstance(raw, int | float):
        return str(_excel_number(raw)), None
    text = unquote_cell_text(str(raw).strip()).strip()
    if not text:
        return None, _EMPTY_PROJECT + ": ожидался текст"
    return text, None


def _project_date(raw: Any) -> tuple[Any, str | None]:
    if isinstance(raw, dt.datetime):
        if raw.time() != dt.time(0, 0):
            return None, "ожидалась дата без времени (ДД.ММ.ГГГГ)"
        return raw.date().isoformat(), None
    if isinstance(raw, dt.date):
        return raw.isoformat(), None
    if isinstance(raw, str):
        match = _DATE_TEXT.match(raw)
        parts = (match[3], match[2], match[1]) if match else None
        iso = _ISO_DATE_TEXT.match(raw)
        if iso:
            parts = (iso[1], iso[2], iso[3])
        if parts is not None:
            try:
                return dt.date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat(), None
            except ValueError:
                return None, f"такой даты нет: «{raw.strip()}»"
    return None, "ожидалась дата ДД.ММ.ГГГГ"


def _project_number(field: ProjectField, cells: SheetCells, row: int, raw: Any) -> tuple[Any, str | None]:
    percent = False
    if field.kind == "rate" and isinstance(raw, str) and raw.strip().endswith("%"):
        percent = True
        number, problem = cell_number(raw.strip()[:-1])
    else:
        number, problem = cells.number(row, VALUE_COLUMN)
    if problem is not None or number is None:
        return None, problem or "ожидалось число"
    if percent:
        number /= 100
    if field.kind == "count":
        if not number.is_integer():
            return None, "ожидалось целое число"
        if number < field.minimum:
            return None, f"ожидалось целое число не меньше {field.minimum}"
        return int(number), None
    if field.kind in ("money", "rate") and number < 0:
        return None, "ожидалось неотрицательное число"
    if field.kind == "rate" and number > 1:
        return None, "ставка больше 100 %: введите её в процентах, например 12,5 % (или долей: 0,125)"
    return number, None


# --- command-line case -------------------------------------------------------------------

MAX_FILE_SIZE = MAX_UPLOAD_SIZE


def case_from_workbook(path: str, *, call_id: int | None) -> dict[str, Any]:
    """An ``otbor-case/1`` document from a model workbook and a call (``evaluate --call ID``).

    The series come from the sheet «Модель» (:func:`import_workbook`), the project
    parameters from the sheet «Проект» (:func:`import_project`), the macro scenario from
    the call. Raises :class:`WorkbookRejected` for a bad workbook (every problem of both
    sheets), ``ValueError`` without a call, ``LookupError`` (from ``build_case_for_call``)
    for an unknown call and ``CaseIncomplete`` when the call's scenario lacks data.
    """
    if call_id is None:
        raise ValueError("Не указан отбор (--call ID): без него нельзя собрать макросценарий")
    with open(path, "rb") as handle:
        data = handle.read(MAX_FILE_SIZE + 1)
    errors: list[str] = []
    imported: ImportedModel | None = None
    project: dict[str, Any] | None = None
    try:
        imported = import_workbook(data)
    except UnsafeWorkbook:
        raise
    except WorkbookErrors as error:
        errors.extend(error.errors)
    try:
        project = import_project(data)
    except MissingProjectSheet:
        if not errors:
            raise
        errors.append(PROJECT_SHEET_MISSING)
    except WorkbookErrors as error:
        errors.extend(line for line in error.errors if line not in errors)
    if errors or imported is None or project is None:
        raise WorkbookErrors(errors)
    from applications.services.cases import build_case_for_call  # needs Django set up

    return build_case_for_call(call_id=call_id, series=imported.series, years=imported.years, project=project)
