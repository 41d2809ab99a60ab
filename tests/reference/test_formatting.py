"""One convention for money, percentages, points and dates on the pages, in the messages
and in the documents (reference/formatting.py)."""

import datetime as dt
from decimal import Decimal

import pytest

from applications.subsidy import format_rubles
from commission import domain
from commission.protocol import formatting as protocol_formatting
from reference import formatting
from reference.templatetags import otbor

NNBSP, NBSP, MINUS = "\u202f", "\u00a0", "\u2212"


def test_the_protocol_and_the_domain_use_the_one_implementation():
    for name in ("format_money", "format_number", "format_percent", "format_date"):
        assert getattr(protocol_formatting, name) is getattr(formatting, name)
    assert protocol_formatting.format_points is domain.format_points


@pytest.mark.parametrize(
    ("value", "page", "message"),
    [
        (437124957.4, f"437{NNBSP}124{NNBSP}957{NBSP}руб.", f"437{NNBSP}124{NNBSP}957,40{NBSP}руб."),
        (Decimal("-1000.5"), f"{MINUS}1{NNBSP}001{NBSP}руб.", f"{MINUS}1{NNBSP}000,50{NBSP}руб."),
        ("12.345", f"12{NBSP}руб.", f"12,35{NBSP}руб."),
        (None, "—", "—"),
        (float("nan"), "—", "—"),
        ("", "—", "—"),
        ("abc", "—", "—"),
    ],
)
def test_money_on_the_page_and_in_a_message(value, page, message):
    assert otbor.rub(value) == page
    assert formatting.format_money(value) == message
    if isinstance(value, Decimal) and value >= 0:
        assert format_rubles(value) == message


def test_percentages_numbers_and_points():
    assert otbor.pct(0.25094) == f"25,09{NBSP}%"
    assert otbor.pct(-0.05) == f"{MINUS}5,00{NBSP}%"
    assert otbor.pct(None) == "—"
    assert otbor.num3(1234.56789) == f"1{NNBSP}234,568"
    assert otbor.num6(0.1234565) == "0,123457"  # half up, not to even
    assert domain.format_points(Decimal("79.985")) == "79,99"
    assert domain.format_points(Decimal("-0.5"), places=0) == f"{MINUS}1"
    assert domain.format_points(None) == "—"


def test_dates_and_moscow_time():
    assert formatting.format_date(dt.date(2015, 3, 1)) == "01.03.2015"
    evening_utc = dt.datetime(2015, 3, 14, 21, 30, 5, tzinfo=dt.UTC)
    assert formatting.format_datetime(evening_utc) == "15.03.2015 00:30"
    assert formatting.format_datetime(evening_utc, seconds=True) == "15.03.2015 00:30:05"
    assert formatting.format_date(evening_utc) == "15.03.2015"  # the Moscow date
    assert formatting.format_datetime(None) == "—"


def test_input_numbers_are_plain():
    assert otbor.plain_number(Decimal("52000.00")) == "52000"
    assert otbor.plain_number(Decimal("0.12500")) == "0,125"
    assert otbor.plain_number(1.5) == "1,5"
    assert otbor.plain_number(None) == ""
    assert formatting.format_input_number(Decimal("-3.10")) == "-3,1"  # the input's own minus
