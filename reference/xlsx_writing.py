"""Writing workbooks that no spreadsheet turns into formulas (the writing side of
:mod:`reference.xlsx_safety`; no Django, so the protocol renderers use it too).

A text that starts like a formula (``=``, ``+``, ``-``, ``@``, a tab or a line break, also
after leading spaces, and their full-width forms) would be evaluated by Excel or
LibreOffice when typed by an applicant into a project title or by a secretary into a
region name: ``=HYPERLINK(...)`` becomes a live link, ``=WEBSERVICE(...)`` sends data
away (OWASP, "CSV injection"). :func:`safe_cell_value` prefixes such a text with an
apostrophe, as OWASP recommends (the text survives a later "save as CSV" harmlessly);
:func:`write_cell` also stores every text as a string cell. :func:`workbook_bytes`, the
one way Otbor saves a workbook, walks every cell again before saving and neutralises any
formula it finds, so a cell assigned directly (``sheet["A1"] = ...``) is covered too.
Otbor writes no formulas today; one it meant would be listed in ``formulas`` and kept.

:func:`unquote_cell_text` is the reading side: a template Otbor filled in and the
applicant sent back gives back the text they typed, not the apostrophe.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

# Leading characters that make a spreadsheet treat a text as a formula, with the
# full-width forms some spreadsheets also accept.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
QUOTE = "'"
# Characters XML 1.0 cannot carry (openpyxl refuses them with IllegalCharacterError).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def looks_like_formula(text: str) -> bool:
    """Would a spreadsheet evaluate this text (leading spaces ignored, as Excel does)?"""
    return text.startswith(FORMULA_TRIGGERS) or text.lstrip(" \u00a0").startswith(FORMULA_TRIGGERS)


def xml_safe(text: str) -> str:
    """The text without the control characters that XML (DOCX, XLSX) cannot hold."""
    return _XML_ILLEGAL.sub("", text)


def safe_cell_value(value: Any) -> Any:
    """A cell value no spreadsheet will evaluate: a text that starts like a formula gets
    a leading apostrophe; characters XML cannot carry are dropped. Non-text is unchanged."""
    if not isinstance(value, str):
        return value
    cleaned = xml_safe(value)
    return QUOTE + cleaned if looks_like_formula(cleaned) else cleaned


def unquote_cell_text(text: str) -> str:
    """The text as typed, from a cell :func:`safe_cell_value` wrote (an apostrophe before
    a formula-like text is removed; any other text is unchanged)."""
    if text.startswith(QUOTE) and looks_like_formula(text[1:]):
        return text[1:]
    return text


def write_cell(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """``sheet.cell(row, column, value)`` with the value made safe: a text is stored as a
    string cell whatever it starts with."""
    cell = sheet.cell(row=row, column=column)
    neutralise(cell, value)
    return cell


def neutralise(cell: Cell, value: Any) -> None:
    """Put ``value`` into ``cell`` as data, never as a formula."""
    safe = safe_cell_value(value)
    cell.value = safe
    if isinstance(safe, str):
        cell.data_type = "s"  # openpyxl would infer "f" (formula) for a text starting with "="


def formula_cells(workbook: Workbook) -> list[str]:
    """The coordinates (``Sheet!A1``) of every formula cell in the workbook."""
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def neutralise_workbook(workbook: Workbook, *, formulas: Collection[str] = ()) -> None:
    """Make every text cell safe; formula cells not listed in ``formulas`` (``Sheet!A1``)
    become the text they hold, quoted."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" and f"{sheet.title}!{cell.coordinate}" in formulas:
                    continue
                if isinstance(cell.value, str):
                    neutralise(cell, cell.value)


def workbook_bytes(workbook: Workbook, *, formulas: Collection[str] = ()) -> bytes:
    """The workbook as ``.xlsx`` bytes, neutralised first (:func:`neutralise_workbook`)."""
    neutralise_workbook(workbook, formulas=formulas)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
