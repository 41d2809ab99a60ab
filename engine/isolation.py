"""Root isolation that cannot lose a pair: Descartes' rule on Bernstein coefficients.

For flows CF_1…CF_N the IRR roots are the roots of q(v) = Σ CF_n v^(n−1), v = 1/(1+r).
The interval r ∈ (−0.99, 100) is split at r = 0 into two halves, each a polynomial on a
subinterval of (0, 1]:

- r > 0: q(v) itself for v ∈ (1/101, 1);
- r < 0: the reversed polynomial q*(w) = w^(N−1) q(1/w) = Σ CF_n w^(N−n) for w = 1 + r ∈ (0.01, 1).

Each half is mapped onto t ∈ [0, 1] (a Taylor shift) and written in the Bernstein basis of
[0, 1]. The number of sign changes of the Bernstein coefficients bounds the number of
roots in the open interval, counted with multiplicity, and the bound is exact when it is
0 or 1 (Descartes' rule after the Möbius map of the interval to (0, ∞); this is the
Vincent–Collins–Akritas bisection). An interval whose bound is 0 is dropped, 1 becomes a
bracket refined by safeguarded Newton (:func:`engine.irr_kernel.bracketed_root`), 2 or
more is halved by de Casteljau's algorithm (which gives both halves' Bernstein
coefficients exactly up to rounding), depth first, left half first.

Binary64 cannot tell apart roots closer than about √ε ≈ 1e-8 of each other (the value of
q between them is at rounding level). Intervals still undecided after ``MAX_DEPTH``
halvings (width 2^−24 ≈ 6e-8 in t) are therefore a cluster of roots: touching ones are
merged and each cluster is reported as one root (a double root is one root value, as
SPEC §5 asks for every root, not for multiplicities). Rounding can still make a double
root look like two roots a few 1e-8 apart: two neighbouring roots closer than
``SAME_ROOT`` in ln(1+r) are one root unless q is certainly nonzero halfway between them
(|q| above 4ε·Σ|CF_n| v^(n−1), a few times the rounding of Horner's rule).

Compiled with numba (ADR 0012), one row at a time: the rows come from the IRR's first
pass, the few (about 2 %) that have more than one root on a side of r = 0.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .irr_kernel import EPSILON, bracketed_root, sign_changes
from .jit import OUT_CODES, OUT_SERIES, SERIES, helper, inline, kernel
from .layout import LOWER_RATE, UPPER_RATE

MAX_DEPTH = 24
SAME_ROOT = 1e-6
# v = 1/(1 + r) at r = 100 (half r > 0) and w = 1 + r at r = −0.99 (half r < 0).
LOWER_ENDS = (1.0 / 101.0, 0.01)


@helper
def _bernstein_matrix(degree: int) -> Any:
    """M with b = M @ c: power coefficients on [0, 1] to Bernstein coefficients,
    b_j = Σ_{i ≤ j} C(j, i) / C(d, i) · c_i."""
    matrix = np.zeros((degree + 1, degree + 1))
    for j in range(degree + 1):
        for i in range(j + 1):
            matrix[j, i] = _binomial(j, i) / _binomial(degree, i)
    return matrix


@inline
def _binomial(n: int, k: int) -> float:
    result = 1.0
    for i in range(1, k + 1):
        result = result * (n - k + i) / i
    return result


@helper
def _deflate(flows: Any) -> int:
    """Divide the root r = 0 out of ``flows`` in place, as often as it divides; returns
    how often (0 when q(1) = Σ CF_n ≠ 0).

    q(v) = (1 − v)·s(v) where s has the partial sums CF_1, CF_1 + CF_2, … as coefficients
    (Norstrom's sums). Dividing it out keeps a multiple root at r = 0 from leaving rounding
    noise at the common end of the two halves. The sign of s is that of q for r > 0 and
    the opposite for r < 0; roots other than r = 0 are the same."""
    times = 0
    while True:
        total, nonzero = 0.0, False
        for year in range(flows.shape[0]):
            total += flows[year]
            nonzero = nonzero or flows[year] != 0
        if total != 0 or not nonzero:
            return times
        running = 0.0
        for year in range(flows.shape[0]):
            running += flows[year]
            flows[year] = running
        flows[flows.shape[0] - 1] = 0.0  # the remainder, q(1) = 0
        times += 1


@helper
def _halve(coefficients: Any, left: Any, right: Any, work: Any) -> None:
    """Bernstein coefficients of the left and right halves (de Casteljau at t = 1/2)."""
    degree = coefficients.shape[0] - 1
    work[:] = coefficients
    left[0], right[degree] = work[0], work[degree]
    for k in range(1, degree + 1):
        for i in range(degree - k + 1):
            work[i] = 0.5 * (work[i] + work[i + 1])
        left[k], right[degree - k] = work[0], work[degree - k]


@inline
def _to_x(t: float, half: int) -> float:
    """x = ln(1+r) of a point t of either half (0: v = 1/(1+r), 1: w = 1+r)."""
    low = LOWER_ENDS[0] if half == 0 else LOWER_ENDS[1]
    u = low + (1.0 - low) * t
    return -math.log(u) if half == 0 else math.log(u)


@helper
def _half_bernstein(flows: Any, half: int, matrix: Any, shifted: Any, out: Any) -> None:
    """Bernstein coefficients on t ∈ [0, 1] of one half (Taylor shift to the half's lower
    end, scaled to width 1); the last is p(1) = Σ CF_n, set to the one float sum for both
    halves, so that r = 0 is seen alike from both sides."""
    degree = flows.shape[0] - 1
    low = LOWER_ENDS[0] if half == 0 else LOWER_ENDS[1]
    total = 0.0
    for year in range(degree + 1):
        shifted[year] = flows[year] if half == 0 else flows[degree - year]
        total += flows[year]
    for i in range(degree):
        for j in range(degree - 1, i - 1, -1):
            shifted[j] += low * shifted[j + 1]
    scale, width = 1.0, 1.0 - low
    for k in range(1, degree + 1):
        scale *= width
        shifted[k] *= scale
    for j in range(degree + 1):
        value = 0.0
        for i in range(j + 1):
            value += matrix[j, i] * shifted[i]
        out[j] = value
    out[degree] = total


@inline
def _first_and_last_nonzero(coefficients: Any) -> tuple[float, float]:
    """The sign carriers of p just inside each end of an interval (an end where p is
    exactly 0 takes the next coefficient's sign)."""
    first = last = 0.0
    for value in coefficients:
        if value != 0:
            last = value
            if first == 0:
                first = value
    return first, last


@helper
def _isolate_half(flows: Any, half: int, matrix: Any, stack: Any, starts: Any, depths: Any,
                  work: Any, found: Any, count: int) -> int:  # fmt: skip
    """Every root of one half into ``found`` (x, from index ``count``); the new count."""
    degree = flows.shape[0] - 1
    _half_bernstein(flows, half, matrix, work[0], stack[0])
    starts[0], depths[0] = 0.0, 0
    top, run, run_first, run_last = 1, -1, 0.0, 0.0
    while top:
        top -= 1
        bern, start, depth = stack[top], starts[top], depths[top]
        width = 0.5**depth
        changes = sign_changes(bern, False, False)
        if changes == 1:
            low_value, high_value = _first_and_last_nonzero(bern)
            a, b = _to_x(start, half), _to_x(start + width, half)
            # In half 0 (v) x falls as t grows; in half 1 (w) it rises.
            if half == 0:
                a, b, low_value, high_value = b, a, high_value, low_value
            found[count] = bracketed_root(flows, a, b, low_value, high_value)
            count += 1
        elif changes >= 2 and depth == MAX_DEPTH:
            # A cluster: one root per run of touching intervals, at the run's middle.
            if run < 0 or start - run_last > 2.5 * width:
                run, run_first = count, start
                count += 1
            run_last = start
            found[run] = _to_x(0.5 * (run_first + start + width), half)
        elif changes >= 2:
            _halve(bern, work[0], work[1], work[2])
            if work[0, degree] == 0:  # a root exactly at the point of halving
                found[count] = _to_x(start + 0.5 * width, half)
                count += 1
            # The right half below, the left on top: intervals come out in ascending t.
            stack[top], stack[top + 1] = work[1], work[0]
            starts[top], depths[top] = start + 0.5 * width, depth + 1
            starts[top + 1], depths[top + 1] = start, depth + 1
            top += 2
    return count


@inline
def _sort(values: Any, count: int) -> None:
    for i in range(1, count):
        value, j = values[i], i - 1
        while j >= 0 and values[j] > value:
            values[j + 1] = values[j]
            j -= 1
        values[j + 1] = value


@inline
def _unresolved(flows: Any, a: float, b: float) -> bool:
    """Whether two roots a < b (in x) are one root binary64 cannot resolve."""
    if b - a > SAME_ROOT:
        return False
    middle = 0.5 * (a + b)
    v = math.exp(-middle)
    value, bound = 0.0, 0.0
    for year in range(flows.shape[0] - 1, -1, -1):
        value = value * v + flows[year]
        bound = bound * v + abs(flows[year])
    return abs(value) <= 4 * EPSILON * bound


@kernel("isolate", SERIES, OUT_CODES, OUT_SERIES)
def _isolate_rows(flows: Any, counts: Any, roots: Any) -> None:
    """Every root in (−0.99, 100) of every row of ``flows`` (rows, years): their number
    into ``counts``, the rates, ascending, into ``roots`` (rows, years), NaN-padded."""
    rows, years = flows.shape
    degree = years - 1
    matrix = _bernstein_matrix(degree)
    stack = np.empty((2 * MAX_DEPTH + 4, years))
    starts, depths = np.empty(2 * MAX_DEPTH + 4), np.empty(2 * MAX_DEPTH + 4, dtype=np.int64)
    work = np.empty((3, years))
    found = np.empty(4 * years + 4)
    deflated = np.empty(years)
    for row in range(rows):
        deflated[:] = flows[row]
        count = 1 if _deflate(deflated) else 0
        found[0] = 0.0
        if years >= 2:
            for half in range(2):
                count = _isolate_half(deflated, half, matrix, stack, starts, depths, work, found, count)
        _sort(found, count)
        kept = 0
        for index in range(count):
            if kept and _unresolved(flows[row], found[kept - 1], found[index]):
                continue
            rate = math.expm1(found[index])
            if LOWER_RATE < rate < UPPER_RATE:  # rounding can put an end root on the end
                found[kept] = found[index]
                kept += 1
        counts[row] = kept
        for index in range(roots.shape[1]):
            roots[row, index] = math.expm1(found[index]) if index < kept else math.nan
