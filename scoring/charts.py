"""Charts of a computed result as server-rendered SVG: cash flows by year, the sensitivity
tornado and the Monte Carlo histogram of NPV.

Pure Python (no Django, no JavaScript, no inline ``style``): colours are SVG presentation
attributes, so the charts look the same under the strict CSP and in print. Every text is
escaped here (``html.escape``) and every coordinate is a finite number; a missing or
non-finite value is drawn as nothing. Money is shown in millions of rubles in Russian
format (reference.formatting). Each builder returns the ``<svg>`` markup with
``role="img"`` and an ``aria-label``; the page puts the same figures in a table beside it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from reference.formatting import format_number

WIDTH = 720
FONT = 'font-family="sans-serif" font-size="12"'
AXIS = "#6c757d"
GRID = "#dee2e6"
TEXT = "#212529"


@dataclass(frozen=True)
class Series:
    """One line of bars: its label, its colour and one value (rubles or None) per year."""

    label: str
    colour: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class TornadoRow:
    """One factor: NPV change from the base (rubles) for each change in percent (−20 …)."""

    label: str
    deltas: dict[int, float | None]


def finite(value: object) -> float | None:
    """The value as a float when it is a finite number, else None (never NaN in the SVG)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def millions(value: float | None, places: int = 1, signed: bool = False) -> str:
    """Rubles as millions: 437 124 957 → «437,1»; ``signed`` puts «+» before a positive."""
    number = finite(value)
    text = format_number(None if number is None else number / 1e6, places)
    return f"+{text}" if signed and number is not None and number / 1e6 >= 0.5 * 10**-places else text


def percent_label(change: int) -> str:
    """A change in percent as the charts write it: «−20 %», «+10 %»."""
    return f"{'+' if change > 0 else '−' if change < 0 else ''}{abs(change)}\u00a0%"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (about ``count`` of them; 0 included when
    the range spans it)."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        base = low if math.isfinite(low) else 0.0
        return [base - 1, base, base + 1] if base else [0.0, 1.0]
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _n(value: float) -> str:
    return f"{value:.1f}"


def _svg(height: float, label: str, body: list[str], testid: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_n(height)}" role="img" '
        f'aria-label="{_e(label)}" class="chart" data-testid="{_e(testid)}" {FONT}>'
        f"<title>{_e(label)}</title>{''.join(body)}</svg>"
    )


def _text(x: float, y: float, text: str, anchor: str = "middle", extra: str = "") -> str:
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" fill="{TEXT}"{extra}>{_e(text)}</text>'


def _line(x1: float, y1: float, x2: float, y2: float, colour: str = AXIS, extra: str = "") -> str:
    return f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{colour}"{extra}/>'


def _rect(x: float, y: float, width: float, height: float, colour: str, title: str) -> str:
    return (
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(max(width, 0.0))}" height="{_n(max(height, 0.0))}" '
        f'fill="{colour}"><title>{_e(title)}</title></rect>'
    )


def _legend(items: Sequence[tuple[str, str]], x: float, y: float) -> list[str]:
    parts = []
    for colour, label in items:
        parts.append(f'<rect x="{_n(x)}" y="{_n(y - 10)}" width="12" height="12" fill="{colour}"/>')
        parts.append(_text(x + 17, y, label, anchor="start"))
        x += 30 + 7.2 * len(label)
    return parts


def cash_flow_svg(years: Sequence[str], series: Sequence[Series], label: str, unit: str = "млн руб.") -> str:
    """Grouped bars, one group per year, one bar per series; the y axis in млн руб."""
    values = [v for s in series for v in map(finite, s.values) if v is not None]
    if not years or not values:
        return ""
    left, right, top, bottom, height = 70, 10, 40, 36, 320
    plot_height = height - top - bottom
    ticks = nice_ticks(min(0.0, *values), max(0.0, *values))
    low, high = ticks[0], ticks[-1]

    def y_of(value: float) -> float:
        return top + (high - value) / (high - low) * plot_height

    step = (WIDTH - left - right) / len(years)
    bar = step * 0.8 / max(len(series), 1)
    body = _legend([(s.colour, s.label) for s in series], left, 16)
    body.append(_text(left - 8, top - 8, unit, anchor="end"))
    for tick in ticks:
        body.append(_line(left, y_of(tick), WIDTH - right, y_of(tick), GRID if tick else AXIS))
        body.append(
            _text(left - 6, y_of(tick) + 4, millions(tick, 0 if abs(high - low) >= 1e7 else 1), "end")
        )
    for i, year in enumerate(years):
        x = left + i * step + step * 0.1
        body.append(_text(left + (i + 0.5) * step, height - bottom + 16, year))
        for j, s in enumerate(series):
            value = finite(s.values[i]) if i < len(s.values) else None
            if value is None:
                continue
            y0, y1 = sorted((y_of(0.0), y_of(value)))
            body.append(
                _rect(x + j * bar, y0, bar * 0.92, y1 - y0, s.colour, f"{year}, {s.label}: {millions(value)}")
            )
    body.append(_line(left, top, left, height - bottom))
    return _svg(height, label, body, "cash-flow-chart")


#: Room beside the longest bar for its value label, so it never runs into the factor names.
VALUE_ROOM = 50
TORNADO_COLOURS = {"minus": ("#f5b97a", "#b35c00"), "plus": ("#9ec5fe", "#0b5ed7")}


def tornado_svg(rows: Sequence[TornadoRow], label: str, axis: str = "изменение NPV, млн руб.") -> str:
    """For every factor two bars from the base NPV: the factor lowered (orange) and raised
    (blue); the light part is ±20 %, the dark ±10 %; the ±20 % change labelled in млн руб."""
    deltas = [v for row in rows for v in map(finite, row.deltas.values()) if v is not None]
    if not rows or not deltas:
        return ""
    left, right, top, band = 250, 20, 40, 44
    height = top + band * len(rows) + 30
    reach = max(max(abs(v) for v in deltas), 1.0)
    centre = left + (WIDTH - left - right) / 2
    scale = ((WIDTH - left - right) / 2 - VALUE_ROOM) / reach
    body = _legend(
        [
            (TORNADO_COLOURS["minus"][0], percent_label(-20)),
            (TORNADO_COLOURS["minus"][1], percent_label(-10)),
            (TORNADO_COLOURS["plus"][1], percent_label(10)),
            (TORNADO_COLOURS["plus"][0], percent_label(20)),
        ],
        left,
        16,
    )
    for index, row in enumerate(rows):
        y = top + index * band
        body.append(_text(left - 10, y + band / 2 + 4, row.label, anchor="end"))
        for offset, side, sign in ((4, "minus", -1), (band / 2, "plus", 1)):
            for change, shade in ((20 * sign, 0), (10 * sign, 1)):
                value = finite(row.deltas.get(change))
                if value is None:
                    continue
                x0, x1 = sorted((centre, centre + value * scale))
                title = f"{row.label}, {percent_label(change)}: {millions(value, signed=True)}"
                body.append(_rect(x0, y + offset, x1 - x0, band / 2 - 6, TORNADO_COLOURS[side][shade], title))
            value = finite(row.deltas.get(20 * sign))
            if value is not None:
                anchor, x = (
                    ("start", centre + value * scale + 4)
                    if value >= 0
                    else ("end", centre + value * scale - 4)
                )
                body.append(_text(x, y + offset + band / 4 + 1, millions(value, signed=True), anchor=anchor))
    body.append(_line(centre, top - 4, centre, height - 26))
    body.append(_text(centre, height - 8, axis))
    return _svg(height, label, body, "tornado-chart")


def histogram_svg(
    edges: Sequence[float],
    counts: Sequence[int],
    markers: Sequence[tuple[str, float | None]],
    label: str,
    axis: str = "NPV, млн руб.",
    count_label: str = "сценариев",
) -> str:
    """Bars of the scenarios' count per NPV bin (млн руб.), red below zero; a dashed line at
    each marker (P5, P50, P95) and a solid one at NPV = 0 when it is in range."""
    clean = [finite(e) for e in edges]
    if len(counts) == 0 or len(clean) != len(counts) + 1 or any(e is None for e in clean):
        return ""
    bounds = [float(e) for e in clean if e is not None]
    left, right, top, bottom, height = 60, 20, 40, 40, 300
    plot_height = height - top - bottom
    low, high = bounds[0], bounds[-1]
    if high <= low:
        high = low + 1.0
    tallest = max(max(int(c) for c in counts), 1)
    count_ticks = [t for t in nice_ticks(0, tallest, 4) if t >= 0]

    def x_of(value: float) -> float:
        return left + (value - low) / (high - low) * (WIDTH - left - right)

    def y_of(count: float) -> float:
        return top + plot_height - count / count_ticks[-1] * plot_height

    body = _legend([("#dc3545", "NPV < 0"), ("#0d6efd", "NPV ≥ 0")], left, 16)
    body.append(_text(4, top - 8, count_label, anchor="start"))
    for tick in count_ticks:
        body.append(_line(left, y_of(tick), WIDTH - right, y_of(tick), GRID if tick else AXIS))
        body.append(_text(left - 6, y_of(tick) + 4, format_number(tick, 0), anchor="end"))
    for index, count in enumerate(counts):
        start, end = bounds[index], bounds[index + 1]
        colour = "#dc3545" if (start + end) / 2 < 0 else "#0d6efd"
        title = f"{millions(start)} … {millions(end)}: {format_number(int(count), 0)}"
        body.append(
            _rect(
                x_of(start) + 0.5,
                y_of(int(count)),
                x_of(end) - x_of(start) - 1,
                y_of(0) - y_of(int(count)),
                colour,
                title,
            )
        )
    for tick in nice_ticks(low, high, 6):
        if low <= tick <= high:
            body.append(_line(x_of(tick), y_of(0), x_of(tick), y_of(0) + 4))
            body.append(
                _text(x_of(tick), height - bottom + 16, millions(tick, 0 if high - low >= 1e7 else 1))
            )
    if low < 0 < high:
        body.append(_line(x_of(0), top, x_of(0), y_of(0), "#dc3545", ' stroke-width="2"'))
    for index, (name, value) in enumerate(markers):
        number = finite(value)
        if number is None or not low <= number <= high:
            continue
        body.append(_line(x_of(number), top, x_of(number), y_of(0), TEXT, ' stroke-dasharray="4 3"'))
        body.append(_text(x_of(number) + 3, top + 10 + 13 * index, name, anchor="start"))
    body.append(_text((left + WIDTH - right) / 2, height - 6, axis))
    return _svg(height, label, body, "npv-histogram")
