"""Root isolation against an exact oracle: Sturm sequences on rationals (``Fraction``).

The flows are integers, so the polynomial q(v) = Σ CF_n v^(n−1) the engine sees is the one
the oracle counts on exactly; its roots with v = 1/(1+r) ∈ (1/101, 100) are the IRR roots.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from engine import evaluate_document
from engine.irr import find_roots

V_LOW, V_HIGH = Fraction(1, 101), Fraction(100)


def _value(poly: list[Fraction], v: Fraction) -> Fraction:
    result = Fraction(0)
    for coefficient in reversed(poly):
        result = result * v + coefficient
    return result


def _trim(poly: list[Fraction]) -> list[Fraction]:
    while len(poly) > 1 and poly[-1] == 0:
        poly = poly[:-1]
    return poly


def _remainder(a: list[Fraction], b: list[Fraction]) -> list[Fraction]:
    a = list(a)
    while len(a) >= len(b) and any(a):
        factor = a[-1] / b[-1]
        shift = len(a) - len(b)
        for i, coefficient in enumerate(b):
            a[shift + i] -= factor * coefficient
        a = _trim(a[:-1]) if a[-1] == 0 else _trim(a)
    return _trim(a)


def _sturm_count(poly: list[Fraction], low: Fraction, high: Fraction) -> int:
    """Distinct real roots of ``poly`` (ascending powers) in (low, high], exactly."""
    poly = _trim(poly)
    if len(poly) == 1:
        return 0
    sequence = [poly, _trim([i * c for i, c in enumerate(poly)][1:])]
    while len(sequence[-1]) > 1 or sequence[-1][0] != 0:
        remainder = _remainder(sequence[-2], sequence[-1])
        if not any(remainder):
            break
        sequence.append([-c for c in remainder])

    def changes(v: Fraction) -> int:
        signs = [s for s in (_value(p, v) for p in sequence) if s != 0]
        return sum(1 for a, b in zip(signs, signs[1:]) if (a < 0) != (b < 0))

    return changes(low) - changes(high)


def _exact_count(flows: list[int], low: Fraction = V_LOW, high: Fraction = V_HIGH) -> int:
    poly = [Fraction(value) for value in flows]
    count = _sturm_count(poly, low, high)
    if _value(poly, high) == 0:  # r = −0.99 is outside the open interval
        count -= 1
    return count


def _integer_flows(rates: list[float], extra: list[int], scale: float) -> list[int]:
    """Integer flows of Π (1 − (1 + r_i) v) · (a random factor), padded to 10 years."""
    poly = np.array([1.0])
    for rate in rates:
        poly = np.convolve(poly, [1.0, -(1.0 + rate)])
    poly = np.convolve(poly, np.array(extra, dtype=float))
    poly = poly / np.max(np.abs(poly)) * scale
    flows = [int(round(value)) for value in poly][:10]
    return flows + [0] * (10 - len(flows))


def _resolvable(flows: list[int]) -> bool:
    """Whether binary64 can tell the roots apart: every two roots of q (complex ones too)
    at least 1e-4 apart relatively, each moved by rounding (its Wilkinson condition times
    1e-15) less than a thousandth of that, none within 1e-9 of an end of the interval.
    Tighter clusters sit at the limit of binary64: the values of q between their roots
    are at rounding level (and ``numpy.roots`` itself misplaces them)."""
    coefficients = np.trim_zeros(np.array(flows, dtype=float), "b")
    if coefficients.size < 2:
        return True
    v = np.roots(coefficients[::-1])
    v = v[np.abs(v) > 0]
    size = np.maximum(np.abs(v)[:, None], np.abs(v)[None, :])
    distance = np.abs(v[:, None] - v[None, :]) / size + np.eye(v.size)
    powers = np.abs(v)[:, None] ** np.arange(coefficients.size)[None, :]
    slope = np.polynomial.polynomial.polyval(v, np.polynomial.polynomial.polyder(coefficients))
    condition = (powers @ np.abs(coefficients)) / np.maximum(np.abs(v * slope), 1e-300)
    ends = np.array([float(V_LOW), float(V_HIGH)])
    near_end = np.abs(v[:, None] - ends[None, :]) <= 1e-9 * ends[None, :]
    closest = distance.min(initial=1.0)
    stable = condition.max(initial=0.0) * 1e-15 < 1e-3 * closest
    return bool(closest >= 1e-4 and stable and not near_end.any())


close_roots = st.tuples(
    st.floats(min_value=-0.8, max_value=3.0),  # where the cluster sits
    st.lists(st.floats(min_value=1e-3, max_value=0.02), min_size=1, max_size=3),  # gaps
    st.lists(st.floats(min_value=-0.9, max_value=60.0), max_size=2),  # roots elsewhere
    st.lists(st.integers(min_value=-9, max_value=9), min_size=1, max_size=4),  # another factor
    st.sampled_from([1e6, 1e9, 1e12, 1e15]),
)


@settings(max_examples=150, deadline=None)
@given(close_roots)
def test_root_count_and_places_match_sturm_on_rationals(params):
    start, gaps, others, extra, scale = params
    if not any(extra):
        extra = [1]
    rates = [start + sum(gaps[:i]) for i in range(len(gaps) + 1)] + others
    flows = _integer_flows(rates, extra, scale)
    assume(any(flows) and _resolvable(flows))
    roots = find_roots(np.array([flows], dtype=float))
    found = roots.roots[0, : roots.counts[0]].tolist()
    assert len(found) == _exact_count(flows), repr(flows)
    # Each reported root is alone between the midpoints to its neighbours.
    bounds = [-0.99] + [(a + b) / 2 for a, b in zip(found, found[1:])] + [100.0]
    for low, high in zip(bounds, bounds[1:]) if found else ():
        v_high, v_low = Fraction(1) / (1 + Fraction(low)), Fraction(1) / (1 + Fraction(high))
        assert _exact_count(flows, v_low, v_high) == 1


def test_sturm_oracle_counts_known_roots():
    # q(v) = (1 − 1.1 v)(1 − 1.2 v)·100 → r = 0.1 and 0.2; a double root counts once.
    assert _exact_count([100, -230, 132]) == 2
    assert _exact_count([-36, 60, -25]) == 1
    assert _exact_count([1, 1, 1]) == 0


TWO_CLOSE = [-200000, 599200, -448799]
THREE = [-200000, 819200, -1107919, 493679]  # the same times (1 − 1.1 v), rounded


@pytest.mark.parametrize(
    ("flows", "expected"),
    [(TWO_CLOSE, [0.495, 0.501]), (THREE, [0.1, 0.495, 0.501])],
)
def test_close_roots_of_the_issue_are_both_found(flows, expected):
    padded = flows + [0] * (10 - len(flows))
    roots = find_roots(np.array([padded], dtype=float))
    assert roots.counts[0] == _exact_count(padded) == len(expected)
    assert roots.roots[0, : len(expected)].tolist() == pytest.approx(expected, abs=2e-3)


@pytest.mark.parametrize(
    ("flows", "expected"),
    [
        ([-36, 60, -25], [-1 / 6]),
        ([-1, 2, -1], [0.0]),
        ([-8, 36, -54, 27], [0.5]),
        ([331606, -997409, 1000000, -334197], [0.0, 0.0078135]),  # double at r = 0
    ],
)
def test_a_multiple_root_is_reported_once(flows, expected):
    padded = flows + [0] * (10 - len(flows))
    roots = find_roots(np.array([padded], dtype=float))
    assert roots.counts.tolist() == [len(expected)] == [_exact_count(padded)]
    assert roots.roots[0, : len(expected)].tolist() == pytest.approx(expected, abs=1e-5)


def test_three_roots_make_the_case_multiple_and_undetermined(basic_case):
    project = basic_case["project"]
    subsidy = project["series"]["subsidy"]
    flows = THREE + [0] * 6
    project["fcff_method"] = "ocf"
    project["terminal"] = {"mode": "none"}
    project["capital"].update(debt=0, beta_unlevered=0)
    basic_case["call"]["risk_free_rate"] = 0.05  # WACC = Rf = 0.05
    for key in ("net_interest", "capex", "asset_sales"):
        project["series"][key] = [0] * 10
    project["series"]["ocf"] = [flow - aid for flow, aid in zip(flows, subsidy)]
    financial = evaluate_document(basic_case).financial
    assert financial.wacc == pytest.approx(0.05)
    assert financial.irr_status == "multiple"
    assert financial.irr is None
    assert list(financial.irr_roots) == pytest.approx([0.1, 0.495, 0.501], abs=2e-3)
    assert financial.status == "undetermined"
