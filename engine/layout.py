"""What the compiled kernels read and write, without compiling anything (ADR 0012).

The numpy side of the engine needs these names to size and read the kernels' arrays;
keeping them here lets ``import engine`` leave numba unloaded until a process evaluates.
"""

from __future__ import annotations

import math
from collections.abc import Callable

MET, NOT_MET = 1, 0
# The outputs of the indicators kernel, in its order: the fields of
# ``engine.indicators.BatchIndicators`` but the IRR's, which need the whole batch.
OUTPUTS = (
    "beta_levered", "cost_of_equity", "wacc", "fcff", "terminal_value", "npv",
    "npv_without_support", "npv_to_subsidy", "budget_discount_rate", "budget_cash_flows",
    "budget_terminal_value", "nnpv", "pv_expenses", "bpi", "budget_status", "value_added",
    "annual_index", "grp_with_project", "integral_indicator", "socio_status",
)  # fmt: skip
SERIES_OUTPUTS = ("fcff", "budget_cash_flows", "value_added", "annual_index", "grp_with_project")

ISOLATE = -1  # the root count of a row the first pass leaves to the root isolation
NEWTON_ITERATIONS = 12
LOWER_RATE, UPPER_RATE = -0.99, 100.0  # IRR roots are searched in (−0.99, 100) (SPEC §5)
X_LOW, X_HIGH = math.log1p(LOWER_RATE), math.log1p(UPPER_RATE)  # as x = ln(1 + r)


def compiled(name: str) -> Callable[..., None]:
    """The compiled kernel ``name`` (:func:`engine.jit.compiled`): numba is imported with
    the first evaluation of the process, not with ``import engine``."""
    from .jit import compiled as compiled_kernel

    return compiled_kernel(name)
