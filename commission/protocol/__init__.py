"""The protocol of a commission meeting (SPEC §8), rendered from one :class:`ProtocolData`.

Renderers touch no ORM: a selector builds the data object, these functions format it.
"""

from __future__ import annotations

from commission.protocol.data import (
    DEFAULT_MINISTRY,
    AppendixRecusal,
    AppendixScore,
    ProtocolCategory,
    ProtocolData,
    ProtocolMember,
    ProtocolRow,
    decision_for,
)
from commission.protocol.docx_renderer import render_docx
from commission.protocol.pdf_renderer import render_html, render_pdf
from commission.protocol.xlsx_renderer import (
    render_winners_register_xlsx,
    render_xlsx,
    safe_cell,
)

__all__ = [
    "DEFAULT_MINISTRY",
    "AppendixRecusal",
    "AppendixScore",
    "ProtocolCategory",
    "ProtocolData",
    "ProtocolMember",
    "ProtocolRow",
    "decision_for",
    "render_docx",
    "render_html",
    "render_pdf",
    "render_winners_register_xlsx",
    "render_xlsx",
    "safe_cell",
]
