"""Benchmark of the indicator engine (``make bench-engine``; no Django needed).

1. 100,000 random realistic 10-year cases (seeded) through the vectorised engine, against
   a per-case loop of ``numpy_financial.npv`` + ``numpy_financial.irr`` on the same cash
   flows (the loop gets the flows and WACC ready-made, so it does strictly less work).
2. Monte Carlo of 10,000 scenarios of the example case as one batch, against a Python loop
   over scenarios (FCFF, terminal value and budget flows in numpy per scenario, then
   ``numpy_financial``), timed on a subsample and extrapolated.

Every timing is the best of several runs (the engine: whole batches; the loops: slices),
so that other processes on the machine disturb both sides alike. The engine runs on
``indicators.WORKERS`` threads (two on a two-core machine); the loops on one.
The last two lines are ``engine ratio: R`` and ``monte carlo ratio: M``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import numpy_financial as npf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine import parse_case  # noqa: E402
from engine.batch import CaseArrays  # noqa: E402
from engine.indicators import (  # noqa: E402
    WORKERS,
    BatchIndicators,
    evaluate_arrays,
    npv_and_irr,
)
from engine.risk import draw_scenarios, monte_carlo  # noqa: E402

CASES = 100_000
YEARS = 10
SEED = 20140424
SCENARIOS = 10_000
LOOP_SCENARIOS = 1_000
LOOP_SLICE = 5_000
MONTE_CARLO_SLICE = 200
EXAMPLE = ROOT / "tests" / "engine" / "data" / "case-basic.json"


def random_cases(count: int, seed: int) -> CaseArrays:
    """Plausible projects: capex in years 1–3, a ramp-up, sometimes a mid-life overhaul."""
    rng = np.random.default_rng(seed)
    years = np.arange(1, YEARS + 1)

    def uniform(low: float, high: float) -> np.ndarray:
        return rng.uniform(low, high, count)

    total = uniform(1.5e8, 2e9)
    spread = rng.dirichlet([3, 2, 1], count)
    capex = np.zeros((count, YEARS))
    capex[:, :3] = total[:, None] * spread
    overhaul = rng.random(count) < 0.05
    capex[overhaul, rng.integers(5, 8, overhaul.sum())] += total[overhaul] * uniform(0.5, 1.2)[overhaul]
    ramp = np.clip((years[None, :] - uniform(1.0, 3.0)[:, None]) / 2.5, -0.3, 1.0)
    margin = uniform(0.08, 0.35)
    ebit = total[:, None] * margin[:, None] * ramp * rng.normal(1.0, 0.08, (count, YEARS))
    depreciation = np.cumsum(capex, axis=1) / 12
    ebitda = ebit + depreciation
    wc = np.diff(ebit, axis=1, prepend=0.0) * 0.15
    salaries = total[:, None] * uniform(0.05, 0.15)[:, None] * np.clip(ramp, 0.2, 1.0)
    taxes = np.maximum(ebit, 0.0) * 0.2 + salaries * 0.3
    subsidy = np.zeros((count, YEARS))
    subsidy[:, :3] = total[:, None] * uniform(0.01, 0.05)[:, None]
    zeros = np.zeros((count, YEARS))
    risk_free = uniform(0.07, 0.11)
    equity = uniform(2e8, 1e9)
    modes = rng.choice([0, 1, 2], count, p=[0.1, 0.6, 0.3])
    cpi = np.tile(np.linspace(1.07, 1.04, YEARS), (count, 1))
    deflator = np.tile(np.linspace(1.08, 1.04, YEARS), (count, 1))
    grp = uniform(2e11, 3e12)[:, None] * np.cumprod(deflator, axis=1) * 1.01
    return CaseArrays(
        profit_tax_rate=np.full(count, 0.2),
        risk_free_rate=risk_free,
        market_return=risk_free + uniform(0.05, 0.09),
        long_term_inflation=uniform(0.02, 0.05),
        ofz_yield=uniform(0.08, 0.12),
        equity=equity,
        debt=equity * uniform(0.3, 2.0),
        cost_of_debt=uniform(0.09, 0.15),
        beta_unlevered=uniform(0.6, 1.3),
        uses_ocf=rng.random(count) < 0.2,
        terminal_mode=modes,
        terminal_years=rng.integers(3, 11, count),
        terminal_base_years=rng.integers(1, 4, count),
        budget_terminal_mode=rng.choice([0, 2], count),
        budget_terminal_years=rng.integers(3, 11, count),
        grp_previous_year=grp[:, 0] / deflator[:, 0] / 1.01,
        wacc_scale=np.ones(count),
        wacc_shift=np.zeros(count),
        cpi=cpi,
        gdp_deflator=deflator,
        grp=grp,
        ebit=ebit,
        ebitda=ebitda,
        non_cash_charges=depreciation,
        non_cash_income=zeros,
        wc_change=wc,
        capex=capex,
        asset_sales=zeros,
        ocf=ebitda * 0.8 - wc,
        net_interest=equity[:, None] * 0.1 * np.linspace(1, 0, YEARS)[None, :],
        salaries=salaries,
        rent=np.full((count, YEARS), 3e6),
        taxes=taxes,
        budget_savings=zeros,
        subsidy=subsidy,
        other_budget_expenses=zeros,
    )


def timed(function, repeat: int = 3):
    """The best of ``repeat`` runs (seconds) and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def supported_flows(cases: CaseArrays, indicators: BatchIndicators) -> np.ndarray:
    flows = indicators.fcff + cases.subsidy
    flows[:, -1] += indicators.terminal_value
    return flows


def loop_npv_irr(flows: np.ndarray, wacc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    npv = np.empty(len(flows))
    irr = np.empty(len(flows))
    for index, (row, rate) in enumerate(zip(flows, wacc)):
        npv[index] = npf.npv(rate, np.concatenate(([0.0], row)))  # end-of-year convention
        irr[index] = npf.irr(row)  # a shift of one year leaves the roots unchanged
    return npv, irr


def relative(a: np.ndarray, b: np.ndarray) -> float:
    if a.size == 0:
        return float("nan")
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)))


def bench_engine() -> float:
    cases = random_cases(CASES, SEED)
    evaluate_arrays(cases.rows(slice(0, 1000)))  # warm-up
    engine_time, indicators = timed(lambda: evaluate_arrays(cases), repeat=1)
    flows = supported_flows(cases, indicators)
    valid = np.isfinite(indicators.npv)
    print(f"cases: {CASES} x {YEARS} years, seed {SEED}; {int((~valid).sum())} without a TV")
    counts = np.bincount(indicators.irr_counts, minlength=3)
    print(f"IRR: unique {counts[1]}, no root {counts[0]}, multiple {counts[2:].sum()}")
    rows = np.flatnonzero(valid)
    # The engine (whole batch) and the loop (a slice of LOOP_SLICE cases) take turns, so
    # that other load on the machine hits both alike; each side keeps its best time. All
    # cases go through the loop, for the accuracy comparison.
    npv, irr = np.empty(rows.size), np.empty(rows.size)
    best_slice, total, kernel_time = float("inf"), 0.0, float("inf")
    for start in range(0, rows.size, LOOP_SLICE):
        run_time, _ = timed(lambda: evaluate_arrays(cases), repeat=1)
        engine_time = min(engine_time, run_time)
        run_time, _ = timed(lambda: npv_and_irr(flows, indicators.wacc), repeat=1)
        kernel_time = min(kernel_time, run_time)
        part = rows[start : start + LOOP_SLICE]
        begin = time.perf_counter()
        npv[start : start + part.size], irr[start : start + part.size] = loop_npv_irr(
            flows[part], indicators.wacc[part]
        )
        elapsed = time.perf_counter() - begin
        total += elapsed
        best_slice = min(best_slice, elapsed / part.size)
    engine_rate = CASES / engine_time
    kernel_rate = CASES / kernel_time
    loop_rate = 1.0 / best_slice
    print(f"engine, all indicators (eligibility aside), best of {rows.size // LOOP_SLICE + 1} "
          f"runs: {engine_time * 1e3:.1f} ms, {engine_rate:,.0f} cases/s")  # fmt: skip
    print(f"engine, NPV + every IRR root of the same ready-made flows as the loop: "
          f"{kernel_time * 1e3:.1f} ms, {kernel_rate:,.0f} cases/s")  # fmt: skip
    print(f"loop numpy_financial npv+irr on {rows.size} cases: {total:.2f} s in all "
          f"({rows.size / total:,.0f} cases/s); best slice of {LOOP_SLICE}: "
          f"{loop_rate:,.0f} cases/s")  # fmt: skip
    unique = indicators.irr_counts[rows] == 1
    both = unique & np.isfinite(irr)
    print(f"max relative difference NPV: {relative(indicators.npv[rows], npv):.3e}")
    print(f"max relative difference IRR ({int(both.sum())} cases with a unique IRR in both): "
          f"{relative(indicators.irr[rows][both], irr[both]):.3e}")  # fmt: skip
    print(f"same-work ratio (NPV + IRR kernel vs loop): {kernel_rate / loop_rate:.1f}")
    return engine_rate / loop_rate


def loop_scenario(cases: CaseArrays, row: int) -> tuple[float, float, float]:
    """One scenario the way a per-scenario script would do it."""
    tax = cases.profit_tax_rate[row]
    equity, debt = cases.equity[row], cases.debt[row]
    beta = cases.beta_unlevered[row] * (1 + (1 - tax) * debt / equity)
    equity_cost = cases.risk_free_rate[row] + beta * (cases.market_return[row] - cases.risk_free_rate[row])
    wacc = equity_cost * equity / (equity + debt) + cases.cost_of_debt[row] * (1 - tax) * debt / (
        equity + debt
    )
    wacc = wacc * cases.wacc_scale[row] + cases.wacc_shift[row]
    fcff = (
        cases.ebit[row] * (1 - tax) - cases.wc_change[row] + cases.non_cash_charges[row]
        - cases.non_cash_income[row] - cases.capex[row] + cases.asset_sales[row]
    )  # fmt: skip
    growth = cases.long_term_inflation[row]
    flows = fcff + cases.subsidy[row]
    flows[-1] += fcff[-1] * (1 + growth) / (wacc - growth)
    npv = npf.npv(wacc, np.concatenate(([0.0], flows)))
    irr = npf.irr(flows)
    rate = cases.ofz_yield[row]
    budget = cases.taxes[row] - cases.subsidy[row] - cases.other_budget_expenses[row]
    q = cpi_growth = cases.cpi[row, -1] - 1
    q = (1 + cpi_growth) / (1 + rate)
    budget[-1] += budget[-1] * sum(q**i for i in range(1, cases.budget_terminal_years[row] + 1))
    nnpv = npf.npv(rate, np.concatenate(([0.0], budget)))
    expenses = npf.npv(rate, np.concatenate(([0.0], cases.subsidy[row])))
    return npv, irr, 1 + nnpv / expenses


def bench_monte_carlo() -> float:
    case = parse_case(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    monte_carlo(case, scenarios=1_000, seed=1)  # warm-up
    scenarios = draw_scenarios(case, SCENARIOS, seed=7)
    indicators = evaluate_arrays(scenarios)
    rows = np.random.default_rng(3).choice(SCENARIOS, LOOP_SCENARIOS, replace=False)
    looped = np.empty((LOOP_SCENARIOS, 3))
    engine_time, best = float("inf"), float("inf")
    for start in range(0, LOOP_SCENARIOS, MONTE_CARLO_SLICE):  # turns, as for the engine
        run_time, report = timed(lambda: monte_carlo(case, scenarios=SCENARIOS, seed=7), 2)
        engine_time = min(engine_time, run_time)
        begin = time.perf_counter()
        for index in range(start, start + MONTE_CARLO_SLICE):
            looped[index] = loop_scenario(scenarios, int(rows[index]))
        best = min(best, (time.perf_counter() - begin) / MONTE_CARLO_SLICE)
    loop_time = best * SCENARIOS
    print(f"monte carlo engine: {SCENARIOS} scenarios in {engine_time * 1e3:.1f} ms; "
          f"P(NPV>0) = {report['probability_npv_positive']:.4f}, NPV p5/p50/p95 = "
          f"{report['npv_percentiles']['p5']:,.0f} / {report['npv_percentiles']['p50']:,.0f}"
          f" / {report['npv_percentiles']['p95']:,.0f}")  # fmt: skip
    print(f"monte carlo loop: {LOOP_SCENARIOS} scenarios timed (best slice of "
          f"{MONTE_CARLO_SLICE}), extrapolated to {SCENARIOS}: {loop_time:.2f} s")  # fmt: skip
    npv_difference = relative(indicators.npv[rows], looped[:, 0])
    print(f"monte carlo max relative difference NPV {npv_difference:.3e}"
          f", IRR {relative(indicators.irr[rows], looped[:, 1]):.3e}"
          f", BPI {relative(indicators.bpi[rows], looped[:, 2]):.3e}")  # fmt: skip
    return loop_time / engine_time


def main() -> None:
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"cpus: {os.cpu_count()}, load average before: {load}; engine threads: {WORKERS}")
    engine_ratio = bench_engine()
    monte_carlo_ratio = bench_monte_carlo()
    print(f"engine ratio: {engine_ratio:.1f}")
    print(f"monte carlo ratio: {monte_carlo_ratio:.1f}")


if __name__ == "__main__":
    main()
