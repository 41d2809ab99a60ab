"""The engine's result: frozen dataclasses whose ``to_dict`` has the keys of SPEC §6."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .eligibility import Eligibility
from .indicators import BatchIndicators
from .layout import MET, NOT_MET

STATUS_NAMES = {MET: "met", NOT_MET: "not_met", -1: "undetermined"}
IRR_STATUSES = {0: "no_root", 1: "unique"}


def _optional(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _floats(values: Any) -> tuple[float, ...]:
    return tuple(float(value) for value in values)


@dataclass(frozen=True)
class Financial:
    beta_levered: float
    cost_of_equity: float
    wacc: float
    fcff: tuple[float, ...]
    terminal_value: float
    npv: float
    npv_without_support: float
    irr: float | None
    irr_status: str
    irr_roots: tuple[float, ...]
    npv_to_subsidy: float | None
    status: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "beta_levered": self.beta_levered,
            "cost_of_equity": self.cost_of_equity,
            "wacc": self.wacc,
            "fcff": list(self.fcff),
            "terminal_value": self.terminal_value,
            "npv": self.npv,
            "npv_without_support": self.npv_without_support,
            "irr": self.irr,
            "irr_status": self.irr_status,
            "irr_roots": list(self.irr_roots),
            "npv_to_subsidy": self.npv_to_subsidy,
            "status": self.status,
        }


@dataclass(frozen=True)
class Budget:
    discount_rate: float
    cash_flows: tuple[float, ...]
    terminal_value: float
    nnpv: float
    pv_expenses: float
    bpi: float
    status: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "discount_rate": self.discount_rate,
            "cash_flows": list(self.cash_flows),
            "terminal_value": self.terminal_value,
            "nnpv": self.nnpv,
            "pv_expenses": self.pv_expenses,
            "bpi": self.bpi,
            "status": self.status,
        }


@dataclass(frozen=True)
class SocioEconomic:
    value_added: tuple[float, ...]
    annual_index: tuple[float, ...]
    grp_with_project: tuple[float, ...]
    integral_indicator: float
    status: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "value_added": list(self.value_added),
            "annual_index": list(self.annual_index),
            "grp_with_project": list(self.grp_with_project),
            "integral_indicator": self.integral_indicator,
            "status": self.status,
        }


@dataclass(frozen=True)
class Result:
    """Everything the engine says about one case.

    ``eligibility.details`` lists every check with its messages and compared values;
    ``to_dict()`` is the exact JSON of SPEC §6 (checks as code → bool).
    """

    eligibility: Eligibility
    financial: Financial
    budget: Budget
    socio_economic: SocioEconomic
    engine_version: str
    case_hash: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "eligibility": self.eligibility.to_dict(),
            "financial": self.financial.to_dict(),
            "budget": self.budget.to_dict(),
            "socio_economic": self.socio_economic.to_dict(),
        }


def financial_row(batch: BatchIndicators, row: int) -> Financial:
    count = int(batch.irr_counts[row])
    return Financial(
        beta_levered=float(batch.beta_levered[row]),
        cost_of_equity=float(batch.cost_of_equity[row]),
        wacc=float(batch.wacc[row]),
        fcff=_floats(batch.fcff[row]),
        terminal_value=float(batch.terminal_value[row]),
        npv=float(batch.npv[row]),
        npv_without_support=float(batch.npv_without_support[row]),
        irr=_optional(float(batch.irr[row])),
        irr_status=IRR_STATUSES.get(count, "multiple"),
        irr_roots=_floats(batch.irr_roots[row, :count]),
        npv_to_subsidy=_optional(float(batch.npv_to_subsidy[row])),
        status=STATUS_NAMES[int(batch.financial_status[row])],
    )


def budget_row(batch: BatchIndicators, row: int) -> Budget:
    return Budget(
        discount_rate=float(batch.budget_discount_rate[row]),
        cash_flows=_floats(batch.budget_cash_flows[row]),
        terminal_value=float(batch.budget_terminal_value[row]),
        nnpv=float(batch.nnpv[row]),
        pv_expenses=float(batch.pv_expenses[row]),
        bpi=float(batch.bpi[row]),
        status=STATUS_NAMES[int(batch.budget_status[row])],
    )


def socio_economic_row(batch: BatchIndicators, row: int) -> SocioEconomic:
    return SocioEconomic(
        value_added=_floats(batch.value_added[row]),
        annual_index=_floats(batch.annual_index[row]),
        grp_with_project=_floats(batch.grp_with_project[row]),
        integral_indicator=float(batch.integral_indicator[row]),
        status=STATUS_NAMES[int(batch.socio_status[row])],
    )
