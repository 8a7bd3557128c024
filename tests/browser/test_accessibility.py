"""Every kind of public page at phone and desktop widths: axe-core finds nothing serious.

Each page is photographed first (full length, into the test output folder), so a failure can be
looked at; then axe-core, vendored from npm, runs in the page.
"""

import pytest

from tests.browser import support

pytestmark = pytest.mark.browser

STORY_EN = "/articles/azerbaijani-foreign-minister-jeyhun-bayramov-receives-ots-secretary-general/"
STORY_RU = (
    "/articles/glava-mid-kyrgyzstana-vstretilsya-s-predsedatelem-milli-medzhlisa-azerbaydzhana/"
)

# name: (address, expected status)
PAGES = {
    "home": ("/", 200),
    "stories": ("/articles/", 200),
    "stories-search-en": ("/articles/?q=Bayramov", 200),
    "stories-search-ru": ("/articles/?q=Гафарова", 200),
    "stories-filtered": ("/articles/?entity=azerbaijan&entity=kyrgyzstan&language=en", 200),
    "stories-bad-filter": ("/articles/?date_from=yesterday", 200),
    "story-en": (STORY_EN, 200),
    "story-ru": (STORY_RU, 200),
    "entities": ("/entities/", 200),
    "entity-country": ("/entities/azerbaijan/", 200),
    "entity-person": ("/entities/jeyhun-bayramov/", 200),
    "not-found": ("/articles/no-such-story/", 404),
}


@pytest.mark.parametrize("width", list(support.VIEWPORTS))
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_accessibility_violations(page, outside_requests, name, width):
    address, status = PAGES[name]
    page.set_viewport_size(support.VIEWPORTS[width])
    response = page.goto(address)
    assert response.status == status, (address, response.status)
    page.screenshot(path=support.output_dir() / f"{name}-{width}.png", full_page=True)

    violations = support.blocking_violations(page)
    assert not violations, f"{address} at {width} width:\n{support.describe_violations(violations)}"
    assert not outside_requests, f"{address} tried to load from outside: {outside_requests}"


@pytest.mark.parametrize("name", list(PAGES))
def test_page_fits_a_phone_screen_without_sideways_scrolling(page, name):
    address, _ = PAGES[name]
    page.set_viewport_size(support.PHONE)
    page.goto(address)
    overflow = page.evaluate(
        """() => {
            const edge = document.documentElement.clientWidth + 1;
            return [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > edge)
                .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))
                .slice(0, 5);
        }"""
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= support.PHONE["width"], f"{address} is {width}px wide; too wide: {overflow}"
