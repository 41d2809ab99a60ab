"""The protocol and the register of winners as XLSX workbooks (openpyxl).

Numbers stay numbers (with Excel number formats that Excel localises: '#,##0.00' shows as
«1 234 567,89» in a Russian Excel); every text goes through :func:`safe_cell`, so a
value typed by an applicant can never become a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from commission.protocol import text
from commission.protocol.data import ProtocolData
from commission.protocol.formatting import format_date
from reference.xlsx_writing import safe_cell_value, workbook_bytes, write_cell

MONEY = "#,##0.00"
PERCENT = "0.00%"
RATIO = "0.00"
RATIO_PRECISE = "0.0000"
POINTS = "0.00"
DATE = "DD.MM.YYYY"

Cell = str | int | float | Decimal | date | None


def safe_cell(value: Cell) -> Cell:
    """A cell value no spreadsheet will evaluate (see :mod:`reference.xlsx_writing`)."""
    return safe_cell_value(value)


def render_xlsx(data: ProtocolData) -> bytes:
    """The protocol: sheet «Протокол» (header and main table), sheet «Приложение»."""
    workbook = Workbook()
    protocol = workbook.active
    assert protocol is not None
    protocol.title = "Протокол"
    _write_protocol_sheet(protocol, data)
    _write_appendix_sheet(workbook.create_sheet("Приложение"), data)
    return _save(workbook)


def render_winners_register_xlsx(data: ProtocolData) -> bytes:
    """The register of winners: one row per winning project, in the protocol's order."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Реестр победителей"
    _put(sheet, 1, 1, f"Реестр победителей конкурсного отбора: {data.call_title}", bold=True)
    _put(sheet, 2, 1, f"{text.title_line(data)} от {format_date(data.date)}, {data.commission_name}")
    headers = [
        "№ п/п",
        "Регистрационный номер",
        "Заявитель",
        "Проект",
        "Стоимость проекта",
        "Итого баллов",
        "Место",
        "Протокол",
        "Дата протокола",
    ]
    _header_row(sheet, 4, headers)
    for index, row in enumerate(data.winners, start=1):
        line = 4 + index
        _put(sheet, line, 1, index)
        _put(sheet, line, 2, row.registration_number)
        _put(sheet, line, 3, row.applicant)
        _put(sheet, line, 4, row.project_title)
        _put(sheet, line, 5, row.total_cost, MONEY)
        _put(sheet, line, 6, row.total, POINTS)
        _put(sheet, line, 7, row.rank)
        _put(sheet, line, 8, data.number)
        _put(sheet, line, 9, data.date, DATE)
    _widths(sheet, [7, 16, 40, 45, 20, 12, 8, 12, 14])
    sheet.freeze_panes = "A5"
    return _save(workbook)


def _write_protocol_sheet(sheet: Worksheet, data: ProtocolData) -> None:
    lines = [
        *text.heading_lines(data),
        text.title_line(data),
        text.subtitle_line(data),
        text.place_line(data),
        "Присутствовали: " + "; ".join(text.member_line(m.name, m.role) for m in data.members_present),
        "Отсутствовали: " + ("; ".join(text.member_line(m.name, m.role) for m in data.members_absent) or "—"),
        text.quorum_line(data),
        text.agenda_line(data),
    ]
    for number, line in enumerate(lines, start=1):
        _put(sheet, number, 1, line, bold=number <= 3)
    header_line = len(lines) + 2
    _header_row(sheet, header_line, text.main_headers(data))
    for index, row in enumerate(data.rows, start=1):
        values: list[tuple[Cell, str | None]] = [
            (index, None),
            (row.registration_number, None),
            (row.applicant, None),
            (row.project_title, None),
            (row.total_cost, MONEY),
            (row.npv, MONEY),
            (row.irr, PERCENT),
            (row.wacc, PERCENT),
            (row.bpi, RATIO),
            (row.integral_indicator, RATIO_PRECISE),
            *((row.category_means.get(c.code), POINTS) for c in data.categories),
            (row.total, POINTS),
            (row.decision + (text.NOTE_MARK if row.note else ""), None),
        ]
        for column, (value, number_format) in enumerate(values, start=1):
            _put(sheet, header_line + index, column, value, number_format)
    footer = header_line + len(data.rows) + 2
    for note in text.main_notes(data):
        _put(sheet, footer, 1, note)
        footer += 1
    _put(sheet, footer, 1, text.threshold_line(data))
    _put(sheet, footer + 1, 1, "Решение:", bold=True)
    decision_lines = data.decision_text.splitlines()
    for offset, line in enumerate(decision_lines, start=2):
        _put(sheet, footer + offset, 1, line)
    signatures = footer + len(decision_lines) + 3
    for offset, line in enumerate([*text.signature_lines(data), *text.audit_lines(data)]):
        _put(sheet, signatures + 2 * offset, 1, line)
    categories = [14] * len(data.categories)
    _widths(sheet, [6, 16, 32, 40, 20, 20, 10, 10, 9, 12, *categories, 12, 22])
    sheet.freeze_panes = sheet.cell(row=header_line + 1, column=3)


def _write_appendix_sheet(sheet: Worksheet, data: ProtocolData) -> None:
    _put(sheet, 1, 1, text.APPENDIX_TITLE, bold=True)
    _put(sheet, 2, 1, f"{text.title_line(data)} от {format_date(data.date)}")
    headers = ["Регистрационный номер", *text.appendix_headers(data)]
    _header_row(sheet, 4, headers)
    line = 4
    for score in data.appendix_scores:
        line += 1
        values: list[tuple[Cell, str | None]] = [
            (score.registration_number, None),
            (score.member_name, None),
            *((score.points.get(c.code), POINTS) for c in data.categories),
            (score.total, POINTS),
            (score.finding, None),
        ]
        for column, (value, number_format) in enumerate(values, start=1):
            _put(sheet, line, column, value, number_format)
    line += 2
    _put(sheet, line, 1, "Конфликты интересов (члены комиссии, не участвовавшие в оценке)", bold=True)
    _header_row(sheet, line + 1, ["Регистрационный номер", "Член комиссии", "Причина"])
    line += 1
    for recusal in data.recusals:
        line += 1
        _put(sheet, line, 1, recusal.registration_number)
        _put(sheet, line, 2, recusal.member_name)
        _put(sheet, line, 3, recusal.reason)
    _widths(sheet, [22, 30, *([14] * len(data.categories)), 12, 50])
    sheet.freeze_panes = "A5"


def _put(
    sheet: Worksheet,
    row: int,
    column: int,
    value: Cell,
    number_format: str | None = None,
    *,
    bold: bool = False,
) -> None:
    cell = write_cell(sheet, row, column, value)
    if number_format and value is not None:
        cell.number_format = number_format
    if bold:
        cell.font = Font(bold=True)


def _header_row(sheet: Worksheet, row: int, headers: Sequence[str]) -> None:
    for column, label in enumerate(headers, start=1):
        _put(sheet, row, column, label, bold=True)
        sheet.cell(row=row, column=column).alignment = Alignment(wrap_text=True, vertical="top")


def _widths(sheet: Worksheet, widths: Sequence[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _save(workbook: Workbook) -> bytes:
    return workbook_bytes(workbook)
