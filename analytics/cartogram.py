"""The tile-grid cartogram of Russia as server-rendered SVG: one square per subject at
its place of reference.regions.TILES, coloured by the chosen figure.

No JavaScript and no inline ``style``: colours are SVG ``fill`` attributes. Each tile
links to the region's row of the table and carries ``data-region`` and ``data-value``
(the figure exactly as the table writes it), so the map and the table are one data set.
Regions where the project industry is concentrated (LQ > 1,25) get a green frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext as _

from analytics.metrics import Metric
from analytics.selectors import Row
from reference.formatting import format_number
from reference.regions import GRID_COLUMNS, GRID_ROWS, TILES

TILE = 40
GAP = 4
STEP = TILE + GAP
PALETTE = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#f1f3f5"
CONCENTRATED = "#198754"
LEGEND_HEIGHT = 66


@dataclass(frozen=True)
class Bucket:
    colour: str
    low: float
    high: float


def buckets(values: Sequence[float], *, whole: bool = False) -> list[Bucket]:
    """Five classes of equal width from the lowest (or zero) to the highest value; for
    counts (``whole``) up to five, one class per number."""
    if not values:
        return []
    low, high = min(0.0, *values), max(values)
    if whole and high - low < len(PALETTE):
        count = int(high - low) + 1
        colours = PALETTE[len(PALETTE) - count :]
        return [Bucket(colour, low + i, low + i) for i, colour in enumerate(colours)]
    if high <= low:
        return [Bucket(PALETTE[-1], low, high)]
    width = (high - low) / len(PALETTE)
    return [Bucket(colour, low + i * width, low + (i + 1) * width) for i, colour in enumerate(PALETTE)]


def colour_of(value: float | None, classes: Sequence[Bucket]) -> str:
    if value is None or not classes:
        return NO_DATA
    for bucket in classes:
        if value <= bucket.high:
            return bucket.colour
    return classes[-1].colour


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def has_value(row: Row, metric: Metric) -> bool:
    """A region with no submitted application is left grey, whatever the figure."""
    return bool(row.values.get("applications")) and row.values.get(metric.key) is not None


def cartogram_svg(rows: Sequence[Row], metric: Metric, concentrated: frozenset[str], label: str) -> str:
    values = [metric.scale(row.values.get(metric.key)) for row in rows if has_value(row, metric)]
    classes = buckets([v for v in values if v is not None], whole=metric.kind == "count")
    width = GRID_COLUMNS * STEP
    height = GRID_ROWS * STEP + LEGEND_HEIGHT
    body = []
    for row in rows:
        if row.key not in TILES:
            continue
        line, column = TILES[row.key]
        x, y = column * STEP, line * STEP
        value = row.values.get(metric.key) if has_value(row, metric) else None
        fill = colour_of(metric.scale(value), classes)
        dark = fill in PALETTE[3:]
        frame = f' stroke="{CONCENTRATED}" stroke-width="3"' if row.key in concentrated else ""
        shown = metric.display(value)
        body.append(
            f'<a href="#region-{_e(row.key)}"><g data-region="{_e(row.key)}" data-value="{_e(shown)}">'
            f"<title>{_e(row.name)}: {_e(shown)}</title>"
            f'<rect x="{x}" y="{y}" width="{TILE}" height="{TILE}" rx="4" fill="{fill}"{frame}/>'
            f'<text x="{x + TILE / 2:.0f}" y="{y + TILE / 2 + 4:.0f}" text-anchor="middle" '
            f'fill="{"#ffffff" if dark else "#212529"}">{_e(row.key)}</text></g></a>'
        )
    body.extend(_legend(classes, metric, GRID_ROWS * STEP + 8, bool(concentrated)))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{_e(label)}" class="cartogram" data-testid="cartogram" '
        f'font-family="sans-serif" font-size="12"><title>{_e(label)}</title>{"".join(body)}</svg>'
    )


def _legend(classes: Sequence[Bucket], metric: Metric, y: int, framed: bool) -> list[str]:
    parts = []
    x = 0
    places = 0 if metric.kind == "count" else 1 if metric.kind != "index" else 6
    entries = [
        (
            bucket.colour,
            format_number(bucket.low, places)
            if bucket.low == bucket.high
            else f"{format_number(bucket.low, places)} … {format_number(bucket.high, places)}",
        )
        for bucket in classes
    ]
    entries.append((NO_DATA, _("нет заявок")))
    for colour, text in entries:
        parts.append(f'<rect x="{x}" y="{y}" width="14" height="14" fill="{colour}" stroke="#adb5bd"/>')
        parts.append(f'<text x="{x + 18}" y="{y + 12}" fill="#212529">{_e(text)}</text>')
        x += 30 + 7 * len(text)
    if framed:
        parts.append(
            f'<rect x="0" y="{y + 24}" width="14" height="14" fill="#ffffff" '
            f'stroke="{CONCENTRATED}" stroke-width="3"/>'
        )
        parts.append(
            f'<text x="18" y="{y + 36}" fill="#212529">{_e(_("отрасль сконцентрирована (LQ > 1,25)"))}</text>'
        )
    unit = f"{metric.label}{', ' + str(metric.unit) if metric.unit else ''}"
    parts.append(f'<text x="0" y="{y + 56}" fill="#6c757d">{_e(unit)}</text>')
    return parts
