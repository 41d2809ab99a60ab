"""The protocol as PDF: an HTML string built here (escaped with ``html.escape``), laid out
by WeasyPrint on A4 landscape with DejaVu Sans embedded for Cyrillic. No template engine,
so it renders the same with or without Django configured.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from commission.protocol import text
from commission.protocol.data import ProtocolData
from commission.protocol.formatting import xml_safe
from reference.pdf import font_faces, html_to_pdf

_CSS = """
@page { size: A4 landscape; margin: 12mm 12mm 15mm 12mm;
        @bottom-right { content: "Стр. " counter(page) " из " counter(pages);
                        font-family: "Protocol Sans"; font-size: 8pt; } }
body { font-family: "Protocol Sans", sans-serif; font-size: 9.5pt; line-height: 1.3; }
.center { text-align: center; }
h1 { font-size: 15pt; text-align: center; margin: 8pt 0 2pt; }
h2 { font-size: 11pt; margin: 10pt 0 4pt; }
p { margin: 2pt 0; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0; table-layout: fixed; }
th, td { border: 0.5pt solid #444; padding: 1.5pt 2pt; vertical-align: top; font-size: 7pt;
         hyphens: auto; overflow-wrap: break-word; }
th { background: #eee; font-size: 6.5pt; }
td.number { text-align: right; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
.appendix { page-break-before: always; }
.signatures p { margin-top: 18pt; }
.note { font-size: 8pt; color: #333; }
"""

# Main table columns holding numbers (right-aligned): cost … total.
_FIRST_NUMBER_COLUMN = 4


def render_pdf(data: ProtocolData) -> bytes:
    """The protocol as PDF bytes."""
    return html_to_pdf(render_html(data))


def render_html(data: ProtocolData) -> str:
    """The complete HTML document the PDF is laid out from."""
    css = font_faces("Protocol Sans") + _CSS
    body = "\n".join([_header(data), _main_table(data), _decision(data), _appendix(data), _signatures(data)])
    return (
        '<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">'
        f"<title>{_e(text.title_line(data))}</title><style>{css}</style></head>"
        f"<body>{body}</body></html>"
    )


def _e(value: str) -> str:
    return escape(xml_safe(value), quote=True)


def _p(value: str, css_class: str = "") -> str:
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<p{attribute}>{_e(value)}</p>"


def _header(data: ProtocolData) -> str:
    parts = [f'<p class="center"><strong>{_e(line)}</strong></p>' for line in text.heading_lines(data)]
    parts.append(f"<h1>{_e(text.title_line(data))}</h1>")
    parts.append(_p(text.subtitle_line(data), "center"))
    parts.append(_p(text.place_line(data)))
    parts.append("<h2>Присутствовали:</h2>")
    parts.extend(_p(text.member_line(m.name, m.role)) for m in data.members_present)
    if data.members_absent:
        parts.append("<h2>Отсутствовали:</h2>")
        parts.extend(_p(text.member_line(m.name, m.role)) for m in data.members_absent)
    parts.append(_p(text.quorum_line(data)))
    parts.append(f"<h2>{_e(text.agenda_line(data))}</h2>")
    return "\n".join(parts)


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], number_columns: range, widths: Sequence[float] = ()
) -> str:
    columns = "".join(f'<col style="width: {w:.2f}%">' for w in widths)
    head = "".join(f"<th>{_e(label)}</th>" for label in headers)
    body = []
    for cells in rows:
        tds = "".join(
            f'<td class="number">{_e(v)}</td>' if i in number_columns else f"<td>{_e(v)}</td>"
            for i, v in enumerate(cells)
        )
        body.append(f"<tr>{tds}</tr>")
    return (
        f"<table><colgroup>{columns}</colgroup><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _main_table(data: ProtocolData) -> str:
    headers = text.main_headers(data)
    rows = [text.main_cells(data, i, row) for i, row in enumerate(data.rows, start=1)]
    numbers = range(_FIRST_NUMBER_COLUMN, len(headers) - 1)
    return "\n".join(
        [
            "<h2>Результаты оценки проектов</h2>",
            _table(headers, rows, numbers, _main_widths(len(data.categories))),
            *(_p(note, "note") for note in text.main_notes(data)),
            _p(text.threshold_line(data), "note"),
        ]
    )


def _main_widths(categories: int) -> list[float]:
    """Column widths in percent: fixed columns first, the categories share what is left."""
    before = [3, 7.5, 11, 12, 8.5, 8.5, 5, 5, 4, 6]
    after = [5, 9]
    left = 100 - sum(before) - sum(after)
    return [*before, *([left / categories] * categories), *after]


def _decision(data: ProtocolData) -> str:
    lines = data.decision_text.splitlines()
    return "<h2>Решение:</h2>" + "".join(_p(line) for line in lines)


def _appendix(data: ProtocolData) -> str:
    parts = [f'<div class="appendix"><h2>{_e(text.APPENDIX_TITLE)}</h2>']
    headers = text.appendix_headers(data)
    numbers = range(1, len(headers) - 1)
    categories = len(data.categories)
    widths = [20, *([45 / categories] * categories), 8, 27]
    for row in data.rows:
        parts.append(f"<h2>{_e(row.registration_number)} — {_e(row.project_title)}</h2>")
        scores = data.scores_for(row.registration_number)
        if scores:
            cells = [text.appendix_cells(data, score) for score in scores]
            parts.append(_table(headers, cells, numbers, widths))
        else:
            parts.append(_p("Баллы не выставлялись."))
        parts.extend(
            _p(text.recusal_line(r.registration_number, r.member_name, r.reason), "note")
            for r in data.recusals_for(row.registration_number)
        )
    parts.append("</div>")
    return "\n".join(parts)


def _signatures(data: ProtocolData) -> str:
    lines = "".join(_p(line) for line in [*text.signature_lines(data), *text.audit_lines(data)])
    return f'<div class="signatures">{lines}</div>'
