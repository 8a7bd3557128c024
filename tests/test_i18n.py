"""The site in two languages: English at the addresses it always had, Russian under /ru/.

The Russian walk reads every kind of public page under /ru/ as a reader (and a screen reader)
gets it: the text and the labelling attributes of everything marked Russian, leaving out what
is marked as another language (story copy, English descriptions from the knowledge base, the
switch's "English"). Two checks then hold it to the catalogue: no English message of the
catalogue (docs/i18n.md) appears, and every Latin-script word left is part of a name the site
shows as it is (a source, an entity with no Russian name, the reader's own query).
"""

import html
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from articles.models import Article, Source
from entities.models import Alias, Entity
from entities.names import preferred
from tests.factories import AliasFactory, ArticleFactory, EntityFactory, MentionFactory

RUSSIAN_SLUG = "glava-mid-kyrgyzstana-vstretilsya-s-predsedatelem-milli-medzhlisa-azerbaydzhana"
ENGLISH_SLUG = "kyrgyz-ambassador-hails-deepening-baku-bishkek-relations"
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES" / "django.po"

# Every kind of public page, in Russian: (address, status).
RUSSIAN_PAGES = {
    "home": ("/ru/", 200),
    "stories": ("/ru/articles/", 200),
    "search-latin": ("/ru/articles/?q=Bayramov", 200),
    "search-cyrillic": ("/ru/articles/?q=Гафарова", 200),
    "search-nothing": ("/ru/articles/?q=zqxnothing", 200),
    "search-nothing-filtered": ("/ru/articles/?q=Bayramov&language=ru", 200),
    "filtered": ("/ru/articles/?entity=kyrgyzstan&entity=azerbaijan&language=ru", 200),
    "filters-matching-nothing": ("/ru/articles/?entity=bishkek&language=en", 200),
    "bad-filters": ("/ru/articles/?date_from=yesterday&entity=nobody", 200),
    "source": ("/ru/articles/?source=kabar", 200),
    "tag": ("/ru/articles/?tag=diplomacy", 200),
    "dates": ("/ru/articles/?date_from=2021-01-01&date_to=2024-12-31&sort=newest&q=OTS", 200),
    "story-ru": (f"/ru/articles/{RUSSIAN_SLUG}/", 200),
    "story-en": (f"/ru/articles/{ENGLISH_SLUG}/", 200),
    "entities": ("/ru/entities/", 200),
    "entities-kind": ("/ru/entities/?kind=person", 200),
    "entities-search": ("/ru/entities/?q=Кыргызстан", 200),
    "entities-no-match": ("/ru/entities/?q=zqx&kind=place", 200),
    "entities-bad-kind": ("/ru/entities/?kind=planet", 200),
    "entity-country": ("/ru/entities/kyrgyzstan/", 200),
    "entity-person": ("/ru/entities/jeyhun-bayramov/", 200),
    "entity-organization": ("/ru/entities/milli-majlis/", 200),
    "not-found": ("/ru/articles/no-such-story/", 404),
}

LABEL_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\}|<[^>]+>|%%")


class RussianText(HTMLParser):
    """The words a reader of the page gets in Russian: text and labels inside elements whose
    nearest `lang` is ru (the page is `<html lang="ru">`), nothing of <script> or <style>.
    Not <meta> descriptions: a story's or an entity's is its own text, in its own language
    (`test_pages_of_no_one_thing_describe_the_site_in_russian` reads the site's)."""

    VOID = {"meta", "link", "input", "img", "br", "hr", "source", "col", "wbr", "area", "base"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.langs: list[tuple[str, str]] = []
        self.skip = 0
        self.parts: list[str] = []

    def in_russian(self) -> bool:
        return next((lang for _, lang in reversed(self.langs) if lang), "") == "ru"

    def handle_starttag(self, tag: str, attrs) -> None:
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self.skip += 1
        lang = attrs.get("lang") or ""
        if tag not in self.VOID:
            self.langs.append((tag, lang))
        if self.in_russian() or (tag in self.VOID and lang == "ru"):
            self.parts.extend(str(attrs[a]) for a in LABEL_ATTRIBUTES if attrs.get(a))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip -= 1
        for i in range(len(self.langs) - 1, -1, -1):
            if self.langs[i][0] == tag:
                del self.langs[i:]
                break

    def handle_data(self, data: str) -> None:
        if not self.skip and self.in_russian():
            self.parts.append(data)


def russian_text(html: str) -> str:
    parser = RussianText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_fragments() -> set[str]:
    """The English words of every message in the catalogue, split at its placeholders: a
    fragment with a letter in it and at least four characters ("Stories", "Filter stories")."""
    text = CATALOGUE.read_text(encoding="utf-8")
    fragments = set()
    for block in text.split("\n\n")[1:]:
        if block.lstrip().startswith("#~"):
            continue
        msgid, msgstr = (
            "".join(re.findall(r'"(.*)"', part)).replace('\\"', '"')
            for part in block.split("msgid ", 1)[1].split("\nmsgstr", 1)
        )
        for fragment in PLACEHOLDER.split(msgid):
            fragment = fragment.strip(" .,:;()«»“”→←·—-")
            english = len(fragment) >= 4 and re.search(r"[A-Za-z]{3}", fragment)
            if english and fragment not in msgstr:  # not "Wikidata": the same in Russian
                fragments.add(fragment)
    return fragments


def names_shown_as_they_are() -> set[str]:
    """Latin words a Russian page may show: names of the site, sources, tags, entities (most
    have no Russian name), stories' own words, and the formats' letters (Q for Wikidata ids)."""
    # Names and international abbreviations written in Latin letters in Russian too ("UTC+04:00").
    words = {settings.SITE_NAME, "Wikidata", "RSS", "Atom", "UTC"}
    words.update(Source.objects.values_list("name", flat=True))
    words.update(Entity.objects.values_list("name", flat=True))
    words.update(Entity.objects.values_list("wikidata_id", flat=True))
    words.update(Alias.objects.values_list("name", flat=True))
    words.update(Article.objects.values_list("title", flat=True))
    words.update(Article.objects.values_list("dateline", flat=True))
    from taggit.models import Tag

    words.update(Tag.objects.values_list("name", flat=True))
    return {w for text in words for w in LATIN_WORD.findall(text or "")}


@pytest.mark.parametrize("name", list(RUSSIAN_PAGES))
def test_every_russian_page_kind_has_no_english_interface_string(client, seeded, name):
    address, status = RUSSIAN_PAGES[name]
    response = client.get(address)
    assert response.status_code == status, (address, response.status_code)
    html = response.content.decode()
    assert '<html lang="ru">' in html
    text = russian_text(html)
    assert len(text) > 200, text  # the walk read the page, not an empty shell
    left = sorted(
        f for f in english_fragments() if re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", text)
    )
    assert not left, f"English messages on {address}: {left}\n\n{text}"
    query = set(LATIN_WORD.findall(address))
    stray = set(LATIN_WORD.findall(text)) - names_shown_as_they_are() - query
    assert not stray, f"Latin words on {address} that name nothing: {sorted(stray)}\n\n{text}"


@pytest.mark.parametrize("path", ["/ru/", "/ru/articles/", "/ru/entities/"])
def test_pages_of_no_one_thing_describe_the_site_in_russian(client, seeded, path):
    html = client.get(path).content.decode()
    (description,) = re.findall(r'<meta name="description" content="([^"]+)">', html)
    (og,) = re.findall(r'<meta property="og:description" content="([^"]+)">', html)
    assert description.startswith("Региональные и дипломатические новости")
    assert og == description
    assert '<meta property="og:locale" content="ru_RU">' in html


@pytest.mark.parametrize("feed", ["/ru/feeds/articles/", "/ru/entities/kyrgyzstan/feed/"])
def test_russian_rss_feeds_speak_russian_and_link_russian_pages(client, seeded, feed):
    response = client.get(feed)
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("language") == "ru"
    for field in ("title", "description"):
        assert not LATIN_WORD.findall(channel.findtext(field).replace(settings.SITE_NAME, "")), (
            channel.findtext(field)
        )
    links = [item.findtext("link") for item in channel.iter("item")]
    assert links and all(link.startswith("http://testserver/ru/articles/") for link in links)
    categories = {c.text for c in channel.iter("category")}
    assert "Кыргызстан" in categories and "Kyrgyzstan" not in categories


def test_russian_atom_feeds_exist_too(client, seeded):
    for feed in ("/ru/feeds/articles/atom/", "/ru/entities/kyrgyzstan/feed/atom/"):
        response = client.get(feed)
        assert response.status_code == 200
        assert 'xml:lang="ru"' in response.content.decode()


def test_english_feeds_keep_their_links_and_language(client, seeded):
    channel = ET.fromstring(client.get("/feeds/articles/").content).find("channel")
    assert channel.findtext("language") == "en"
    assert channel.findtext("title") == f"{settings.SITE_NAME}: latest stories"
    links = {item.findtext("link") for item in channel.iter("item")}
    assert f"http://testserver/articles/{RUSSIAN_SLUG}/" in links


def test_a_paginated_russian_list_pages_in_russian(client, db):
    for i in range(60):
        EntityFactory(name=f"Zzentity {i:02}")
    html = client.get("/ru/entities/?all=1&page=2").content.decode()  # none has a story
    nav = html.split('<nav class="pagination"', 1)[1].split("</nav>", 1)[0]
    assert 'aria-label="Страницы"' in nav and "Назад" in nav and "Страница" in nav
    assert "Previous" not in nav and "Next" not in nav


# The language of an address, and the way to the other one


@pytest.mark.parametrize(
    "english, russian",
    [
        ("/", "/ru/"),
        ("/articles/?q=Bayramov&page=1", "/ru/articles/?q=Bayramov&page=1"),
        ("/entities/kyrgyzstan/", "/ru/entities/kyrgyzstan/"),
        (f"/articles/{RUSSIAN_SLUG}/", f"/ru/articles/{RUSSIAN_SLUG}/"),
    ],
)
def test_the_language_switch_is_a_link_to_the_same_page(client, seeded, english, russian):
    switch = re.compile(
        r'<nav class="language-switch"[^>]*><a href="([^"]+)" hreflang="(\w+)" lang="\w+" '
        r'rel="alternate">(\w+)</a></nav>'
    )

    def other_language(path: str) -> tuple[str, str, str]:
        (found,) = switch.findall(client.get(path).content.decode())
        href, hreflang, name = found
        return unquote(html.unescape(href)), hreflang, name

    assert other_language(english) == (russian, "ru", "Русский")
    assert other_language(russian) == (english, "en", "English")


def test_the_language_switch_keeps_the_readers_query_encoded_as_the_pages_links_do(client, seeded):
    html_text = client.get("/articles/", {"q": 'Bayramov "a b"/<Г>'}).content.decode()
    switch = html_text.split('<nav class="language-switch"', 1)[1].split("</nav>", 1)[0]
    assert "?q=Bayramov%20%22a%20b%22%2F%3C%D0%93%3E" in switch
    assert "<Г>" not in switch and '"a b"' not in switch


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


@pytest.mark.parametrize("path", ["/", "/articles/?tag=diplomacy&utm=x", "/entities/azerbaijan/"])
def test_pages_name_both_languages_and_english_as_default(client, seeded, path):
    canonical = path.replace("&utm=x", "")
    for prefix, lang in (("", "en"), ("/ru", "ru")):
        html = client.get(prefix + path).content.decode()
        assert f'<html lang="{lang}">' in html
        assert alternates(html) == {
            "en": f"http://testserver{canonical}",
            "ru": f"http://testserver/ru{canonical}",
            "x-default": f"http://testserver{canonical}",
        }


def test_a_story_names_its_own_language_page_as_the_one_to_index(client, seeded):
    own = f"http://testserver/ru/articles/{RUSSIAN_SLUG}/"
    for path in (f"/articles/{RUSSIAN_SLUG}/", f"/ru/articles/{RUSSIAN_SLUG}/"):
        html = client.get(path).content.decode()
        assert f'<link rel="canonical" href="{own}">' in html
        assert alternates(html) == {"ru": own, "x-default": own}
        assert f'<meta property="og:url" content="{own}">' in html


def test_admin_api_and_crawler_files_have_no_russian_address(client, seeded):
    assert client.get("/ru/api/v1/articles/").status_code == 404
    assert client.get("/ru/admin/").status_code == 404
    assert client.get("/ru/sitemap.xml").status_code == 404
    assert client.get("/api/v1/articles/").status_code == 200


def test_unprefixed_addresses_stay_english_whatever_the_browser_asks(client, seeded):
    """No redirect, no guessing from Accept-Language: an address always means one page."""
    response = client.get("/articles/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert "Accept-Language" not in response.get("Vary", "")  # so caches keep one copy
    assert response["Content-Language"] == "en"
    assert client.get("/ru/articles/")["Content-Language"] == "ru"


def test_story_links_follow_the_page_language(client, seeded):
    russian_home = client.get("/ru/").content.decode()
    assert f'href="/ru/articles/{ENGLISH_SLUG}/"' in russian_home
    assert f'href="/ru/articles/{RUSSIAN_SLUG}/"' in russian_home
    translation.activate("en")
    english_home = client.get("/").content.decode()
    assert f'href="/articles/{RUSSIAN_SLUG}/"' in english_home


# Dates and numbers


def test_dates_are_written_the_way_each_language_writes_them(client, seeded):
    russian = client.get(f"/ru/articles/{RUSSIAN_SLUG}/").content.decode()
    assert '<time datetime="2021-07-03">3 июля 2021 г.</time>' in russian
    english = client.get(f"/articles/{RUSSIAN_SLUG}/").content.decode()
    assert '<time datetime="2021-07-03">3 July 2021</time>' in english


def test_counts_agree_with_their_number_in_russian(client, seeded):
    html = client.get("/ru/entities/?q=Кыргызстан").content.decode()
    assert re.search(r"\b2 материала\b", html)
    assert "1 материал<" in client.get("/ru/entities/?kind=person").content.decode()
    html = client.get("/ru/articles/").content.decode()
    assert "5 материалов" in html


# Entity names in the page's language


def test_entity_names_are_shown_in_russian_and_link_to_the_same_pages(client, seeded):
    html = client.get("/ru/").content.decode()
    assert '<a href="/ru/entities/kyrgyzstan/">Кыргызстан</a>' in html or (
        'href="/ru/entities/kyrgyzstan/"><span class="chip__kind">страна</span> Кыргызстан' in html
    )
    story = client.get(f"/ru/articles/{ENGLISH_SLUG}/").content.decode()
    aside = story.split('<aside class="layout__side">', 1)[1]
    assert ">Кыргызстан</a>" in aside
    person = client.get("/ru/entities/jeyhun-bayramov/").content.decode()
    assert "<h1>Джейхун Байрамов</h1>" in person
    assert "<h1>Kyrgyzstan</h1>" in client.get("/entities/kyrgyzstan/").content.decode()


def test_the_preferred_name_is_the_full_nominative_form_or_the_first_translation():
    assert preferred("Kyrgyzstan", ("Кыргызстана", "КР", "Кыргызстан", "Киргизия")) == (
        "Кыргызстан"
    )
    assert preferred("Sahiba Gafarova", ("Сагибой Гафаровой", "Сахиба Гафарова")) == (
        "Сахиба Гафарова"
    )
    assert preferred("Jeyhun Bayramov", ("Байрамов", "Джейхун Байрамов")) == "Джейхун Байрамов"
    assert preferred("United Kingdom", ("Великобритания", "Соединённое Королевство")) == (
        "Великобритания"
    )


def test_an_entity_without_a_russian_name_keeps_its_own(client, db):
    entity = EntityFactory(name="Astana International Forum", kind="event")
    AliasFactory(entity=entity, name="AIF", language="en")
    html = client.get(entity.get_absolute_url().replace("/entities/", "/ru/entities/"))
    assert "<h1>Astana International Forum</h1>" in html.content.decode()


def test_russian_pages_read_entity_names_in_one_query_however_many_entities(client, db):
    """Query counts stay constant in page size: the names of every chip come in one query."""

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    def add_stories(n: int) -> None:
        for _ in range(n):
            story = ArticleFactory()
            for _ in range(3):
                entity = EntityFactory()
                AliasFactory(entity=entity, name=f"Имя {entity.pk}", language="ru")
                MentionFactory(article=story, entity=entity)

    add_stories(2)
    paths = ("/ru/", "/ru/articles/", "/ru/articles/?q=story")
    for (
        path
    ) in paths:  # once first: what a process looks up once (the search index's) is not the page's
        queries(path)
    small = {path: queries(path) for path in paths}
    english = queries("/articles/")
    add_stories(6)
    for path, count in small.items():
        assert queries(path) == count, path
    assert queries("/ru/articles/") == english + 1  # the names, once


# The catalogue


def catalogue_entries() -> list[tuple[str | None, str, list[str], list[str]]]:
    """(context, msgid, flags, [msgstr forms]) of every live entry of the Russian .po file."""

    def unquote_po(lines: list[str]) -> str:
        joined = "".join(re.findall(r'"(.*)"', "\n".join(lines)))
        return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), joined)

    entries = []
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n")[1:]:
        lines = block.strip().split("\n")
        if not lines or lines[0].startswith("#~"):
            continue
        flags = [f.strip() for line in lines if line.startswith("#,") for f in line[2:].split(",")]
        fields: dict[str, list[str]] = {}
        key = None
        for line in lines:
            if line.startswith("#"):
                continue
            match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) ", line)
            if match:
                key = match.group(1)
                fields[key] = [line]
            elif key:
                fields[key].append(line)
        forms = [unquote_po(v) for k, v in sorted(fields.items()) if k.startswith("msgstr")]
        context = unquote_po(fields["msgctxt"]) if "msgctxt" in fields else None
        entries.append((context, unquote_po(fields["msgid"]), flags, forms))
    return entries


def test_the_russian_catalogue_is_complete_and_reviewed():
    entries = catalogue_entries()
    assert len(entries) > 150
    for _context, msgid, flags, forms in entries:
        assert "fuzzy" not in flags, msgid
        assert forms and all(forms), f"untranslated: {msgid}"


def test_the_committed_mo_file_is_the_compiled_po_file():
    """The site reads the .mo file: it must hold every translation of the .po file, so the
    .po is never edited without `make messages` (no gettext tool is needed to run the site)."""
    import gettext

    with open(CATALOGUE.with_suffix(".mo"), "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    for context, msgid, _flags, forms in catalogue_entries():
        if len(forms) == 1:
            got = catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)
            assert got == forms[0], msgid
        else:
            assert catalogue.ngettext(msgid, msgid, 5) in forms, msgid


@pytest.mark.django_db(transaction=True)
def test_the_outage_page_of_a_russian_address_is_russian(client, seeded):
    """The 503 page has no base template and reads nothing, but speaks the address's language."""
    from tests.test_database_outage import database_down

    with database_down():
        response = client.get("/ru/articles/")
    body = response.content.decode()
    assert response.status_code == 503
    assert '<html lang="ru">' in body and "Скоро вернёмся" in body
    translation.activate("en")
    with database_down():
        assert "Back in a moment" in client.get("/articles/").content.decode()
