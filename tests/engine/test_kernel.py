"""The compiled kernels (ADR 0012): their wiring, chunking and threads, and their cache."""

from __future__ import annotations

import inspect
import math
import re
from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest

from engine import indicators, jit, kernel, parse_case
from engine.batch import CaseArrays
from engine.financial import SUMMED_YEARS, finite_terminal_factor
from engine.indicators import BatchIndicators, evaluate_arrays
from engine.risk import draw_scenarios

ENGINE = Path(jit.__file__).parent


def test_indicators_kernel_takes_the_case_arrays_in_their_order():
    # The kernel is called positionally with CaseArrays' fields, then OUTPUTS: a field
    # added or moved on one side only would feed one input into another's place.
    parameters = list(inspect.signature(kernel._evaluate_rows).parameters)
    expected = [item.name for item in fields(CaseArrays)] + list(kernel.OUTPUTS)
    assert parameters == [*expected, "irr_counts", "irr_roots", "newton_iterations"]
    assert set(kernel.OUTPUTS) | {"irr", "irr_roots", "irr_counts", "financial_status"} == {
        item.name for item in fields(BatchIndicators)
    }


def test_every_compiled_source_names_the_cache():
    # numba checks a cached kernel against its own file only: a module with compiled
    # code missing from the cache's digest would be served stale after a change.
    compiled_code = re.compile(r"^@(inline|helper|kernel\()", re.MULTILINE)
    sources = {path.name for path in ENGINE.glob("*.py") if compiled_code.search(path.read_text())}
    assert "financial.py" in jit._SOURCES  # compiled through kernel.py's inline(...)
    assert sources <= set(jit._SOURCES)
    assert Path(jit._cache_directory()).name == Path(jit.numba.config.CACHE_DIR).name


def test_chunks_and_threads_give_the_same_figures_as_one_pass(basic_case, monkeypatch):
    # 3,000 Monte Carlo scenarios: broadcast (read-only, stride 0) inputs beside drawn
    # ones, in one pass on one thread, then in 32 chunks of 94 cases shared by two threads
    # (the Django processes run the engine on one thread: config/__init__.py).
    scenarios = draw_scenarios(parse_case(basic_case), 3_000, seed=11)
    monkeypatch.setattr(indicators, "WORKERS", 1)
    together = evaluate_arrays(scenarios)
    monkeypatch.setattr(indicators, "WORKERS", 2)
    monkeypatch.setattr(indicators, "_POOL", [])
    assert indicators._chunks(3_000, 97) == (range(0, 3_000, 94), 94)
    chunked = evaluate_arrays(scenarios, chunk=97)
    assert indicators._POOL and indicators._POOL[0]._max_workers == 2
    for item in fields(BatchIndicators):
        left, right = getattr(together, item.name), getattr(chunked, item.name)
        assert np.array_equal(left, right, equal_nan=True), item.name
    assert np.isfinite(together.npv).sum() > 2_900
    assert (together.irr_counts == 1).all()


@pytest.mark.parametrize("years", [1, 2, 10, SUMMED_YEARS, SUMMED_YEARS + 1, 40, 100])
@pytest.mark.parametrize(("rate", "growth"), [(0.12, 0.04), (0.04, 0.12), (0.07, 0.07)])
def test_finite_terminal_factor_is_the_sum_of_its_terms(years, rate, growth):
    q = (1 + growth) / (1 + rate)
    expected = math.fsum(q**i for i in range(1, years + 1))
    assert finite_terminal_factor(rate, growth, years) == pytest.approx(expected, rel=1e-13)


def test_warm_up_compiles_every_kernel():
    assert jit.compile_all() == ["first_pass", "indicators", "isolate", "npv_and_first_pass", "refine"]
