"""What a reader does on the public site, in a real browser, over the seed stories.

Search and filtering are run twice, with JavaScript on and off: the site promises to need none.
"""

import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser import support
from tests.browser.support import expect

pytestmark = pytest.mark.browser

RECEIVES = (
    "Azerbaijani Foreign Minister Jeyhun Bayramov receives OTS Secretary General "
    "Kubanychbek Omuraliev"
)
MEETS = (
    "Azerbaijani Foreign Minister Jeyhun Bayramov meets Russian presidential envoy Mikhail Shvydkoy"
)
RUSSIAN = "Глава МИД Кыргызстана встретился с председателем Милли Меджлиса Азербайджана"
AMBASSADOR = "Kyrgyz Ambassador hails deepening Baku-Bishkek relations"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(params=["with-js", "without-js"])
def reader(request, browser, site_url, outside_requests):
    """A phone-sized page, with JavaScript on and then off."""
    context = support.open_context(
        browser,
        site_url,
        outside_requests,
        viewport=support.PHONE,
        java_script_enabled=request.param == "with-js",
    )
    yield context.new_page()
    context.close()


def expect_stories(page, titles: set[str]) -> None:
    """The list shows exactly these stories, in whatever order it ranks them."""
    cards = page.locator(".card__title a")
    expect(cards).to_have_count(len(titles))
    assert set(cards.all_inner_texts()) == titles


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def search_from_header(page, words: str) -> None:
    box = page.locator(".site-header").get_by_role("searchbox", name="Search stories")
    box.fill(words)
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/articles/\?q="))


# Search and filters, with and without JavaScript


def test_reader_searches_in_russian_from_the_header(reader):
    reader.goto("/")
    search_from_header(reader, "Гафарова")
    expect_stories(reader, {RUSSIAN})
    expect(reader.get_by_label("Search", exact=True)).to_have_value("Гафарова")


def test_reader_searches_in_english_from_the_header(reader):
    reader.goto("/entities/")
    search_from_header(reader, "Bayramov")
    expect_stories(reader, {RECEIVES, MEETS})
    expect(reader.get_by_label("Search", exact=True)).to_have_value("Bayramov")


def test_reader_filters_stories_by_entity_then_language(reader):
    reader.goto("/entities/kyrgyzstan/")
    reader.get_by_role("link", name="Filter these stories").click()
    expect(reader).to_have_url(re.compile(r"/articles/\?entity=kyrgyzstan$"))
    expect_stories(reader, {RUSSIAN, AMBASSADOR})

    reader.get_by_label("Language", exact=True).select_option(label="Russian")
    reader.get_by_role("button", name="Apply filters").click()
    expect(reader).to_have_url(re.compile(r"language=ru"))
    assert query(reader)["entity"] == ["kyrgyzstan"]
    expect_stories(reader, {RUSSIAN})
    expect(reader.get_by_role("status")).to_contain_text(
        "1 story in Russian, mentioning Kyrgyzstan."
    )

    # Removing the entity keeps the language.
    reader.get_by_role("link", name="Remove filter: Kyrgyzstan").click()
    expect(reader).not_to_have_url(re.compile(r"entity="))
    assert query(reader)["language"] == ["ru"]
    expect_stories(reader, {RUSSIAN})


def test_reader_filters_stories_by_language_alone(reader):
    reader.goto("/articles/")
    expect(reader.locator(".card__title a")).to_have_count(5)
    reader.get_by_label("Language", exact=True).select_option(label="English")
    reader.get_by_role("button", name="Apply filters").click()
    expect(reader).to_have_url(re.compile(r"language=en"))
    expect(reader.locator(".card__title a")).to_have_count(4)
    expect(reader.locator(".card__title a", has_text=RUSSIAN)).to_have_count(0)


# From a story to the knowledge base


def test_reader_opens_a_story_and_follows_a_mention_to_the_entity_page(page):
    page.goto("/articles/")
    page.get_by_role("link", name=RECEIVES).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(RECEIVES)

    page.locator('.story__body a.mention[href="/entities/jeyhun-bayramov/"]').click()
    expect(page).to_have_url(re.compile(r"/entities/jeyhun-bayramov/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Jeyhun Bayramov")
    expect(page.get_by_role("link", name=RECEIVES)).to_be_visible()


def test_russian_reader_goes_from_search_to_story_to_entity(page):
    page.goto("/")
    search_from_header(page, "Гафарова")
    page.get_by_role("link", name=RUSSIAN).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(RUSSIAN)
    # From an English page, the English interface around the Russian copy, each marked...
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("article.story")).to_have_attribute("lang", "ru")
    # ...and one link away, the story's own page: Russian throughout (docs/i18n.md).
    page.get_by_role("navigation", name="This page in another language").get_by_role(
        "link", name="Русский"
    ).click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_have_text(RUSSIAN)
    expect(page.locator(".story__meta time")).to_have_text("3 июля 2021 г.")

    mention = page.locator('.story__body a.mention[href="/ru/entities/sahiba-gafarova/"]')
    expect(mention).to_have_text(re.compile("Гафаров"))
    mention.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Сахиба Гафарова")
    expect(page.get_by_role("link", name=RUSSIAN)).to_be_visible()


# Feeds, found the way feed readers find them


def feed_link(page, mime: str, path: str) -> str:
    """The absolute address of the page's <link rel="alternate"> feed of this type at `path`."""
    links = page.locator(f'head link[rel="alternate"][type="{mime}"]')
    found = [u for u in links.evaluate_all("ls => ls.map(l => l.href)") if u.endswith(path)]
    assert found, f"{page.url} announces no {mime} feed at {path}"
    return found[0]


def fetch_xml(page, url: str) -> ET.Element:
    response = page.request.get(url)
    assert response.ok, (url, response.status)
    assert "xml" in response.headers["content-type"], response.headers["content-type"]
    return ET.fromstring(response.body())


def rss_items(root: ET.Element) -> list[tuple[str, str]]:
    assert root.tag == "rss", root.tag
    return [(item.findtext("title"), item.findtext("link")) for item in root.iter("item")]


def atom_entries(root: ET.Element) -> list[tuple[str, str]]:
    assert root.tag == f"{ATOM}feed", root.tag
    return [
        (entry.findtext(f"{ATOM}title"), entry.find(f"{ATOM}link").get("href"))
        for entry in root.iter(f"{ATOM}entry")
    ]


def test_reader_follows_the_site_feeds_to_a_story(page, site_url):
    page.goto("/")
    rss = feed_link(page, "application/rss+xml", "/feeds/articles/")
    atom = feed_link(page, "application/atom+xml", "/feeds/articles/atom/")

    items = rss_items(fetch_xml(page, rss))
    entries = atom_entries(fetch_xml(page, atom))
    assert {title for title, _ in items} == {RECEIVES, MEETS, RUSSIAN, AMBASSADOR} | {
        "Azerbaijan and OTS discuss expanding economic cooperation"
    }
    assert {title for title, _ in entries} == {title for title, _ in items}

    title, link = items[0]
    assert link.startswith(site_url), link
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_reader_follows_an_entity_feed(page):
    page.goto("/entities/sahiba-gafarova/")
    feed = feed_link(page, "application/rss+xml", "/entities/sahiba-gafarova/feed/")
    items = rss_items(fetch_xml(page, feed))
    assert [title for title, _ in items] == [RUSSIAN]
    page.goto(items[0][1])
    expect(page.get_by_role("heading", level=1)).to_have_text(RUSSIAN)


# Keyboard only


def test_keyboard_reader_skips_the_header_with_the_skip_link(page):
    page.goto("/articles/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_keyboard_reader_reaches_the_search_box_and_searches(page):
    page.goto("/")
    search = page.locator(".site-header").get_by_role("searchbox", name="Search stories")
    presses = 0
    while presses < 8 and not search.evaluate("box => box === document.activeElement"):
        page.keyboard.press("Tab")
        presses += 1
    expect(search).to_be_focused()
    assert presses <= 6, f"the search box is tab stop {presses}"
    outline = search.evaluate("box => getComputedStyle(box).outlineStyle")
    assert outline != "none", "the focused search box shows no focus outline"

    page.keyboard.type("Bayramov")
    page.keyboard.press("Enter")
    expect_stories(page, {RECEIVES, MEETS})


# Search syntax, the named entity's card, the picker, the chips (issue 19)

ECONOMIC = "Azerbaijan and OTS discuss expanding economic cooperation"


def test_reader_leaves_a_name_out_and_the_boxes_keep_the_query(reader):
    reader.goto("/articles/")
    search_from_header(reader, "minister -bayramov")
    expect_stories(reader, {ECONOMIC})
    header_box = reader.locator(".site-header").get_by_role("searchbox", name="Search stories")
    expect(header_box).to_have_value("minister -bayramov")
    expect(reader.locator("#id_q")).to_have_value("minister -bayramov")
    expect(reader).to_have_title(re.compile("minister -bayramov"))


def test_reader_asks_for_either_name_and_sees_their_cards_first(reader):
    reader.goto("/articles/")
    search_from_header(reader, "Bayramov OR Gafarova")
    expect_stories(reader, {RECEIVES, MEETS, RUSSIAN})
    cards = reader.locator(".entity-card__name")
    expect(cards).to_have_count(2)
    assert set(cards.all_inner_texts()) == {"Jeyhun Bayramov", "Sahiba Gafarova"}
    reader.get_by_text("How to search").first.click()
    expect(reader.locator(".search-help").first).to_contain_text("either one")


def test_reader_picks_an_entity_by_typing_its_name(reader):
    reader.goto("/articles/")
    reader.get_by_label("Person, organization or place").fill("Jeyhun Bayramov")
    reader.get_by_role("button", name="Apply filters").click()
    expect_stories(reader, {RECEIVES, MEETS})
    expect(reader.get_by_role("status")).to_contain_text("mentioning Jeyhun Bayramov")


def test_phone_reader_opens_the_other_chips_of_a_card(reader):
    reader.goto("/articles/")
    more = reader.locator(".chips__more summary").first
    expect(more).to_be_visible()
    rest = reader.locator(".chips__more").first.locator(".chips--rest .chip")
    expect(rest.first).to_be_hidden()
    more.click()
    expect(rest.first).to_be_visible()
    assert reader.evaluate("document.documentElement.scrollWidth") <= support.PHONE["width"]
