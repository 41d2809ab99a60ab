"""The vectorised indicator computation: financial (п. 5), budget (п. 6), socio (п. 7)."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .batch import Array, CaseArrays
from .financial import (
    cost_of_equity,
    cumulative_product,
    discount_factors,
    fcff_by_ocf,
    financial_status,
    levered_beta,
    present_value,
    terminal_base,
    terminal_value,
    weighted_average_cost_of_capital,
)
from .irr import IrrRoots, PartialRoots, finish_roots, first_pass

CHUNK_CASES = 16_384
WORKERS = min(2, os.cpu_count() or 1)
MET, NOT_MET, UNDETERMINED = 1, 0, -1


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


_SERIES_OUTPUTS = ("fcff", "budget_cash_flows", "value_added", "annual_index", "grp_with_project")
_INTEGER_OUTPUTS = ("irr_counts", "financial_status", "budget_status", "socio_status")
_POOL: list[ThreadPoolExecutor] = []


def _pool() -> ThreadPoolExecutor:
    """One pool for the process: starting threads on every call costs more than a chunk."""
    if not _POOL:
        _POOL.append(ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="otbor-engine"))
    return _POOL[0]


def evaluate_arrays(arrays: CaseArrays, chunk: int = CHUNK_CASES) -> BatchIndicators:
    """Evaluate a batch, ``chunk`` cases at a time (arrays stay in cache), on two threads.

    Every chunk writes its rows straight into the arrays of the whole batch."""
    cases, years = arrays.cases, arrays.years
    out: dict[str, NDArray[Any]] = {}
    for item in fields(BatchIndicators):
        if item.name in _SERIES_OUTPUTS:
            out[item.name] = np.empty((cases, years))
        elif item.name in _INTEGER_OUTPUTS:
            out[item.name] = np.empty(cases, dtype=np.int64)
        elif item.name != "irr_roots":
            out[item.name] = np.empty(cases)

    def one(start: int) -> PartialRoots:
        rows = slice(start, start + chunk)
        return _evaluate_chunk(arrays.rows(rows), {name: v[rows] for name, v in out.items()})

    starts = range(0, cases, chunk)
    if len(starts) <= 1:
        parts = [one(0)]
    else:
        # numpy releases the GIL inside its loops, so two threads use two cores.
        parts = list(_pool().map(one, starts))
    # The few rows that need the IRR grids are done once for the batch.
    roots = finish_roots(list(zip(starts, parts)), _pool().map if len(starts) > 1 else map)
    irr = roots.irr
    out["irr"][:] = irr
    out["irr_counts"][:] = roots.counts
    out["financial_status"][:] = financial_status(out["npv"], irr, roots.unique, out["wacc"])
    return BatchIndicators(irr_roots=roots.roots, **out)


def npv_and_irr(flows: Array, rates: Array, chunk: int = CHUNK_CASES) -> tuple[Array, IrrRoots]:
    """NPV at ``rates`` and every IRR root of ready-made flows (cases, years), CF_n at the
    end of year n; chunked and threaded like :func:`evaluate_arrays`."""

    def one(start: int) -> tuple[Array, PartialRoots]:
        part = flows[start : start + chunk]
        factors = discount_factors(rates[start : start + chunk], flows.shape[1])
        columns = np.ascontiguousarray(np.asarray(part, dtype=np.float64).T)
        return present_value(part, factors), first_pass(columns)

    starts = range(0, flows.shape[0], chunk)
    if len(starts) <= 1:
        parts = [one(0)]
    else:
        parts = list(_pool().map(one, starts))
    partials = [(start, partial) for start, (_, partial) in zip(starts, parts)]
    roots = finish_roots(partials, _pool().map if len(starts) > 1 else map)
    return np.concatenate([npv for npv, _ in parts]), roots


def _evaluate_chunk(a: CaseArrays, out: dict[str, NDArray[Any]]) -> PartialRoots:
    """Evaluate one chunk into ``out`` (views of the batch's arrays) but the IRR's grids
    and what depends on the IRR, which :func:`evaluate_arrays` finishes for the batch."""
    roots = _financial(a, out)
    _budget(a, out)
    _socio_economic(a, out)
    return roots


def _financial(a: CaseArrays, out: dict[str, NDArray[Any]]) -> PartialRoots:
    tax = a.profit_tax_rate
    beta = levered_beta(a.beta_unlevered, tax, a.debt, a.equity)
    equity_cost = cost_of_equity(a.risk_free_rate, a.market_return, beta)
    wacc = weighted_average_cost_of_capital(equity_cost, a.cost_of_debt, tax, a.equity, a.debt)
    wacc = wacc * a.wacc_scale + a.wacc_shift
    fcff = out["fcff"]
    _fcff(a, tax, fcff)
    # Convention: the terminal base is FCFF before support, the subsidy being temporary.
    base = terminal_base(fcff, a.terminal_base_years)
    terminal = terminal_value(base, wacc, a.long_term_inflation, a.terminal_mode, a.terminal_years)
    factors = discount_factors(wacc, fcff.shape[1])
    supported = np.add(fcff, a.subsidy)
    supported[:, -1] += terminal
    npv = present_value(supported, factors)
    npv_without_support = present_value(fcff, factors) + terminal * factors[:, -1]
    # The IRR works year by year (years, cases): every pass over the flows is contiguous.
    roots = first_pass(np.ascontiguousarray(supported.T))
    subsidy_total = np.einsum("ij->i", a.subsidy)
    with np.errstate(divide="ignore", invalid="ignore"):
        npv_to_subsidy = np.where(subsidy_total != 0, npv / subsidy_total, np.nan)
    out["beta_levered"][:] = beta
    out["cost_of_equity"][:] = equity_cost
    out["wacc"][:] = wacc
    out["terminal_value"][:] = terminal
    out["npv"][:] = npv
    out["npv_without_support"][:] = npv_without_support
    out["npv_to_subsidy"][:] = npv_to_subsidy
    return roots


def _fcff(a: CaseArrays, tax: Array, fcff: Array) -> None:
    """FCFF by each case's method into ``fcff``; each method only on its own rows."""
    by_ocf = np.flatnonzero(a.uses_ocf)
    if by_ocf.size < a.cases:
        _fcff_by_ebit(a, tax, fcff)
    if by_ocf.size == a.cases:
        rows: slice | NDArray[np.int64] = slice(None)
    elif by_ocf.size:
        rows = by_ocf
    else:
        return
    fcff[rows] = fcff_by_ocf(
        a.ocf[rows], a.net_interest[rows], tax[rows, None], a.capex[rows], a.asset_sales[rows]
    )


def _fcff_by_ebit(a: CaseArrays, tax: Array, fcff: Array) -> None:
    """Formula 3 in place, the operations in the order of :func:`fcff_by_ebit`."""
    np.multiply(a.ebit, (1 - tax)[:, None], out=fcff)
    fcff -= a.wc_change
    fcff += a.non_cash_charges
    fcff -= a.non_cash_income
    fcff -= a.capex
    fcff += a.asset_sales


def _budget(a: CaseArrays, out: dict[str, NDArray[Any]]) -> None:
    rate = a.ofz_yield
    flows = out["budget_cash_flows"]
    np.add(a.taxes, a.budget_savings, out=flows)
    flows -= a.subsidy
    flows -= a.other_budget_expenses
    growth = a.cpi[:, -1] - 1
    terminal = terminal_value(flows[:, -1], rate, growth, a.budget_terminal_mode, a.budget_terminal_years)
    factors = discount_factors(rate, flows.shape[1])
    nnpv = present_value(flows, factors) + terminal * factors[:, -1]
    expenses = present_value(a.subsidy, factors) + present_value(a.other_budget_expenses, factors)
    with np.errstate(divide="ignore", invalid="ignore"):
        bpi = np.where(expenses != 0, 1 + nnpv / expenses, np.nan)
    out["budget_discount_rate"][:] = rate
    out["budget_terminal_value"][:] = terminal
    out["nnpv"][:] = nnpv
    out["pv_expenses"][:] = expenses
    out["bpi"][:] = bpi
    out["budget_status"][:] = np.where(bpi > 1, MET, NOT_MET)


def _socio_economic(a: CaseArrays, out: dict[str, NDArray[Any]]) -> None:
    value_added = out["value_added"]
    np.add(a.ebitda, a.salaries, out=value_added)
    value_added += a.rent
    # E_t = VA_t / P_t / GRP_{t−1}, GRP_0 the year before the first forecast year.
    annual_index = out["annual_index"]
    np.divide(value_added, a.gdp_deflator, out=annual_index)
    annual_index[:, 0] /= a.grp_previous_year
    annual_index[:, 1:] /= a.grp[:, :-1]
    to_base_prices = np.reciprocal(cumulative_product(a.gdp_deflator))
    integral = present_value(value_added, to_base_prices) / present_value(a.grp, to_base_prices)
    np.add(a.grp, value_added, out=out["grp_with_project"])
    out["integral_indicator"][:] = integral
    out["socio_status"][:] = np.where(integral > 0, MET, NOT_MET)
