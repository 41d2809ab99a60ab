"""Otbor's indicator engine (Order 781, п. 2–8): Python and numpy, its loops compiled by
numba (ADR 0012, loaded with the first evaluation), no Django.

Frozen dataclasses in, frozen dataclasses out; bad input raises :class:`CaseError`
naming the JSON path. One case or a batch go through the same vectorised code.
"""

from .case import Case, case_hash, parse_case
from .document import read_document, result_json
from .errors import CaseError
from .evaluate import evaluate_batch, evaluate_case, evaluate_document
from .result import Result
from .risk import monte_carlo, sensitivity
from .version import ENGINE_VERSION

__all__ = [
    "ENGINE_VERSION",
    "Case",
    "CaseError",
    "Result",
    "case_hash",
    "evaluate_batch",
    "evaluate_case",
    "evaluate_document",
    "monte_carlo",
    "parse_case",
    "read_document",
    "result_json",
    "sensitivity",
]
