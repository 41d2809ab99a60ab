"""The Bank of Russia's rates, the one table (fractions: 0.0825 is 8.25 %).

Decree No. 3 caps the subsidy at a multiple of the refinancing rate for payments in
2014 and of the key rate from 2015 (applications/subsidy.py); the demo gives its calls
the same table as their ``BankRate`` rows. Each entry is (in force from, rate).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

#: The refinancing rate: 8.25 % from 14.09.2012 (equal to the key rate from 01.01.2016).
REFINANCING_RATE: tuple[tuple[date, Decimal], ...] = ((date(2012, 9, 14), Decimal("0.0825")),)

#: Every change of the key rate, 2013–2017.
KEY_RATE: tuple[tuple[date, Decimal], ...] = tuple(
    (date.fromisoformat(day), Decimal(rate))
    for day, rate in (
        ("2013-09-13", "0.055"),
        ("2014-03-03", "0.07"),
        ("2014-04-28", "0.075"),
        ("2014-07-28", "0.08"),
        ("2014-11-05", "0.095"),
        ("2014-12-12", "0.105"),
        ("2014-12-16", "0.17"),
        ("2015-02-02", "0.15"),
        ("2015-03-16", "0.14"),
        ("2015-05-05", "0.125"),
        ("2015-06-16", "0.115"),
        ("2015-08-03", "0.11"),
        ("2016-06-14", "0.105"),
        ("2016-09-19", "0.10"),
        ("2017-03-27", "0.0975"),
    )
)

#: One series for a call's ``BankRate`` rows: the refinancing rate until the key rate began.
BANK_RATE: tuple[tuple[date, Decimal], ...] = (
    *(point for point in REFINANCING_RATE if point[0] < KEY_RATE[0][0]),
    *KEY_RATE,
)
