"""Reading the secretary's workbooks of clusters and of employment by OKVED2 section ×
region, cell by cell: every problem is reported with its sheet and cell, and nothing is
returned (so nothing is stored) unless the whole workbook is right. The workbooks are
opened only through reference.xlsx_safety; the templates are written through
reference.xlsx_writing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from reference.models import OkvedCode, Region
from reference.validators import validate_inn
from reference.xlsx_safety import SheetCells, WorkbookErrors, cell_number, read_workbook_cells, sheet_error
from reference.xlsx_writing import workbook_bytes, write_cell

CLUSTER_SHEET = "Кластеры"
EMPLOYMENT_SHEET = "Занятость"
MAX_ROWS = 2000
SECTIONS = "ABCDEFGHIJKLMNOPQRSTU"
COUNTRY = "российская федерация"
NO_DATA = {"-", "—", "–", "…", "...", "x", "х"}
_SPLIT = re.compile(r"[,;\s]+")


@dataclass(frozen=True)
class ClusterRow:
    name: str
    region_code: str
    okved_codes: tuple[str, ...]
    inns: tuple[str, ...]


@dataclass(frozen=True)
class EmploymentRow:
    region_code: str  # "" for the Russian Federation
    total: float
    sections: dict[str, float]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value)).strip()


def normalise_region_name(name: str) -> str:
    """A region's name as Rosstat and Otbor both write it: lower case, «ё» as «е», no
    footnote marks, quotes or dashes, «г.» and «город» alike."""
    text = name.lower().replace("ё", "е")
    text = re.sub(r"\d+\)$", "", text).strip()  # footnote «область1)»
    text = re.sub(r"[«»\"'()]", " ", text)
    text = re.sub(r"\s+[—–-]\s+.*$", "", text)  # «Кемеровская область — Кузбасс»
    text = re.sub(r"^(город|г\.)\s*", "г ", text)
    return re.sub(r"\s+", " ", text).strip()


def region_lookup() -> dict[str, str]:
    """Normalised name and code → region code."""
    found: dict[str, str] = {}
    for code, name in Region.objects.values_list("code", "name"):
        found[normalise_region_name(name)] = code
        found[code] = code
        found[code.lstrip("0")] = code
    return found


# --- clusters ---------------------------------------------------------------------------


def read_clusters(data: bytes) -> list[ClusterRow]:
    """Sheet «Кластеры» from row 2: A name, B region (code or name), C the OKVED2 codes of
    the specialisation, D the participants' INNs (separated by commas, spaces or lines).
    Raises WorkbookRejected listing every wrong cell."""
    sheets, _names = read_workbook_cells(data, sheets={CLUSTER_SHEET: (MAX_ROWS + 1, 4)})
    cells = sheets[CLUSTER_SHEET]
    regions = region_lookup()
    known_codes = set(OkvedCode.objects.values_list("code", flat=True))
    errors: list[str] = []
    rows: list[ClusterRow] = []
    seen: dict[str, int] = {}
    for row in range(2, MAX_ROWS + 2):
        name, region, okved, inns = (_text(cells.value(row, column)) for column in range(1, 5))
        if not any((name, region, okved, inns)):
            continue
        row_errors = _cluster_errors(cells, row, name, region, okved, inns, regions, known_codes)
        if name and name.lower() in seen:
            row_errors.append(
                cells.error(
                    row,
                    1,
                    _("кластер «%(name)s» уже указан в строке %(row)s")
                    % {"name": name, "row": seen[name.lower()]},
                )
            )
        seen.setdefault(name.lower(), row)
        errors += row_errors
        if not row_errors:
            rows.append(
                ClusterRow(
                    name=name,
                    region_code=regions[normalise_region_name(region)],
                    okved_codes=tuple(dict.fromkeys(_SPLIT.split(okved))),
                    inns=tuple(dict.fromkeys(i for i in _SPLIT.split(inns) if i)),
                )
            )
    if not errors and not rows:
        errors.append(sheet_error(CLUSTER_SHEET, _("нет ни одного кластера (данные — со строки 2)")))
    if errors:
        raise WorkbookErrors(errors)
    return rows


def _cluster_errors(cells: SheetCells, row, name, region, okved, inns, regions, known_codes) -> list[str]:
    errors = []
    if not name:
        errors.append(cells.error(row, 1, _("не указано наименование кластера")))
    elif len(name) > 300:
        errors.append(cells.error(row, 1, _("наименование длиннее 300 знаков")))
    if not region:
        errors.append(cells.error(row, 2, _("не указан субъект РФ")))
    elif normalise_region_name(region) not in regions:
        errors.append(cells.error(row, 2, _("нет такого субъекта РФ: «%(value)s»") % {"value": region}))
    codes = [c for c in _SPLIT.split(okved) if c]
    if not codes:
        errors.append(cells.error(row, 3, _("не указаны коды ОКВЭД2 специализации")))
    unknown = [c for c in codes if c not in known_codes]
    if unknown:
        errors.append(
            cells.error(row, 3, _("нет таких кодов в ОКВЭД2: %(codes)s") % {"codes": ", ".join(unknown)})
        )
    numbers = [i for i in _SPLIT.split(inns) if i]
    if not numbers:
        errors.append(cells.error(row, 4, _("не указаны ИНН участников")))
    for inn in numbers:
        problem = validate_inn(inn)
        if problem:
            errors.append(cells.error(row, 4, f"{inn}: {problem}"))
    return errors


def cluster_template() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = CLUSTER_SHEET
    headers = (
        _("Наименование кластера"),
        _("Субъект РФ (код или наименование)"),
        _("Коды ОКВЭД2 специализации (через запятую)"),
        _("ИНН участников (через запятую)"),
    )
    for column, header in enumerate(headers, start=1):
        write_cell(sheet, 1, column, header)
        sheet.column_dimensions["ABCD"[column - 1]].width = 40
    for column, value in enumerate(
        ("Калужский автомобильный кластер", "40", "29.10, 29.32", "4025000000"), 1
    ):
        write_cell(sheet, 2, column, value)
    return workbook_bytes(workbook)


# --- employment by section × region -------------------------------------------------------


def read_employment(data: bytes) -> list[EmploymentRow]:
    """Sheet «Занятость» in Rosstat's layout: row 2 the headers (A the subject, B «Всего»,
    then one column per OKVED2 section, its letter), from row 3 one row per subject, with
    a row «Российская Федерация»; rows of federal districts and blank rows are skipped,
    «-» or «…» means no data. Thousand people. Raises WorkbookRejected."""
    sheets, _names = read_workbook_cells(data, sheets={EMPLOYMENT_SHEET: (MAX_ROWS + 2, 2 + len(SECTIONS))})
    cells = sheets[EMPLOYMENT_SHEET]
    errors: list[str] = []
    sections: dict[int, str] = {}
    for column in range(3, 3 + len(SECTIONS)):
        header = _text(cells.value(2, column)).upper()
        if not header:
            continue
        letter = header.removeprefix("РАЗДЕЛ ").strip()
        if len(letter) != 1 or letter not in SECTIONS:
            errors.append(cells.error(2, column, _("ожидалась буква раздела ОКВЭД2 (A–U)")))
        elif letter in sections.values():
            errors.append(cells.error(2, column, _("раздел %(letter)s указан дважды") % {"letter": letter}))
        else:
            sections[column] = letter
    if not sections and not errors:
        errors.append(
            sheet_error(EMPLOYMENT_SHEET, _("в строке 2 нет ни одного раздела ОКВЭД2 (с колонки C)"))
        )
    regions = region_lookup()
    rows: list[EmploymentRow] = []
    seen: dict[str, int] = {}
    for row in range(3, MAX_ROWS + 3):
        name = _text(cells.value(row, 1))
        key = normalise_region_name(name)
        if not name or _skipped(key):
            continue
        code = "" if key == COUNTRY else regions.get(key)
        if code is None:
            errors.append(cells.error(row, 1, _("нет такого субъекта РФ: «%(value)s»") % {"value": name}))
            continue
        if code in seen:
            errors.append(
                cells.error(
                    row, 1, _("«%(value)s» уже указан в строке %(row)s") % {"value": name, "row": seen[code]}
                )
            )
            continue
        seen[code] = row
        parsed = _employment_row(cells, row, code, sections, errors)
        if parsed is not None:
            rows.append(parsed)
    if "" not in seen and not errors:
        errors.append(
            sheet_error(EMPLOYMENT_SHEET, _("нет строки «Российская Федерация»: без неё LQ не рассчитать"))
        )
    if errors:
        raise WorkbookErrors(errors)
    return rows


def _skipped(key: str) -> bool:
    return "федеральный округ" in key or key.startswith("в том числе") or "без авт" in key or "кроме" in key


def _employment_row(cells, row, code, sections, errors) -> EmploymentRow | None:
    before = len(errors)
    total = _figure(cells, row, 2, errors, required=True)
    values: dict[str, float] = {}
    for column, letter in sections.items():
        value = _figure(cells, row, column, errors, required=False)
        if value is None:
            continue
        if total is not None and value > total:
            errors.append(cells.error(row, column, _("занятых в разделе больше, чем всего (колонка B)")))
        values[letter] = value
    if len(errors) > before or total is None:
        return None
    return EmploymentRow(region_code=code, total=total, sections=values)


def _figure(cells: SheetCells, row: int, column: int, errors: list[str], *, required: bool) -> float | None:
    raw = cells.value(row, column)
    if raw is None or (isinstance(raw, str) and raw.strip() in NO_DATA):
        if required:
            errors.append(cells.error(row, column, _("не указана численность занятых всего")))
        return None
    number, problem = cell_number(raw, is_formula=(row, column) in cells.formulas)
    if problem:
        errors.append(cells.error(row, column, problem))
        return None
    if number is not None and number < 0:
        errors.append(cells.error(row, column, _("численность не может быть отрицательной")))
        return None
    return number


def employment_template() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = EMPLOYMENT_SHEET
    write_cell(
        sheet, 1, 1, _("Среднегодовая численность занятых по видам экономической деятельности, тыс. человек")
    )
    write_cell(sheet, 2, 1, _("Субъект Российской Федерации"))
    write_cell(sheet, 2, 2, _("Всего"))
    for offset, letter in enumerate(SECTIONS):
        write_cell(sheet, 2, 3 + offset, letter)
    write_cell(sheet, 3, 1, "Российская Федерация")
    names = Region.objects.order_by("code").values_list("name", flat=True)
    for index, name in enumerate(names, start=4):
        write_cell(sheet, index, 1, name)
    sheet.column_dimensions["A"].width = 50
    return workbook_bytes(workbook)
