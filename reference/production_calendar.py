"""Working days on the Russian production calendar: the public holidays of the Labour Code
(art. 112), the Government's transfers of days off and the Saturdays made working days.

The calendar comes from the maintained ``holidays`` library (``holidays.RU``), whose
transfers cite the Government decrees of each year (2014: No. 444 of 28.05.2013; 2015:
No. 860 of 27.08.2014; 2016: No. 1017 of 24.09.2015). Where the library disagrees with the
official calendar the correction is held here with its source, and the tests check
2014–2016 day by day against the official calendars.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays

# Days off the library misses. 8 March 2014 fell on a Saturday, so the day off moved to
# Monday 10 March (Labour Code art. 112, part 2; the official 2014 calendar).
EXTRA_DAYS_OFF: dict[dt.date, str] = {
    dt.date(2014, 3, 10): "Международный женский день (перенос с субботы 8 марта)",
}
# Weekend days made working days that the library misses (none known for 2014–2016;
# 20 February 2016 is in the library).
EXTRA_WORKING_DAYS: frozenset[dt.date] = frozenset()


@cache
def _calendar(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("RU", years=year)


def is_working_day(day: dt.date) -> bool:
    """Whether ``day`` is a working day of a five-day week in Russia."""
    if day in EXTRA_DAYS_OFF:
        return False
    if day in EXTRA_WORKING_DAYS:
        return True
    return _calendar(day.year).is_working_day(day)


def working_days_before(day: dt.date, count: int) -> dt.date:
    """The working day ``count`` working days before ``day`` (``day`` itself not counted);
    ``day`` itself when ``count`` is 0."""
    if count < 0:
        raise ValueError("count must not be negative")
    current = day
    while count:
        current -= dt.timedelta(days=1)
        if is_working_day(current):
            count -= 1
    return current


def working_days_in(year: int) -> int:
    """The number of working days in ``year`` (the production calendar's yearly total)."""
    day, total = dt.date(year, 1, 1), 0
    while day.year == year:
        total += is_working_day(day)
        day += dt.timedelta(days=1)
    return total
