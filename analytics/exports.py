"""The regional view's table as a workbook (reference.xlsx_writing: no cell a formula).
Built from the view's data object; touches no ORM. Money in rubles."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from analytics.metrics import METRICS
from analytics.selectors import RegionalView, Row
from reference.xlsx_writing import workbook_bytes, write_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _number(value: object) -> object:
    if value is None:
        return None
    return float(value) if not isinstance(value, int) else value  # type: ignore[arg-type]


def _header(metric) -> str:
    unit = _("руб.") if metric.kind in ("money", "number") else ""
    return f"{metric.label}, {unit}" if unit else str(metric.label)


def _write_rows(sheet, start: int, rows: Sequence[Row], first: str, second: str, lq: bool) -> int:
    headers = [first, second, *(_header(m) for m in METRICS)] + ([_("LQ раздела")] if lq else [])
    for column, text in enumerate(headers, start=1):
        write_cell(sheet, start, column, text)
    line = start
    for line, row in enumerate(rows, start=start + 1):
        write_cell(sheet, line, 1, row.key)
        write_cell(sheet, line, 2, row.name)
        for column, metric in enumerate(METRICS, start=3):
            write_cell(sheet, line, column, _number(row.values.get(metric.key)))
        if lq:
            write_cell(sheet, line, 3 + len(METRICS), row.lq)
    return line


def regional_workbook(view: RegionalView, caption: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Регионы")
    write_cell(sheet, 1, 1, caption)
    districts = dict((row.key, row.name) for row in view.districts)
    regions = [
        Row(key=row.key, name=f"{row.name} ({districts.get(row.district, '')})", values=row.values, lq=row.lq)
        for row in view.regions
    ]
    end = _write_rows(sheet, 3, regions, _("Код"), _("Субъект РФ (федеральный округ)"), bool(view.section))
    totals = [
        Row(key="", name=f"{row.name} {_('федеральный округ')}", values=row.values) for row in view.districts
    ]
    totals.append(Row(key="", name=_("Итого"), values=view.total.values))
    _write_rows(sheet, end + 2, totals, "", _("Федеральный округ"), False)
    sheet.column_dimensions["B"].width = 60
    clusters = workbook.create_sheet(_("Кластеры"))
    _write_rows(clusters, 1, view.clusters, _("№"), _("Кластер"), False)
    clusters.column_dimensions["B"].width = 60
    return workbook_bytes(workbook)
