"""The words of the protocol, shared by the DOCX, PDF and XLSX renderers.

Keeping headings, column labels and formatted cells in one place keeps the three
formats saying the same thing.
"""

from __future__ import annotations

from commission.protocol.data import AppendixScore, ProtocolCategory, ProtocolData, ProtocolRow
from commission.protocol.formatting import (
    DASH,
    format_date,
    format_number,
    format_percent,
    format_points,
)

TITLE = "ПРОТОКОЛ"
APPENDIX_TITLE = "Приложение к протоколу. Баллы членов комиссии и конфликты интересов"
CHAIR_LABEL = "Председатель комиссии"
SECRETARY_LABEL = "Секретарь комиссии"
SIGNATURE_BLANK = "______________"
NOTE_MARK = "*"

FIXED_HEADERS_BEFORE = (
    "№ п/п",
    "Регистрационный номер",
    "Заявитель",
    "Проект",
    "Стоимость проекта, руб.",
    "NPV, руб.",
    "IRR",
    "WACC",
    "BPI",
    "Интегральный показатель",
)
FIXED_HEADERS_AFTER = ("Итого баллов", "Решение")


def category_header(category: ProtocolCategory) -> str:
    return f"{category.name} (0–{format_maximum(category)})"


def format_maximum(category: ProtocolCategory) -> str:
    return format_points(category.maximum).removesuffix(",00")


def main_headers(data: ProtocolData) -> list[str]:
    return [
        *FIXED_HEADERS_BEFORE,
        *(category_header(category) for category in data.categories),
        *FIXED_HEADERS_AFTER,
    ]


def main_cells(data: ProtocolData, index: int, row: ProtocolRow) -> list[str]:
    """The formatted cells of one main-table row, in the order of :func:`main_headers`.

    A total whose display is misleading (79,995 shown as «80,00») is starred; the note
    itself is under the table (:func:`main_notes`).
    """
    star = NOTE_MARK if row.note else ""
    return [
        str(index),
        row.registration_number,
        row.applicant,
        row.project_title,
        format_number(row.total_cost),
        format_number(row.npv),
        format_percent(row.irr),
        format_percent(row.wacc),
        format_number(row.bpi),
        format_number(row.integral_indicator, places=4),
        *(format_points(row.category_means.get(c.code)) for c in data.categories),
        format_points(row.total) + star,
        row.decision + star,
    ]


def main_notes(data: ProtocolData) -> list[str]:
    """The notes under the main table, one per starred row."""
    return [f"{NOTE_MARK} {row.registration_number}: {row.note}" for row in data.rows if row.note]


def appendix_headers(data: ProtocolData) -> list[str]:
    return [
        "Член комиссии",
        *(category_header(category) for category in data.categories),
        "Сумма баллов",
        "Заключение",
    ]


def appendix_cells(data: ProtocolData, score: AppendixScore) -> list[str]:
    return [
        score.member_name,
        *(format_points(score.points.get(c.code)) for c in data.categories),
        format_points(score.total),
        score.finding or DASH,
    ]


def heading_lines(data: ProtocolData) -> list[str]:
    return [data.ministry_name, data.commission_name]


def title_line(data: ProtocolData) -> str:
    return f"{TITLE} № {data.number}"


def subtitle_line(data: ProtocolData) -> str:
    return f"заседания комиссии по проведению конкурсного отбора от {format_date(data.date)}"


def place_line(data: ProtocolData) -> str:
    return f"Место проведения: {data.place}"


def agenda_line(data: ProtocolData) -> str:
    return f"Повестка дня: {data.call_title}"


def member_line(name: str, role: str) -> str:
    return f"{name} — {role}"


def quorum_line(data: ProtocolData) -> str:
    if data.quorum:
        return (
            "Кворум имеется (присутствует более половины членов комиссии с правом голоса), "
            "заседание правомочно."
        )
    return (
        "Кворума нет (присутствует не более половины членов комиссии с правом голоса), "
        "заседание неправомочно."
    )


def threshold_line(data: ProtocolData) -> str:
    return (
        f"Победителями признаются проекты, набравшие {format_points(data.threshold)} баллов "
        "и более (п. 14 Методики); сравнивается неокруглённая сумма средних баллов."
    )


def recusal_line(registration_number: str, member_name: str, reason: str) -> str:
    text = f"{registration_number}: {member_name} — конфликт интересов, в оценке не участвовал"
    return f"{text} ({reason})." if reason else f"{text}."


def signature_line(label: str, name: str) -> str:
    return f"{label} {SIGNATURE_BLANK} / {name}"


def signature_lines(data: ProtocolData) -> list[str]:
    return [
        signature_line(CHAIR_LABEL, data.chair_name),
        signature_line(SECRETARY_LABEL, data.secretary_name),
    ]


AUDIT_HEAD_LABEL = "Контрольная сумма журнала отбора на момент решения:"


def audit_lines(data: ProtocolData) -> list[str]:
    """The audit chain's head at the decision; nothing in an undecided draft."""
    return [f"{AUDIT_HEAD_LABEL} {data.audit_head}"] if data.audit_head else []
