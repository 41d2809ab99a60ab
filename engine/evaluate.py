"""Public entry points: one case or many, always through the same array code."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from .batch import stack_cases
from .case import Case, parse_case
from .document import check_finite
from .eligibility import check_eligibility
from .indicators import evaluate_arrays
from .result import Result, budget_row, financial_row, socio_economic_row
from .version import ENGINE_VERSION


def evaluate_batch(cases: Sequence[Case]) -> list[Result]:
    """Evaluate parsed cases; cases are grouped by their number of years, one batch each.

    Raises :class:`CaseError` naming ``project.series`` when a result is not finite (the
    figures or rates overflow binary64), so that no NaN or infinity is ever printed."""
    groups: dict[int, list[int]] = defaultdict(list)
    for index, case in enumerate(cases):
        groups[len(case.years)].append(index)
    results: list[Result | None] = [None] * len(cases)
    for indices in groups.values():
        group = [cases[index] for index in indices]
        batch = evaluate_arrays(stack_cases(group))
        for row, (index, case) in enumerate(zip(indices, group)):
            result = Result(
                eligibility=check_eligibility(case),
                financial=financial_row(batch, row),
                budget=budget_row(batch, row),
                socio_economic=socio_economic_row(batch, row),
                engine_version=ENGINE_VERSION,
                case_hash=case.source_hash,
            )
            check_finite(result.to_dict())
            results[index] = result
    return [result for result in results if result is not None]


def evaluate_case(case: Case) -> Result:
    """Evaluate one parsed case (a batch of one)."""
    return evaluate_batch([case])[0]


def evaluate_document(data: Mapping[str, Any]) -> Result:
    """Parse an ``otbor-case/1`` document and evaluate it; raises ``CaseError`` on bad input."""
    return evaluate_case(parse_case(data))
