"""Financial efficiency (п. 5 of the Order): formulas 1–13.

The formulas are plain functions of floats (formulas 11–13 accept numpy arrays too);
``engine.kernel`` compiles them into the engine's kernel, so they exist once.
"""

from __future__ import annotations

import math
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

Number = TypeVar("Number", float, NDArray[np.float64])
Array = NDArray[np.float64]

MODE_NONE, MODE_GORDON, MODE_FINITE = 0, 1, 2
MODE_CODES = {"none": MODE_NONE, "gordon": MODE_GORDON, "finite": MODE_FINITE}
SUMMED_YEARS = 16


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
    ebit: float,
    tax: float,
    wc_change: float,
    non_cash_charges: float,
    non_cash_income: float,
    capex: float,
    asset_sales: float,
) -> float:
    """Formula 3: FCFF = EBIT·(1 − T) − ΔNWC + NCD − NCI − CI + K."""
    return ebit * (1 - tax) - wc_change + non_cash_charges - non_cash_income - capex + asset_sales


def fcff_by_ocf(ocf: float, net_interest: float, tax: float, capex: float, asset_sales: float) -> float:
    """Formula 2: FCFF = OCF + NIP·(1 − T) − CI + K, with ICF = −CI + K (formula 5)."""
    return ocf + net_interest * (1 - tax) - capex + asset_sales


def gordon_terminal_value(base: float, rate: float, growth: float) -> float:
    """Formula 7 (Gordon): base·(1+g)/(r−g); NaN unless r > g."""
    if rate > growth:
        return base * (1 + growth) / (rate - growth)
    return math.nan


def finite_terminal_factor(rate: float, growth: float, years: int) -> float:
    """Formula 8's factor Σ_{i=1..m} q^i with q = (1+g)/(1+r).

    The terminal value at the end of year N is base·factor over the case's m years
    (formula 6 when the mode is none: 0). Summed term by term up to ``SUMMED_YEARS``
    (positive terms: no cancellation, and cheaper than logarithms), in closed form beyond.
    These scalar functions are compiled into the engine's kernel (``engine.kernel``)."""
    q = (1 + growth) / (1 + rate)
    if years <= SUMMED_YEARS or q <= 0:
        total, power = 0.0, 1.0
        for _ in range(years):
            power *= q
            total += power
        return total
    log_q = math.log(q)
    m = float(years)
    ratio = m if log_q == 0 else math.expm1(m * log_q) / math.expm1(log_q)
    return q * ratio


def financial_status(npv: Array, irr: Array, irr_unique: NDArray[np.bool_], wacc: Array) -> NDArray[np.int64]:
    """Codes: 1 met (NPV > 0 and unique IRR > WACC), 0 not met, −1 undetermined."""
    not_met = (npv <= 0) | (irr_unique & (irr <= wacc))
    met = (npv > 0) & irr_unique & (irr > wacc)
    return np.where(met, 1, np.where(not_met, 0, -1))
