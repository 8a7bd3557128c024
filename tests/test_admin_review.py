"""The review screen of one story, without JavaScript: every decision is a form that posts and
comes back to the next item to decide; who may decide what follows the workflow and the roles.

The stories are real wire files from fixtures/eval, imported over the seed knowledge base.
"""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.importing import import_upload
from articles.models import Article, EntityProposal, Mention
from entities.models import Entity
from tests.factories import ArticleFactory, EntityFactory, MentionFactory, staff_member

pytestmark = pytest.mark.django_db

EVAL = Path(__file__).resolve().parent.parent / "fixtures" / "eval" / "stories" / "en"
# "Kyrgyz FM due in Azerbaijan": four suggestions (Turkic Council, Azerbaijan, Kyrgyzstan,
# Baku) and one new person, Chingiz Aidarbekov.
KYRGYZ_FM = "trend-2020-02-05-kyrgyz-fm-due-in-azerbaijan.txt"
# A phone call: Azerbaijan, Kyrgyzstan, Baku, and two new people (Aydarbekov, Mammadyarov).
PHONE_CALL = "azertac-2020-04-27-azerbaijani-kyrgyz-fms-discuss-cooperation-over-phone.txt"


def imported(name: str) -> Article:
    data = (EVAL / name).read_bytes()
    result = import_upload(upload=SimpleUploadedFile(name, data, content_type="text/plain"))
    assert result.status == "imported", result.error
    return result.article


def review_url(article: Article) -> str:
    return reverse("admin:articles_article_review", args=[article.pk])


def mention_of(article: Article, name: str) -> Mention:
    return article.mentions.get(entity__name=name)


def proposal_of(article: Article, name: str) -> EntityProposal:
    return article.proposals.get(name=name)


def decide(client, article: Article, item: str, action: str, **extra):
    return client.post(review_url(article), {"item": item, "action": action, **extra})


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


@pytest.fixture
def story(seeded) -> Article:
    return imported(KYRGYZ_FM)


@pytest.fixture
def staff() -> dict[str, Client]:
    """A logged-in client per role, in the groups the migration made."""
    clients = {}
    for role in ("Reporter", "Editor"):
        user = staff_member(role.lower(), role, password=None)
        client = Client()
        client.force_login(user)
        clients[role] = client
    return clients


# The screen


def test_the_screen_shows_the_text_with_every_mention_and_proposal_highlighted(staff, story):
    page = staff["Editor"].get(review_url(story))
    html = page.content.decode()
    assert page.status_code == 200
    azerbaijan = mention_of(story, "Azerbaijan")
    proposal = proposal_of(story, "Chingiz Aidarbekov")
    # Each highlight is a link to its item, classed by the entity's kind and its status.
    assert html.count(f'href="#m-{azerbaijan.pk}"') == len(azerbaijan.spans)
    assert (
        f'class="review-mark kind-country status-suggested" data-item="m-{azerbaijan.pk}"' in html
    )
    assert f'class="review-mark kind-person status-pending" data-item="p-{proposal.pk}"' in html
    assert f'id="m-{azerbaijan.pk}"' in html and f'id="p-{proposal.pk}"' in html
    # Spellings read as words, not as JSON in a text box.
    assert "<q>Cooperation Council of Turkic Speaking States</q>, <q>Turkic Council</q>" in html
    assert '["' not in html and "<textarea" not in html
    # Proposals are decided on the same screen, with the rest's confirm-all.
    assert "Accept as new" in html and "Map to an existing entity" in html
    assert "Confirm all 4 remaining suggestions" in html
    assert "newsroom/admin-review.js" in html


def test_items_follow_the_order_of_the_text(staff, story):
    html = staff["Editor"].get(review_url(story)).content.decode()
    order = re.findall(r'<li id="([mp]-\d+)" class="review-item', html)
    first_position = {f"m-{m.pk}": min(s[0] for s in m.spans) for m in story.mentions.all()} | {
        f"p-{p.pk}": min(s[0] for s in p.spans) for p in story.proposals.all()
    }
    assert order == sorted(first_position, key=first_position.get)


def test_the_story_list_and_the_change_form_link_the_screen(staff, story):
    editor = staff["Editor"]
    assert (
        review_url(story)
        in editor.get(reverse("admin:articles_article_changelist")).content.decode()
    )
    change = editor.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert f'href="{review_url(story)}" class="review-link"' in change


def test_names_in_the_text_and_the_items_are_escaped(staff):
    text = "Talks with <b>Evil</b> & co. in Baku."
    article = ArticleFactory(status=Article.Status.DRAFT, text=text, body=f"<p>{text}</p>")
    entity = EntityFactory(name="<script>x()</script>", kind=Entity.Kind.ORGANIZATION)
    MentionFactory(article=article, entity=entity, spans=[[11, 22]], surface_forms=["<b>Evil</b>"])
    html = staff["Editor"].get(review_url(article)).content.decode()
    assert "<script>x()" not in html and "<b>Evil</b>" not in html
    assert "&lt;b&gt;Evil&lt;/b&gt;" in html and "&lt;script&gt;x()&lt;/script&gt;" in html


def test_the_screens_query_count_does_not_grow_with_its_mentions(
    staff, django_assert_max_num_queries
):
    editor = staff["Editor"]

    def story_with(mentions: int) -> Article:
        words = [f"Name{i}" for i in range(mentions)]
        text = " and ".join(words) + " met."
        article = ArticleFactory(status=Article.Status.DRAFT, text=text, body=f"<p>{text}</p>")
        position = 0
        for word in words:
            MentionFactory(
                article=article,
                entity=EntityFactory(name=word),
                status=Mention.Status.SUGGESTED,
                spans=[[position, position + len(word)]],
                surface_forms=[word],
            )
            position += len(word) + len(" and ")
        EntityProposal.objects.create(
            article=article,
            name=f"New Person {mentions}",
            normalized=f"new person {mentions}",
            kind="person",
            spans=[[0, 5]],
            surface_forms=[words[0]],
            count=1,
        )
        return article

    small, large = story_with(2), story_with(30)
    editor.get(review_url(small))  # the session and permissions, once

    def queries(article: Article) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert editor.get(review_url(article)).status_code == 200
        return len(captured)

    assert queries(small) == queries(large) <= 10


# Mentions without JavaScript


def test_confirming_comes_back_to_the_next_item_to_decide(staff, story):
    html = staff["Editor"].get(review_url(story)).content.decode()
    order = re.findall(r'<li id="([mp]-\d+)" class="review-item', html)
    first = order[0]
    assert first.startswith("m-")
    response = decide(staff["Editor"], story, first, "confirm")
    assert response.status_code == 302
    assert response["Location"] == f"{review_url(story)}#{order[1]}"
    assert Mention.objects.get(pk=first[2:]).status == Mention.Status.CONFIRMED
    story.refresh_from_db()
    page = staff["Editor"].get(response["Location"])
    assert "Confirmed: " in page.content.decode()


def test_rejecting_a_mention_keeps_it_off_the_site(staff, story):
    baku = mention_of(story, "Baku")
    decide(staff["Editor"], story, f"m-{baku.pk}", "reject")
    baku.refresh_from_db()
    assert baku.status == Mention.Status.REJECTED
    html = staff["Editor"].get(review_url(story)).content.decode()
    assert f'status-rejected" data-item="m-{baku.pk}"' in html


def test_changing_the_entity_without_javascript_searches_then_offers_buttons(staff, story):
    editor = staff["Editor"]
    baku = mention_of(story, "Baku")
    azerbaijan = Entity.objects.get(name="Azerbaijan")
    page = editor.get(review_url(story), {"find": f"m-{baku.pk}", "q": "azerbai"})
    html = page.content.decode()
    assert "Use Azerbaijan (Country)" in html
    assert f'name="entity" value="{azerbaijan.pk}"' in html
    nothing = editor.get(review_url(story), {"find": f"m-{baku.pk}", "q": "zzzz"}).content
    assert "No entity matches “zzzz”." in nothing.decode()

    response = decide(editor, story, f"m-{baku.pk}", "set_entity", entity=azerbaijan.pk)
    assert response.status_code == 302
    # The story already mentioned Azerbaijan: one confirmed mention of it is left.
    mention = story.mentions.get(entity=azerbaijan)
    assert mention.status == Mention.Status.CONFIRMED
    assert not story.mentions.filter(entity__name="Baku").exists()


def test_the_autocomplete_answers_entities_as_json(staff, story):
    url = reverse("admin:articles_article_review_entities", args=[story.pk])
    answer = staff["Reporter"].get(url, {"q": "kyrgyz"}).json()
    names = [row["name"] for row in answer["results"]]
    assert names[0] == "Kyrgyzstan"
    assert {"id", "name", "kind", "kind_label"} <= set(answer["results"][0])
    assert staff["Reporter"].get(url, {"q": ""}).json() == {"results": []}


def test_confirm_all_decides_this_storys_suggestions_only(staff, story, seeded):
    other = imported(PHONE_CALL)
    rejected = mention_of(story, "Baku")
    decide(staff["Editor"], story, f"m-{rejected.pk}", "reject")
    response = staff["Editor"].post(review_url(story), {"action": "confirm_all"})
    assert response.status_code == 302
    statuses = dict(story.mentions.values_list("entity__name", "status"))
    assert statuses.pop("Baku") == Mention.Status.REJECTED
    assert set(statuses.values()) == {Mention.Status.CONFIRMED}
    assert set(other.mentions.values_list("status", flat=True)) == {Mention.Status.SUGGESTED}
    # Proposals are decided one by one: confirm-all leaves them pending.
    assert story.proposals.get().status == EntityProposal.Status.PENDING
    assert "3 suggestions confirmed." in messages_of(response)[-1]


# Proposals without JavaScript


def test_accepting_a_proposal_under_a_corrected_name(staff, story):
    proposal = proposal_of(story, "Chingiz Aidarbekov")
    response = decide(
        staff["Editor"], story, f"p-{proposal.pk}", "accept", name="Chingiz  Aydarbekov"
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == EntityProposal.Status.ACCEPTED
    assert proposal.entity.name == "Chingiz Aydarbekov"
    assert story.mentions.get(entity=proposal.entity).status == Mention.Status.CONFIRMED
    assert not proposal.entity.aliases.filter(name="Chingiz Aidarbekov").exists()


def test_mapping_a_proposal_to_an_existing_entity(staff, story, seeded):
    other = imported(PHONE_CALL)
    first = proposal_of(other, "Chingiz Aydarbekov")
    decide(staff["Editor"], other, f"p-{first.pk}", "accept")
    person = Entity.objects.get(name="Chingiz Aydarbekov")

    proposal = proposal_of(story, "Chingiz Aidarbekov")
    html = staff["Editor"].get(review_url(story), {"find": f"p-{proposal.pk}", "q": "aydarb"})
    assert "Use Chingiz Aydarbekov (Person)" in html.content.decode()
    decide(staff["Editor"], story, f"p-{proposal.pk}", "map", entity=person.pk)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.entity) == (EntityProposal.Status.ACCEPTED, person)
    mention = story.mentions.get(entity=person)
    assert mention.status == Mention.Status.CONFIRMED
    assert mention.spans == proposal.spans


def test_rejecting_a_proposal(staff, story):
    proposal = proposal_of(story, "Chingiz Aidarbekov")
    decide(staff["Editor"], story, f"p-{proposal.pk}", "reject")
    proposal.refresh_from_db()
    assert proposal.status == EntityProposal.Status.REJECTED
    assert not Entity.objects.filter(name="Chingiz Aidarbekov").exists()


def test_a_gone_item_or_entity_is_reported_not_a_server_error(staff, story):
    response = decide(staff["Editor"], story, "m-999999", "confirm")
    assert response.status_code == 302
    assert "could not be made" in messages_of(response)[-1]
    baku = mention_of(story, "Baku")
    response = decide(staff["Editor"], story, f"m-{baku.pk}", "set_entity", entity="x")
    assert "could not be made" in messages_of(response)[-1]


# Publishing from the screen


def test_an_editor_publishes_and_a_reporter_submits_from_the_screen(staff, story, seeded):
    response = staff["Reporter"].post(review_url(story), {"action": "status", "status": "review"})
    assert response["Location"].endswith("#review-done")
    story.refresh_from_db()
    assert story.status == Article.Status.REVIEW
    staff["Reporter"].post(review_url(story), {"action": "status", "status": "published"})
    story.refresh_from_db()
    assert story.status == Article.Status.REVIEW
    staff["Editor"].post(review_url(story), {"action": "status", "status": "published"})
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED


# Who may


def test_a_reporter_decides_mentions_in_a_draft_but_not_proposals(staff, story):
    reporter = staff["Reporter"]
    html = reporter.get(review_url(story)).content.decode()
    assert "review-confirm" in html
    assert "Accept as new" not in html
    assert "An editor decides whether this becomes a new entity." in html
    baku = mention_of(story, "Baku")
    decide(reporter, story, f"m-{baku.pk}", "confirm")
    baku.refresh_from_db()
    assert baku.status == Mention.Status.CONFIRMED

    proposal = proposal_of(story, "Chingiz Aidarbekov")
    for action in ("accept", "reject"):
        response = decide(reporter, story, f"p-{proposal.pk}", action)
        assert response.status_code == 302
        assert "Only an editor" in messages_of(response)[-1]
    proposal.refresh_from_db()
    assert proposal.status == EntityProposal.Status.PENDING
    assert not Entity.objects.filter(name="Chingiz Aidarbekov").exists()


def test_a_reporter_reads_but_may_not_decide_on_a_published_story(staff, story):
    story.mentions.update(status=Mention.Status.SUGGESTED)
    Article.objects.filter(pk=story.pk).update(status=Article.Status.PUBLISHED)
    reporter = staff["Reporter"]
    page = reporter.get(review_url(story))
    html = page.content.decode()
    assert page.status_code == 200
    assert "review-confirm" not in html and "confirm_all" not in html
    assert "You may read this review but not change it" in html
    baku = mention_of(story, "Baku")
    assert decide(reporter, story, f"m-{baku.pk}", "confirm").status_code == 403
    assert reporter.post(review_url(story), {"action": "confirm_all"}).status_code == 403
    baku.refresh_from_db()
    assert baku.status == Mention.Status.SUGGESTED
    # The Editor may.
    decide(staff["Editor"], story, f"m-{baku.pk}", "confirm")
    baku.refresh_from_db()
    assert baku.status == Mention.Status.CONFIRMED


def test_strangers_are_kept_out(client, story, django_user_model):
    assert client.get(review_url(story)).status_code == 302  # to the login page
    assert client.post(review_url(story), {"action": "confirm_all"}).status_code == 302
    clerk = django_user_model.objects.create_user("clerk", is_staff=True)
    client.force_login(clerk)
    assert client.get(review_url(story)).status_code == 403
    assert client.post(review_url(story), {"action": "confirm_all"}).status_code == 403
    entities = reverse("admin:articles_article_review_entities", args=[story.pk])
    assert client.get(entities, {"q": "baku"}).status_code == 403
    assert set(story.mentions.values_list("status", flat=True)) == {Mention.Status.SUGGESTED}


def test_a_decision_needs_the_csrf_token(story, staff):
    editor = Client(enforce_csrf_checks=True)
    editor.force_login(User.objects.get(username="editor"))
    assert editor.post(review_url(story), {"action": "confirm_all"}).status_code == 403
    assert set(story.mentions.values_list("status", flat=True)) == {Mention.Status.SUGGESTED}


def test_a_missing_story_is_a_404(staff):
    assert (
        staff["Editor"].get(reverse("admin:articles_article_review", args=[999999])).status_code
        == 404
    )


def test_a_new_spelling_is_only_suggested_as_an_alias_for_an_editor(staff):
    text = "Джейхун Байрамов прибыл в Бишкек."
    article = ArticleFactory(
        status=Article.Status.DRAFT, language="ru", text=text, body=f"<p>{text}</p>"
    )
    person = EntityFactory(name="Jeyhun Bayramov")
    mention = MentionFactory(
        article=article,
        entity=person,
        status=Mention.Status.SUGGESTED,
        spans=[[0, 16]],
        surface_forms=["Джейхун Байрамов"],
    )
    response = decide(staff["Reporter"], article, f"m-{mention.pk}", "confirm")
    assert messages_of(response)[-1] == (
        "Confirmed: Jeyhun Bayramov. 1 new spelling is suggested as an alias, for an editor "
        "to approve."
    )
    assert not person.aliases.exists()


def test_overlapping_highlights_keep_the_longest_from_the_same_start(staff):
    text = "The Turkic Council met."
    article = ArticleFactory(status=Article.Status.DRAFT, text=text, body=f"<p>{text}</p>")
    council = MentionFactory(
        article=article,
        entity=EntityFactory(name="Turkic Council", kind=Entity.Kind.ORGANIZATION),
        spans=[[4, 18]],
    )
    MentionFactory(
        article=article,
        entity=EntityFactory(name="Turkic", kind=Entity.Kind.COUNTRY),
        spans=[[4, 10]],
    )
    html = staff["Editor"].get(review_url(article)).content.decode()
    assert html.count('<a href="#m-') == 1
    assert f'data-item="m-{council.pk}">Turkic Council<span' in html
