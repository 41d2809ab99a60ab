"""The schema against the engine's own parser and the golden case (no database)."""

from __future__ import annotations

from typing import Any

from engine import parse_case, schema
from engine.case import MINIMUM_YEARS, SERIES_KEYS, Rules, Series


def _leaves(data: dict[str, Any], prefix: str = "") -> set[str]:
    paths: set[str] = set()
    for key, value in data.items():
        path = f"{prefix}{key}"
        paths |= _leaves(value, f"{path}.") if isinstance(value, dict) else {path}
    return paths


def test_the_engine_reads_the_schema_series():
    assert SERIES_KEYS == schema.SERIES_KEYS
    assert tuple(Series.__dataclass_fields__) == schema.SERIES_KEYS
    assert len(set(schema.SERIES_KEYS)) == 15
    assert schema.NON_NEGATIVE_SERIES < set(schema.SERIES_KEYS)


def test_the_golden_case_has_the_schema_series_and_project_fields(basic_case):
    project = dict(basic_case["project"])
    assert tuple(project.pop("series")) == schema.SERIES_KEYS
    leaves = _leaves(project)
    required = {field.key for field in schema.PROJECT_FIELDS if not field.optional}
    assert required <= leaves <= set(schema.PROJECT_KEYS)
    assert len(basic_case["years"]) == schema.FORECAST_YEARS


def test_the_horizon_and_order_781_defaults():
    assert MINIMUM_YEARS == schema.MIN_FORECAST_YEARS == schema.FORECAST_YEARS == 10
    assert schema.forecast_years(2015) == list(range(2015, 2025))
    assert Rules() == Rules(
        min_total_cost=150_000_000.0,
        max_total_cost=2_000_000_000.0,
        commissioning_after=schema.COMMISSIONING_AFTER,
        loan_from=schema.LOAN_FROM,
        loan_to=schema.LOAN_TO,
    )
    assert str(schema.rate_multiple_for(2014)) == "0.9"
    assert str(schema.rate_multiple_for(2015)) == "0.7"


def test_a_case_without_rules_takes_the_schema_defaults(basic_case):
    del basic_case["call"]["rules"]
    rules = parse_case(basic_case).call.rules
    assert (rules.min_total_cost, rules.max_total_cost) == (schema.MIN_TOTAL_COST, schema.MAX_TOTAL_COST)
    assert rules.loan_to == schema.LOAN_TO


def test_series_labels_in_both_languages():
    assert schema.series_label("ocf") == "Операционный денежный поток"
    assert schema.series_label("ocf", "en") == "Operating cash flow"
    assert schema.series_label("ocf", None) == "Операционный денежный поток"
    assert all(spec.label and spec.label_en and spec.label != spec.label_en for spec in schema.SERIES)
