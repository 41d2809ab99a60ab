"""The compiled kernel: every indicator of a chunk of cases (ADR 0012).

One loop per part of the methodology over the chunk (financial, п. 5; the IRR's first
pass; budget, п. 6; socio-economic, п. 7), each reading its inputs once: where numpy made
twenty passes over every array, the kernel reads each once, and it releases the GIL, so
the engine's threads run it on every core. The formulas are :mod:`engine.financial`'s own
functions, compiled; the IRR's first pass is :mod:`engine.irr_kernel`'s, and the rows it
leaves go to the root isolation, which :func:`engine.irr.finish_roots` runs once for the
whole batch.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from . import financial
from .irr_kernel import first_pass_rows
from .jit import CODES, FLAGS, INTEGER, OUT_CODES, OUT_SCALAR, OUT_SERIES, SCALAR, SERIES, inline, kernel
from .layout import MET, NOT_MET, OUTPUTS, SERIES_OUTPUTS

# ``CaseArrays``' fields in order: 9 rates, a flag, 5 codes, 3 values per case, 18 series.
_INPUTS = (SCALAR,) * 9 + (FLAGS,) + (CODES,) * 5 + (SCALAR,) * 3 + (SERIES,) * 18
_OUTPUTS = tuple(
    OUT_SERIES if name in SERIES_OUTPUTS else OUT_CODES if name.endswith("_status") else OUT_SCALAR
    for name in OUTPUTS
)
# The IRR's first pass of the supported flows: the number of roots, the roots (rates);
# then the number of Newton iterations.
_IRR = (OUT_CODES, OUT_SERIES)

_levered_beta = inline(financial.levered_beta)
_cost_of_equity = inline(financial.cost_of_equity)
_wacc = inline(financial.weighted_average_cost_of_capital)
_fcff_by_ebit = inline(financial.fcff_by_ebit)
_fcff_by_ocf = inline(financial.fcff_by_ocf)
_gordon = inline(financial.gordon_terminal_value)
_finite_factor = inline(financial.finite_terminal_factor)


@inline
def _terminal_value(base: float, rate: float, growth: float, mode: int, years: int) -> float:
    """Formulas 6–8 at the end of year N by the case's mode (none: 0)."""
    if mode == financial.MODE_GORDON:
        return _gordon(base, rate, growth)
    if mode == financial.MODE_FINITE:
        return base * _finite_factor(rate, growth, years)
    return 0.0


@inline
def _fcff(case: int, tax: float, by_ocf: bool, ebit: Any, wc_change: Any, non_cash_charges: Any,
          non_cash_income: Any, capex: Any, asset_sales: Any, ocf: Any, net_interest: Any,
          fcff: Any) -> None:  # fmt: skip
    """Formula 2 (by OCF) or 3 (by EBIT) for every year of one case."""
    for year in range(fcff.shape[1]):
        if by_ocf:
            fcff[case, year] = _fcff_by_ocf(ocf[case, year], net_interest[case, year], tax,
                                            capex[case, year], asset_sales[case, year])  # fmt: skip
        else:
            fcff[case, year] = _fcff_by_ebit(
                ebit[case, year], tax, wc_change[case, year], non_cash_charges[case, year],
                non_cash_income[case, year], capex[case, year], asset_sales[case, year],
            )  # fmt: skip


@inline
def _terminal_base(fcff: Any, case: int, base_years: int) -> float:
    """Mean of the last ``base_years`` FCFF of a case (the terminal value's base)."""
    years = fcff.shape[1]
    total: float = fcff[case, years - 1]
    for back in range(2, base_years + 1):
        total += fcff[case, years - back]
    return total / base_years


@inline
def _budget(case: int, rate: float, growth: float, mode: int, terminal_years: int, taxes: Any,
            savings: Any, subsidy: Any, other: Any, flows: Any) -> tuple[float, float, float]:  # fmt: skip
    """Formulas 14–15 of one case: flows into ``flows``; (terminal value, NNPV, PV of the
    state's expenses)."""
    factor = 1.0 / (1.0 + rate)
    discount, nnpv, expenses, other_expenses = 1.0, 0.0, 0.0, 0.0
    years = flows.shape[1]
    for year in range(years):
        discount *= factor
        value = taxes[case, year] + savings[case, year] - subsidy[case, year] - other[case, year]
        flows[case, year] = value
        nnpv += value * discount
        expenses += subsidy[case, year] * discount
        other_expenses += other[case, year] * discount
    terminal = _terminal_value(flows[case, years - 1], rate, growth, mode, terminal_years)
    return terminal, nnpv + terminal * discount, expenses + other_expenses


@inline
def _socio(case: int, grp_previous: float, deflator: Any, grp: Any, ebitda: Any, salaries: Any,
           rent: Any, value_added: Any, annual_index: Any, grp_with_project: Any) -> float:  # fmt: skip
    """Formula 16 and the annual indices of one case; returns the integral indicator."""
    price, added, regional, previous = 1.0, 0.0, 0.0, grp_previous
    for year in range(value_added.shape[1]):
        value = ebitda[case, year] + salaries[case, year] + rent[case, year]
        value_added[case, year] = value
        annual_index[case, year] = value / (deflator[case, year] * previous)
        grp_with_project[case, year] = grp[case, year] + value
        price *= deflator[case, year]
        to_base_prices = 1.0 / price
        added += value * to_base_prices
        regional += grp[case, year] * to_base_prices
        previous = grp[case, year]
    return added / regional


@kernel("indicators", *_INPUTS, *_OUTPUTS, *_IRR, INTEGER)
def _evaluate_rows(
    profit_tax_rate: Any, risk_free_rate: Any, market_return: Any, long_term_inflation: Any,
    ofz_yield: Any, equity: Any, debt: Any, cost_of_debt: Any, beta_unlevered: Any,
    uses_ocf: Any, terminal_mode: Any, terminal_years: Any, terminal_base_years: Any,
    budget_terminal_mode: Any, budget_terminal_years: Any, grp_previous_year: Any,
    wacc_scale: Any, wacc_shift: Any, cpi: Any, gdp_deflator: Any, grp: Any, ebit: Any,
    ebitda: Any, non_cash_charges: Any, non_cash_income: Any, wc_change: Any, capex: Any,
    asset_sales: Any, ocf: Any, net_interest: Any, salaries: Any, rent: Any, taxes: Any,
    budget_savings: Any, subsidy: Any, other_budget_expenses: Any,
    # outputs: OUTPUTS, then the IRR's first pass
    beta_levered: Any, cost_of_equity: Any, wacc: Any, fcff: Any, terminal_value: Any,
    npv: Any, npv_without_support: Any, npv_to_subsidy: Any, budget_discount_rate: Any,
    budget_cash_flows: Any, budget_terminal_value: Any, nnpv: Any, pv_expenses: Any, bpi: Any,
    budget_status: Any, value_added: Any, annual_index: Any, grp_with_project: Any,
    integral_indicator: Any, socio_status: Any, irr_counts: Any, irr_roots: Any,
    newton_iterations: int,
) -> None:  # fmt: skip
    """Every indicator of every case (the arguments are ``CaseArrays``' fields, then
    :data:`OUTPUTS`, then the first pass of the IRR of the supported flows)."""
    cases, years = ebit.shape
    # One loop per part, each touching only its own arrays (the memory's prefetchers
    # follow a few streams at a time; one loop over all forty is slower).
    supported = np.empty((cases, years))
    for case in range(cases):
        tax = profit_tax_rate[case]
        beta = _levered_beta(beta_unlevered[case], tax, debt[case], equity[case])
        equity_cost = _cost_of_equity(risk_free_rate[case], market_return[case], beta)
        rate = _wacc(equity_cost, cost_of_debt[case], tax, equity[case], debt[case])
        rate = rate * wacc_scale[case] + wacc_shift[case]
        _fcff(case, tax, uses_ocf[case], ebit, wc_change, non_cash_charges, non_cash_income,
              capex, asset_sales, ocf, net_interest, fcff)  # fmt: skip
        # Convention: the terminal base is FCFF before support, the subsidy being temporary.
        base = _terminal_base(fcff, case, terminal_base_years[case])
        terminal = _terminal_value(base, rate, long_term_inflation[case], terminal_mode[case],
                                   terminal_years[case])  # fmt: skip
        factor = 1.0 / (1.0 + rate)
        discount, with_support, without_support, support = 1.0, 0.0, 0.0, 0.0
        for year in range(years):
            discount *= factor
            flow = fcff[case, year] + subsidy[case, year]
            if year == years - 1:
                flow += terminal
            supported[case, year] = flow
            with_support += flow * discount
            without_support += fcff[case, year] * discount
            support += subsidy[case, year]
        beta_levered[case], cost_of_equity[case], wacc[case] = beta, equity_cost, rate
        terminal_value[case], npv[case] = terminal, with_support
        npv_without_support[case] = without_support + terminal * discount
        npv_to_subsidy[case] = with_support / support if support != 0 else math.nan
    first_pass_rows(supported, newton_iterations, irr_counts, irr_roots)
    for case in range(cases):
        state = ofz_yield[case]
        budget_discount_rate[case] = state
        budget_terminal_value[case], nnpv[case], pv_expenses[case] = _budget(
            case, state, cpi[case, years - 1] - 1, budget_terminal_mode[case],
            budget_terminal_years[case], taxes, budget_savings, subsidy, other_budget_expenses,
            budget_cash_flows,
        )  # fmt: skip
        bpi[case] = 1 + nnpv[case] / pv_expenses[case] if pv_expenses[case] != 0 else math.nan
        budget_status[case] = MET if bpi[case] > 1 else NOT_MET
    for case in range(cases):
        integral_indicator[case] = _socio(case, grp_previous_year[case], gdp_deflator, grp, ebitda,
                                          salaries, rent, value_added, annual_index,
                                          grp_with_project)  # fmt: skip
        socio_status[case] = MET if integral_indicator[case] > 0 else NOT_MET
