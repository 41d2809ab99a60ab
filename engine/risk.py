"""Risk analysis of one case: sensitivity (tornado) and Monte Carlo, each one batch.

Both return plain JSON-friendly dicts whose keys are English identifiers, with a Russian
label beside every factor (``factor_ru``) for the web pages. Factors act on:

- ``ebit``: the operating series (EBIT for the ``ebit`` method, OCF for ``ocf``);
- ``capex``: the capital expenditure series CI;
- ``wacc``: the discount rate of the financial indicators (WACC·(1+change));
- ``subsidy``: the planned subsidy S (NPV with support, IRR, budget flows and BPI);
- ``taxes``: the taxes series of the budget flows (BPI only; FCFF uses the tax rate).

A scenario whose WACC falls to the long-term growth rate in the ``gordon`` mode has no
terminal value: it is counted as invalid and left out of the statistics.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from .batch import CaseArrays, stack_cases
from .case import Case
from .indicators import BatchIndicators, evaluate_arrays

FACTOR_LABELS = {
    "ebit": "Операционный результат (EBIT / OCF)",
    "capex": "Капитальные затраты",
    "wacc": "Ставка дисконтирования (WACC)",
    "subsidy": "Субсидия",
    "taxes": "Налоговые поступления",
}
SENSITIVITY_CHANGES = (-0.2, -0.1, 0.1, 0.2)
MONTE_CARLO_DISTRIBUTIONS = (
    {"factor": "ebit", "law": "normal", "parameters": {"mean": 1.0, "sd": 0.15},
     "description_ru": "множитель EBIT/OCF ~ N(1; 0,15)"},
    {"factor": "capex", "law": "triangular",
     "parameters": {"left": 0.95, "mode": 1.0, "right": 1.3},
     "description_ru": "множитель капзатрат ~ треугольное(0,95; 1,0; 1,3)"},
    {"factor": "wacc", "law": "normal", "parameters": {"mean": 0.0, "sd": 0.01},
     "description_ru": "сдвиг WACC ~ N(0; 0,01), в долях"},
    {"factor": "subsidy", "law": "uniform", "parameters": {"low": 0.9, "high": 1.0},
     "description_ru": "множитель субсидии ~ равномерное(0,9; 1,0)"},
    {"factor": "taxes", "law": "normal", "parameters": {"mean": 1.0, "sd": 0.1},
     "description_ru": "множитель налогов ~ N(1; 0,1)"},
)  # fmt: skip


def _perturbed(
    single: CaseArrays,
    ebit: NDArray[np.float64],
    capex: NDArray[np.float64],
    wacc_scale: NDArray[np.float64],
    wacc_shift: NDArray[np.float64],
    subsidy: NDArray[np.float64],
    taxes: NDArray[np.float64],
) -> CaseArrays:
    batch = CaseArrays.repeat(single, ebit.size)
    return batch.with_values(
        ebit=batch.ebit * ebit[:, None],
        ocf=batch.ocf * ebit[:, None],
        capex=batch.capex * capex[:, None],
        wacc_scale=wacc_scale,
        wacc_shift=wacc_shift,
        subsidy=batch.subsidy * subsidy[:, None],
        taxes=batch.taxes * taxes[:, None],
    )


def _optional(value: float) -> float | None:
    return None if not np.isfinite(value) else float(value)


def _summary(batch: BatchIndicators, row: int) -> dict[str, Any]:
    count = int(batch.irr_counts[row])
    return {
        "npv": _optional(batch.npv[row]),
        "irr": _optional(batch.irr[row]),
        "irr_status": {0: "no_root", 1: "unique"}.get(count, "multiple"),
        "bpi": _optional(batch.bpi[row]),
    }


def sensitivity(case: Case, changes: tuple[float, ...] = SENSITIVITY_CHANGES) -> dict[str, Any]:
    """NPV, IRR and BPI when each factor moves by each relative change, one at a time.

    Returns ``{"base": {npv, irr, irr_status, bpi}, "changes": [...], "variants": [{factor,
    factor_ru, change, npv, npv_delta, irr, irr_status, bpi, bpi_delta}, ...]}`` with one
    variant per factor and change (factors in the order of :data:`FACTOR_LABELS`);
    ``irr`` is null unless the IRR is unique, a value is null when it is undefined.
    """
    single = stack_cases([case])
    factors = list(FACTOR_LABELS)
    grid = [(factor, change) for factor in factors for change in changes]
    count = len(grid) + 1
    multipliers = {factor: np.ones(count) for factor in factors}
    for row, (factor, change) in enumerate(grid, start=1):
        multipliers[factor][row] = 1.0 + change
    batch = evaluate_arrays(
        _perturbed(
            single, multipliers["ebit"], multipliers["capex"], multipliers["wacc"],
            np.zeros(count), multipliers["subsidy"], multipliers["taxes"],
        )
    )  # fmt: skip
    base = _summary(batch, 0)
    variants = []
    for row, (factor, change) in enumerate(grid, start=1):
        summary = _summary(batch, row)
        variants.append(
            {
                "factor": factor,
                "factor_ru": FACTOR_LABELS[factor],
                "change": change,
                **summary,
                "npv_delta": _difference(summary["npv"], base["npv"]),
                "bpi_delta": _difference(summary["bpi"], base["bpi"]),
            }
        )
    return {"base": base, "changes": list(changes), "variants": variants}


def _difference(value: float | None, base: float | None) -> float | None:
    return None if value is None or base is None else value - base


def _percentiles(values: NDArray[np.float64]) -> dict[str, float | None]:
    if values.size == 0:
        return {"p5": None, "p50": None, "p95": None}
    p5, p50, p95 = np.percentile(values, [5, 50, 95])
    return {"p5": float(p5), "p50": float(p50), "p95": float(p95)}


HISTOGRAM_BINS = 20


def _histogram(values: NDArray[np.float64], bins: int = HISTOGRAM_BINS) -> dict[str, list[float] | list[int]]:
    """``bins`` equal bins over the values' range: ``edges`` (bins + 1) and ``counts``."""
    if values.size == 0:
        return {"edges": [], "counts": []}
    counts, edges = np.histogram(values, bins=bins)
    return {"edges": [float(edge) for edge in edges], "counts": [int(count) for count in counts]}


def draw_scenarios(case: Case, scenarios: int, seed: int) -> CaseArrays:
    """The Monte Carlo batch: ``scenarios`` rows drawn from :data:`MONTE_CARLO_DISTRIBUTIONS`."""
    rng = np.random.default_rng(seed)
    ebit = rng.normal(1.0, 0.15, scenarios)
    capex = rng.triangular(0.95, 1.0, 1.3, scenarios)
    wacc_shift = rng.normal(0.0, 0.01, scenarios)
    subsidy = rng.uniform(0.9, 1.0, scenarios)
    taxes = rng.normal(1.0, 0.1, scenarios)
    return _perturbed(stack_cases([case]), ebit, capex, np.ones(scenarios), wacc_shift, subsidy, taxes)


def monte_carlo(case: Case, scenarios: int = 10_000, seed: int = 0) -> dict[str, Any]:
    """Simulate ``scenarios`` draws (seeded ``numpy.random.Generator``) as one batch.

    Returns ``{"scenarios", "seed", "distributions" (the laws used, with Russian
    descriptions), "valid_scenarios", "probability_npv_positive" (share of valid
    scenarios with NPV > 0), "npv_percentiles" {p5, p50, p95}, "irr_percentiles" {p5,
    p50, p95} over the scenarios with a unique IRR, "irr_unique_share", "bpi_percentiles",
    "probability_bpi_above_1"}``.
    """
    batch = evaluate_arrays(draw_scenarios(case, scenarios, seed))
    valid = np.isfinite(batch.npv)
    npv = batch.npv[valid]
    irr = batch.irr[valid & np.isfinite(batch.irr)]
    bpi = batch.bpi[np.isfinite(batch.bpi)]
    valid_count = int(valid.sum())
    return {
        "scenarios": scenarios,
        "seed": seed,
        "distributions": [dict(item) for item in MONTE_CARLO_DISTRIBUTIONS],
        "valid_scenarios": valid_count,
        "probability_npv_positive": float(np.mean(npv > 0)) if valid_count else None,
        "npv_percentiles": _percentiles(npv),
        "irr_percentiles": _percentiles(irr),
        "irr_unique_share": float(irr.size / valid_count) if valid_count else None,
        "bpi_percentiles": _percentiles(bpi),
        "probability_bpi_above_1": float(np.mean(bpi > 1)) if bpi.size else None,
        "npv_histogram": _histogram(npv),
    }
