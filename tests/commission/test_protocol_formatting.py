"""Russian display formats and the spreadsheet-injection guard."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from commission.protocol import safe_cell
from commission.protocol.formatting import (
    format_date,
    format_money,
    format_number,
    format_percent,
    xml_safe,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1234567.891"), "1\u202f234\u202f567,89\u00a0руб."),
        (Decimal("0.005"), "0,01\u00a0руб."),
        (Decimal("-1000"), "\u22121\u202f000,00\u00a0руб."),
        (150_000_000, "150\u202f000\u202f000,00\u00a0руб."),
        (999.995, "1\u202f000,00\u00a0руб."),
        (None, "—"),
        (float("nan"), "—"),
        (float("inf"), "—"),
    ],
)
def test_format_money(value: object, text: str) -> None:
    assert format_money(value) == text  # type: ignore[arg-type]


def test_format_number_places_and_grouping() -> None:
    assert format_number(Decimal("123"), places=0) == "123"
    assert format_number(Decimal("1234"), places=0) == "1\u202f234"
    assert format_number(0.001234, places=4) == "0,0012"
    assert format_number(0.0, places=2) == "0,00"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.25094, "25,09\u00a0%"),
        (0.125, "12,50\u00a0%"),
        (-0.05, "\u22125,00\u00a0%"),
        (1.5, "150,00\u00a0%"),
        (None, "—"),
    ],
)
def test_format_percent(value: float | None, text: str) -> None:
    assert format_percent(value) == text


def test_format_date() -> None:
    assert format_date(date(2015, 6, 1)) == "01.06.2015"
    assert format_date(None) == "—"


@pytest.mark.parametrize(
    "dangerous",
    [
        "=1+1",
        "+7 (495) 000-00-00",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "\n=1",
        "＝1+1",
        '=HYPERLINK("http://evil","x")',
    ],
)
def test_safe_cell_neutralises_formula_starts(dangerous: str) -> None:
    assert safe_cell(dangerous) == "'" + dangerous


@pytest.mark.parametrize(
    "value",
    [
        "ООО «Ромашка»",
        "2015-J-0001",
        "a=b",
        "",
        "'уже с апострофом",
        5,
        1.5,
        Decimal("2"),
        None,
        date(2015, 1, 1),
    ],
)
def test_safe_cell_leaves_harmless_values(value: object) -> None:
    assert safe_cell(value) == value  # type: ignore[arg-type]


def test_safe_cell_and_xml_safe_drop_control_characters() -> None:
    assert xml_safe("a\x00b\x0bc\td\ne") == "abc\td\ne"
    assert safe_cell("\x01=1") == "'=1"
