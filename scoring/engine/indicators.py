"""The vectorised indicator computation: financial (п. 5), budget (п. 6), socio (п. 7)."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray

from .batch import Array, CaseArrays
from .financial import (
    cost_of_equity,
    discount_factors,
    fcff_by_ebit,
    fcff_by_ocf,
    financial_status,
    levered_beta,
    present_value,
    terminal_base,
    terminal_value,
    weighted_average_cost_of_capital,
)
from .irr import IrrRoots, find_roots

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


def evaluate_arrays(arrays: CaseArrays, chunk: int = CHUNK_CASES) -> BatchIndicators:
    """Evaluate a batch, ``chunk`` cases at a time (arrays stay in cache), on two threads."""
    if arrays.cases <= chunk:
        return _evaluate_chunk(arrays)
    chunks = [arrays.rows(slice(start, start + chunk)) for start in range(0, arrays.cases, chunk)]
    # numpy releases the GIL inside its loops, so two threads use two cores.
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        parts = list(pool.map(_evaluate_chunk, chunks))
    width = max(part.irr_roots.shape[1] for part in parts)
    merged = {}
    for item in fields(BatchIndicators):
        values = [getattr(part, item.name) for part in parts]
        if item.name == "irr_roots":
            values = [
                np.pad(v, ((0, 0), (0, width - v.shape[1])), constant_values=np.nan)
                for v in values
            ]
        merged[item.name] = np.concatenate(values)
    return BatchIndicators(**merged)


def npv_and_irr(
    flows: Array, rates: Array, chunk: int = CHUNK_CASES
) -> tuple[Array, IrrRoots]:
    """NPV at ``rates`` and every IRR root of ready-made flows (cases, years), CF_n at the
    end of year n; chunked and threaded like :func:`evaluate_arrays`."""

    def one(start: int) -> tuple[Array, IrrRoots]:
        part = flows[start : start + chunk]
        factors = discount_factors(rates[start : start + chunk], flows.shape[1])
        return present_value(part, factors), find_roots(part)

    starts = range(0, flows.shape[0], chunk)
    if len(starts) <= 1:
        return one(0)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        parts = list(pool.map(one, starts))
    width = max(roots.roots.shape[1] for _, roots in parts)
    padded = [
        np.pad(roots.roots, ((0, 0), (0, width - roots.roots.shape[1])), constant_values=np.nan)
        for _, roots in parts
    ]
    return np.concatenate([npv for npv, _ in parts]), IrrRoots(
        roots=np.concatenate(padded), counts=np.concatenate([r.counts for _, r in parts])
    )


def _evaluate_chunk(a: CaseArrays) -> BatchIndicators:
    financial = _financial(a)
    budget = _budget(a)
    socio = _socio_economic(a)
    return BatchIndicators(**financial, **budget, **socio)


def _financial(a: CaseArrays) -> dict[str, Array]:
    tax = a.profit_tax_rate
    beta = levered_beta(a.beta_unlevered, tax, a.debt, a.equity)
    equity_cost = cost_of_equity(a.risk_free_rate, a.market_return, beta)
    wacc = weighted_average_cost_of_capital(equity_cost, a.cost_of_debt, tax, a.equity, a.debt)
    wacc = wacc * a.wacc_scale + a.wacc_shift
    column_tax = tax[:, None]
    fcff = _fcff(a, column_tax)
    # Convention: the terminal base is FCFF before support, the subsidy being temporary.
    base = terminal_base(fcff, a.terminal_base_years)
    terminal = terminal_value(
        base, wacc, a.long_term_inflation, a.terminal_mode, a.terminal_years
    )
    supported = fcff + a.subsidy
    supported[:, -1] += terminal
    factors = discount_factors(wacc, fcff.shape[1])
    npv = present_value(supported, factors)
    npv_without_support = present_value(fcff, factors) + terminal * factors[:, -1]
    roots = find_roots(supported)
    subsidy_total = a.subsidy.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        npv_to_subsidy = np.where(subsidy_total != 0, npv / subsidy_total, np.nan)
    irr = roots.irr
    return {
        "beta_levered": beta,
        "cost_of_equity": equity_cost,
        "wacc": wacc,
        "fcff": fcff,
        "terminal_value": terminal,
        "npv": npv,
        "npv_without_support": npv_without_support,
        "irr": irr,
        "irr_roots": roots.roots,
        "irr_counts": roots.counts,
        "npv_to_subsidy": npv_to_subsidy,
        "financial_status": financial_status(npv, irr, roots.unique, wacc),
    }


def _fcff(a: CaseArrays, column_tax: Array) -> Array:
    """FCFF by each case's method; a batch of one method computes only that one."""
    if a.uses_ocf.all():
        return fcff_by_ocf(a.ocf, a.net_interest, column_tax, a.capex, a.asset_sales)
    by_ebit = fcff_by_ebit(
        a.ebit, column_tax, a.wc_change, a.non_cash_charges, a.non_cash_income, a.capex,
        a.asset_sales,
    )  # fmt: skip
    if not a.uses_ocf.any():
        return by_ebit
    by_ocf = fcff_by_ocf(a.ocf, a.net_interest, column_tax, a.capex, a.asset_sales)
    return np.where(a.uses_ocf[:, None], by_ocf, by_ebit)


def _budget(a: CaseArrays) -> dict[str, Array]:
    rate = a.ofz_yield
    flows = a.taxes + a.budget_savings - a.subsidy - a.other_budget_expenses
    growth = a.cpi[:, -1] - 1
    terminal = terminal_value(
        flows[:, -1], rate, growth, a.budget_terminal_mode, a.budget_terminal_years
    )
    factors = discount_factors(rate, flows.shape[1])
    nnpv = present_value(flows, factors) + terminal * factors[:, -1]
    expenses = present_value(a.subsidy, factors) + present_value(a.other_budget_expenses, factors)
    with np.errstate(divide="ignore", invalid="ignore"):
        bpi = np.where(expenses != 0, 1 + nnpv / expenses, np.nan)
    return {
        "budget_discount_rate": rate,
        "budget_cash_flows": flows,
        "budget_terminal_value": terminal,
        "nnpv": nnpv,
        "pv_expenses": expenses,
        "bpi": bpi,
        "budget_status": np.where(bpi > 1, MET, NOT_MET),
    }


def _socio_economic(a: CaseArrays) -> dict[str, Array]:
    value_added = a.ebitda + a.salaries + a.rent
    grp_before = np.concatenate([a.grp_previous_year[:, None], a.grp[:, :-1]], axis=1)
    annual_index = value_added / a.gdp_deflator / grp_before
    to_base_prices = 1.0 / np.cumprod(a.gdp_deflator, axis=1)
    integral = present_value(value_added, to_base_prices) / present_value(a.grp, to_base_prices)
    return {
        "value_added": value_added,
        "annual_index": annual_index,
        "grp_with_project": a.grp + value_added,
        "integral_indicator": integral,
        "socio_status": np.where(integral > 0, MET, NOT_MET),
    }
