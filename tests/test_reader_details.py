"""What readers notice: the standfirst, chips that open, stories before charts, readers' words."""

import re

import pytest

from articles.views import standfirst
from tests.factories import ArticleFactory, EntityFactory, MentionFactory

pytestmark = pytest.mark.django_db

LEAD = "Kyrgyzstan's ambassador praised ties between Baku and Bishkek on Monday."


@pytest.mark.parametrize(
    ("summary", "shown"),
    [
        (LEAD, False),  # the first paragraph itself
        ("Kyrgyzstan’s Ambassador praised ties between Baku and Bishkek…", False),  # its opening
        ("Relations deepen, says the envoy.", True),
        ("He spoke at the embassy.", False),  # the lead runs into the second paragraph
        ("Kyrgyzstan's ambassador praised ties", False),  # cut short
        ("", False),
    ],
)
def test_the_standfirst_is_left_out_when_it_repeats_the_lead(summary, shown):
    text = f"BISHKEK, 2 July. {LEAD}\n\nHe spoke at the embassy."
    assert bool(standfirst(summary, text)) is shown


def test_the_story_page_shows_the_summary_as_a_standfirst_not_a_quotation(client):
    story = ArticleFactory(summary="Relations deepen, says the envoy.", text=f"{LEAD}\nMore.")
    content = client.get(story.get_absolute_url()).content.decode()
    assert '<p class="story__standfirst">Relations deepen, says the envoy.</p>' in content
    assert "story__summary" not in content and "<blockquote" not in content
    repeated = ArticleFactory(summary=LEAD, text=f"{LEAD}\nMore.")
    assert "story__standfirst" not in client.get(repeated.get_absolute_url()).content.decode()


def test_more_chips_open_in_place_without_script(client):
    story = ArticleFactory()
    for n in range(9):
        MentionFactory(article=story, entity=EntityFactory(name=f"Person {n:02}"))
    content = client.get("/articles/").content.decode()
    more = re.search(r'<li class="chips__more"><details><summary>\+(\d+) more</summary>', content)
    assert more and more.group(1) == "5"
    rest = content[more.end() : content.index("</details>", more.end())]
    assert rest.count('class="chip ') == 5
    assert "<script" not in content


def test_an_entity_page_lists_its_stories_before_its_charts(client):
    entity = EntityFactory()
    for story in ArticleFactory.create_batch(3):
        MentionFactory(article=story, entity=entity)
    content = client.get(entity.get_absolute_url()).content.decode()
    assert content.index('id="stories-heading"') < content.index('id="timeline-heading"')
    assert content.index('class="card"') < content.index('class="chart-panels"')


def test_readers_read_people_and_places_not_entities(client, seeded):
    for url in ("/", "/articles/", "/entities/", "/entities/azerbaijan/"):
        content = client.get(url).content.decode()
        visible = re.sub(r"<[^>]+>", " ", content)
        assert not re.search(r"\bEntities\b", visible), url
