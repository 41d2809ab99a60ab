"""The golden example of SPEC §6, reproduced to 1e-9 relative, every key."""

from __future__ import annotations

import json
import math
from typing import Any

from engine import ENGINE_VERSION, case_hash, evaluate_case, parse_case
from engine.eligibility import ELIGIBILITY_CODES

RELATIVE = 1e-9


def assert_same(actual: Any, expected: Any, path: str = "$") -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), path
        assert set(actual) == set(expected), path
        for key in expected:
            assert_same(actual[key], expected[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), path
        assert len(actual) == len(expected), path
        for index, (left, right) in enumerate(zip(actual, expected)):
            assert_same(left, right, f"{path}[{index}]")
    elif expected is None or isinstance(expected, (bool, str)):
        assert actual == expected, path
    else:
        assert isinstance(actual, float) and not isinstance(actual, bool), path
        assert math.isclose(actual, expected, rel_tol=RELATIVE, abs_tol=0.0), (
            path, actual, expected,
        )  # fmt: skip


def test_basic_case_matches_expected_result(basic_case, basic_expected):
    result = evaluate_case(parse_case(basic_case)).to_dict()
    assert_same(result, basic_expected)


def test_result_is_json_serialisable(basic_case, basic_expected):
    result = evaluate_case(parse_case(basic_case)).to_dict()
    assert_same(json.loads(json.dumps(result, ensure_ascii=False)), basic_expected)


def test_eligibility_details_carry_messages_and_values(basic_case):
    result = evaluate_case(parse_case(basic_case))
    details = result.eligibility.details
    assert [item["code"] for item in details] == list(ELIGIBILITY_CODES)
    assert all(item["passed"] for item in details)
    cost = next(item for item in details if item["code"] == "cost_range")
    assert cost["values"] == {
        "total_cost": 850_000_000.0,
        "min_total_cost": 150_000_000.0,
        "max_total_cost": 2_000_000_000.0,
    }
    assert "стоимость" in cost["message_ru"]
    json.dumps(details, ensure_ascii=False)


def test_result_carries_engine_version_and_case_hash(basic_case):
    result = evaluate_case(parse_case(basic_case))
    assert result.engine_version == ENGINE_VERSION == "1.0.0"
    assert result.case_hash == case_hash(basic_case)
    assert len(result.case_hash) == 64


def test_case_hash_ignores_key_order(basic_case):
    reordered = json.loads(json.dumps(dict(reversed(list(basic_case.items())))))
    assert case_hash(reordered) == case_hash(basic_case)
    reordered["project"]["title"] = "Другой завод"
    assert case_hash(reordered) != case_hash(basic_case)


def test_failed_checks_make_the_case_ineligible(basic_case):
    basic_case["project"]["okved"] = "45.20"
    basic_case["project"]["jobs"]["high_productivity"] = 179
    basic_case["project"]["loan"]["date"] = "2017-01-01"
    result = evaluate_case(parse_case(basic_case)).to_dict()["eligibility"]
    assert result["eligible"] is False
    failed = {code for code, passed in result["checks"].items() if not passed}
    assert failed == {"okved_manufacturing", "high_productivity_jobs", "loan"}


def test_rules_default_to_order_781(basic_case):
    del basic_case["call"]["rules"]
    basic_case["project"]["total_cost"] = 2_000_000_001
    basic_case["project"]["capex"]["other"] += 1_150_000_001
    checks = evaluate_case(parse_case(basic_case)).to_dict()["eligibility"]["checks"]
    assert checks["cost_range"] is False
    assert checks["commissioning_date"] is True
