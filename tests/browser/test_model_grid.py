"""The financial model typed into the grid (static/otbor/model-grid.js) under the
production CSP: keyboard entry and movement, a block pasted from a spreadsheet, grouped
display, autosave, a bad cell marked in Russian while the others keep their values, the
browser's copy of unsaved typing offered after a reload, a year added with its
justification."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from applications.models import Application, ModelYear
from tests.browser.test_applicant_journey import PASTE, parse_number, sign_in
from tests.factories import call_with_example_scenario, complete_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

G = "\u202f"  # the digit group separator the grid shows


def eventually(check, seconds: float = 10.0):
    """Polls the database until ``check()`` is truthy (the autosave runs in the background)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("the autosave did not reach the database")


def value_of(app, year: int, name: str) -> Decimal:
    return getattr(ModelYear.objects.get(application=app, year=year), name)


def test_applicant_types_pastes_and_keeps_the_model(live_server, page):
    app = complete_application(call_with_example_scenario())
    sign_in(page, live_server.url, app.created_by)
    page.on("dialog", lambda dialog: dialog.accept())  # «leave with unsaved changes?» on reload
    page.goto(f"{live_server.url}/applications/{app.pk}/step/model/")
    cell = page.locator
    active = "document.activeElement.name"

    # Keyboard: typed, grouped on leaving, Enter goes down, Tab goes right, arrows move.
    cell("[name=ebit-2015]").fill("")
    cell("[name=ebit-2015]").press_sequentially("1200000000")
    page.keyboard.press("Enter")
    assert page.evaluate(active) == "ebitda-2015"
    assert cell("[name=ebit-2015]").input_value() == f"1{G}200{G}000{G}000"
    page.keyboard.press("ArrowRight")  # the whole value is selected: to the next year
    assert page.evaluate(active) == "ebitda-2016"
    page.keyboard.press("ArrowUp")
    assert page.evaluate(active) == "ebit-2016"
    page.keyboard.type("-2500,5")
    page.keyboard.press("Tab")
    assert page.evaluate(active) == "ebit-2017"
    eventually(lambda: value_of(app, 2015, "ebit") == Decimal("1200000000"))
    eventually(lambda: value_of(app, 2016, "ebit") == Decimal("-2500.5"))

    # A block copied from LibreOffice (Russian numbers), into the focused cell, right and down.
    cell("[name=capex-2015]").focus()
    page.evaluate(PASTE, f"1 000\t2{G}000,5\t3000\r\n4\t5\t6\r\n")
    assert [cell(f"[name=capex-{y}]").input_value() for y in (2015, 2016, 2017)] == [
        "1\u202f000",
        f"2{G}000,5",
        f"3{G}000",
    ]
    assert [cell(f"[name=asset_sales-{y}]").input_value() for y in (2015, 2016, 2017)] == ["4", "5", "6"]
    row = page.locator("tr[data-row=capex]")
    typed = row.locator("input").evaluate_all("inputs => inputs.map(i => i.value)")
    assert parse_number(row.locator(".row-total").inner_text()) == pytest.approx(
        sum(map(parse_number, typed))
    )
    eventually(
        lambda: value_of(app, 2016, "capex") == Decimal("2000.5") and value_of(app, 2017, "asset_sales") == 6
    )

    # A bad cell: marked in Russian, nothing saved, every other value stays in its input.
    cell("[name=rent-2016]").fill("abc")
    cell("[name=rent-2016]").press("Tab")
    error = cell("[name=rent-2016]").locator("xpath=..").locator(".cell-error")
    assert error.inner_text() == "Не удалось распознать число «abc»"
    page.locator("#autosave-status", has_text="Не сохранено").wait_for()
    assert cell("[name=capex-2016]").input_value() == f"2{G}000,5"
    cell("[name=salaries-2016]").fill("777")
    cell("[name=salaries-2016]").press("Tab")
    page.locator("#autosave-status", has_text="Не сохранено").wait_for()

    # A reload offers the browser's copy of what the server refused; restoring brings it back.
    page.reload()
    page.get_by_test_id("model-restore").wait_for(state="visible")
    assert "несохранённые на сервере изменения" in page.get_by_test_id("model-restore").inner_text()
    assert cell("[name=salaries-2016]").input_value() != "777"
    page.get_by_role("button", name="Восстановить").click()
    assert cell("[name=salaries-2016]").input_value() == "777"
    assert cell("[name=rent-2016]").input_value() == "abc"
    cell("[name=rent-2016]").fill("700")
    cell("[name=rent-2016]").press("Enter")
    eventually(lambda: value_of(app, 2016, "rent") == 700 and value_of(app, 2016, "salaries") == 777)

    # A longer horizon: the justification appears and is required; then both are saved.
    page.get_by_role("button", name="Добавить год").click()
    justification = page.get_by_label("Обоснование прогнозного периода длиннее 10 лет (п. 5 Методики)")
    justification.wait_for(state="visible")
    page.locator("#error-forecast_justification", has_text="приведите обоснование").wait_for()
    cell("[name=ebit-2025]").fill("1")
    justification.fill("Срок службы оборудования — 15 лет.")
    justification.press("Tab")
    eventually(lambda: ModelYear.objects.filter(application=app).count() == 11)
    assert Application.objects.get(pk=app.pk).forecast_justification == "Срок службы оборудования — 15 лет."

    # Reloaded: everything kept, grouped, no copy left to offer.
    page.reload()
    assert cell("[name=ebit-2015]").input_value() == f"1{G}200{G}000{G}000"
    assert cell("[name=ebit-2016]").input_value() == f"-2{G}500,5"
    assert cell("[name=capex-2016]").input_value() == f"2{G}000,5"
    assert cell("[name=ebit-2025]").input_value() == "1"
    assert page.get_by_test_id("model-restore").is_hidden()
    # The FCFF preview under the grid: formula 3 at the call's profit tax rate.
    row = ModelYear.objects.get(application=app, year=2016)
    tax = Decimal(repr(app.call.macro.profit_tax_rate))
    expected = (
        row.ebit * (1 - tax)
        - row.wc_change
        + row.non_cash_charges
        - row.non_cash_income
        - row.capex
        + row.asset_sales
    )
    preview = page.locator("tfoot td").nth(1).inner_text()
    assert parse_number(preview) == pytest.approx(float(expected), abs=0.5)
