"""The financial model step's grid (templates/applications/step_model.html): the rows and
cells to render, from the stored model or from what the applicant posted. A refused post
is rendered back as typed — every value and every year — with each error on its cell."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from applications.forecast import normalise_year
from applications.models import Application, ModelYear
from calls.models import MacroScenario
from engine.schema import FORECAST_YEARS, MAX_FORECAST_YEARS, MIN_FORECAST_YEARS, SERIES, series_label
from reference.formatting import format_grouped_input


@dataclass(frozen=True)
class Grid:
    years: list[str]
    rows: list[dict]

    @property
    def limits(self) -> dict[str, int]:
        """For the grid's script: the fewest and most years, and the standard horizon."""
        return {"min": MIN_FORECAST_YEARS, "max": MAX_FORECAST_YEARS, "standard": FORECAST_YEARS}


def _rows(
    years: Sequence[str], value_of: Callable[[str, str], str], errors: Mapping[str, str], language: str
) -> list[dict]:
    return [
        {
            "key": spec.key,
            "label": series_label(spec.key, language),
            "non_negative": spec.non_negative,
            "cells": [
                {
                    "year": year,
                    "name": f"{spec.key}-{year}",
                    "value": value_of(spec.key, year),
                    "error": errors.get(f"{spec.key}-{year}"),
                }
                for year in years
            ],
        }
        for spec in SERIES
    ]


def grid_from_rows(rows: Sequence[ModelYear], language: str) -> Grid:
    """The stored model, amounts grouped as the applicant reads them («1 200 000 000»)."""
    by_year = {str(row.year): row for row in rows}
    years = list(by_year)
    return Grid(
        years, _rows(years, lambda key, year: format_grouped_input(getattr(by_year[year], key)), {}, language)
    )


def grid_from_post(post, errors: Mapping[str, str], language: str) -> Grid:
    """What was posted, as typed (years without group separators, duplicates once, at
    most a little over the maximum so a forged post cannot blow the page up)."""
    years: list[str] = []
    for raw in post.getlist("year")[: MAX_FORECAST_YEARS + 5]:
        year = normalise_year(raw)
        if year and year not in years:
            years.append(year)
    return Grid(
        years, _rows(years, lambda key, year: str(post.get(f"{key}-{year}", ""))[:64], errors, language)
    )


def fcff_preview(app: Application) -> dict[str, str] | None:
    """What the grid needs to show FCFF as the applicant types (formula 3 from EBIT or
    formula 2 from OCF, as the capital step chose, at the call's profit tax rate); None
    without a macro scenario. Only a preview: the indicators come from the engine."""
    try:
        macro = app.call.macro
    except MacroScenario.DoesNotExist:
        return None
    return {"method": app.fcff_method, "tax": repr(float(macro.profit_tax_rate))}
