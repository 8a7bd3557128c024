"""Every kind of public page at phone and desktop widths: axe-core finds nothing serious.

Each page is photographed first (full length, into the test output folder), so a failure can be
looked at; then axe-core, vendored from npm, runs in the page. Nothing may scroll sideways and
nothing may load from outside the site.
"""

import re

import pytest

from tests.browser import support
from tests.test_i18n import english_fragments

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
    "stories-search-syntax": ('/articles/?q=Bayramov+OR+"Sahiba+Gafarova"+-envoy', 200),
    "stories-search-too-common": ("/articles/?q=the+of+and", 200),
    "stories-filtered": ("/articles/?entity=azerbaijan&entity=kyrgyzstan&language=en", 200),
    "stories-bad-filter": ("/articles/?date_from=yesterday", 200),
    "story-en": (STORY_EN, 200),
    "story-ru": (STORY_RU, 200),
    "entities": ("/entities/", 200),
    "entities-all": ("/entities/?all=1", 200),
    "entities-people": ("/entities/?kind=person", 200),
    "entity-country": ("/entities/azerbaijan/", 200),
    "entity-person": ("/entities/jeyhun-bayramov/", 200),
    "not-found": ("/articles/no-such-story/", 404),
}
# Every kind in Russian too (docs/i18n.md): the same addresses under /ru/.
PAGES.update({f"ru-{name}": (f"/ru{address}", status) for name, (address, status) in PAGES.items()})

# The text a reader gets in Russian: text nodes (and labels) whose nearest `lang` is ru.
RUSSIAN_TEXT = """() => {
    const russian = el => (el.closest('[lang]') || {}).lang === 'ru';
    const parts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode, el = node.parentElement;
        if (el && russian(el) && !el.closest('script,style')) parts.push(node.textContent);
    }
    for (const el of document.querySelectorAll('[aria-label],[placeholder],[title]')) {
        if (!russian(el)) continue;
        for (const name of ['aria-label', 'placeholder', 'title']) {
            if (el.hasAttribute(name)) parts.push(el.getAttribute(name));
        }
    }
    return parts.join(' ').replace(/\\s+/g, ' ');
}"""


SIDEWAYS_OVERFLOW = """() => {
    const edge = document.documentElement.clientWidth + 1;
    return [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right > edge)
        .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))
        .slice(0, 5);
}"""


@pytest.mark.parametrize("name", list(PAGES))
def test_page_is_accessible_and_fits_phone_and_desktop(page, outside_requests, name):
    """One page, one test: it loads once per width, which keeps the run short on PostgreSQL."""
    address, status = PAGES[name]
    problems = []
    for width, viewport in support.VIEWPORTS.items():
        page.set_viewport_size(viewport)
        response = page.goto(address)
        assert response.status == status, (address, response.status)
        page.screenshot(path=support.output_dir() / f"{name}-{width}.png", full_page=True)

        if violations := support.blocking_violations(page):
            problems.append(f"at {width} width:\n{support.describe_violations(violations)}")
        if address.startswith("/ru/"):
            text = page.evaluate(RUSSIAN_TEXT)
            english = sorted(
                f
                for f in english_fragments()
                if re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", text)
            )
            if english:
                problems.append(f"at {width} width, English on a Russian page: {english}")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > viewport["width"]:
            too_wide = page.evaluate(SIDEWAYS_OVERFLOW)
            problems.append(f"at {width} width it scrolls sideways ({scroll_width}px): {too_wide}")
    if outside_requests:
        problems.append(f"it tried to load from outside the site: {outside_requests}")
    assert not problems, f"{address}\n" + "\n".join(problems)
