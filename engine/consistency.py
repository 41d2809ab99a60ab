"""Checks of a parsed case that involve several fields (SPEC §6), after the types."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import CaseError
from .financial import cost_of_equity, levered_beta, weighted_average_cost_of_capital

if TYPE_CHECKING:
    from .case import Case

CAPEX_TOLERANCE_RUBLES = 0.5


def case_wacc(case: Case) -> float:
    """WACC of a case (formulas 11–13), as the batch engine computes it."""
    call, capital = case.call, case.project.capital
    beta = levered_beta(capital.beta_unlevered, call.profit_tax_rate, capital.debt, capital.equity)
    equity_cost = cost_of_equity(call.risk_free_rate, call.market_return, beta)
    return float(
        weighted_average_cost_of_capital(
            equity_cost, capital.cost_of_debt, call.profit_tax_rate, capital.equity, capital.debt
        )
    )


def check_consistency(case: Case) -> None:
    """Cross-field checks of SPEC §6 (equity, capex sum, growth rates, budget spending)."""
    project, call = case.project, case.call
    if project.capital.equity <= 0:
        raise CaseError(
            "project.capital.equity",
            "собственный капитал должен быть больше нуля",
            "equity must be positive",
        )
    if abs(project.capex.total - project.total_cost) > CAPEX_TOLERANCE_RUBLES:
        raise CaseError(
            "project.capex",
            f"сумма статей {project.capex.total:.2f} не равна общей стоимости {project.total_cost:.2f}",
            f"the items sum to {project.capex.total:.2f}, not to the total cost {project.total_cost:.2f}",
        )
    wacc = case_wacc(case)
    if wacc <= -1:
        raise CaseError("project.capital", "WACC должна быть больше −1", "WACC must exceed -1")
    if project.terminal.mode == "gordon" and call.long_term_inflation >= wacc:
        raise CaseError(
            "call.long_term_inflation",
            f"темп роста {call.long_term_inflation} не ниже WACC {wacc}",
            f"the growth rate {call.long_term_inflation} is not below WACC {wacc}",
        )
    budget_growth = call.cpi[-1] - 1
    if project.budget_terminal.mode == "gordon" and budget_growth >= call.ofz_yield:
        raise CaseError(
            "call.cpi",
            f"темп роста {budget_growth} не ниже ставки ОФЗ {call.ofz_yield}",
            f"the growth rate {budget_growth} is not below the OFZ yield {call.ofz_yield}",
        )
    factor = 1.0 / (1.0 + call.ofz_yield)
    discount, expenses = 1.0, 0.0
    for subsidy, other in zip(project.series.subsidy, project.series.other_budget_expenses):
        discount *= factor
        expenses += (subsidy + other) * discount
    if expenses == 0:
        raise CaseError(
            "project.series.subsidy",
            "бюджет ничего не тратит: индекс бюджетной эффективности не определён",
            "the budget spends nothing: the budget efficiency index is undefined",
        )
