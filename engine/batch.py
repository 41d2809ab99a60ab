"""Cases as arrays: one row per case, one column per forecast year.

:func:`evaluate_arrays` is the single vectorised path of the engine; a single case is a
batch of one. Every case of a batch has the same number of years; terminal modes, FCFF
methods and everything else may differ from row to row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .case import SERIES_KEYS, Case, Terminal
from .financial import MODE_CODES

Array = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class CaseArrays:
    """The numeric part of a batch of cases; scalars (cases,), series (cases, years).

    ``wacc_scale`` and ``wacc_shift`` (default 1 and 0) let the risk analysis move the
    discount rate: the engine uses WACC·wacc_scale + wacc_shift.
    """

    profit_tax_rate: Array
    risk_free_rate: Array
    market_return: Array
    long_term_inflation: Array
    ofz_yield: Array
    equity: Array
    debt: Array
    cost_of_debt: Array
    beta_unlevered: Array
    uses_ocf: NDArray[np.bool_]
    terminal_mode: IntArray
    terminal_years: IntArray
    terminal_base_years: IntArray
    budget_terminal_mode: IntArray
    budget_terminal_years: IntArray
    grp_previous_year: Array
    wacc_scale: Array
    wacc_shift: Array
    cpi: Array
    gdp_deflator: Array
    grp: Array
    ebit: Array
    ebitda: Array
    non_cash_charges: Array
    non_cash_income: Array
    wc_change: Array
    capex: Array
    asset_sales: Array
    ocf: Array
    net_interest: Array
    salaries: Array
    rent: Array
    taxes: Array
    budget_savings: Array
    subsidy: Array
    other_budget_expenses: Array

    @property
    def cases(self) -> int:
        return int(self.profit_tax_rate.shape[0])

    @property
    def years(self) -> int:
        return int(self.ebit.shape[1])

    def rows(self, selection: slice | IntArray) -> CaseArrays:
        """The sub-batch of the selected rows."""
        return CaseArrays(**{f.name: getattr(self, f.name)[selection] for f in fields(self)})

    def with_values(self, **changes: NDArray[Any]) -> CaseArrays:
        return replace(self, **changes)

    @classmethod
    def repeat(cls, single: CaseArrays, count: int) -> CaseArrays:
        """``count`` copies of a batch of one (for sensitivity and Monte Carlo), as
        read-only broadcast views: no copy is made of the inputs that every row shares
        (the perturbed ones are new arrays), and a write into one would raise."""
        return CaseArrays(
            **{
                f.name: np.broadcast_to(value, (count, *value.shape[1:]))
                for f in fields(single)
                for value in (getattr(single, f.name),)
            }
        )


def _terminal_codes(terminals: Sequence[Terminal]) -> tuple[IntArray, IntArray, IntArray]:
    modes = np.array([MODE_CODES[t.mode] for t in terminals], dtype=np.int64)
    years = np.array([t.years or 0 for t in terminals], dtype=np.int64)
    base = np.array([t.base_years for t in terminals], dtype=np.int64)
    return modes, years, base


def stack_cases(cases: Sequence[Case]) -> CaseArrays:
    """Stack parsed cases that share the number of years into one :class:`CaseArrays`."""
    calls = [case.call for case in cases]
    projects = [case.project for case in cases]
    capitals = [project.capital for project in projects]
    mode, years, base = _terminal_codes([p.terminal for p in projects])
    budget_mode, budget_years, _ = _terminal_codes([p.budget_terminal for p in projects])

    def scalars(values: Sequence[float]) -> Array:
        return np.array(values, dtype=np.float64)

    series = {
        key: np.array([getattr(p.series, key) for p in projects], dtype=np.float64) for key in SERIES_KEYS
    }
    return CaseArrays(
        profit_tax_rate=scalars([c.profit_tax_rate for c in calls]),
        risk_free_rate=scalars([c.risk_free_rate for c in calls]),
        market_return=scalars([c.market_return for c in calls]),
        long_term_inflation=scalars([c.long_term_inflation for c in calls]),
        ofz_yield=scalars([c.ofz_yield for c in calls]),
        equity=scalars([c.equity for c in capitals]),
        debt=scalars([c.debt for c in capitals]),
        cost_of_debt=scalars([c.cost_of_debt for c in capitals]),
        beta_unlevered=scalars([c.beta_unlevered for c in capitals]),
        uses_ocf=np.array([p.fcff_method == "ocf" for p in projects], dtype=bool),
        terminal_mode=mode,
        terminal_years=years,
        terminal_base_years=base,
        budget_terminal_mode=budget_mode,
        budget_terminal_years=budget_years,
        grp_previous_year=scalars([c.grp_previous_year for c in calls]),
        wacc_scale=np.ones(len(cases)),
        wacc_shift=np.zeros(len(cases)),
        cpi=np.array([c.cpi for c in calls], dtype=np.float64),
        gdp_deflator=np.array([c.gdp_deflator for c in calls], dtype=np.float64),
        grp=np.array([c.grp for c in calls], dtype=np.float64),
        **series,
    )
