"""IRR: every root in (−0.99, 100), against numpy-financial and known polynomials."""

from __future__ import annotations

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.irr import find_roots, sign_changes


def _pad(flows: list[float], years: int = 10) -> np.ndarray:
    return np.array([flows + [0.0] * (years - len(flows))])


def _npv(flows: np.ndarray, rate: float) -> float:
    years = np.arange(1, flows.size + 1)
    return float(np.sum(flows / (1 + rate) ** years))


def test_two_roots_are_both_reported():
    roots = find_roots(_pad([-100, 230, -132]))
    assert roots.counts.tolist() == [2]
    assert roots.roots[0].tolist() == pytest.approx([0.1, 0.2], rel=1e-14)
    assert np.isnan(roots.irr[0])


def test_no_root_when_flows_never_change_sign():
    roots = find_roots(np.vstack([_pad([1, 1, 1]), _pad([-5, -1]), np.zeros((1, 10))]))
    assert roots.counts.tolist() == [0, 0, 0]
    assert np.isnan(roots.irr).all()


def test_root_outside_the_interval_is_not_reported():
    roots = find_roots(np.vstack([_pad([-1, 200]), _pad([-100, 0.5])]))
    assert roots.counts.tolist() == [0, 0]


def test_exact_root_at_zero():
    roots = find_roots(_pad([-100, 100]))
    assert roots.counts.tolist() == [1]
    assert abs(roots.irr[0]) < 1e-15


def test_zeros_are_skipped_when_counting_sign_changes():
    flows = np.array([[0, -1, 0, 0, 2, 0, -1, 0, 0, 3.0], [-1, 0, 0, 1, 1, 1, 1, 1, 1, 1.0]])
    assert sign_changes(flows).tolist() == [3, 1]


def test_batch_mixes_unique_multiple_and_no_root():
    flows = np.vstack([_pad([-100, 230, -132]), _pad([-100, 39, 59, 55, 20]), _pad([1, 1])])
    roots = find_roots(flows)
    assert roots.counts.tolist() == [2, 1, 0]
    assert roots.irr[1] == pytest.approx(npf.irr([-100, 39, 59, 55, 20]), rel=1e-12)


conventional = st.tuples(
    st.integers(min_value=1, max_value=3),
    st.integers(min_value=10, max_value=30),
    st.floats(min_value=1e6, max_value=1e9),
    st.floats(min_value=0.05, max_value=0.6),
    st.integers(min_value=0, max_value=2**32 - 1),
)


@settings(max_examples=80, deadline=None)
@given(conventional)
def test_conventional_flows_agree_with_numpy_financial(params):
    negative_years, years, scale, return_share, seed = params
    rng = np.random.default_rng(seed)
    flows = np.concatenate(
        [
            -rng.uniform(0.5, 1.0, negative_years) * scale,
            rng.uniform(0.2, 1.0, years - negative_years) * scale * return_share,
        ]
    )
    roots = find_roots(flows[None, :])
    expected = npf.irr(flows)
    if np.isnan(expected) or not -0.99 < expected < 100:
        assert roots.counts[0] == 0
        return
    assert roots.counts[0] == 1
    assert roots.irr[0] == pytest.approx(expected, rel=1e-9, abs=1e-12)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), min_size=10, max_size=30))
def test_npv_at_every_root_is_zero(values):
    flows = np.array(values)
    roots = find_roots(flows[None, :])
    scale = np.sum(np.abs(flows))
    for root in roots.roots[0, : roots.counts[0]]:
        years = np.arange(1, flows.size + 1)
        magnitude = float(np.sum(np.abs(flows) / (1 + root) ** years))
        assert abs(_npv(flows, root)) <= 1e-9 * magnitude + 1e-12 * scale
        assert -0.99 < root < 100


def _reference_roots(flows: np.ndarray) -> tuple[list[float], bool]:
    """Real roots in the interval from numpy.roots, and whether they are well separated."""
    v = np.roots(flows[::-1])
    real = v[(np.abs(v.imag) <= 1e-9 * np.abs(v)) & (v.real > 0)].real
    x = np.sort(-np.log(real))
    inside = x[(x > np.log(0.01) + 0.01) & (x < np.log(101) - 0.01)]
    near_edge = np.any(np.abs(x - np.log(0.01)) <= 0.01) or np.any(np.abs(x - np.log(101)) <= 0.01)
    complex_near = np.any((np.abs(v.imag) > 1e-9 * np.abs(v)) & (np.abs(v.imag) < 0.05 * np.abs(v)))
    separated = bool(np.all(np.diff(x) > 0.05)) and not near_edge and not complex_near
    return sorted(np.expm1(inside).tolist()), separated


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.floats(min_value=-1.0, max_value=1.0).filter(lambda value: abs(value) > 1e-3),
        min_size=10,
        max_size=20,
    )
)
def test_every_well_separated_root_is_found(values):
    flows = np.array(values)
    expected, separated = _reference_roots(flows)
    if not separated:
        return
    roots = find_roots(flows[None, :])
    found = roots.roots[0, : roots.counts[0]].tolist()
    assert len(found) == len(expected)
    assert found == pytest.approx(expected, rel=1e-6, abs=1e-9)


def test_bracketing_fallback_when_newton_does_not_converge():
    flows = np.vstack([_pad([-100, 39, 59, 55, 20]), _pad([-100, 10, 10, 10, 10, 10, 10, 80])])
    expected = find_roots(flows)
    fallback = find_roots(flows, newton_iterations=1)  # one step never meets the test
    assert fallback.counts.tolist() == [1, 1]
    assert fallback.irr == pytest.approx(expected.irr, rel=1e-13)


def test_partial_sums_bracketing_and_isolation_agree():
    from engine.irr_kernel import ISOLATE
    from engine.jit import compiled

    flows = np.vstack([_pad([-100, 60, 60, -10, 30]), _pad([-100, 230, -132])])
    counts, roots = np.empty(2, dtype=np.int64), np.empty((2, 2))
    compiled("first_pass")(flows, 12, counts, roots)
    assert counts.tolist() == [1, ISOLATE]  # one root each side at most; two for r > 0
    isolated_counts, isolated = np.empty(1, dtype=np.int64), np.empty((1, 10))
    compiled("isolate")(flows[:1], isolated_counts, isolated)
    assert isolated_counts.tolist() == [1]
    assert roots[0, 0] == pytest.approx(isolated[0, 0], rel=1e-14)
    assert find_roots(flows).counts.tolist() == [1, 2]


def test_roots_on_both_sides_of_zero_near_zero():
    # (1 − v)(1 − 1.01 v)-like flows: roots at r = 0 and r ≈ +1 %, with partial sums
    # bounded on both sides; the grid must not lose them in one cell around r = 0.
    flows = _pad([-100, 201, -101.0])
    roots = find_roots(flows)
    assert roots.counts.tolist() == [2]
    assert roots.roots[0].tolist() == pytest.approx([0.0, 0.01], abs=1e-12)
