"""Financial efficiency (п. 5 of the Order): formulas 1–13, elementwise over a batch.

Every function accepts floats or numpy arrays; series are arrays shaped (cases, years).
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

Number = TypeVar("Number", float, NDArray[np.float64])
Array = NDArray[np.float64]

MODE_NONE, MODE_GORDON, MODE_FINITE = 0, 1, 2
MODE_CODES = {"none": MODE_NONE, "gordon": MODE_GORDON, "finite": MODE_FINITE}


def levered_beta(beta_unlevered: Number, tax: Number, debt: Number, equity: Number) -> Number:
    """Formula 13: βL = βu · (1 + (1 − T) · D / E)."""
    return beta_unlevered * (1 + (1 - tax) * debt / equity)


def cost_of_equity(risk_free: Number, market_return: Number, beta: Number) -> Number:
    """Formula 12 (CAPM): Ke = Rf + βL · (Rm − Rf)."""
    return risk_free + beta * (market_return - risk_free)


def weighted_average_cost_of_capital(
    equity_cost: Number, debt_cost: Number, tax: Number, equity: Number, debt: Number
) -> Number:
    """Formula 11: WACC = Ke · E/(E+D) + Kd · (1 − T) · D/(E+D)."""
    return equity_cost * equity / (equity + debt) + debt_cost * (1 - tax) * debt / (equity + debt)


def fcff_by_ebit(
    ebit: Array,
    tax: Array,
    wc_change: Array,
    non_cash_charges: Array,
    non_cash_income: Array,
    capex: Array,
    asset_sales: Array,
) -> Array:
    """Formula 3: FCFF = EBIT·(1 − T) − ΔNWC + NCD − NCI − CI + K (tax shaped (cases, 1))."""
    return ebit * (1 - tax) - wc_change + non_cash_charges - non_cash_income - capex + asset_sales


def fcff_by_ocf(ocf: Array, net_interest: Array, tax: Array, capex: Array, asset_sales: Array) -> Array:
    """Formula 2: FCFF = OCF + NIP·(1 − T) − CI + K, with ICF = −CI + K (formula 5)."""
    return ocf + net_interest * (1 - tax) - capex + asset_sales


def terminal_base(flows: Array, base_years: NDArray[np.int64]) -> Array:
    """Mean of the last k flows of every case (k per case, 1 ≤ k ≤ years)."""
    total = flows[:, -1].copy()
    for back in range(2, int(base_years.max(initial=1)) + 1):
        total += np.where(base_years >= back, flows[:, -back], 0.0)
    return total / base_years


def terminal_value(
    base: Array,
    rate: Array,
    growth: Array,
    mode: NDArray[np.int64],
    years: NDArray[np.int64],
) -> Array:
    """Formulas 6–8 at the end of year N, per case mode.

    gordon: base·(1+g)/(r−g) (NaN unless r > g); finite over m years:
    base·Σ_{i=1..m} q^i with q = (1+g)/(1+r); none: 0.
    """
    if np.ndim(mode) == 1 and all(np.shape(v) == np.shape(mode) for v in (base, rate, growth, years)):
        return _terminal_value_by_rows(base, rate, growth, mode, years)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        gordon = np.where(rate > growth, base * (1 + growth) / (rate - growth), np.nan)
        finite = base * _finite_factor(rate, growth, years)
    return np.where(mode == MODE_GORDON, gordon, np.where(mode == MODE_FINITE, finite, 0.0))


def _finite_factor(rate: Array, growth: Array, years: NDArray[np.int64]) -> Array:
    """Σ_{i=1..m} q^i with q = (1+g)/(1+r), in closed form."""
    q = (1 + growth) / (1 + rate)
    log_q = np.log(q)
    m = years.astype(np.float64)
    ratio = np.where(log_q == 0, m, np.expm1(m * log_q) / np.expm1(log_q))
    return q * ratio


def _terminal_value_by_rows(
    base: Array, rate: Array, growth: Array, mode: NDArray[np.int64], years: NDArray[np.int64]
) -> Array:
    """:func:`terminal_value` of 1-d arrays, each formula computed only on its own rows."""
    result = np.zeros(mode.shape)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for code in (MODE_GORDON, MODE_FINITE):
            rows = mode == code
            every = bool(rows.all())
            if not every:
                rows = np.flatnonzero(rows)
                if rows.size == 0:
                    continue
            b, r, g = (base, rate, growth) if every else (base[rows], rate[rows], growth[rows])
            if code == MODE_GORDON:
                value = np.where(r > g, b * (1 + g) / (r - g), np.nan)
            else:
                value = b * _finite_factor(r, g, years if every else years[rows])
            if every:
                return np.asarray(value, dtype=np.float64)
            result[rows] = value
    return result


def discount_factors(rate: Array, years: int) -> Array:
    """(1+rate)^−n for n = 1…N (end-of-year convention), shaped (cases, years)."""
    factor = 1.0 / (1.0 + rate)
    return cumulative_product(np.broadcast_to(factor[:, None], (factor.size, years)))


def cumulative_product(values: Array) -> Array:
    """``np.cumprod(values, axis=1)`` column by column (the same products, faster for the
    short rows of a batch)."""
    result = np.empty(values.shape)
    if values.shape[1]:
        result[:, 0] = values[:, 0]
    for n in range(1, values.shape[1]):
        np.multiply(result[:, n - 1], values[:, n], out=result[:, n])
    return result


def present_value(flows: Array, factors: Array) -> Array:
    """Σ_n flows_n · factors_n per case (one pass over memory, no temporary)."""
    total: Array = np.einsum("ij,ij->i", flows, factors)
    return total


def financial_status(npv: Array, irr: Array, irr_unique: NDArray[np.bool_], wacc: Array) -> Array:
    """Codes: 1 met (NPV > 0 and unique IRR > WACC), 0 not met, −1 undetermined."""
    not_met = (npv <= 0) | (irr_unique & (irr <= wacc))
    met = (npv > 0) & irr_unique & (irr > wacc)
    return np.where(met, 1, np.where(not_met, 0, -1))
