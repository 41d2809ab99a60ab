"""The protocol as an editable Word document (python-docx).

Portrait header (ministry, number, date, place, members, quorum, agenda), then a
landscape section with the main table, the decision, the appendix and the signatures.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt
from docx.table import Table, _Cell, _Row

from commission.protocol import text
from commission.protocol.data import ProtocolData
from commission.protocol.formatting import xml_safe

FONT = "Times New Roman"


def render_docx(data: ProtocolData) -> bytes:
    """The protocol as DOCX bytes."""
    document = Document()
    _set_up_styles(document)
    _set_page(document.sections[0], landscape=False)
    _write_header(document, data)
    _set_page(document.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    _write_main_table(document, data)
    _write_decision(document, data)
    _write_appendix(document, data)
    _write_signatures(document, data)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_up_styles(document: DocumentObject) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(12)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(4)


def _set_page(section: Section, *, landscape: bool) -> None:
    short, long_ = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long_, short) if landscape else (short, long_)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(15 if landscape else 25))
    section.top_margin = section.bottom_margin = Mm(15)


def _paragraph(
    document: DocumentObject, line: str, *, bold: bool = False, center: bool = False, size: int | None = None
) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(xml_safe(line))
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _write_header(document: DocumentObject, data: ProtocolData) -> None:
    for line in text.heading_lines(data):
        _paragraph(document, line, bold=True, center=True)
    _paragraph(document, text.title_line(data), bold=True, center=True, size=16)
    _paragraph(document, text.subtitle_line(data), center=True)
    _paragraph(document, text.place_line(data))
    _paragraph(document, "Присутствовали:", bold=True)
    for member in data.members_present:
        _paragraph(document, text.member_line(member.name, member.role))
    if data.members_absent:
        _paragraph(document, "Отсутствовали:", bold=True)
        for member in data.members_absent:
            _paragraph(document, text.member_line(member.name, member.role))
    _paragraph(document, text.quorum_line(data))
    _paragraph(document, text.agenda_line(data), bold=True)


def _table(
    document: DocumentObject, headers: Sequence[str], rows: Sequence[Sequence[str]], *, size: int = 8
) -> Table:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header_row = table.rows[0]
    _repeat_as_header(header_row)
    for cell, label in zip(header_row.cells, headers, strict=True):
        _fill(cell, label, size=size, bold=True)
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            _fill(cell, value, size=size)
    return table


def _fill(cell: _Cell, value: str, *, size: int, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(xml_safe(value))
    run.font.size = Pt(size)
    run.bold = bold


def _repeat_as_header(row: _Row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _write_main_table(document: DocumentObject, data: ProtocolData) -> None:
    _paragraph(document, "Результаты оценки проектов", bold=True, center=True)
    rows = [text.main_cells(data, i, row) for i, row in enumerate(data.rows, start=1)]
    _table(document, text.main_headers(data), rows, size=7)
    for note in text.main_notes(data):
        _paragraph(document, note, size=9)
    _paragraph(document, text.threshold_line(data), size=10)


def _write_decision(document: DocumentObject, data: ProtocolData) -> None:
    _paragraph(document, "Решение:", bold=True)
    for line in data.decision_text.splitlines() or [""]:
        _paragraph(document, line)


def _write_appendix(document: DocumentObject, data: ProtocolData) -> None:
    _paragraph(document, text.APPENDIX_TITLE, bold=True, center=True)
    for row in data.rows:
        _paragraph(document, f"{row.registration_number} — {row.project_title}", bold=True)
        scores = data.scores_for(row.registration_number)
        if scores:
            cells = [text.appendix_cells(data, score) for score in scores]
            _table(document, text.appendix_headers(data), cells, size=9)
        else:
            _paragraph(document, "Баллы не выставлялись.")
        for recusal in data.recusals_for(row.registration_number):
            _paragraph(
                document,
                text.recusal_line(recusal.registration_number, recusal.member_name, recusal.reason),
                size=10,
            )


def _write_signatures(document: DocumentObject, data: ProtocolData) -> None:
    document.add_paragraph()
    for line in text.signature_lines(data):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(18)
        paragraph.add_run(xml_safe(line))
    for line in text.audit_lines(data):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(18)
        paragraph.add_run(xml_safe(line))
