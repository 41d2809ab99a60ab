"""The protocol exporters read back: DOCX (python-docx), XLSX (openpyxl), PDF (pdftotext)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from commission.domain import Category, Methodology
from commission.protocol import (
    ProtocolCategory,
    ProtocolData,
    ProtocolRow,
    render_docx,
    render_html,
    render_pdf,
    render_winners_register_xlsx,
    render_xlsx,
)
from tests.commission.protocol_fixture import (
    CHAIR,
    INJECTION_APPLICANT,
    INJECTION_FINDING,
    PRESENT,
    RECUSAL_REASON,
    SECRETARY,
    VOTING,
    build_protocol_data,
)

NUMBERS = ("2015-J-0001", "2015-J-0002", "2015-J-0003", "2015-J-0004")


@pytest.fixture(scope="module")
def data() -> ProtocolData:
    return build_protocol_data()


def docx_text(content: bytes) -> tuple[str, list[list[list[str]]], object]:
    document = Document(BytesIO(content))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    return paragraphs, tables, document


# ------------------------------------------------------------------ DOCX


def test_docx_header_members_and_signatures(data: ProtocolData) -> None:
    paragraphs, _, _ = docx_text(render_docx(data))
    assert "Министерство промышленности и торговли Российской Федерации" in paragraphs
    assert "ПРОТОКОЛ № 7-КО" in paragraphs
    assert "от 10.06.2015" in paragraphs
    assert "Кворум имеется" in paragraphs
    for name, role in PRESENT:
        assert f"{name} — {role}" in paragraphs
    assert f"{VOTING[7][0]} — член комиссии" in paragraphs.split("Отсутствовали:")[1]
    assert f"Председатель комиссии ______________ / {CHAIR}" in paragraphs
    assert f"Секретарь комиссии ______________ / {SECRETARY}" in paragraphs
    assert "2015-J-0003: Неокруглённая сумма баллов 79,995 меньше проходного балла" in paragraphs
    assert f"2015-J-0002: {PRESENT[2][0]} — конфликт интересов" in paragraphs
    assert RECUSAL_REASON in paragraphs


def test_docx_main_table_is_landscape_with_formatted_rows(data: ProtocolData) -> None:
    _, tables, document = docx_text(render_docx(data))
    main = tables[0]
    assert main[0][:5] == ["№ п/п", "Регистрационный номер", "Заявитель", "Проект", "Стоимость проекта, руб."]
    assert main[0][10:] == [
        "Финансовая эффективность (0–35)",
        "Бюджетная эффективность (0–35)",
        "Социально-экономическая эффективность (0–30)",
        "Итого баллов",
        "Решение",
    ]
    assert [row[1] for row in main[1:]] == list(NUMBERS)
    first = main[1]
    assert first[4] == "1\u202f234\u202f567\u202f890,12"
    assert first[5:10] == ["456\u202f789\u202f012,35", "25,09\u00a0%", "14,32\u00a0%", "1,86", "0,0012"]
    assert [row[-2] for row in main[1:]] == ["91,25", "80,00", "80,00*", "22,00"]
    assert [row[-1] for row in main[1:]] == [
        "победитель",
        "победитель",
        "не прошёл отбор*",
        "не прошёл отбор",
    ]
    assert main[3][5:7] == ["—", "—"]  # NPV and IRR unknown
    assert main[4][5] == "\u221235\u202f000\u202f000,50"
    assert main[4][2] == INJECTION_APPLICANT  # Word does not evaluate text
    sections = document.sections  # type: ignore[attr-defined]
    assert sections[0].orientation == WD_ORIENT.PORTRAIT
    assert sections[1].orientation == WD_ORIENT.LANDSCAPE
    assert sections[1].page_width > sections[1].page_height


def test_docx_appendix_has_every_members_points(data: ProtocolData) -> None:
    _, tables, _ = docx_text(render_docx(data))
    appendix = tables[1:]
    assert len(appendix) == 4
    members_of_0002 = [row[0] for row in appendix[1][1:]]
    assert PRESENT[2][0] not in members_of_0002  # recused
    assert len(members_of_0002) == 6
    assert appendix[2][4] == ["Попов Алексей Дмитриевич", "30,00", "30,00", "19,98", "79,98", "—"]
    assert appendix[3][1][-1] == INJECTION_FINDING


# ------------------------------------------------------------------ XLSX


def test_xlsx_protocol_sheet_keeps_numbers_as_numbers(data: ProtocolData) -> None:
    workbook = load_workbook(BytesIO(render_xlsx(data)))
    assert workbook.sheetnames == ["Протокол", "Приложение"]
    sheet = workbook["Протокол"]
    rows = list(sheet.iter_rows(values_only=True))
    header_index = next(i for i, row in enumerate(rows) if row[0] == "№ п/п")
    body = rows[header_index + 1 : header_index + 5]
    assert [row[1] for row in body] == list(NUMBERS)
    first = body[0]
    assert first[4] == pytest.approx(1234567890.12)
    assert isinstance(first[4], float | int)
    assert first[6] == pytest.approx(0.25094)
    assert first[13] == pytest.approx(91.25)
    assert body[1][13] == pytest.approx(80)
    assert body[2][13] == pytest.approx(79.995)
    assert body[2][14] == "не прошёл отбор*"
    assert body[2][5] is None and body[2][6] is None
    cell = sheet.cell(row=header_index + 2, column=5)
    assert cell.number_format == "#,##0.00"
    assert sheet.cell(row=header_index + 2, column=7).number_format == "0.00%"
    texts = [v for row in rows for v in row if isinstance(v, str)]
    assert f"Председатель комиссии ______________ / {CHAIR}" in texts
    assert "ПРОТОКОЛ № 7-КО" in texts


def test_xlsx_neutralises_formula_injection(data: ProtocolData) -> None:
    workbook = load_workbook(BytesIO(render_xlsx(data)))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    values = [c for row in workbook["Протокол"].iter_rows(values_only=True) for c in row]
    assert "'" + INJECTION_APPLICANT in values
    assert "'-Модернизация прокатного стана" in values
    appendix = [c for row in workbook["Приложение"].iter_rows(values_only=True) for c in row]
    assert "'" + INJECTION_FINDING in appendix


def test_xlsx_appendix_lists_points_and_recusals(data: ProtocolData) -> None:
    sheet = load_workbook(BytesIO(render_xlsx(data)))["Приложение"]
    rows = list(sheet.iter_rows(values_only=True))
    scores = [row for row in rows if row[0] in NUMBERS and isinstance(row[2], float | int)]
    assert len(scores) == len(data.appendix_scores) == 7 + 6 + 4 + 7
    assert ("2015-J-0003", "Попов Алексей Дмитриевич") in {(r[0], r[1]) for r in scores}
    popov = next(r for r in scores if r[0] == "2015-J-0003" and r[1].startswith("Попов"))
    assert popov[2:6] == (30, 30, pytest.approx(19.98), pytest.approx(79.98))
    assert ("2015-J-0002", PRESENT[2][0], RECUSAL_REASON) in {r[:3] for r in rows}


def test_winners_register_lists_only_winners(data: ProtocolData) -> None:
    workbook = load_workbook(BytesIO(render_winners_register_xlsx(data)))
    sheet = workbook["Реестр победителей"]
    rows = [row for row in sheet.iter_rows(min_row=5, values_only=True) if row[0] is not None]
    assert [(r[0], r[1], r[6], r[7]) for r in rows] == [
        (1, "2015-J-0001", 1, "7-КО"),
        (2, "2015-J-0002", 2, "7-КО"),
    ]
    assert rows[1][5] == pytest.approx(80)
    assert rows[0][4] == pytest.approx(1234567890.12)
    assert rows[0][8] == datetime(2015, 6, 10)
    assert sheet.cell(row=5, column=9).number_format == "DD.MM.YYYY"


# ------------------------------------------------------------------ PDF


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_pdf_has_cyrillic_text_numbers_and_totals(data: ProtocolData) -> None:
    content = render_pdf(data)
    assert content.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    assert "ПРОТОКОЛ № 7-КО" in text
    assert "Министерство промышленности и торговли Российской Федерации" in text
    for number in NUMBERS:
        assert number in text
    for total in ("91,25", "80,00", "22,00"):
        assert total in text
    assert "Неокруглённая сумма баллов 79,995" in text
    assert f"Председатель комиссии ______________ / {CHAIR}" in text
    assert "Стр. 1 из" in text
    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True).stdout.decode()
    assert "841.89 x 595.276" in info  # A4 landscape


def test_html_escapes_every_value(data: ProtocolData) -> None:
    evil = replace(data, place='<script>alert("x")</script>', call_title="A & B")
    html = render_html(evil)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "A &amp; B" in html


# ------------------------------------------------------------------ other methodologies


def two_category_data(data: ProtocolData) -> ProtocolData:
    methodology = Methodology(
        categories=(
            Category("money", "Деньги", Decimal(50), "financial"),
            Category("people", "Люди", Decimal(50), "socio_economic"),
        ),
        threshold=Decimal(60),
    )
    row = ProtocolRow(
        registration_number="2016-M-0001",
        applicant="ООО «Ромашка»",
        project_title="Завод",
        total_cost=Decimal("200000000"),
        npv=1.0,
        irr=0.2,
        wacc=0.1,
        bpi=1.5,
        integral_indicator=0.001,
        category_means={"money": Decimal(31), "people": Decimal(29)},
        total=Decimal(60),
        decision="победитель",
        rank=1,
    )
    return replace(
        data,
        date=date(2016, 3, 15),
        threshold=methodology.threshold,
        categories=tuple(ProtocolCategory.from_category(c) for c in methodology.categories),
        rows=(row,),
        appendix_scores=(),
        recusals=(),
    )


def test_every_format_follows_the_methodologys_categories(data: ProtocolData) -> None:
    small = two_category_data(data)
    _, tables, _ = docx_text(render_docx(small))
    assert tables[0][0][10:] == ["Деньги (0–50)", "Люди (0–50)", "Итого баллов", "Решение"]
    assert tables[0][1][10:] == ["31,00", "29,00", "60,00", "победитель"]
    sheet = load_workbook(BytesIO(render_xlsx(small)))["Протокол"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(row for row in rows if row[0] == "№ п/п")
    assert header[10:14] == ("Деньги (0–50)", "Люди (0–50)", "Итого баллов", "Решение")
    assert "Победителями признаются проекты, набравшие 60,00 баллов" in render_html(small)
    assert render_pdf(small).startswith(b"%PDF")
