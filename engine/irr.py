"""Every IRR root of a batch of cash-flow rows at once (formula 10 and its convention).

Flows are shaped (cases, years) with CF_n paid at the end of year n = 1…N. A rate r is a
root when Σ CF_n (1+r)^−n = 0; roots are searched in the open interval (−0.99, 100).

Method, all cases together, no Python loop per case:

1. Work in x = ln(1+r), so the interval is (ln 0.01, ln 101) and v = e^−x = 1/(1+r).
   The roots are the positive roots of q(v) = Σ CF_n v^(n−1).
2. Descartes' rule of signs: rows without a sign change have no root; rows with one
   sign change have exactly one positive root, found by Newton's method from a guess
   that balances outflows and inflows at their mean times (rows where Newton does not
   converge are bracketed on a coarse grid instead).
3. Rows with more sign changes: the partial sums from the start bound the roots with
   r > 0 and the sums from the end those with r < 0 (Norstrom's criterion); when both
   bounds are ≤ 1, every root is alone in its cell of a coarse grid that contains r = 0,
   so the coarse grid brackets them all.
4. The remaining rows (several sign changes either side) go to :mod:`engine.isolation`:
   Descartes' rule on Bernstein coefficients with bisection isolates every root, however
   close, in a bracket of its own; a cluster closer than binary64 can resolve (a double
   root) is reported once.
5. Every bracket is refined by a safeguarded Newton iteration (``rtsafe``: Newton inside
   the bracket, bisection when Newton leaves it or stalls) to rounding level.
6. Rounding makes a double root look like two roots a few 1e-8 apart. Two neighbouring
   roots of a row closer than ``SAME_ROOT`` in ln(1+r) are one root unless q is certainly
   nonzero halfway between them (|q| above 4ε·Σ|CF_n| v^(n−1), a few times the rounding
   of Horner's rule). Roots 1e-6 apart in 1 + r are the same rate for any purpose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .isolation import isolate

Array = NDArray[np.float64]

LOWER_RATE = -0.99
UPPER_RATE = 100.0
COARSE_GRID = 33
CHUNK_ELEMENTS = 262_144
NEWTON_ITERATIONS = 12
MAX_ITERATIONS = 80
SAME_ROOT = 1e-6
_X_LOW = float(np.log1p(LOWER_RATE))
_X_HIGH = float(np.log1p(UPPER_RATE))


@dataclass(frozen=True)
class IrrRoots:
    """Roots per case: ``roots`` (cases, K) ascending, NaN-padded; ``counts`` (cases,)."""

    roots: Array
    counts: NDArray[np.int64]

    @property
    def unique(self) -> NDArray[np.bool_]:
        unique: NDArray[np.bool_] = self.counts == 1
        return unique

    @property
    def irr(self) -> Array:
        """The root of the cases that have exactly one, NaN elsewhere."""
        first = self.roots[:, 0] if self.roots.shape[1] else np.full(self.counts.shape, np.nan)
        return np.where(self.unique, first, np.nan)


def sign_changes(flows: Array) -> NDArray[np.int64]:
    """Number of sign changes of every row, zeros skipped (Descartes' rule of signs)."""
    return _sign_changes_of_columns(np.ascontiguousarray(flows.T))


def _sign_changes_of_columns(columns: Array) -> NDArray[np.int64]:
    count = np.zeros(columns.shape[1], dtype=np.int64)
    last = columns[0].copy()
    for current in columns[1:]:
        count += current * last < 0
        np.copyto(last, current, where=current != 0)
    return count


def find_roots(flows: Array) -> IrrRoots:
    """All roots in (−0.99, 100) of every row of ``flows`` (see the module docstring)."""
    flows = np.asarray(flows, dtype=np.float64)
    return find_roots_of_columns(np.ascontiguousarray(flows.T))


def find_roots_of_columns(columns: Array) -> IrrRoots:
    """As :func:`find_roots`, the flows given year by year, shaped (years, cases)."""
    return finish_roots([(0, first_pass(columns))])


@dataclass(frozen=True)
class PartialRoots:
    """The vectorised pass over a chunk (Newton's unique roots) and the rows left for the
    grids, to be bracketed for the whole batch at once by :func:`finish_roots`."""

    single: Array
    counts: NDArray[np.int64]
    coarse_rows: NDArray[np.int64]
    coarse_flows: Array
    dense_rows: NDArray[np.int64]
    dense_flows: Array


def first_pass(columns: Array) -> PartialRoots:
    """Steps 1–3 of the module docstring on flows given year by year (years, cases)."""
    cases = columns.shape[1]
    finite = np.isfinite(columns.sum(axis=0))  # NaN and ±inf propagate into the sum
    changes = _sign_changes_of_columns(columns)
    changes[~finite] = 0
    counts = np.zeros(cases, dtype=np.int64)
    single = np.full(cases, np.nan)
    conventional = np.flatnonzero(changes == 1)
    irregular = np.flatnonzero(changes >= 2)
    # A row whose flows sum to exactly 0 has a root at r = 0, a grid point: a second root in
    # a cell next to it makes no sign change there, so such rows are isolated instead.
    simple = _at_most_one_root_each_side(_rows_of(columns, irregular))
    simple &= columns[:, irregular].sum(axis=0) != 0
    coarse = [irregular[simple]]
    if conventional.size:
        every = conventional.size == cases
        x, converged = _newton_unique(columns if every else columns[:, conventional])
        inside = converged & (x > _X_LOW) & (x < _X_HIGH)
        single[conventional[inside]] = np.expm1(x[inside])
        counts[conventional[inside]] = 1
        coarse.append(conventional[~converged])
    coarse_rows = np.concatenate(coarse)
    dense_rows = irregular[~simple]
    return PartialRoots(
        single, counts, coarse_rows, _rows_of(columns, coarse_rows), dense_rows,
        _rows_of(columns, dense_rows),
    )  # fmt: skip


def finish_roots(
    parts: list[tuple[int, PartialRoots]],
    mapper: Callable[..., Iterable[tuple[NDArray[np.int64], Array]]] = map,
) -> IrrRoots:
    """Every root of a batch from the passes over its chunks, each given with the index of
    its first row; the grids run once for the rows of all chunks (the coarse and the dense
    grid side by side when ``mapper`` is a thread pool's ``map``)."""
    single = np.concatenate([part.single for _, part in parts])
    counts = np.concatenate([part.counts for _, part in parts])

    def grid(kind: str) -> tuple[NDArray[np.int64], Array]:
        rows = np.concatenate([start + getattr(part, kind + "_rows") for start, part in parts])
        if not rows.size:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        flows = np.concatenate([getattr(part, kind + "_flows") for _, part in parts])
        if kind == "coarse":
            owner, x = _roots_on_grid(flows, np.arange(rows.size), COARSE_GRID)
        else:
            owner, x = _isolated_roots(flows)
        owner, x = _merge_unresolved(flows, owner, x)
        return rows[owner], x

    found = list(mapper(grid, ("dense", "coarse")))
    owners = [owner for owner, _ in found[::-1]]
    xs = [x for _, x in found[::-1]]
    return _assemble(single, counts, np.concatenate(owners), np.concatenate(xs))


def _rows_of(columns: Array, rows: NDArray[np.int64]) -> Array:
    """The selected cases as rows (cases, years), contiguous."""
    return np.ascontiguousarray(columns[:, rows].T)


def _assemble(single: Array, counts: NDArray[np.int64], owner: NDArray[np.int64], x: Array) -> IrrRoots:
    """Roots per case: Newton's unique roots (``single``) plus bracketed ones (in x)."""
    cases = single.size
    width = 1
    if owner.size:
        order = np.lexsort((x, owner))
        owner, x = owner[order], x[order]
        found = np.bincount(owner, minlength=cases)
        counts += found
        width = max(1, int(found.max(initial=0)))
    roots = np.full((cases, width), np.nan)
    roots[:, 0] = single
    if owner.size:
        starts = np.concatenate([[0], np.cumsum(found)[:-1]])
        position = np.arange(owner.size) - starts[owner]
        roots[owner, position] = np.expm1(x)
    return IrrRoots(roots=roots, counts=counts)


def _at_most_one_root_each_side(flows: Array) -> NDArray[np.bool_]:
    """Rows with at most one root for r > 0 and at most one for r < 0.

    Descartes' rule applied to q(v)/(1−v) bounds the roots with v in (0, 1), i.e. r > 0,
    by the sign changes of the partial sums CF_1, CF_1+CF_2, …; the sums from the end bound
    the roots with r < 0 (Norstrom's criterion and its mirror). On a grid that contains
    r = 0, each such root is alone in its cell, so the coarse grid finds every one.
    """
    from_start = np.cumsum(flows, axis=1)
    from_end = np.cumsum(flows[:, ::-1], axis=1)
    return (sign_changes(from_start) <= 1) & (sign_changes(from_end) <= 1)


def _initial_guess(columns: Array) -> Array:
    """ln(1+r) from the cumulants of the times of the inflows and of the outflows.

    ``columns`` holds the flows year by year, shaped (years, rows). For weights w_n,
    ln Σ w_n e^(−n x) ≈ ln W − μ x + σ² x²/2 − κ₃ x³/6 (μ, σ², κ₃ the mean, variance and
    third cumulant of the times weighted by w). Equating inflows and outflows gives a
    cubic in x: its quadratic part is solved exactly (the root nearest the first-order
    ln(P/N)/(μ_P − μ_N)), then one Newton step on the cubic. The median error on
    realistic flows is about 0.1 %, which saves Newton iterations on the exact NPV.
    """
    times = np.arange(1, columns.shape[0] + 1, dtype=np.float64)
    powers = np.vstack([np.ones_like(times), times, times**2, times**3])
    inflow = np.maximum(columns, 0.0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # einsum, not BLAS: BLAS threads would fight the engine's own worker threads.
        inflow_moments = np.einsum("ki,ij->kj", powers, inflow)
        outflow_moments = np.einsum("ki,ij->kj", powers, inflow - columns)
        a0 = np.log(inflow_moments[0] / outflow_moments[0])
        a1, a2, a3 = (p - n for p, n in zip(_cumulants(inflow_moments), _cumulants(outflow_moments)))
        first = -a0 / a1
        root = np.sqrt(a1 * a1 - 4 * a2 * a0)
        second = 2 * a0 / (-a1 + np.copysign(root, -a1))
        second = np.where(np.isfinite(second), second, first)
        cubic = a0 + second * (a1 + second * (a2 + second * a3))
        slope = a1 + second * (2 * a2 + second * 3 * a3)
        third = second - cubic / slope
        # The cubic correction is trusted only while it shrinks, as a series should.
        trusted = np.isfinite(third) & (np.abs(third - second) <= np.abs(second - first))
        guess = np.where(trusted, third, second)
    return np.clip(np.where(np.isfinite(guess), guess, 0.1), _X_LOW, _X_HIGH)


def _cumulants(moments: Array) -> tuple[Array, Array, Array]:
    """Coefficients of x, x², x³ in ln Σ w_n e^(−n x) from the moments Σ w, Σ w n, Σ w n², …

    (the constant term ln Σ w is left to the caller)."""
    scale = 1.0 / moments[0]
    mean, square, cube = moments[1] * scale, moments[2] * scale, moments[3] * scale
    mean_squared = mean * mean
    variance = square - mean_squared
    third = cube - mean * (3 * square - 2 * mean_squared)
    return -mean, variance / 2, -third / 6


def _newton_unique(columns: Array) -> tuple[Array, NDArray[np.bool_]]:
    """Newton's method for rows with one sign change, whose positive root is unique.

    ``columns`` holds the flows year by year, shaped (years, rows). Newton's error after
    a step of size h is about C·h², so a step below 1e-10 of x leaves x at rounding
    level and the row stops there. Returns the roots in x and whether each converged;
    rows that did not go to the grid and bisection.
    """
    x = _initial_guess(columns)
    converged = np.zeros(x.shape, dtype=bool)
    # Converged rows leave the working set (once enough of them have, since compacting
    # costs a pass), so late iterations only see slow rows.
    rows = np.arange(x.size)
    current = x.copy()
    stopped = np.zeros(x.shape, dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for _ in range(NEWTON_ITERATIONS):
            value, slope = _evaluate_columns(columns, current)
            step = np.divide(value, slope, out=value)
            current -= step
            np.clip(current, 2 * _X_LOW, 2 * _X_HIGH, out=current)
            np.abs(step, out=step)
            done = step <= 1e-10 * np.abs(current)
            done &= ~stopped
            finished = np.flatnonzero(done)
            if finished.size:
                x[rows[finished]] = current[finished]
                converged[rows[finished]] = True
                stopped[finished] = True
                if 4 * finished.size >= rows.size or finished.size == rows.size:
                    keep = np.flatnonzero(~stopped)
                    rows, current, stopped = rows[keep], current[keep], stopped[keep]
                    columns = columns[:, keep]
            if rows.size == 0:
                break
    converged &= np.isfinite(x)
    return x, converged


def _grid(points: int) -> Array:
    """``points`` grid points uniform in x, plus r = 0."""
    coarse = np.linspace(_X_LOW, _X_HIGH, points)
    return np.unique(np.concatenate([coarse, [0.0]]))


def _merge_unresolved(flows: Array, owner: NDArray[np.int64], x: Array) -> tuple[NDArray[np.int64], Array]:
    """Sorted roots per row, neighbours that binary64 cannot tell apart merged (step 6)."""
    order = np.lexsort((x, owner))
    owner, x = owner[order], x[order]
    pair = np.flatnonzero(owner[1:] == owner[:-1])
    if pair.size == 0:
        return owner, x
    rows = flows[owner[pair]]
    middle = 0.5 * (x[pair] + x[pair + 1])
    value, _ = _evaluate(rows, middle)
    bound, _ = _evaluate(np.abs(rows), middle)
    unresolved = (np.abs(value) <= 4 * np.finfo(float).eps * bound) & (x[pair + 1] - x[pair] <= SAME_ROOT)
    keep = np.ones(owner.size, dtype=bool)
    keep[pair[unresolved] + 1] = False
    return owner[keep], x[keep]


def _isolated_roots(flows: Array) -> tuple[NDArray[np.int64], Array]:
    """Every root of every row (step 4), isolated and refined (merged by :func:`_assemble`)."""
    found = isolate(flows)
    x = _refine(found.flows[found.owner], found.low, found.high, found.low_value, found.high_value)
    owner = np.concatenate([found.owner, found.known_owner])
    return owner, np.concatenate([x, found.known_x])


def _roots_on_grid(flows: Array, rows: NDArray[np.int64], points: int) -> tuple[NDArray[np.int64], Array]:
    """Brackets where q changes sign between grid points, refined to roots (x = ln(1+r)).

    A zero exactly on a grid point counts as positive, so it ends a bracket and is found.
    """
    grid = _grid(points)
    powers = np.exp(-np.outer(np.arange(flows.shape[1]), grid))  # v^(n−1), (years, points)
    chunk = max(1, CHUNK_ELEMENTS // points)
    owners, lows, low_values, high_values = [], [], [], []
    for start in range(0, rows.size, chunk):
        part = rows[start : start + chunk]
        # einsum, not BLAS: BLAS threads would fight the engine's own worker threads.
        values = np.einsum("ij,jk->ik", flows[part], powers)
        negative = values < 0
        row, column = np.nonzero(negative[:, 1:] != negative[:, :-1])
        owners.append(part[row])
        lows.append(column)
        low_values.append(values[row, column])
        high_values.append(values[row, column + 1])
    owner, column = np.concatenate(owners), np.concatenate(lows)
    x = _refine(
        flows[owner],
        grid[column],
        grid[column + 1],
        np.concatenate(low_values),
        np.concatenate(high_values),
    )
    return owner, x


def _evaluate(coefficients: Array, x: Array) -> tuple[Array, Array]:
    """q(v) = Σ c_n v^(n−1) at v = e^−x and its derivative dq/dx, by Horner's rule."""
    return _evaluate_columns(np.ascontiguousarray(coefficients.T), x)


def _evaluate_columns(columns: Array, x: Array) -> tuple[Array, Array]:
    """As :func:`_evaluate`, with the coefficients given year by year (years, rows)."""
    v = np.exp(-x)
    if columns.shape[0] < 2:
        return columns[-1].copy(), np.zeros_like(v)
    value = columns[-1] * v
    value += columns[-2]
    slope = columns[-1].copy()
    for column in columns[-3::-1]:
        slope *= v
        slope += value
        value *= v
        value += column
    slope *= v
    np.negative(slope, out=slope)
    return value, slope


def _refine(coefficients: Array, low: Array, high: Array, low_value: Array, high_value: Array) -> Array:
    """Safeguarded Newton (``rtsafe``) on every bracket at once; returns the roots in x."""
    negative_side = np.where(low_value < 0, low, high)
    positive_side = np.where(low_value < 0, high, low)
    with np.errstate(divide="ignore", invalid="ignore"):
        x = low - low_value * (high - low) / (high_value - low_value)
    x = np.where(np.isfinite(x) & (x > low) & (x < high), x, 0.5 * (low + high))
    step_before = np.abs(high - low)
    step = step_before.copy()
    value, slope = _evaluate(coefficients, x)
    active = np.flatnonzero(value != 0)
    close = np.zeros(x.shape, dtype=bool)
    eps = np.finfo(float).eps
    for _ in range(MAX_ITERATIONS):
        if active.size == 0:
            break
        xa, va, sa = x[active], value[active], slope[active]
        neg, pos = negative_side[active], positive_side[active]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            bisect = (((xa - pos) * sa - va) * ((xa - neg) * sa - va) > 0) | (
                np.abs(2.0 * va) > np.abs(step_before[active] * sa)
            )
            newton = va / sa
        step_before[active] = step[active]
        half = 0.5 * (pos - neg)
        new_step = np.where(bisect, half, newton)
        new_x = np.where(bisect, neg + half, xa - newton)
        step[active] = new_step
        # Newton converges quadratically: one step after a step of 1e-9 is at rounding level.
        converged = (
            close[active]
            | (new_x == xa)
            | (np.abs(new_step) <= 4 * eps * np.abs(new_x))
            | (np.abs(pos - neg) <= 4 * eps * np.abs(new_x))
        )
        close[active] = ~bisect & (np.abs(newton) <= 1e-9 * np.abs(new_x))
        new_value, new_slope = _evaluate(coefficients[active], new_x)
        x[active], value[active], slope[active] = new_x, new_value, new_slope
        negative_side[active] = np.where(new_value < 0, new_x, neg)
        positive_side[active] = np.where(new_value > 0, new_x, pos)
        active = active[~converged & (new_value != 0)]
    return x
