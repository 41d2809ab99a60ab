"""The cartogram's grid and colour classes (no database)."""

from __future__ import annotations

from analytics.cartogram import NO_DATA, PALETTE, buckets, cartogram_svg, colour_of
from analytics.metrics import METRIC_BY_KEY
from analytics.selectors import Row
from reference.data import REGIONS
from reference.regions import DISTRICT_OF, TILES


def test_every_subject_has_one_tile_and_one_district():
    codes = {code for code, _name in REGIONS}
    assert len(codes) == 85
    assert set(TILES) == codes and set(DISTRICT_OF) == codes
    assert len(set(TILES.values())) == 85  # no two subjects on one square


def test_classes_of_equal_width_and_whole_counts():
    classes = buckets([0.0, 50.0, 100.0])
    assert [(b.low, b.high) for b in classes] == [(0, 20), (20, 40), (40, 60), (60, 80), (80, 100)]
    assert colour_of(100.0, classes) == PALETTE[-1] and colour_of(10.0, classes) == PALETTE[0]
    assert colour_of(None, classes) == NO_DATA
    counts = buckets([0.0, 1.0, 2.0], whole=True)
    assert [(b.low, b.high) for b in counts] == [(0, 0), (1, 1), (2, 2)]
    assert colour_of(2.0, counts) == PALETTE[-1]


def test_tiles_carry_the_figure_as_the_table_writes_it():
    metric = METRIC_BY_KEY["investment"]
    rows = [
        Row(key="40", name="Калужская область", values={"applications": 1, "investment": 160_000_000}),
        Row(key="77", name="г. Москва", values={"applications": 0, "investment": 0}),
    ]
    svg = cartogram_svg(rows, metric, frozenset({"40"}), "Инвестиции")
    assert '<g data-region="40" data-value="160,0">' in svg
    assert '<g data-region="77" data-value="—">' in svg and f'fill="{NO_DATA}"' in svg
    assert 'stroke="#198754"' in svg and "<script" not in svg and "style=" not in svg
