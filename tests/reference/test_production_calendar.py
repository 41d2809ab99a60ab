"""The Russian production calendar against the official 2014–2016 calendars.

The days off on weekdays and the working Saturdays below are the official calendars'
(Labour Code art. 112 and the Government decrees on transfers: 2014 — No. 444 of
28.05.2013; 2015 — No. 860 of 27.08.2014; 2016 — No. 1017 of 24.09.2015); each year has
247 working days on a five-day week."""

from __future__ import annotations

import datetime as dt

import pytest

from reference.production_calendar import is_working_day, working_days_before, working_days_in


def _days(year: int, *month_days: tuple[int, int]) -> set[dt.date]:
    return {dt.date(year, month, day) for month, day in month_days}


OFFICIAL_WEEKDAYS_OFF = {
    2014: _days(
        2014,
        *((1, d) for d in (1, 2, 3, 6, 7, 8)),
        (3, 10),  # 8 March on a Saturday
        (5, 1),
        (5, 2),
        (5, 9),
        (6, 12),
        (6, 13),
        (11, 3),
        (11, 4),
    ),  # fmt: skip
    2015: _days(
        2015,
        *((1, d) for d in (1, 2, 5, 6, 7, 8, 9)),
        (2, 23),
        (3, 9),
        (5, 1),
        (5, 4),
        (5, 11),
        (6, 12),
        (11, 4),
    ),  # fmt: skip
    2016: _days(
        2016,
        *((1, d) for d in (1, 4, 5, 6, 7, 8)),
        (2, 22),
        (2, 23),
        (3, 7),
        (3, 8),
        (5, 2),
        (5, 3),
        (5, 9),
        (6, 13),
        (11, 4),
    ),  # fmt: skip
}
OFFICIAL_WORKING_WEEKENDS = {2014: set(), 2015: set(), 2016: {dt.date(2016, 2, 20)}}


@pytest.mark.parametrize("year", [2014, 2015, 2016])
def test_every_day_of_the_year_matches_the_official_calendar(year):
    day, wrong = dt.date(year, 1, 1), []
    while day.year == year:
        official = (
            day.weekday() < 5 and day not in OFFICIAL_WEEKDAYS_OFF[year]
        ) or day in OFFICIAL_WORKING_WEEKENDS[year]
        if is_working_day(day) != official:
            wrong.append(day.isoformat())
        day += dt.timedelta(days=1)
    assert wrong == []
    assert working_days_in(year) == 247


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        (dt.date(2014, 1, 13), 1, dt.date(2014, 1, 10)),
        (dt.date(2014, 1, 13), 3, dt.date(2013, 12, 31)),  # over the New Year holidays
        (dt.date(2014, 3, 11), 1, dt.date(2014, 3, 7)),  # 10 March 2014 is a day off
        (dt.date(2014, 11, 5), 1, dt.date(2014, 10, 31)),  # 3 and 4 November
        (dt.date(2015, 6, 15), 5, dt.date(2015, 6, 5)),  # 12 June on a Friday
        (dt.date(2015, 5, 12), 2, dt.date(2015, 5, 7)),  # 11 May 2015 (Victory Day moved)
        (dt.date(2016, 2, 24), 1, dt.date(2016, 2, 20)),  # the working Saturday
        (dt.date(2016, 3, 9), 2, dt.date(2016, 3, 3)),  # 7 and 8 March 2016
        (dt.date(2016, 6, 14), 0, dt.date(2016, 6, 14)),
    ],
)
def test_working_days_before_skips_the_days_off(day, count, expected):
    assert working_days_before(day, count) == expected


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        working_days_before(dt.date(2016, 1, 1), -1)
