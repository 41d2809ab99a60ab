"""style-src 'self': an administrator goes through the Django admin's widgets that build
markup in the browser (the autocomplete drop-down, the calendar and clock, inlines, the
filters and date hierarchy, the user forms) and a secretary through the commission's
results page; Chromium reports no blocked style (the fixture fails the test on any CSP
violation), and the classes that replaced inline styles apply."""

from __future__ import annotations

import pytest
from django.urls import reverse

from privacy.models import PersonalDataAccess
from tests.browser.test_commission_admin import admin_login
from tests.commission.conftest import build_round
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_pages_and_widgets_need_no_inline_style(live_server, new_context):
    rnd = build_round(1)
    app = rnd.apps[0]
    administrator = UserFactory(is_staff=True, is_superuser=True)
    page = new_context().new_page()
    page.set_default_timeout(30_000)
    base = live_server.url
    admin_login(page, base, administrator.email)

    page.goto(base + reverse("admin:accounts_user_change", args=[app.created_by_id]))
    page.locator(".select2-selection").first.click()  # the organisation's autocomplete
    page.locator(".select2-search__field").fill("Завод")
    page.locator(".select2-results__option").first.wait_for()
    page.keyboard.press("Escape")

    page.goto(base + reverse("admin:calls_call_add"))
    page.locator(".datetimeshortcuts a").first.click()  # "Сегодня"
    calendar_link = page.locator("a[id^=calendarlink]").first
    calendar_link.click()
    page.locator(".calendarbox").first.wait_for(state="visible")
    page.locator(".calendarbox .calendar-cancel a").first.click()
    page.locator("a[id^=clocklink]").first.click()
    page.locator(".clockbox").first.wait_for(state="visible")

    for url in (
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_add"),
        reverse("admin:applications_application_change", args=[app.pk]),
        reverse("admin:applications_application_history", args=[app.pk]),
        reverse("admin:organisations_organisation_delete", args=[app.organisation_id]),
        reverse("admin:privacy_personaldataaccess_changelist"),
        reverse("admin:commission_meeting_change", args=[rnd.meeting.pk]),
        reverse("admin:reference_region_changelist") + "?q=39",
    ):
        page.goto(base + url)
        page.locator("#content").wait_for()
    assert PersonalDataAccess.objects.filter(user=administrator).exists()

    secretary = new_context().new_page()
    admin_login(secretary, base, rnd.secretary.user.email)
    secretary.goto(base + reverse("admin:commission_meeting_results", args=[rnd.meeting.pk]))
    padding = secretary.locator(".otbor-padded").evaluate("element => getComputedStyle(element).paddingTop")
    assert padding not in ("", "0px")
