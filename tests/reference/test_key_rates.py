import datetime as dt
from decimal import Decimal as D

import pytest

from applications.subsidy import DEFAULT_KEY_RATE, DEFAULT_REFINANCING_RATE, RatePoint
from calls.models import CallStatus
from demo.builder import ensure_call
from reference.key_rates import BANK_RATE, KEY_RATE, REFINANCING_RATE


def test_the_key_rate_has_every_2014_change():
    changes_2014 = [(day.isoformat(), str(rate)) for day, rate in KEY_RATE if day.year == 2014]
    assert changes_2014 == [
        ("2014-03-03", "0.07"),
        ("2014-04-28", "0.075"),
        ("2014-07-28", "0.08"),
        ("2014-11-05", "0.095"),
        ("2014-12-12", "0.105"),
        ("2014-12-16", "0.17"),
    ]
    days = [day for day, _ in BANK_RATE]
    assert days == sorted(set(days))
    assert BANK_RATE[0] == (dt.date(2012, 9, 14), D("0.0825"))
    assert BANK_RATE[1:] == KEY_RATE


def test_the_subsidy_reads_the_one_table():
    assert DEFAULT_KEY_RATE == tuple(RatePoint(day, rate) for day, rate in KEY_RATE)
    assert DEFAULT_REFINANCING_RATE == tuple(RatePoint(day, rate) for day, rate in REFINANCING_RATE)


@pytest.mark.django_db
def test_the_demo_call_gets_the_same_rates():
    opens = dt.datetime(2015, 1, 10, tzinfo=dt.UTC)
    call, created = ensure_call(
        year=2015,
        session="march",
        opens=opens,
        closes=opens + dt.timedelta(days=30),
        status=CallStatus.OPEN,
        loan_years=(2014, 2016),
    )
    assert created
    assert list(call.bank_rates.values_list("valid_from", "rate")) == list(BANK_RATE)
