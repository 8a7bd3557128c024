"""Browser fixtures: one headless Debian Chromium per run, a fresh context per test.

The site is served by pytest-django's `live_server` over the seed stories, committed for real
(`transactional_db`) so the server thread sees them. Every request to any other host is refused
and recorded: the public site must load nothing from outside.
"""

from collections.abc import Iterator

import pytest

from tests.browser import support


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium, or a skip with the reason; under CI=true a missing browser fails."""
    reason = support.unavailable_reason()
    if reason:
        if support.in_ci():
            pytest.fail(f"browser tests must run under CI=true, but {reason}", pytrace=False)
        pytest.skip(f"browser tests skipped: {reason}")
    # Playwright's sync API keeps an event loop in this thread; Django would then refuse the
    # test's own database work (seed loading, flushing) as if it were async code.
    with pytest.MonkeyPatch.context() as patch, support.sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(
            executable_path=support.chromium_path(),
            headless=True,
            args=support.CHROMIUM_ARGS,
        )
        yield chromium
        chromium.close()


@pytest.fixture
def site_url(browser, live_server, transactional_db, seeded) -> str:
    """The live server's address, serving the five seed stories."""
    return live_server.url


@pytest.fixture
def outside_requests() -> list[str]:
    """Requests the page tried to make to any host but the live server (refused)."""
    return []


@pytest.fixture
def page(browser, site_url, outside_requests) -> Iterator:
    """A desktop-sized page with JavaScript on (the site needs none, but axe does)."""
    context = support.open_context(browser, site_url, outside_requests, viewport=support.DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def page_without_js(browser, site_url, outside_requests) -> Iterator:
    """A phone-sized page with JavaScript disabled, as some readers browse."""
    context = support.open_context(
        browser, site_url, outside_requests, viewport=support.PHONE, java_script_enabled=False
    )
    yield context.new_page()
    context.close()
