"""Properties of the engine: scale invariance, monotonicity in WACC, batch == single."""

from __future__ import annotations

import copy
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import evaluate_batch, evaluate_case, parse_case
from engine.batch import CaseArrays, stack_cases
from engine.indicators import evaluate_arrays
from engine.irr import sign_changes

from .conftest import _load

RUBLE_SCALARS = (
    ("project", "total_cost"), ("project", "loan", "amount"), ("project", "capital", "equity"),
    ("project", "capital", "debt"), ("project", "jobs", "avg_monthly_wage"),
    ("call", "high_productivity_wage"), ("call", "grp_previous_year"),
    ("call", "rules", "min_total_cost"), ("call", "rules", "max_total_cost"),
)  # fmt: skip
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _scaled(case: dict[str, Any], k: float) -> dict[str, Any]:
    scaled = copy.deepcopy(case)
    for path in RUBLE_SCALARS:
        target = scaled
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] *= k
    for item in scaled["project"]["capex"]:
        scaled["project"]["capex"][item] *= k
    for name, values in scaled["project"]["series"].items():
        scaled["project"]["series"][name] = [value * k for value in values]
    scaled["call"]["grp"] = [value * k for value in scaled["call"]["grp"]]
    return scaled


def _varied(case: dict[str, Any], ebit: float, capex: float, subsidy: float) -> dict[str, Any]:
    varied = copy.deepcopy(case)
    series = varied["project"]["series"]
    series["ebit"] = [value * ebit for value in series["ebit"]]
    series["capex"] = [value * capex for value in series["capex"]]
    series["subsidy"] = [value * subsidy for value in series["subsidy"]]
    return varied


def close(a: float | None, b: float | None, rel: float = 1e-9) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


multipliers = st.floats(min_value=0.3, max_value=3.0)


@SETTINGS
@given(k=st.floats(min_value=1e-3, max_value=1e2), ebit=multipliers, capex=multipliers)  # GRP stays ≤ 1e15
def test_scaling_every_ruble_scales_money_and_keeps_ratios(basic_case, k, ebit, capex):
    base_case = _varied(basic_case, ebit, capex, 1.0)
    base = evaluate_case(parse_case(base_case)).to_dict()
    scaled = evaluate_case(parse_case(_scaled(base_case, k))).to_dict()
    for section, key in (
        ("financial", "npv"), ("financial", "npv_without_support"),
        ("financial", "terminal_value"), ("budget", "nnpv"), ("budget", "terminal_value"),
    ):  # fmt: skip
        assert scaled[section][key] == pytest.approx(base[section][key] * k, rel=1e-9)
    for section, key in (
        ("financial", "wacc"), ("financial", "irr"), ("financial", "npv_to_subsidy"),
        ("budget", "bpi"), ("socio_economic", "integral_indicator"),
    ):  # fmt: skip
        assert close(scaled[section][key], base[section][key]), key
    assert scaled["financial"]["irr_status"] == base["financial"]["irr_status"]
    assert all(
        close(a, b)
        for a, b in zip(scaled["socio_economic"]["annual_index"], base["socio_economic"]["annual_index"])
    )
    assert scaled["eligibility"] == base["eligibility"]


@SETTINGS
@given(
    ebit=multipliers,
    capex=multipliers,
    shifts=st.lists(st.floats(min_value=-0.1, max_value=0.5), min_size=2, max_size=20),
)
def test_npv_falls_as_wacc_rises_for_conventional_flows(basic_case, ebit, capex, shifts):
    """Outflows in years 1…k then inflows: NPV·(1+WACC)^k, the NPV valued at the end of
    the investment phase, falls as WACC rises, so NPV changes sign at most once.
    (NPV itself, discounted to the start of year 1, tends to 0⁻ as WACC grows.)"""
    basic_case["project"]["terminal"] = {"mode": "none"}
    single = stack_cases([parse_case(_varied(basic_case, ebit, capex, 1.0))])
    ordered = np.unique(np.array(shifts))
    batch = CaseArrays.repeat(single, ordered.size).with_values(wacc_shift=ordered)
    indicators = evaluate_arrays(batch)
    flows = indicators.fcff[0] + single.subsidy[0]
    negative_years = np.flatnonzero(flows < 0)
    if sign_changes(flows[None, :])[0] != 1 or flows[flows != 0][0] > 0:
        return
    last_outflow_year = int(negative_years.max()) + 1
    valued = indicators.npv * (1 + indicators.wacc) ** last_outflow_year
    assert np.all(np.diff(valued) <= 1e-12 * np.abs(valued[:-1]))
    signs = np.sign(indicators.npv)
    assert np.count_nonzero(np.diff(signs)) <= 1
    assert signs[0] >= signs[-1]


@SETTINGS
@given(variants=st.lists(st.tuples(multipliers, multipliers, multipliers), min_size=1, max_size=6))
def test_batch_equals_single_evaluation(basic_case, variants):
    cases = [parse_case(_varied(basic_case, *variant)) for variant in variants]
    batch = [result.to_dict() for result in evaluate_batch(cases)]
    singles = [evaluate_case(case).to_dict() for case in cases]
    for together, alone in zip(batch, singles):
        _assert_close(together, alone)


def _assert_close(left: Any, right: Any) -> None:
    if isinstance(right, dict):
        assert set(left) == set(right)
        for key in right:
            _assert_close(left[key], right[key])
    elif isinstance(right, list):
        assert len(left) == len(right)
        for a, b in zip(left, right):
            _assert_close(a, b)
    elif isinstance(right, float):
        assert close(left, right, rel=1e-12)
    else:
        assert left == right


def test_batch_mixes_lengths_and_terminal_modes(basic_case):
    longer = copy.deepcopy(basic_case)
    longer["years"] = list(range(2015, 2027))
    for name, values in longer["project"]["series"].items():
        longer["project"]["series"][name] = values + values[-1:] * 2
    for name in ("cpi", "gdp_deflator", "grp"):
        longer["call"][name] = longer["call"][name] + longer["call"][name][-1:] * 2
    longer["project"]["terminal"] = {"mode": "finite", "years": 7, "base_years": 3}
    ocf = copy.deepcopy(basic_case)
    ocf["project"]["fcff_method"] = "ocf"
    ocf["project"]["series"]["ocf"] = [v + 40_000_000 for v in ocf["project"]["series"]["ebit"]]
    cases = [parse_case(item) for item in (basic_case, longer, ocf)]
    together = evaluate_batch(cases)
    for result, case in zip(together, cases):
        _assert_close(result.to_dict(), evaluate_case(case).to_dict())
    assert len(together[1].financial.fcff) == 12
    expected_base = sum(together[1].financial.fcff[-3:]) / 3
    wacc, growth = together[1].financial.wacc, 0.04
    q = (1 + growth) / (1 + wacc)
    assert together[1].financial.terminal_value == pytest.approx(
        expected_base * sum(q**i for i in range(1, 8)), rel=1e-12
    )
    assert _load("case-basic.json")["format"] == "otbor-case/1"
