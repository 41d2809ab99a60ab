"""Every class of bad input of SPEC §6 is refused with the exact JSON path."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

from engine import CaseError, parse_case

Case = dict[str, Any]


def _set(path: str, value: Any) -> Callable[[Case], None]:
    def mutate(case: Case) -> None:
        *parents, last = path.split(".")
        target = case
        for key in parents:
            target = target[key]
        if last.endswith("]"):
            name, index = last[:-1].split("[")
            target[name][int(index)] = value
        else:
            target[last] = value

    return mutate


def _delete(path: str) -> Callable[[Case], None]:
    def mutate(case: Case) -> None:
        *parents, last = path.split(".")
        target = case
        for key in parents:
            target = target[key]
        del target[last]

    return mutate


def _series_length(case: Case) -> None:
    case["project"]["series"]["taxes"].append(1.0)


def _capex_mismatch(case: Case) -> None:
    case["project"]["capex"]["other"] += 1


def _budget_gordon_growth(case: Case) -> None:
    case["project"]["budget_terminal"] = {"mode": "gordon"}
    case["call"]["cpi"][-1] = 1.11


def _budget_spends_nothing(case: Case) -> None:
    case["project"]["series"]["subsidy"] = [0] * 10


CASES: list[tuple[str, Callable[[Case], None], str]] = [
    ("format", _set("format", "otbor-case/2"), "format"),
    ("missing format", _delete("format"), "format"),
    ("missing equity", _delete("project.capital.equity"), "project.capital.equity"),
    ("missing series", _delete("project.series.rent"), "project.series.rent"),
    ("missing call key", _delete("call.ofz_yield"), "call.ofz_yield"),
    ("unknown top key", _set("extra", 1), "extra"),
    ("unknown project key", _set("project.colour", "red"), "project.colour"),
    ("unknown rule", _set("call.rules.max_jobs", 1), "call.rules.max_jobs"),
    ("unknown capex item", _set("project.capex.furniture", 0), "project.capex.furniture"),
    ("series length", _series_length, "project.series.taxes"),
    ("call series length", _set("call.cpi", [1.04] * 9), "call.cpi"),
    ("string in series", _set("project.series.ebit[3]", "140000000"), "project.series.ebit[3]"),
    ("bool in series", _set("project.series.ebit[3]", True), "project.series.ebit[3]"),
    ("null in series", _set("project.series.ebit[3]", None), "project.series.ebit[3]"),
    ("nan in series", _set("project.series.taxes[0]", math.nan), "project.series.taxes[0]"),
    ("inf scalar", _set("call.ofz_yield", math.inf), "call.ofz_yield"),
    ("-inf scalar", _set("call.risk_free_rate", -math.inf), "call.risk_free_rate"),
    ("string scalar", _set("call.ofz_yield", "0.105"), "call.ofz_yield"),
    ("bool scalar", _set("project.capital.debt", False), "project.capital.debt"),
    ("negative capex item", _set("project.capex.land", -1), "project.capex.land"),
    ("negative total", _set("project.total_cost", -850000000), "project.total_cost"),
    ("impossible date", _set("project.commissioning_date", "2016-02-30"),
     "project.commissioning_date"),
    ("malformed date", _set("project.loan.date", "20.04.2015"), "project.loan.date"),
    ("impossible rule date", _set("call.rules.loan_to", "2016-13-01"), "call.rules.loan_to"),
    ("zero equity", _set("project.capital.equity", 0), "project.capital.equity"),
    ("negative equity", _set("project.capital.equity", -5), "project.capital.equity"),
    ("capex sum", _capex_mismatch, "project.capex"),
    ("rules min > max", _set("call.rules.min_total_cost", 3_000_000_000), "call.rules"),
    ("loan dates reversed", _set("call.rules.loan_from", "2017-01-01"), "call.rules"),
    ("gordon growth", _set("call.long_term_inflation", 0.2), "call.long_term_inflation"),
    ("budget gordon growth", _budget_gordon_growth, "call.cpi"),
    ("budget spends nothing", _budget_spends_nothing, "project.series.subsidy"),
    ("terminal mode", _set("project.terminal.mode", "perpetual"), "project.terminal.mode"),
    ("finite without years", _set("project.budget_terminal", {"mode": "finite"}),
     "project.budget_terminal.years"),
    ("base too long", _set("project.terminal.base_years", 11), "project.terminal.base_years"),
    ("fcff method", _set("project.fcff_method", "dcf"), "project.fcff_method"),
    ("object expected", _set("project.capital", [1, 2]), "project.capital"),
    ("short forecast", _set("years", list(range(2015, 2024))), "years"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("mutate", "path"), [(m, p) for _, m, p in CASES], ids=[name for name, _, _ in CASES]
)
def test_bad_input_names_its_path(basic_case, mutate, path):
    mutate(basic_case)
    with pytest.raises(CaseError) as caught:
        parse_case(basic_case)
    error = caught.value
    assert error.path == path
    assert error.message_ru and error.message_en
    assert str(error) == f"{path}: {error.message_ru} / {error.message_en}"
    assert isinstance(error, ValueError)


def test_budget_gordon_below_ofz_yield_is_accepted(basic_case):
    basic_case["project"]["budget_terminal"] = {"mode": "gordon"}
    basic_case["call"]["ofz_yield"] = 0.0401
    parse_case(basic_case)


def test_tolerance_of_half_a_ruble_on_capex(basic_case):
    basic_case["project"]["capex"]["other"] += 0.5
    parse_case(basic_case)


def test_error_as_dict():
    error = CaseError("call.cpi", "плохо", "bad")
    assert error.to_dict() == {"path": "call.cpi", "message_ru": "плохо", "message_en": "bad"}
