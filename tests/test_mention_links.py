"""link_mentions: a pure function of sanitised HTML and mentions, tested without a database."""

from django.utils.safestring import SafeString

from articles.models import Mention
from articles.rendering import link_mentions
from entities.models import Entity


def mention(slug: str, kind: str, *forms: str) -> Mention:
    return Mention(entity=Entity(name=slug, slug=slug, kind=kind), surface_forms=list(forms))


def test_links_the_first_occurrence_of_each_entity_only():
    html = "<p>Azerbaijan and Kyrgyzstan. Azerbaijan again.</p>"
    result = link_mentions(
        html,
        [
            mention("azerbaijan", "country", "Azerbaijan"),
            mention("kyrgyzstan", "country", "Kyrgyzstan"),
        ],
    )
    assert result == (
        '<p><a href="/entities/azerbaijan/" class="mention mention-country">Azerbaijan</a> and '
        '<a href="/entities/kyrgyzstan/" class="mention mention-country">Kyrgyzstan</a>. '
        "Azerbaijan again.</p>"
    )


def test_returns_safe_html():
    assert isinstance(link_mentions("<p>Baku</p>", [mention("baku", "place", "Baku")]), SafeString)


def test_the_first_occurrence_counts_across_all_forms_of_an_entity():
    html = "<p>Foreign Minister Jeyhun Bayramov said. Bayramov added.</p>"
    result = link_mentions(
        html, [mention("jeyhun-bayramov", "person", "Bayramov", "Jeyhun Bayramov")]
    )
    assert result.count("<a ") == 1
    assert (
        '<a href="/entities/jeyhun-bayramov/" class="mention mention-person">Jeyhun Bayramov</a>'
        in result
    )


def test_longest_form_wins_over_a_shorter_form_inside_it():
    html = "<p>The Milli Majlis of Azerbaijan met. Azerbaijan voted.</p>"
    result = link_mentions(
        html,
        [
            mention("azerbaijan", "country", "Azerbaijan"),
            mention("milli-majlis", "organization", "Milli Majlis of Azerbaijan"),
        ],
    )
    assert (
        '<a href="/entities/milli-majlis/" class="mention mention-organization">'
        "Milli Majlis of Azerbaijan</a> met." in result
    )
    assert (
        '<a href="/entities/azerbaijan/" class="mention mention-country">Azerbaijan</a> voted'
        in result
    )


def test_matches_whole_words_only():
    html = "<p>ROBOTS and OTSX are not OTS.</p>"
    result = link_mentions(html, [mention("organization-of-turkic-states", "organization", "OTS")])
    assert result == (
        "<p>ROBOTS and OTSX are not "
        '<a href="/entities/organization-of-turkic-states/" class="mention mention-organization">'
        "OTS</a>.</p>"
    )


def test_cyrillic_forms_are_linked_as_whole_words():
    html = "<p>В Бакуриани и в Баку встретились с Сагибой Гафаровой. С.Гафарова подчеркнула.</p>"
    result = link_mentions(
        html,
        [
            mention("baku", "place", "Баку"),
            mention("sahiba-gafarova", "person", "Сагибой Гафаровой", "С.Гафарова"),
        ],
    )
    assert result.startswith("<p>В Бакуриани и в <a ")
    assert '<a href="/entities/baku/" class="mention mention-place">Баку</a> встретились' in result
    assert (
        '<a href="/entities/sahiba-gafarova/" class="mention mention-person">Сагибой Гафаровой</a>'
        in result
    )
    assert "С.Гафарова подчеркнула" in result


def test_forms_with_an_ampersand_match_the_escaped_text():
    html = "<p>Shares of AT&amp;T rose.</p>"
    result = link_mentions(html, [mention("at-t", "organization", "AT&T")])
    assert result == (
        '<p>Shares of <a href="/entities/at-t/" class="mention mention-organization">'
        "AT&amp;T</a> rose.</p>"
    )


def test_character_references_are_never_split():
    html = "<p>Tom &amp; Jerry, &quot;quot&quot;</p>"
    result = link_mentions(
        html, [mention("amp", "person", "amp"), mention("quot", "event", "quot")]
    )
    assert result.startswith('<p>Tom &amp; Jerry, &quot;<a href="/entities/quot/"')
    assert "/entities/amp/" not in result


def test_forms_inside_tag_attributes_are_not_touched():
    html = '<p><a href="https://example.com/Baku" title="Baku">a link</a> about Baku.</p>'
    result = link_mentions(html, [mention("baku", "place", "Baku")])
    assert result == (
        '<p><a href="https://example.com/Baku" title="Baku">a link</a> about '
        '<a href="/entities/baku/" class="mention mention-place">Baku</a>.</p>'
    )


def test_text_inside_an_existing_link_is_not_linked_again():
    html = (
        '<p><a href="https://example.com/" rel="noopener nofollow">Visit <b>Baku</b></a>, Baku.</p>'
    )
    result = link_mentions(html, [mention("baku", "place", "Baku")])
    assert result == (
        '<p><a href="https://example.com/" rel="noopener nofollow">Visit <b>Baku</b></a>, '
        '<a href="/entities/baku/" class="mention mention-place">Baku</a>.</p>'
    )


def test_attribute_values_containing_a_closing_bracket_stay_one_tag():
    html = '<p><a href="https://example.com/" title="x > Baku">Kabar</a> Baku</p>'
    result = link_mentions(html, [mention("baku", "place", "Baku")])
    assert 'title="x > Baku"' in result
    assert result.endswith('<a href="/entities/baku/" class="mention mention-place">Baku</a></p>')


def test_a_form_split_across_lines_still_matches():
    html = "<p>Jeyhun\nBayramov</p>"
    result = link_mentions(html, [mention("jeyhun-bayramov", "person", "Jeyhun Bayramov")])
    assert (
        '<a href="/entities/jeyhun-bayramov/" class="mention mention-person">Jeyhun\nBayramov</a>'
        in result
    )


def test_without_mentions_or_forms_the_html_is_unchanged():
    html = "<p>Nothing &amp; nobody.</p>"
    assert link_mentions(html, []) == html
    assert link_mentions(html, [mention("empty", "place")]) == html
    assert link_mentions("", [mention("baku", "place", "Baku")]) == ""


def test_highlight_mentions_marks_spans_by_status_and_escapes_everything():
    from articles.rendering import highlight_mentions

    text = "Bayramov met <Гафарова> & Co."
    html = highlight_mentions(
        text,
        [
            (0, 8, "confirmed", "Jeyhun Bayramov"),
            (14, 22, "suggested", 'Sahiba "G"'),
            (2, 5, "x", "y"),
        ],
    )
    assert html == (
        '<mark class="mention-confirmed" title="Jeyhun Bayramov (confirmed)">Bayramov</mark>'
        ' met &lt;<mark class="mention-suggested" title="Sahiba &quot;G&quot; (suggested)">'
        "Гафарова</mark>&gt; &amp; Co."
    )
