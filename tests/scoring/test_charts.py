"""The SVG chart builders and the risk-analysis block's data: values and labels drawn,
never NaN, empty data handled, text escaped. No database."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from engine import evaluate_case, parse_case
from engine.risk import MONTE_CARLO_DISTRIBUTIONS, monte_carlo, sensitivity
from scoring.analysis import risk_analysis
from scoring.charts import (
    Series,
    TornadoRow,
    cash_flow_svg,
    histogram_svg,
    millions,
    nice_ticks,
    tornado_svg,
)
from scoring.models import IndicatorResult
from scoring.services import done_result_fields
from tests.factories import example_case

SVG = "{http://www.w3.org/2000/svg}"


def parsed(svg: str) -> ET.Element:
    """The SVG as XML: it must be well-formed (escaping included)."""
    return ET.fromstring(svg)


def texts(svg: str) -> list[str]:
    return [element.text or "" for element in parsed(svg).iter(f"{SVG}text")]


def numbers_in(svg: str) -> list[float]:
    root = parsed(svg)
    values = []
    for element in root.iter():
        for name in ("x", "y", "x1", "x2", "y1", "y2", "width", "height"):
            if name in element.attrib:
                values.append(float(element.attrib[name]))
    return values


def test_millions_in_russian_format():
    assert millions(437_124_957.31) == "437,1"
    assert millions(-1_234_567_890) == "\u22121\u202f234,6"
    assert millions(12_300_000, signed=True) == "+12,3"
    assert millions(float("nan")) == "—" and millions(None) == "—"


def test_nice_ticks_cover_the_range_with_round_steps():
    ticks = nice_ticks(-437e6, 225e6)
    assert ticks[0] <= -437e6 and ticks[-1] >= 225e6 and 0.0 in ticks
    steps = {round(b - a) for a, b in zip(ticks, ticks[1:])}
    assert steps == {200_000_000}
    assert nice_ticks(5.0, 5.0) == [4.0, 5.0, 6.0]


def test_cash_flow_chart_has_axes_years_and_values():
    years = [str(y) for y in range(2015, 2025)]
    fcff = [-394e6, -437e6, 13e6, 147e6, 184e6, 198e6, 207e6, 214.4e6, 221e6, 225e6]
    svg = cash_flow_svg(years, [Series("FCFF", "#0d6efd", fcff)], "Денежные потоки")
    root = parsed(svg)
    assert root.attrib["role"] == "img" and root.attrib["aria-label"] == "Денежные потоки"
    labels = texts(svg)
    assert years[0] in labels and years[-1] in labels
    assert "млн руб." in labels and "\u2212400" in labels and "200" in labels  # y ticks
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert "2016, FCFF: \u2212437,0" in titles  # each bar says its year and value
    assert len(root.findall(f"{SVG}rect")) == 10 + 1  # ten bars and the legend's swatch
    assert all(math.isfinite(v) for v in numbers_in(svg))
    assert "style=" not in svg


def test_charts_skip_missing_values_and_draw_nothing_without_data():
    svg = cash_flow_svg(["2015", "2016"], [Series("FCFF", "#000", [float("nan"), 5e6])], "x")
    assert "nan" not in svg.lower() and len(parsed(svg).findall(f"{SVG}rect")) == 2
    assert cash_flow_svg([], [Series("FCFF", "#000", [])], "x") == ""
    assert cash_flow_svg(["2015"], [Series("FCFF", "#000", [None])], "x") == ""
    assert tornado_svg([], "x") == ""
    assert tornado_svg([TornadoRow("Налоги", {-20: None, 20: None})], "x") == ""
    assert histogram_svg([], [], [], "x") == ""
    assert histogram_svg([0.0, float("inf")], [3], [], "x") == ""
    assert histogram_svg([0.0, 1.0, 2.0], [3], [], "x") == ""  # edges and counts disagree


def test_flat_data_still_has_a_finite_scale():
    for svg in (
        cash_flow_svg(["2015", "2016"], [Series("FCFF", "#000", [0.0, 0.0])], "x"),
        tornado_svg([TornadoRow("Субсидия", {-20: 0.0, 20: 0.0, 10: 1.0})], "x"),
        histogram_svg([5e6, 5e6], [10], [("P50", 5e6)], "x"),
    ):
        assert svg and all(math.isfinite(v) for v in numbers_in(svg))


def test_text_is_escaped():
    evil = '<script>alert("x")</script> & «кавычки»'
    svg = cash_flow_svg(["<b>2015</b>"], [Series(evil, "#000", [1e6])], evil)
    assert "<script>" not in svg and "<b>" not in svg
    root = parsed(svg)
    assert root.attrib["aria-label"] == evil
    assert evil in texts(svg) and "<b>2015</b>" in texts(svg)
    tornado = tornado_svg([TornadoRow(evil, {-20: -1e6, 20: 1e6})], evil)
    assert "<script>" not in tornado and evil in texts(tornado)


def test_tornado_labels_each_factor_and_its_twenty_percent_changes():
    rows = [
        TornadoRow("Ставка дисконтирования (WACC)", {-20: 482.5e6, -10: 200.4e6, 10: -148.3e6, 20: -261.3e6}),
        TornadoRow("Субсидия", {-20: -14.5e6, -10: -7.2e6, 10: 7.2e6, 20: 14.5e6}),
    ]
    svg = tornado_svg(rows, "Чувствительность")
    labels = texts(svg)
    assert "Ставка дисконтирования (WACC)" in labels and "Субсидия" in labels
    assert {"+482,5", "\u2212261,3", "\u221214,5", "+14,5"} <= set(labels)
    assert "\u221220\u00a0%" in labels and "+10\u00a0%" in labels  # the legend
    assert len(parsed(svg).findall(f"{SVG}rect")) == 4 + 8  # legend + four bars a factor
    assert all(math.isfinite(v) for v in numbers_in(svg))


def test_histogram_marks_percentiles_and_zero():
    edges = [-100e6 + 50e6 * i for i in range(9)]  # −100 … 300 млн
    counts = [1, 4, 10, 20, 25, 20, 12, 5]
    svg = histogram_svg(edges, counts, [("P5", -20e6), ("P50", 80e6), ("P95", 500e6)], "NPV")
    labels = texts(svg)
    assert "P5" in labels and "P50" in labels and "P95" not in labels  # beyond the range
    assert "NPV, млн руб." in labels and "сценариев" in labels
    bars = [r for r in parsed(svg).iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(bars) == len(counts)
    assert [b.attrib["fill"] for b in bars[:3]] == ["#dc3545", "#dc3545", "#0d6efd"]
    assert any(line.attrib.get("stroke-width") == "2" for line in parsed(svg).iter(f"{SVG}line"))


@pytest.fixture(scope="module")
def computed_row() -> IndicatorResult:
    case = parse_case(example_case())
    row = IndicatorResult(**done_result_fields(evaluate_case(case), case))
    row.risk = {"sensitivity": sensitivity(case), "monte_carlo": monte_carlo(case, scenarios=500, seed=1)}
    return row


def test_analysis_of_a_computed_result(computed_row):
    analysis = risk_analysis(computed_row)
    assert analysis["available"]
    flow = analysis["cash_flow"]
    assert flow["years_known"] and flow["rows"][0]["year"] == "2015"
    assert flow["columns"] == ["FCFF без поддержки", "FCFF с господдержкой", "Бюджетный поток"]
    assert flow["rows"][0]["values"][:2] == ["\u2212394,0", "\u2212374,0"]  # + 20 млн subsidy
    sens = analysis["sensitivity"]
    assert sens["changes"] == ["\u221220\u00a0%", "\u221210\u00a0%", "+10\u00a0%", "+20\u00a0%"]
    assert sens["unchanged"] == ["Налоговые поступления"]  # only the budget depends on them
    assert sens["rows"][0]["label"] == "Ставка дисконтирования (WACC)"  # the widest first
    mc = analysis["monte_carlo"]
    assert mc["distributions"] == [d["description_ru"] for d in MONTE_CARLO_DISTRIBUTIONS]
    assert [p["name"] for p in mc["percentiles"]] == ["P5", "P50", "P95"]
    assert re.fullmatch(r"\d+,\d\u00a0%", mc["probability_npv_positive"])
    for svg in (flow["svg"], sens["svg"], mc["svg"]):
        assert svg and "nan" not in svg.lower()
        parsed(str(svg))


def test_analysis_of_old_and_missing_results(computed_row):
    assert risk_analysis(None) == {
        "available": False,
        "cash_flow": None,
        "sensitivity": None,
        "monte_carlo": None,
    }
    old = IndicatorResult(state="done", result={**computed_row.result}, risk=None)
    del old.result["years"]
    analysis = risk_analysis(old)
    assert analysis["available"] and analysis["sensitivity"] is None and analysis["monte_carlo"] is None
    assert not analysis["cash_flow"]["years_known"]
    assert analysis["cash_flow"]["rows"][0]["year"] == "1-й год"
    without_histogram = {**computed_row.risk["monte_carlo"]}
    del without_histogram["npv_histogram"]
    old.risk = {"monte_carlo": without_histogram}
    mc = risk_analysis(old)["monte_carlo"]
    assert mc["svg"] is None and mc["percentiles"][1]["npv"] != "—"
    invalid = IndicatorResult(state="invalid", result={"eligibility": {}})
    assert risk_analysis(invalid)["available"] is False
