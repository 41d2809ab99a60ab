"""Every IRR root of a batch of cash-flow rows at once (formula 10 and its convention).

Flows are shaped (cases, years) with CF_n paid at the end of year n = 1…N. A rate r is a
root when Σ CF_n (1+r)^−n = 0; roots are searched in the open interval (−0.99, 100).

Method: steps 1–3 row by row in the compiled kernel (:mod:`engine.kernel`, which settles
almost every row), steps 4–6 for the rows it leaves, all of them together as arrays:

1. Work in x = ln(1+r), so the interval is (ln 0.01, ln 101) and v = e^−x = 1/(1+r).
   The roots are the positive roots of q(v) = Σ CF_n v^(n−1).
2. Descartes' rule of signs: rows without a sign change have no root; rows with one
   sign change have exactly one positive root, found by Newton's method from a guess
   that balances outflows and inflows by the cumulants of their times (rows where Newton
   does not converge in 12 steps are bracketed on a coarse grid instead).
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

from . import irr_kernel as kernel
from . import isolation  # noqa: F401  (registers the isolation kernel)
from .jit import compiled

Array = NDArray[np.float64]

ISOLATE_SPLIT = 64  # rows to isolate from which two threads share them


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
        # Signs compared, not a product: the product of two tiny values underflows to 0.
        count += ((current < 0) & (last > 0)) | ((current > 0) & (last < 0))
        np.copyto(last, current, where=current != 0)
    return count


def find_roots(flows: Array, newton_iterations: int = kernel.NEWTON_ITERATIONS) -> IrrRoots:
    """All roots in (−0.99, 100) of every row of ``flows`` (see the module docstring)."""
    flows = np.asarray(flows, dtype=np.float64)
    counts = np.empty(flows.shape[0], dtype=np.int64)
    x = np.empty((flows.shape[0], 2))
    compiled("first_pass")(flows, newton_iterations, counts, x)
    return finish_roots([(0, partial_roots(counts, x, flows.__getitem__))])


@dataclass(frozen=True)
class PartialRoots:
    """What the kernel's first pass found in a chunk: the first root of every row
    (``single``, NaN where none), the number found (``counts``), the rows with a second
    root and that root, and the rows left to the root isolation with their flows."""

    single: Array
    counts: NDArray[np.int64]
    second_rows: NDArray[np.int64]
    second_rate: Array
    isolate_rows: NDArray[np.int64]
    isolate_flows: Array


def partial_roots(
    counts: NDArray[np.int64], rates: Array, flows_of: Callable[[NDArray[np.int64]], Array]
) -> PartialRoots:
    """The kernel's first pass (``counts`` per row, ISOLATE for the root isolation, and the
    roots found, shaped (rows, 2)) as :class:`PartialRoots`; ``flows_of`` gives the flows
    of selected rows, shaped (rows, years), needed only for the rows to isolate."""
    isolate_rows = np.flatnonzero(counts == kernel.ISOLATE)
    second_rows = np.flatnonzero(counts == 2)
    return PartialRoots(
        single=np.where(counts >= 1, rates[:, 0], np.nan),
        counts=(counts >= 1).astype(np.int64),  # the second roots are added by finish_roots
        second_rows=second_rows,
        second_rate=rates[second_rows, 1],
        isolate_rows=isolate_rows,
        isolate_flows=np.ascontiguousarray(flows_of(isolate_rows)),
    )


def finish_roots(
    parts: list[tuple[int, PartialRoots]],
    mapper: Callable[..., Iterable[tuple[NDArray[np.int64], Array]]] = map,
) -> IrrRoots:
    """Every root of a batch from the first passes over its chunks, each given with the
    index of its first row; the rows to isolate are isolated once for the whole batch (in
    two halves side by side when ``mapper`` is a thread pool's ``map``)."""
    single = np.concatenate([part.single for _, part in parts])
    counts = np.concatenate([part.counts for _, part in parts])
    second_rows = np.concatenate([start + part.second_rows for start, part in parts])
    second_rate = np.concatenate([part.second_rate for _, part in parts])
    rows = np.concatenate([start + part.isolate_rows for start, part in parts])
    flows = np.concatenate([part.isolate_flows for _, part in parts])

    def isolated(piece: NDArray[np.int64]) -> tuple[NDArray[np.int64], Array]:
        found = np.empty(piece.size, dtype=np.int64)
        roots = np.empty((piece.size, flows.shape[1]))
        compiled("isolate")(flows[piece], found, roots)
        return np.repeat(rows[piece], found), roots[np.arange(flows.shape[1]) < found[:, None]]

    pieces = np.array_split(np.arange(rows.size), 2 if rows.size >= ISOLATE_SPLIT else 1)
    found = list(mapper(isolated, pieces)) if rows.size else []
    owners = [second_rows] + [owner for owner, _ in found]
    rates = [second_rate] + [rate for _, rate in found]
    return _assemble(single, counts, np.concatenate(owners), np.concatenate(rates))


def _assemble(single: Array, counts: NDArray[np.int64], owner: NDArray[np.int64], rate: Array) -> IrrRoots:
    """Roots per case: the first pass's first roots (``single``, ``counts`` of them) plus
    the roots found after them (``rate`` of row ``owner``), which follow in ascending order."""
    cases = single.size
    before = counts.copy()
    width = max(1, int(counts.max(initial=0)))
    if owner.size:
        order = np.lexsort((rate, owner))
        owner, rate = owner[order], rate[order]
        found = np.bincount(owner, minlength=cases)
        counts = counts + found
        width = max(width, int(counts.max(initial=0)))
    roots = np.full((cases, width), np.nan)
    roots[:, 0] = single
    if owner.size:
        starts = np.concatenate([[0], np.cumsum(found)[:-1]])
        position = np.arange(owner.size) - starts[owner] + before[owner]
        roots[owner, position] = rate
    return IrrRoots(roots=roots, counts=counts)
