"""Sensitivity and Monte Carlo: shapes, determinism, and agreement with single evaluations."""

from __future__ import annotations

import copy
import json

import pytest

from engine import evaluate_case, parse_case
from engine.risk import FACTOR_LABELS, monte_carlo, sensitivity


def test_sensitivity_base_is_the_case_itself(basic_case):
    case = parse_case(basic_case)
    report = sensitivity(case)
    result = evaluate_case(case)
    assert report["base"]["npv"] == pytest.approx(result.financial.npv, rel=1e-12)
    assert report["base"]["irr"] == pytest.approx(result.financial.irr, rel=1e-12)
    assert report["base"]["bpi"] == pytest.approx(result.budget.bpi, rel=1e-12)
    assert len(report["variants"]) == len(FACTOR_LABELS) * 4
    assert {v["factor"] for v in report["variants"]} == set(FACTOR_LABELS)
    json.dumps(report, ensure_ascii=False)


def test_sensitivity_variant_equals_a_changed_case(basic_case):
    report = sensitivity(parse_case(basic_case))
    variant = next(v for v in report["variants"] if v["factor"] == "capex" and v["change"] == 0.2)
    changed = copy.deepcopy(basic_case)
    changed["project"]["series"]["capex"] = [value * 1.2 for value in changed["project"]["series"]["capex"]]
    result = evaluate_case(parse_case(changed))
    assert variant["npv"] == pytest.approx(result.financial.npv, rel=1e-12)
    assert variant["irr"] == pytest.approx(result.financial.irr, rel=1e-12)
    assert variant["npv_delta"] < 0


def test_sensitivity_directions(basic_case):
    report = sensitivity(parse_case(basic_case))
    variants = {(v["factor"], v["change"]): v for v in report["variants"]}
    assert variants[("ebit", 0.1)]["npv_delta"] > 0
    assert variants[("wacc", 0.1)]["npv_delta"] < 0
    assert variants[("taxes", 0.1)]["bpi_delta"] > 0
    assert variants[("taxes", 0.1)]["npv_delta"] == 0
    assert variants[("subsidy", 0.2)]["npv_delta"] > 0
    assert variants[("subsidy", 0.2)]["bpi_delta"] < 0


def test_monte_carlo_is_seeded_and_summarised(basic_case):
    case = parse_case(basic_case)
    first = monte_carlo(case, scenarios=2_000, seed=42)
    assert first == monte_carlo(case, scenarios=2_000, seed=42)
    assert first != monte_carlo(case, scenarios=2_000, seed=43)
    assert first["valid_scenarios"] == 2_000
    assert 0.9 < first["probability_npv_positive"] <= 1.0
    npv = first["npv_percentiles"]
    assert npv["p5"] < npv["p50"] < npv["p95"]
    assert first["irr_percentiles"]["p50"] == pytest.approx(0.234, abs=0.01)
    assert [d["factor"] for d in first["distributions"]] == list(FACTOR_LABELS)
    json.dumps(first, ensure_ascii=False)


def test_monte_carlo_histogram_covers_every_valid_scenario(basic_case):
    report = monte_carlo(parse_case(basic_case), scenarios=500, seed=3)
    histogram = report["npv_histogram"]
    assert len(histogram["edges"]) == len(histogram["counts"]) + 1 == 21
    assert sum(histogram["counts"]) == report["valid_scenarios"] == 500
    assert histogram["edges"][0] <= report["npv_percentiles"]["p5"] <= histogram["edges"][-1]


def test_monte_carlo_drops_scenarios_without_terminal_value(basic_case):
    basic_case["call"]["long_term_inflation"] = 0.145  # WACC 0.152 minus shifts of ~1 %
    report = monte_carlo(parse_case(basic_case), scenarios=1_000, seed=1)
    assert 0 < report["valid_scenarios"] < 1_000
