"""The Ministry's analyst opens the regional view of the decided call: filters it to
manufacturing, colours the map by winners, follows a tile to its row of the table and
downloads the table as XLSX; the page breaks no Content-Security-Policy rule."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.analytics.fixture import build_world
from tests.browser.test_commission_admin import admin_login
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_analyst_reads_the_regional_view_and_exports_it(live_server, page):
    world = build_world()
    analyst = UserFactory(role="analyst")
    admin_login(page, live_server.url, analyst.email)
    page.goto(f"{live_server.url}/")
    page.wait_for_url(f"{live_server.url}/analytics/regions/")
    page.locator("#id_call").select_option(str(world["call"].pk))
    page.locator("#id_okved").fill("C")
    page.get_by_role("button", name="Показать").click()
    page.get_by_test_id("metrics").get_by_role("link", name="Победители").click()
    page.wait_for_url("**metric=winners**")

    tile = page.locator('[data-testid="cartogram"] g[data-region="40"]')
    assert tile.get_attribute("data-value") == "1"
    assert page.locator('[data-testid="cartogram"] g[data-region="16"]').get_attribute("data-value") == "0"
    assert page.locator('[data-testid="cartogram"] g[data-region="77"]').get_attribute("data-value") == "—"
    ranking = page.get_by_test_id("ranking").inner_text()
    assert "Калужская область" in ranking and "LQ" in ranking  # concentrated: LQ 2,0
    page.locator('[data-testid="cartogram"] a[href="#region-40"]').click()
    page.wait_for_url("**#region-40")
    row = page.locator("#region-40").inner_text()
    assert "Калужская область" in row and "160,0" in row
    assert "Калужский автомобильный кластер" in page.get_by_test_id("clusters-table").inner_text()
    assert page.get_by_test_id("points-histogram").is_visible()

    with page.expect_download() as download_info:
        page.get_by_test_id("export").click()
    sheet = load_workbook(io.BytesIO(download_info.value.path().read_bytes()))["Регионы"]
    codes = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert "40" in codes and "16" in codes
    # The analyst reads; the reference imports are the secretary's.
    response = page.goto(f"{live_server.url}/analytics/reference/")
    assert response is not None and response.status == 403
