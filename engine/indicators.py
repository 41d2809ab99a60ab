"""The vectorised indicator computation: financial (п. 5), budget (п. 6), socio (п. 7)."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .batch import Array, CaseArrays, IntArray
from .financial import financial_status
from .irr import IrrRoots, finish_roots
from .layout import NEWTON_ITERATIONS, OUTPUTS, SERIES_OUTPUTS, compiled

CHUNK_CASES = 16_384
PARALLEL_CASES = 2_048  # from this many cases a batch is shared between the threads
# Threads per batch: two on a machine of two cores or more, unless OTBOR_ENGINE_THREADS
# says otherwise (the Django processes set it to 1: there processes share the cores).
WORKERS = max(1, int(os.environ.get("OTBOR_ENGINE_THREADS") or min(2, os.cpu_count() or 1)))
UNDETERMINED = -1


@dataclass(frozen=True)
class BatchIndicators:
    """Every indicator of a batch as arrays, row i belonging to case i.

    Status arrays hold 1 (met), 0 (not met) or −1 (undetermined). ``irr`` is NaN unless
    the case has exactly one root; ``irr_roots`` is NaN-padded, ``irr_counts`` the number
    of roots. ``npv_to_subsidy`` and ``bpi`` are NaN where their denominator is zero.
    """

    beta_levered: Array
    cost_of_equity: Array
    wacc: Array
    fcff: Array
    terminal_value: Array
    npv: Array
    npv_without_support: Array
    irr: Array
    irr_roots: Array
    irr_counts: NDArray[np.int64]
    npv_to_subsidy: Array
    financial_status: NDArray[np.int64]
    budget_discount_rate: Array
    budget_cash_flows: Array
    budget_terminal_value: Array
    nnpv: Array
    pv_expenses: Array
    bpi: Array
    budget_status: NDArray[np.int64]
    value_added: Array
    annual_index: Array
    grp_with_project: Array
    integral_indicator: Array
    socio_status: NDArray[np.int64]


_INTEGER_OUTPUTS = ("irr_counts", "financial_status", "budget_status", "socio_status")
_POOL: list[ThreadPoolExecutor] = []


def _pool() -> ThreadPoolExecutor:
    """One pool for the process: starting threads on every call costs more than a chunk."""
    if not _POOL:
        _POOL.append(ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="otbor-engine"))
    return _POOL[0]


def evaluate_arrays(arrays: CaseArrays, chunk: int = CHUNK_CASES) -> BatchIndicators:
    """Evaluate a batch, ``chunk`` cases at a time, on :data:`WORKERS` threads.

    The compiled kernel writes every chunk's rows straight into the arrays of the whole
    batch (it releases the GIL, so two threads use two cores); the few rows whose IRR
    needs the root isolation are then isolated once for the batch."""
    cases, years = arrays.cases, arrays.years
    out: dict[str, NDArray[Any]] = {}
    for name in OUTPUTS:
        if name in SERIES_OUTPUTS:
            out[name] = np.empty((cases, years))
        else:
            out[name] = np.empty(cases, dtype=np.int64 if name in _INTEGER_OUTPUTS else np.float64)
    counts, rates = np.empty(cases, dtype=np.int64), np.empty((cases, 2))
    inputs = [getattr(arrays, item.name) for item in fields(CaseArrays)]
    evaluate = compiled("indicators")  # numba loads with the first evaluation

    def one(start: int) -> None:
        rows = slice(start, start + size)
        outputs = [out[name][rows] for name in OUTPUTS]
        evaluate(*[value[rows] for value in inputs], *outputs, counts[rows], rates[rows], NEWTON_ITERATIONS)

    starts, size = _chunks(cases, chunk)
    mapper = _pool().map if len(starts) > 1 else map
    list(mapper(one, starts))
    roots = finish_roots(counts, rates, _supported_flows(arrays, out), mapper)
    irr = roots.irr
    return BatchIndicators(
        irr=irr,
        irr_roots=roots.roots,
        irr_counts=roots.counts,
        financial_status=financial_status(out["npv"], irr, roots.unique, out["wacc"]),
        **out,
    )


def _supported_flows(arrays: CaseArrays, out: dict[str, NDArray[Any]]) -> Callable[[IntArray], Array]:
    """The supported flows (FCFF + subsidy, the terminal value in year N) of selected rows,
    for the few rows whose IRR needs the root isolation."""

    def flows_of(selected: IntArray) -> Array:
        flows: Array = out["fcff"][selected] + arrays.subsidy[selected]
        flows[:, -1] += out["terminal_value"][selected]
        return flows

    return flows_of


def npv_and_irr(flows: Array, discount_rates: Array, chunk: int = CHUNK_CASES) -> tuple[Array, IrrRoots]:
    """NPV at ``discount_rates`` and every IRR root of ready-made flows (cases, years),
    CF_n at the end of year n; chunked and threaded like :func:`evaluate_arrays`."""
    cases = flows.shape[0]
    npv, counts, rates = np.empty(cases), np.empty(cases, dtype=np.int64), np.empty((cases, 2))
    npv_and_first_pass = compiled("npv_and_first_pass")

    def one(start: int) -> None:
        rows = slice(start, start + size)
        npv_and_first_pass(
            flows[rows], discount_rates[rows], npv[rows], counts[rows], rates[rows], NEWTON_ITERATIONS
        )

    starts, size = _chunks(cases, chunk)
    mapper = _pool().map if len(starts) > 1 else map
    list(mapper(one, starts))
    return npv, finish_roots(counts, rates, flows.__getitem__, mapper)


def _chunks(cases: int, chunk: int) -> tuple[range, int]:
    """The first rows of the chunks of a batch and their size: at most ``chunk`` cases
    each, as many chunks as a multiple of :data:`WORKERS` (the threads finish together)."""
    if cases < PARALLEL_CASES or WORKERS == 1:
        return range(0, max(cases, 1), max(cases, 1)), max(cases, 1)
    count = -(-cases // chunk)
    count = -(-count // WORKERS) * WORKERS
    size = -(-cases // count)
    return range(0, cases, size), size
