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
bracket for the refinement, 2 or more is halved by de Casteljau's algorithm (which gives
both halves' Bernstein coefficients exactly up to rounding). Every interval of every case
is processed at once, level by level; no Python loop per case.

Binary64 cannot tell apart roots closer than about √ε ≈ 1e-8 of each other (the value of
q between them is at rounding level). Intervals still undecided after ``MAX_DEPTH``
halvings (width 2^−24 ≈ 6e-8 in t) are therefore a cluster of roots: adjacent ones are
merged and each cluster is reported as one root (a double root is one root value, as
SPEC §5 asks for every root, not for multiplicities).
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Index = NDArray[np.int64]

MAX_DEPTH = 24
# v = 1/(1 + r) at r = 100 (half r > 0) and w = 1 + r at r = −0.99 (half r < 0).
LOWER_ENDS = (1.0 / 101.0, 0.01)


@dataclass(frozen=True)
class Isolated:
    """Brackets (in x = ln(1+r)) holding one root each, with the sign-carrying values of
    the polynomial at their ends, and roots known directly (exact zeros and clusters).
    ``flows`` are the coefficients the brackets belong to (deflated, see :func:`deflated`)."""

    flows: Array
    owner: Index
    low: Array
    high: Array
    low_value: Array
    high_value: Array
    known_owner: Index
    known_x: Array


def deflated(flows: Array) -> tuple[Array, Index]:
    """Flows with the root r = 0 divided out, and the rows that had it.

    A row whose flows sum to exactly 0 has q(1) = 0; q(v) = (1 − v)·s(v) where s has the
    partial sums CF_1, CF_1 + CF_2, … as coefficients (Norstrom's sums). Dividing it out,
    as often as it divides, keeps a multiple root at r = 0 from leaving rounding noise at
    the common end of the two halves. The sign of s is that of q for r > 0 and the
    opposite for r < 0; roots other than r = 0 are the same.
    """
    flows = flows.copy()
    rows = np.flatnonzero((flows.sum(axis=1) == 0) & (flows != 0).any(axis=1))
    at_zero = rows
    while rows.size:
        sums = np.cumsum(flows[rows], axis=1)
        sums[:, -1] = 0.0  # the remainder, q(1) = 0
        flows[rows] = sums
        rows = rows[(sums.sum(axis=1) == 0) & (sums != 0).any(axis=1)]
    return flows, at_zero


def bernstein_matrix(degree: int) -> Array:
    """M with b = M @ c: power coefficients on [0, 1] to Bernstein coefficients.

    b_j = Σ_{i ≤ j} C(j, i) / C(d, i) · c_i."""
    matrix = np.zeros((degree + 1, degree + 1))
    for j in range(degree + 1):
        for i in range(j + 1):
            matrix[j, i] = comb(j, i) / comb(degree, i)
    return matrix


def _shifted(coefficients: Array, low: Array) -> Array:
    """Power coefficients (items, d+1) of p(low + (1 − low)·t) in t (Taylor shift, then scale)."""
    c = np.ascontiguousarray(coefficients.T).copy()  # (d+1, items): each row one power
    degree = c.shape[0] - 1
    for i in range(degree):
        for j in range(degree - 1, i - 1, -1):
            c[j] += low * c[j + 1]
    scale = np.ones_like(low)
    width = 1.0 - low
    for k in range(1, degree + 1):
        scale = scale * width
        c[k] *= scale
    return np.ascontiguousarray(c.T)


def _variations(coefficients: Array) -> Index:
    """Sign changes along each row of ``coefficients``, zeros skipped."""
    columns = coefficients.T
    count = np.zeros(columns.shape[1], dtype=np.int64)
    last = columns[0].copy()
    for current in columns[1:]:
        count += current * last < 0
        np.copyto(last, current, where=current != 0)
    return count


def _halve(coefficients: Array) -> tuple[Array, Array]:
    """Bernstein coefficients of the left and right halves (de Casteljau at t = 1/2)."""
    degree = coefficients.shape[1] - 1
    left = np.empty_like(coefficients)
    right = np.empty_like(coefficients)
    work = coefficients.copy()
    left[:, 0] = work[:, 0]
    right[:, degree] = work[:, degree]
    for k in range(1, degree + 1):
        work = 0.5 * (work[:, :-1] + work[:, 1:])
        left[:, k] = work[:, 0]
        right[:, degree - k] = work[:, -1]
    return left, right


def _end_signs(coefficients: Array) -> tuple[Array, Array]:
    """The sign of p just inside each end: its first and last nonzero Bernstein coefficient
    (an end where p is exactly 0 takes the sign of the next coefficient)."""
    nonzero = coefficients != 0
    rows = np.arange(coefficients.shape[0])
    first = np.argmax(nonzero, axis=1)
    last = coefficients.shape[1] - 1 - np.argmax(nonzero[:, ::-1], axis=1)
    return coefficients[rows, first], coefficients[rows, last]


def _to_x(t: Array, half: Index) -> Array:
    """x = ln(1+r) of a point t of either half (0: v = 1/(1+r), 1: w = 1+r)."""
    low = np.asarray(LOWER_ENDS)[half]
    u = low + (1.0 - low) * t
    return np.where(half == 0, -np.log(u), np.log(u))


def isolate(flows: Array) -> Isolated:
    """Isolate every root in (−0.99, 100) of every row of ``flows`` (cases, years)."""
    flows, at_zero = deflated(np.asarray(flows, dtype=np.float64))
    cases, years = flows.shape
    total = flows.sum(axis=1)
    known_owner: list[Index] = [at_zero]
    known_x: list[Array] = [np.zeros(at_zero.size)]
    if years < 2 or cases == 0:
        empty = np.zeros(0)
        return Isolated(flows, np.zeros(0, dtype=np.int64), empty, empty, empty, empty, at_zero, known_x[0])
    degree = years - 1
    owner = np.concatenate([np.arange(cases), np.arange(cases)])
    half = np.repeat(np.arange(2), cases)
    coefficients = np.concatenate([flows, flows[:, ::-1]])
    low_end = np.asarray(LOWER_ENDS)[half]
    # Bernstein coefficients of each half on t ∈ [0, 1]; the last one is p(1) = Σ CF_n for
    # both halves, set to the one float sum so that r = 0 is seen alike from both sides.
    bern = _shifted(coefficients, low_end) @ bernstein_matrix(degree).T
    bern[:, -1] = np.concatenate([total, total])
    start = np.zeros(owner.size)
    width = 1.0
    brackets: list[tuple[Index, Index, Array, Array, Array, Array]] = []
    clusters: list[tuple[Index, Index, Array]] = []
    for depth in range(MAX_DEPTH + 1):
        changes = _variations(bern)
        one = changes == 1
        if one.any():
            ends = _end_signs(bern[one])
            brackets.append((owner[one], half[one], start[one], start[one] + width, *ends))
        more = np.flatnonzero(changes >= 2)
        if more.size == 0:
            break
        owner, half, start, bern = owner[more], half[more], start[more], bern[more]
        if depth == MAX_DEPTH:
            clusters.append((owner, half, start))
            break
        left, right = _halve(bern)
        width *= 0.5
        middle = left[:, -1] == 0  # a root exactly at the point of halving
        if middle.any():
            known_owner.append(owner[middle])
            known_x.append(_to_x(start[middle] + width, half[middle]))
        owner = np.concatenate([owner, owner])
        half = np.concatenate([half, half])
        start = np.concatenate([start, start + width])
        bern = np.concatenate([left, right])
    for cluster_owner, cluster_x in _merge_clusters(clusters, width):
        known_owner.append(cluster_owner)
        known_x.append(cluster_x)
    return _as_isolated(flows, brackets, known_owner, known_x)


def _merge_clusters(clusters: list[tuple[Index, Index, Array]], width: float) -> list[tuple[Index, Array]]:
    """One root per run of touching undecided intervals (a multiple root or a tight cluster)."""
    if not clusters:
        return []
    owner, half, start = clusters[0]
    order = np.lexsort((start, half, owner))
    owner, half, start = owner[order], half[order], start[order]
    new_run = np.ones(owner.size, dtype=bool)
    new_run[1:] = (owner[1:] != owner[:-1]) | (half[1:] != half[:-1]) | (start[1:] - start[:-1] > 2.5 * width)
    first = np.flatnonzero(new_run)
    last = np.concatenate([first[1:], [owner.size]]) - 1
    middle = 0.5 * (start[first] + start[last] + width)
    return [(owner[first], _to_x(middle, half[first]))]


def _as_isolated(
    flows: Array,
    brackets: list[tuple[Index, Index, Array, Array, Array, Array]],
    known_owner: list[Index],
    known_x: list[Array],
) -> Isolated:
    if brackets:
        owner, half, t_low, t_high, value_low, value_high = (np.concatenate(part) for part in zip(*brackets))
    else:
        owner = half = np.zeros(0, dtype=np.int64)
        t_low = t_high = value_low = value_high = np.zeros(0)
    x_a, x_b = _to_x(t_low, half), _to_x(t_high, half)
    # In half 0 (v) x falls as t grows; in half 1 (w) it rises. Order each bracket in x.
    rising = half == 1
    low = np.where(rising, x_a, x_b)
    high = np.where(rising, x_b, x_a)
    low_value = np.where(rising, value_low, value_high)
    high_value = np.where(rising, value_high, value_low)
    return Isolated(
        flows=flows,
        owner=owner.astype(np.int64),
        low=low,
        high=high,
        low_value=low_value,
        high_value=high_value,
        known_owner=np.concatenate(known_owner).astype(np.int64),
        known_x=np.concatenate(known_x),
    )
