"""The regional view's page and export: the map and the table are one data set, the
XLSX holds the same figures, the page's queries do not grow with the applications."""

from __future__ import annotations

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from analytics.metrics import METRICS
from reference.regions import TILES
from tests.analytics.fixture import M, build_world
from tests.factories import UserFactory
from tests.otp_helpers import login_verified

pytestmark = [pytest.mark.django_db, pytest.mark.otp]

TILE = re.compile(r'<g data-region="(\d+)" data-value="([^"]*)">')


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def analyst_client(client):
    login_verified(client, UserFactory(role="analyst"))
    return client


def _table_cells(body: str) -> dict[str, list[str]]:
    rows = re.findall(r'<tr id="region-(\d+)" data-region="\d+">(.*?)</tr>', body, re.S)
    cell = re.compile(r'<td class="num" data-metric="\d+">([^<]*)</td>')
    return {code: cell.findall(cells) for code, cells in rows}


@pytest.mark.parametrize("metric", [m.key for m in METRICS])
def test_the_map_and_the_table_agree(world, analyst_client, metric):
    response = analyst_client.get("/analytics/regions/", {"call": world["call"].pk, "metric": metric})
    body = response.content.decode()
    assert response.status_code == 200
    tiles = dict(TILE.findall(body))
    assert set(tiles) == set(TILES)
    table = _table_cells(body)
    assert set(table) == {"40", "16", "50"}  # regions with submitted applications
    index = [m.key for m in METRICS].index(metric)
    for code, cells in table.items():
        assert tiles[code] == cells[index], code
    assert {code for code, value in tiles.items() if value != "—"} <= set(table)


def test_the_page_shows_hand_computed_figures_and_concentration(world, analyst_client):
    body = analyst_client.get(
        "/analytics/regions/", {"call": world["call"].pk, "okved": "C", "metric": "investment"}
    ).content.decode()
    cells = _table_cells(body)
    assert cells["40"][:4] == ["2", "1", "1", "160,0"]
    assert 'data-testid="cartogram"' in body and 'stroke="#198754"' in body  # region 40: LQ 2,0
    assert "Калужский автомобильный кластер" in body
    assert 'data-testid="points-histogram"' in body


def test_the_export_holds_the_same_figures(world, analyst_client):
    response = analyst_client.get("/analytics/regions/export.xlsx", {"call": world["call"].pk})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Регионы"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]}
    kaluga = rows["40"]
    assert kaluga[2:9] == (2, 1, 1, 160 * M, 19 * M, 15 * M, 60)
    total = next(row for row in sheet.iter_rows(values_only=True) if row[1] == "Итого")
    assert total[2] == 4 and total[5] == 400 * M


def test_query_count_is_fixed(world, analyst_client):
    def count(params):
        with CaptureQueriesContext(connection) as queries:
            assert analyst_client.get("/analytics/regions/", params).status_code == 200
        return len(queries)

    one = count({"call": world["other_call"].pk})  # one application
    three = count({"call": world["call"].pk})  # four applications, three regions
    assert one == three


def test_application_page_shows_cluster_and_concentration(world, client):
    secretary = UserFactory(role="secretary")
    login_verified(client, secretary)
    a1 = world["apps"][0]
    body = client.get(f"/applications/{a1.pk}/").content.decode()
    assert 'data-testid="geography"' in body
    assert "Калужский автомобильный кластер" in body
    assert "отрасль сконцентрирована в регионе" in body


def test_wrong_filters_fall_back_to_the_defaults(world, analyst_client):
    response = analyst_client.get(
        "/analytics/regions/",
        {"call": ["abc", "999999"], "metric": "zzz", "direction": "nope", "okved": "x" * 40},
    )
    assert response.status_code == 200
    assert 'data-testid="cartogram"' in response.content.decode()
