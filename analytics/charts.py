"""The regional view's charts as server-rendered SVG, drawn with the primitives of
scoring.charts (escaped text, finite coordinates, fill attributes, no inline style):
the distribution of the projects' points and a figure by federal district."""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.translation import gettext as _

from analytics.metrics import Metric
from analytics.selectors import Row
from reference.formatting import format_number
from scoring import charts
from scoring.charts import WIDTH, nice_ticks

BAR = "#0d6efd"


def points_histogram_svg(points: Sequence[float], label: str) -> str:
    """Projects per band of points (the mean over the members), bands of a round width."""
    if not points:
        return ""
    edges = nice_ticks(0.0, max(max(points), 1.0), 8)
    if edges[-1] <= max(points):
        edges.append(edges[-1] + (edges[1] - edges[0]))
    counts = [0] * (len(edges) - 1)
    for value in points:
        index = min(max(math.floor((value - edges[0]) / (edges[1] - edges[0])), 0), len(counts) - 1)
        counts[index] += 1
    left, right, top, bottom, height = 60, 20, 30, 40, 260
    plot = height - top - bottom
    # Whole numbers of projects only: a small count gets a tick per project.
    tallest = [t for t in nice_ticks(0, max(max(counts), 1), 4) if float(t).is_integer()]
    if len(tallest) < 2:
        tallest = [0.0, float(max(counts))]
    step = (WIDTH - left - right) / len(counts)
    body = [charts._text(4, top - 10, _("проектов"), anchor="start")]
    for tick in tallest:
        y = top + plot - tick / tallest[-1] * plot
        body.append(charts._line(left, y, WIDTH - right, y, charts.GRID if tick else charts.AXIS))
        body.append(charts._text(left - 6, y + 4, format_number(tick, 0), anchor="end"))
    for index, count in enumerate(counts):
        low, high = edges[index], edges[index + 1]
        bar_height = count / tallest[-1] * plot
        title = f"{format_number(low, 0)} … {format_number(high, 0)}: {count}"
        body.append(
            charts._rect(left + index * step + 2, top + plot - bar_height, step - 4, bar_height, BAR, title)
        )
        body.append(charts._text(left + index * step, height - bottom + 16, format_number(low, 0)))
    body.append(charts._text(WIDTH - right, height - bottom + 16, format_number(edges[-1], 0)))
    body.append(charts._text((left + WIDTH - right) / 2, height - 6, _("баллы (среднее по членам комиссии)")))
    return charts._svg(height, label, body, "points-histogram")


def district_bars_svg(rows: Sequence[Row], metric: Metric, label: str) -> str:
    """One horizontal bar per federal district for ``metric``, its value written beside."""
    values = [(row.name, metric.scale(row.values.get(metric.key))) for row in rows]
    known = [v for _name, v in values if v is not None]
    if not known or not any(known):
        return ""
    left, right, top, band = 170, 90, 10, 26
    height = top + band * len(values) + 10
    low, high = min(0.0, *known), max(0.0, *known)
    scale = (WIDTH - left - right) / ((high - low) or 1.0)
    zero = left + (0 - low) * scale
    body = []
    for index, (name, value) in enumerate(values):
        y = top + index * band
        body.append(charts._text(left - 8, y + band / 2 + 4, name, anchor="end"))
        if value is None:
            continue
        x0, x1 = sorted((zero, zero + value * scale))
        shown = metric.display(value * 1e6 if metric.kind in ("money", "number") else value)
        body.append(charts._rect(x0, y + 4, x1 - x0, band - 8, BAR, f"{name}: {shown}"))
        body.append(charts._text(max(x1, zero) + 4, y + band / 2 + 4, shown, anchor="start"))
    body.append(charts._line(zero, top, zero, height - 10))
    return charts._svg(height, label, body, "district-chart")
