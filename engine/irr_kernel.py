"""The IRR's first pass, compiled: steps 1–3 of :mod:`engine.irr` on every row (ADR 0012).

A row without a sign change has no root. A row with one has exactly one positive root
(Descartes), found by Newton's method in v = 1/(1+r) from a guess balancing inflows and
outflows by the cumulants of their times; rows go through Newton eight at a time in
lockstep (``LANES``), so that the processor works on eight independent evaluations at
once instead of waiting on one. A row with more sign changes, or where Newton does not
converge, is settled by Norstrom's partial sums when they allow at most one root each
side of r = 0: each such root is bracketed between r = 0 and an end of the interval and
refined by safeguarded Newton. The other rows are left to the root isolation
(:mod:`engine.isolation`), whose brackets the ``refine`` kernel refines the same way.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .jit import CODES, INTEGER, OUT_CODES, OUT_SCALAR, OUT_SERIES, SCALAR, SERIES, helper, inline, kernel
from .layout import ISOLATE, LOWER_RATE, NEWTON_ITERATIONS, UPPER_RATE, X_HIGH, X_LOW  # noqa: F401

MAX_ITERATIONS = 80
LANES = 8
EPSILON = 2.220446049250313e-16
# Newton's iterates are kept within twice the interval, as v = e^−x.
V_LOW, V_HIGH = math.exp(-2 * X_HIGH), math.exp(-2 * X_LOW)


@inline
def sign_changes(flows: Any, cumulative: bool, backwards: bool) -> int:
    """Sign changes of a row, zeros skipped; of its partial sums when ``cumulative``
    (from the end when ``backwards``): Descartes' rule and Norstrom's criterion."""
    years = flows.shape[0]
    count, last, total = 0, 0.0, 0.0
    for step in range(years):
        value = flows[years - 1 - step] if backwards else flows[step]
        if cumulative:
            total += value
            value = total
        if (value < 0.0 and last > 0.0) or (value > 0.0 and last < 0.0):
            count += 1
        if value != 0.0:
            last = value
    return count


@inline
def value_and_slope(flows: Any, x: float) -> tuple[float, float]:
    """q(v) = Σ CF_n v^(n−1) at v = e^−x and dq/dx, by Horner's rule (``engine.irr``)."""
    years = flows.shape[0]
    v = math.exp(-x)
    if years < 2:
        return flows[years - 1], 0.0
    value = flows[years - 1] * v + flows[years - 2]
    slope = flows[years - 1]
    for year in range(years - 3, -1, -1):
        slope = slope * v + value
        value = value * v + flows[year]
    return value, -(slope * v)


@inline
def _cumulants(m0: float, m1: float, m2: float, m3: float) -> tuple[float, float, float]:
    """Coefficients of x, x², x³ in ln Σ w_n e^(−n x) from the moments of the times."""
    scale = 1.0 / m0
    mean, square, cube = m1 * scale, m2 * scale, m3 * scale
    mean_squared = mean * mean
    third = cube - mean * (3 * square - 2 * mean_squared)
    return -mean, (square - mean_squared) / 2, -third / 6


@inline
def _initial_guess(moments: Any, lane: int) -> float:
    """ln(1+r) balancing inflows and outflows by the cumulants of their times (a cubic
    in x, solved to second order, then one Newton step; see ``engine.irr``). ``moments``
    holds Σ w_n n^k of the inflows (k = 0…3) and of the outflows (rows 4–7) per lane."""
    p0, p1, p2, p3 = moments[0, lane], moments[1, lane], moments[2, lane], moments[3, lane]
    n0, n1, n2, n3 = moments[4, lane], moments[5, lane], moments[6, lane], moments[7, lane]
    a0 = math.log(p0 / n0)
    in1, in2, in3 = _cumulants(p0, p1, p2, p3)
    out1, out2, out3 = _cumulants(n0, n1, n2, n3)
    a1, a2, a3 = in1 - out1, in2 - out2, in3 - out3
    first = -a0 / a1
    second = 2 * a0 / (-a1 + math.copysign(math.sqrt(a1 * a1 - 4 * a2 * a0), -a1))
    if not math.isfinite(second):
        second = first
    cubic = a0 + second * (a1 + second * (a2 + second * a3))
    third = second - cubic / (a1 + second * (2 * a2 + second * 3 * a3))
    # The cubic correction is trusted only while it shrinks, as a series should.
    guess = third if math.isfinite(third) and abs(third - second) <= abs(second - first) else second
    if not math.isfinite(guess):
        return 0.1
    return min(max(guess, X_LOW), X_HIGH)


@inline
def _moments(coefficients: Any, moments: Any) -> None:
    """Σ w_n n^k (k = 0…3) of each lane's inflows (w = max(CF, 0)) and outflows."""
    moments[:] = 0.0
    for year in range(coefficients.shape[0]):
        time = year + 1.0
        square = time * time
        cube = square * time
        for lane in range(LANES):
            inflow = max(coefficients[year, lane], 0.0)
            outflow = inflow - coefficients[year, lane]
            moments[0, lane] += inflow
            moments[1, lane] += inflow * time
            moments[2, lane] += inflow * square
            moments[3, lane] += inflow * cube
            moments[4, lane] += outflow
            moments[5, lane] += outflow * time
            moments[6, lane] += outflow * square
            moments[7, lane] += outflow * cube


@helper
def bracketed_root(flows: Any, low: float, high: float, low_value: float, high_value: float) -> float:
    """The root in (low, high), where q changes sign, by safeguarded Newton (``rtsafe``:
    Newton inside the bracket, bisection when Newton leaves it or stalls)."""
    negative, positive = (low, high) if low_value < 0 else (high, low)
    x = low - low_value * (high - low) / (high_value - low_value)  # the secant's root
    if not (math.isfinite(x) and low < x < high):
        x = 0.5 * (low + high)
    step_before = step = abs(high - low)
    value, slope = value_and_slope(flows, x)
    close = False
    for _ in range(MAX_ITERATIONS):
        if value == 0:
            break
        bisect = ((x - positive) * slope - value) * ((x - negative) * slope - value) > 0
        bisect = bisect or abs(2.0 * value) > abs(step_before * slope)
        newton, half = value / slope, 0.5 * (positive - negative)
        step_before, step = step, half if bisect else newton
        new_x = negative + half if bisect else x - newton
        # Newton converges quadratically: one step after a step of 1e-9 is at rounding level.
        converged = close or new_x == x or abs(step) <= 4 * EPSILON * abs(new_x)
        converged = converged or abs(positive - negative) <= 4 * EPSILON * abs(new_x)
        close = not bisect and abs(newton) <= 1e-9 * abs(new_x)
        x = new_x
        value, slope = value_and_slope(flows, x)
        if value < 0:
            negative = x
        elif value > 0:
            positive = x
        if converged:
            break
    return x


@helper
def _side_root(flows: Any, inner: float, outer: float, inner_value: float) -> float:
    """The root between r = 0 (``inner``, x = 0) and an end of the interval (``outer``) of
    a side known to hold exactly one root of the whole half-line, or NaN where that root
    lies beyond the interval's end (q does not change sign up to it)."""
    outer_value, _ = value_and_slope(flows, outer)
    if outer_value == 0 or (outer_value < 0) == (inner_value < 0):
        return math.nan
    low, high = min(inner, outer), max(inner, outer)
    low_value, high_value = (inner_value, outer_value) if inner < outer else (outer_value, inner_value)
    return bracketed_root(flows, low, high, low_value, high_value)


@helper
def _newton_lanes(flows: Any, rows: Any, lanes: int, iterations: int, scratch: Any,
                  counts: Any, roots: Any) -> None:  # fmt: skip
    """Newton's method on q(v) for ``lanes`` (≤ LANES) rows with one sign change, in
    lockstep; a step below 1e-10 of v leaves v at rounding level. Rows that do not
    converge are settled by :func:`_settle`."""
    years = flows.shape[1]
    coefficients, moments = scratch[:years], scratch[years : years + 8]
    v, value, slope, done = scratch[years + 8], scratch[years + 9], scratch[years + 10], scratch[years + 11]
    for lane in range(LANES):
        row = rows[min(lane, lanes - 1)]  # a short block repeats its last row
        for year in range(years):
            coefficients[year, lane] = flows[row, year]
    _moments(coefficients, moments)
    for lane in range(LANES):
        v[lane] = math.exp(-_initial_guess(moments, lane))
        done[lane] = 0.0
    for _ in range(iterations):
        for lane in range(LANES):
            value[lane], slope[lane] = coefficients[years - 1, lane], 0.0
        for year in range(years - 2, -1, -1):
            for lane in range(LANES):
                slope[lane] = slope[lane] * v[lane] + value[lane]
                value[lane] = value[lane] * v[lane] + coefficients[year, lane]
        finished = 0.0
        for lane in range(LANES):
            step = value[lane] / slope[lane]
            new_v = min(max(v[lane] - step, V_LOW), V_HIGH)
            converged = 1.0 if abs(step) <= 1e-10 * new_v else 0.0
            v[lane] = v[lane] if done[lane] else new_v
            done[lane] = max(done[lane], converged)
            finished += done[lane]
        if finished == LANES:
            break
    for lane in range(lanes):
        row = rows[lane]
        rate = 1 / v[lane] - 1
        if not done[lane]:
            counts[row] = _settle(flows[row], roots[row])
        elif LOWER_RATE < rate < UPPER_RATE:
            roots[row, 0], counts[row] = rate, 1
        else:
            counts[row] = 0


@helper
def _settle(flows: Any, roots: Any) -> int:
    """The roots of a row Newton did not settle, when Norstrom's partial sums allow at
    most one each side of r = 0 (rates into ``roots``, ascending; their number), else
    ISOLATE.

    The sums from the start bound the roots with r > 0, those from the end the roots with
    r < 0; rows summing to exactly 0 have a root at r = 0, where the sides meet, and go
    to the root isolation."""
    total = 0.0
    for year in range(flows.shape[0]):
        total += flows[year]
    after = sign_changes(flows, True, False)
    before = sign_changes(flows, True, True)
    if total == 0 or after > 1 or before > 1:
        return ISOLATE
    found = 0
    for side in range(2):
        if (after if side else before) == 1:
            rate = math.expm1(_side_root(flows, 0.0, X_HIGH if side else X_LOW, total))
            if LOWER_RATE < rate < UPPER_RATE:  # NaN where the root is beyond the end
                roots[found] = rate
                found += 1
    return found


@helper
def first_pass_rows(flows: Any, iterations: int, counts: Any, roots: Any) -> None:
    """Steps 1–3 on every row of ``flows`` (cases, years): the number of roots (or
    ISOLATE) into ``counts``, the roots (rates) into ``roots`` (cases, 2), NaN-padded."""
    cases, years = flows.shape
    pending = np.empty(LANES, dtype=np.int64)
    waiting = 0
    scratch = np.empty((years + 12, LANES))
    for case in range(cases):
        row = flows[case]
        roots[case, 0] = roots[case, 1] = math.nan
        total = 0.0
        for year in range(years):
            total += row[year]
        changes = sign_changes(row, False, False) if math.isfinite(total) else 0
        if changes == 1:
            pending[waiting] = case
            waiting += 1
        else:
            counts[case] = 0 if changes == 0 else _settle(row, roots[case])
        # One call site with variables only: numba compiles a helper once per type of
        # its arguments, and a constant argument is a type of its own.
        if waiting == LANES or (waiting and case == cases - 1):
            _newton_lanes(flows, pending, waiting, iterations, scratch, counts, roots)
            waiting = 0


@kernel("first_pass", SERIES, INTEGER, OUT_CODES, OUT_SERIES)
def _first_pass(flows: Any, iterations: int, counts: Any, roots: Any) -> None:
    first_pass_rows(flows, iterations, counts, roots)


@kernel("npv_and_first_pass", SERIES, SCALAR, OUT_SCALAR, OUT_CODES, OUT_SERIES, INTEGER)
def _npv_and_first_pass(flows: Any, rates: Any, npv: Any, counts: Any, roots: Any, iterations: int) -> None:
    """NPV at ``rates`` (CF_n at the end of year n) of every row, then the first pass."""
    for case in range(flows.shape[0]):
        factor = 1.0 / (1.0 + rates[case])
        discount, total = 1.0, 0.0
        for year in range(flows.shape[1]):
            discount *= factor
            total += flows[case, year] * discount
        npv[case] = total
    first_pass_rows(flows, iterations, counts, roots)


@kernel("refine", SERIES, CODES, SCALAR, SCALAR, SCALAR, SCALAR, OUT_SCALAR)
def _refine(flows: Any, owner: Any, low: Any, high: Any, low_value: Any, high_value: Any, x: Any) -> None:
    """:func:`bracketed_root` of every bracket (of row ``owner`` of ``flows``) into ``x``."""
    for bracket in range(owner.shape[0]):
        x[bracket] = bracketed_root(flows[owner[bracket]], low[bracket], high[bracket],
                                     low_value[bracket], high_value[bracket])  # fmt: skip
