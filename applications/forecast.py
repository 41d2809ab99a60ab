"""The forecast horizon of an applicant's model: which years a model may carry and when
a longer horizon needs a written justification (п. 5 of the Methodology: «инвестор может
выбрать более длительный прогнозный период, приведя обоснование выбора»).

One check for the web grid, the service that stores the model, the template download and
the submission, so a year is refused the same way wherever it comes from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from engine.schema import (
    FIRST_FORECAST_YEAR,
    FORECAST_YEARS,
    LAST_FORECAST_YEAR,
    MAX_FORECAST_YEARS,
    MIN_FORECAST_YEARS,
)

# A year typed or posted with a thousands separator («2 027», «2\u202f027») is still a year.
_SEPARATORS = re.compile(r"[\s\u00a0\u2007\u2009\u202f]")
_YEAR_TEXT = re.compile(r"\d{1,6}")


def normalise_year(raw: object) -> str:
    """The posted year without group separators (``"2 027"`` → ``"2027"``), for display
    and for the names of the grid's cells; anything else is kept as posted."""
    return _SEPARATORS.sub("", str(raw))[:12]


def parse_years(raw_years: Iterable[object]) -> tuple[list[int], str | None]:
    """The posted years as integers in the order given, and a Russian error or ``None``.
    Never raises: text, huge numbers and gaps come back as the error."""
    years: list[int] = []
    for raw in raw_years:
        text = normalise_year(raw)
        if not _YEAR_TEXT.fullmatch(text):
            return [], _("Год «%(year)s» не распознан: ожидалось целое число, например 2027.") % {
                "year": str(raw)[:12]
            }
        years.append(int(text))
    return years, years_problem(years)


def years_problem(years: Sequence[int]) -> str | None:
    """Why ``years`` cannot be a forecast horizon (in Russian), or ``None``: from
    :data:`MIN_FORECAST_YEARS` to :data:`MAX_FORECAST_YEARS` consecutive years within
    :data:`FIRST_FORECAST_YEAR` … :data:`LAST_FORECAST_YEAR`."""
    if len(years) < MIN_FORECAST_YEARS:
        return _("Нужно не менее %(years)s лет прогноза.") % {"years": MIN_FORECAST_YEARS}
    if len(years) > MAX_FORECAST_YEARS:
        return _("Прогноз может охватывать не более %(years)s лет, указано %(count)s.") % {
            "years": MAX_FORECAST_YEARS,
            "count": len(years),
        }
    outside = [year for year in years if not FIRST_FORECAST_YEAR <= year <= LAST_FORECAST_YEAR]
    if outside:
        return _("Год %(year)s вне допустимых пределов: годы прогноза — с %(first)s по %(last)s.") % {
            "year": outside[0],
            "first": FIRST_FORECAST_YEAR,
            "last": LAST_FORECAST_YEAR,
        }
    for previous, year in zip(years, years[1:], strict=False):
        if year != previous + 1:
            return _("Годы прогноза должны идти подряд: после %(previous)s ожидался %(expected)s.") % {
                "previous": previous,
                "expected": previous + 1,
            }
    return None


def needs_justification(years: Sequence[int]) -> bool:
    """A horizon longer than the call's standard one must be justified in writing."""
    return len(years) > FORECAST_YEARS


def justification_problem(years: Sequence[int], justification: str) -> str | None:
    if needs_justification(years) and not justification.strip():
        return _(
            "Прогноз длиннее %(years)s лет: приведите обоснование выбора прогнозного периода (п. 5 Методики)."
        ) % {"years": FORECAST_YEARS}
    return None
