"""Every place that spells out the case's concepts reads engine/schema.py and agrees
with it: the models, the forms, the XLSX workbook, the case builder, the demo, the call."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from applications.forms import STEP_FORMS
from applications.models import SERIES_FIELDS, Application, ModelYear
from applications.services.cases import draft_project, project_section
from applications.subsidy import ORDER_781_CAP_RULES, ORDER_781_SHARE
from applications.xlsx_model import (
    FIRST_DATA_ROW,
    MODEL_SHEET,
    NON_NEGATIVE,
    PROJECT_SHEET,
    SERIES,
    build_template,
)
from calls.models import Call
from demo.cases import BASE_SERIES, VARIANTS, project_fields, series_for
from engine import parse_case, schema

GOLDEN = Path(__file__).resolve().parents[1] / "engine" / "data" / "case-basic.json"
# Application fields the forms edit that are not in the case (shown, not computed).
FORM_ONLY = {"description", "loan_bank_name", "loan_repayment_from_year", "loan_term_years", "beta_source"}


def test_model_year_columns_are_the_schema_series():
    columns = [f.name for f in ModelYear._meta.concrete_fields if f.name not in {"id", "application", "year"}]
    assert tuple(columns) == schema.SERIES_KEYS == tuple(SERIES_FIELDS)


def test_the_workbook_rows_are_the_schema():
    assert [(key, label) for key, label, _unit in SERIES] == [(s.key, s.label) for s in schema.SERIES]
    assert NON_NEGATIVE == schema.NON_NEGATIVE_SERIES
    template = build_template(years=schema.forecast_years(2015), call_title="")
    workbook = openpyxl.load_workbook(io.BytesIO(template))
    model = workbook[MODEL_SHEET]
    project = workbook[PROJECT_SHEET]
    rows = range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(schema.SERIES))
    assert tuple(model.cell(row=row, column=1).value for row in rows) == schema.SERIES_KEYS
    assert tuple(model.cell(row=row, column=2).value for row in rows) == tuple(s.label for s in schema.SERIES)
    rows = range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(schema.PROJECT_FIELDS))
    assert tuple(project.cell(row=row, column=1).value for row in rows) == schema.PROJECT_KEYS
    assert tuple(project.cell(row=row, column=2).value for row in rows) == tuple(
        f.label for f in schema.PROJECT_FIELDS
    )


def test_every_project_field_is_a_model_field_and_in_a_form():
    model_fields = {f.name for f in Application._meta.get_fields()}
    mapped = {field.model_field for field in schema.PROJECT_FIELDS}
    assert mapped <= model_fields
    in_forms = {name for form in STEP_FORMS.values() for name in form._meta.fields}
    assert mapped <= in_forms
    assert in_forms - mapped == FORM_ONLY


def test_the_call_defaults_are_order_781():
    call = Call()
    assert call.min_total_cost == schema.MIN_TOTAL_COST
    assert call.max_total_cost == schema.MAX_TOTAL_COST
    assert (call.commissioning_after, call.loan_from, call.loan_to) == (
        schema.COMMISSIONING_AFTER,
        schema.LOAN_FROM,
        schema.LOAN_TO,
    )
    assert call.subsidy_share == ORDER_781_SHARE == schema.SUBSIDY_SHARE
    assert call.rate_multiple == schema.KEY_RATE_MULTIPLE
    assert [(rule.valid_from, rule.multiple) for rule in ORDER_781_CAP_RULES] == [
        (schema.REFINANCING_RATE_FROM, schema.REFINANCING_RATE_MULTIPLE),
        (schema.KEY_RATE_FROM, schema.KEY_RATE_MULTIPLE),
    ]


def _demo_application(title: str, direction: str, okved: str, region: str, fields: dict) -> Application:
    return Application(title=title, okved=okved, priority_direction_id=direction, region_id=region, **fields)


@pytest.mark.parametrize("variant", VARIANTS, ids=[v[5] + ":" + v[3] for v in VARIANTS])
def test_demo_cases_follow_the_schema_and_parse(variant):
    title, direction, okved, region, scale, variation = variant
    assert tuple(BASE_SERIES) == schema.SERIES_KEYS
    series = series_for(scale, variation)
    assert tuple(series) == schema.SERIES_KEYS
    assert {len(values) for values in series.values()} == {schema.FORECAST_YEARS}
    fields = project_fields(scale, variation, 2015)
    assert set(fields) <= {f.model_field for f in schema.PROJECT_FIELDS} | FORM_ONLY
    app = _demo_application(title, direction, okved, region, fields)
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    call = golden["call"] | {"grp": [1.0e12] * schema.FORECAST_YEARS}
    case = {
        "format": "otbor-case/1",
        "years": schema.forecast_years(2015),
        "call": call,
        "project": project_section(app, series),
    }
    parsed = parse_case(case)
    assert parsed.project.total_cost == float(fields["total_cost"])
    assert parsed.years == tuple(schema.forecast_years(2015))


def test_the_draft_project_and_the_case_project_have_the_same_paths():
    app = _demo_application("Завод", "automotive", "29.32", "39", project_fields(1.0, "base", 2015))
    app.terminal_mode = "finite"
    case_project = project_section(app, series={})
    case_project.pop("series")
    assert draft_project(app) == case_project
    assert case_project["terminal"] == {"mode": "finite", "years": 5, "base_years": 1}
    assert case_project["budget_terminal"] == {"mode": "finite", "years": 5}
    assert case_project["loan"]["date"] == dt.date(2015, 2, 20).isoformat()
    assert case_project["capital"]["beta_unlevered"] == float(Decimal("0.82"))
