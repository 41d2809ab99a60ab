"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("OTBOR_CHROMIUM", "/usr/bin/chromium")
# The live server answers with the production Content-Security-Policy (the middleware is
# on in the tests too); Chromium reports whatever it blocks (an inline script or
# handler) as a console error naming the policy, and every browser test fails on one.
CSP_VIOLATION = "Content Security Policy"


def watch_content_security_policy(context) -> list[str]:
    """The console messages of a browser context's pages that report a CSP violation."""
    violations: list[str] = []

    def on_console(message) -> None:
        if CSP_VIOLATION in message.text:
            violations.append(f"{message.location.get('url')}: {message.text}")

    context.on("console", on_console)
    return violations


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM} (CI installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="otbor-chromium-")
    # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls
    # are still synchronous and safe. Module-scoped, so it never leaks into the rest of
    # the session (manage.py check --deploy refuses it).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()
    shutil.rmtree(profile, ignore_errors=True)
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def new_context(browser):
    """Opens Russian-locale browser contexts (a user each); at teardown closes them and
    fails the test if any page they showed broke the Content-Security-Policy."""
    opened = []

    def open_context(**options):
        context = browser.new_context(
            **{"locale": "ru-RU", "timezone_id": "Europe/Moscow", "accept_downloads": True, **options}
        )
        opened.append((context, watch_content_security_policy(context)))
        return context

    yield open_context
    violations = [text for _context, found in opened for text in found]
    for context, _found in opened:
        context.close()
    assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def page(new_context, request):
    context = new_context()
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        # A failing browser test leaves what the user saw, for CI's log and for people.
        folder = Path(__file__).resolve().parents[2] / "var" / "browser-failures"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{request.node.name}.png"
        page.screenshot(path=str(target), full_page=True)
        print(f"screenshot: {target}; url: {page.url}")
