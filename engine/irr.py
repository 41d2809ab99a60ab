"""Every IRR root of a batch of cash-flow rows at once (formula 10 and its convention).

Flows are shaped (cases, years) with CF_n paid at the end of year n = 1…N. A rate r is a
root when Σ CF_n (1+r)^−n = 0; roots are searched in the open interval (−0.99, 100).

Method: steps 1–3 row by row in the compiled kernel (:mod:`engine.irr_kernel`, which
settles almost every row), steps 4–6 once for the batch's remaining rows
(:mod:`engine.isolation`, compiled too; ADR 0010, ADR 0012):

1. Work in v = 1/(1+r) (and x = ln(1+r)): the interval is v ∈ (1/101, 100), and the roots
   are the positive roots of q(v) = Σ CF_n v^(n−1).
2. Descartes' rule of signs: rows without a sign change have no root; rows with one
   sign change have exactly one positive root, found by Newton's method in v (eight rows
   in lockstep) from a guess that balances outflows and inflows by the cumulants of
   their times.
3. Rows with more sign changes, or where Newton does not converge in 12 steps: the
   partial sums from the start bound the roots with r > 0 and the sums from the end
   those with r < 0 (Norstrom's criterion); when both bounds are ≤ 1 and the flows do not
   sum to exactly 0, each side holds at most one root of its whole half-line, bracketed
   between r = 0 and the interval's end when q changes sign there, and refined by a
   safeguarded Newton iteration (``rtsafe``: Newton inside the bracket, bisection when
   Newton leaves it or stalls) to rounding level.
4. The remaining rows (several roots possible on a side, or r = 0 a root) go to the root
   isolation: Descartes' rule on Bernstein coefficients with bisection isolates every
   root, however close, in a bracket of its own, refined as in step 3.
5. A cluster closer than binary64 can resolve (a double root) is reported once.
6. Rounding makes a double root look like two roots a few 1e-8 apart. Two neighbouring
   roots of a row closer than ``isolation.SAME_ROOT`` in ln(1+r) are one root unless q is certainly
   nonzero halfway between them (|q| above 4ε·Σ|CF_n| v^(n−1), a few times the rounding
   of Horner's rule). Roots 1e-6 apart in 1 + r are the same rate for any purpose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .layout import ISOLATE, NEWTON_ITERATIONS, compiled

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


def find_roots(flows: Array, newton_iterations: int = NEWTON_ITERATIONS) -> IrrRoots:
    """All roots in (−0.99, 100) of every row of ``flows`` (see the module docstring)."""
    flows = np.asarray(flows, dtype=np.float64)
    counts = np.empty(flows.shape[0], dtype=np.int64)
    rates = np.empty((flows.shape[0], 2))
    compiled("first_pass")(flows, newton_iterations, counts, rates)
    return finish_roots(counts, rates, flows.__getitem__)


def finish_roots(
    counts: NDArray[np.int64],
    rates: Array,
    flows_of: Callable[[NDArray[np.int64]], Array],
    mapper: Callable[..., Iterable[tuple[NDArray[np.int64], Array]]] = map,
) -> IrrRoots:
    """Every root of a batch from the kernel's first pass: ``counts`` per row (ISOLATE
    for the rows left to the root isolation) and ``rates`` (rows, 2), the roots found,
    NaN-padded (both taken over). ``flows_of`` gives the flows of selected rows, shaped
    (rows, years); the rows to isolate are isolated once for the whole batch (in two
    halves side by side when ``mapper`` is a thread pool's ``map``)."""
    rows = np.flatnonzero(counts == ISOLATE)
    if rows.size == 0:
        return IrrRoots(roots=rates, counts=counts)
    flows = np.ascontiguousarray(flows_of(rows))

    def isolated(piece: NDArray[np.int64]) -> tuple[NDArray[np.int64], Array]:
        found = np.empty(piece.size, dtype=np.int64)
        roots = np.empty((piece.size, flows.shape[1]))
        compiled("isolate")(flows[piece], found, roots)
        return found, roots

    pieces = np.array_split(np.arange(rows.size), 2 if rows.size >= ISOLATE_SPLIT else 1)
    parts = list(mapper(isolated, pieces))
    found = np.concatenate([part[0] for part in parts])
    width = int(found.max(initial=0))
    if width > rates.shape[1]:
        rates = np.hstack([rates, np.full((rates.shape[0], width - rates.shape[1]), np.nan)])
    columns = rates.shape[1]
    rates[rows] = np.concatenate([part[1][:, :columns] for part in parts])
    counts[rows] = found
    return IrrRoots(roots=rates, counts=counts)
