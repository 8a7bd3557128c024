"""The admin home's queue of what needs an editor, and the story list's work-first order.

The queue (articles.admin.queue) shows each person what they may act on, oldest first, with
counts, for the same number of queries whatever it holds; the story list opens on the stories
that need work (in review, then drafts with decisions waiting, then other drafts, dated or not)
before the newest.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.admin.queue import QUEUE_LENGTH, review_queue
from articles.audit import record_event
from articles.models import Article, AuditAction, EntityProposal, Mention
from tests.factories import ArticleFactory, EntityFactory, MentionFactory, staff_member

pytestmark = pytest.mark.django_db

HOME = reverse("admin:index")
STORIES = reverse("admin:articles_article_changelist")
DRAFT, REVIEW, PUBLISHED, ARCHIVED = (
    Article.Status.DRAFT,
    Article.Status.REVIEW,
    Article.Status.PUBLISHED,
    Article.Status.ARCHIVED,
)


def staff(role: str) -> User:
    return staff_member(role.lower(), role, password=None)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


def suggest(article: Article, *, count: int = 1, since: datetime.datetime | None = None) -> None:
    """`count` suggested mentions of `article`, waiting since `since`."""
    for _ in range(count):
        mention = MentionFactory(article=article, status=Mention.Status.SUGGESTED)
        if since:
            Mention.objects.filter(pk=mention.pk).update(created=since)


def propose(article: Article, name: str, *, since: datetime.datetime | None = None) -> None:
    proposal = EntityProposal.objects.create(
        article=article, name=name, normalized=name.lower(), kind="person"
    )
    if since:
        EntityProposal.objects.filter(pk=proposal.pk).update(created=since)


def submitted(article: Article, *, since: datetime.datetime, user=None) -> Article:
    """`article` in review, submitted at `since` (as the audit log records it)."""
    Article.objects.filter(pk=article.pk).update(status=REVIEW)
    event = record_event(action=AuditAction.SUBMIT, obj=article, user=user, via="admin")
    event.created = since
    event.save(update_fields=["created"])
    article.refresh_from_db()
    return article


def scheduled(title: str, *, in_hours: int) -> Article:
    return ArticleFactory(
        title=title,
        status=PUBLISHED,
        publish_at=timezone.now() + datetime.timedelta(hours=in_hours),
    )


def queue_of(user: User) -> dict:
    """The queue `user` gets: {section: (count, [titles of its first stories])}."""
    return {s.key: (s.count, [a.title for a in s.stories]) for s in review_queue(user)}


def rendered_section(page, key: str) -> str:
    """One section's HTML on the admin home ("" when the page has none)."""
    text = page.content.decode()
    start = text.find(f'id="queue-{key}"')
    if start < 0:
        return ""
    end = text.find('class="module review-queue-section"', start)
    return text[start : end if end > 0 else text.find("app-list", start)]


@pytest.fixture
def desk(seeded):
    """The seed stories (published, nothing waiting) and a morning's queue on top of them."""
    old_draft = ArticleFactory(title="Old draft with suggestions", status=DRAFT, published=None)
    suggest(old_draft, count=3, since=ago(days=3))
    propose(old_draft, "Sadyr Japarov", since=ago(days=1))
    new_draft = ArticleFactory(title="New draft with suggestions", status=DRAFT)
    suggest(new_draft, since=ago(hours=2))
    proposals_only = ArticleFactory(title="Draft with a proposal only", status=DRAFT)
    propose(proposals_only, "Akylbek Japarov", since=ago(days=5))
    live_with_suggestion = ArticleFactory(title="Live story with a suggestion")
    suggest(live_with_suggestion, since=ago(days=2))
    reviewed_long = submitted(
        ArticleFactory(title="Long in review", status=DRAFT), since=ago(days=4)
    )
    reviewed_now = submitted(ArticleFactory(title="Just submitted", status=DRAFT), since=ago())
    suggest(reviewed_now, count=2, since=ago(hours=1))
    scheduled("Goes live tomorrow", in_hours=20)
    scheduled("Goes live in an hour", in_hours=1)
    ArticleFactory(title="Quiet draft", status=DRAFT, published=None)
    archived = ArticleFactory(title="Archived with a suggestion", status=ARCHIVED)
    suggest(archived, since=ago(days=9))
    return {"reviewed_long": reviewed_long, "reviewed_now": reviewed_now}


# The queue on the admin home


def test_an_editor_sees_every_kind_of_waiting_story_oldest_first_with_counts(desk):
    editor = staff("Editor")

    page = client_for(editor).get(HOME)

    assert page.status_code == 200
    assert queue_of(editor) == {
        "suggestions": (
            5,
            [
                "Draft with a proposal only",  # its proposal has waited 5 days
                "Old draft with suggestions",  # 3 days (its proposal, 1 day)
                "Live story with a suggestion",  # 2 days
                "New draft with suggestions",  # 2 hours
                "Just submitted",  # 1 hour
            ],
        ),
        "review": (2, ["Long in review", "Just submitted"]),
        "scheduled": (2, ["Goes live in an hour", "Goes live tomorrow"]),
    }
    suggestions = rendered_section(page, "suggestions")
    assert 'Suggestions to review <span class="review-queue-count">(5)</span>' in suggestions
    positions = [suggestions.index(t) for t in queue_of(editor)["suggestions"][1]]
    assert positions == sorted(positions)
    assert "Archived with a suggestion" not in page.text
    assert 'In review <span class="review-queue-count">(2)</span>' in page.text
    assert 'Scheduled <span class="review-queue-count">(2)</span>' in page.text


def test_the_queue_names_each_storys_suggestions_and_proposals(desk):
    editor = staff("Editor")
    page = client_for(editor).get(HOME)

    suggestions = review_queue(editor)[0].stories
    old_draft = next(s for s in suggestions if s.title == "Old draft with suggestions")
    assert (old_draft.suggested, old_draft.proposed) == (3, 1)
    assert old_draft.waiting == "3\xa0days"
    rendered = rendered_section(page, "suggestions")
    assert "3 suggested" in rendered and "1 new entity" in rendered
    assert "Waiting for an editor" in page.text
    assert page.text.count('class="module review-queue-section"') == 3
    # The home page's list of models stays below the queue.
    assert reverse("admin:entities_entity_changelist") in page.text


def test_a_reporter_sees_what_he_may_act_on_and_no_schedule(desk):
    """A Reporter decides mentions on drafts and stories in review (any reporter's: the desk
    shares its drafts), not proposals, live stories or schedules."""
    reporter = staff("Reporter")

    response = client_for(reporter).get(HOME)

    assert queue_of(reporter) == {
        "suggestions": (
            3,
            ["Old draft with suggestions", "New draft with suggestions", "Just submitted"],
        ),
        "review": (2, ["Long in review", "Just submitted"]),
    }
    assert rendered_section(response, "suggestions") and rendered_section(response, "review")
    assert not rendered_section(response, "scheduled")
    assert "new entit" not in response.text


def test_who_may_change_no_story_gets_no_queue(desk):
    viewer = User.objects.create_user("reader", is_staff=True)
    viewer.user_permissions.add(
        *Group.objects.get(name="Reporter").permissions.filter(codename__startswith="view_")
    )

    response = client_for(viewer).get(HOME)

    assert response.status_code == 200
    assert review_queue(viewer) == []
    assert "Waiting for an editor" not in response.text
    assert reverse("admin:articles_article_changelist") in response.text
    assert review_queue(User.objects.create_user("inactive", is_staff=True, is_active=False)) == []


def test_each_section_links_to_the_story_list_showing_all_of_it(desk):
    for role in ("Editor", "Reporter"):
        user = staff(role)
        client = client_for(user)
        for section in review_queue(user):
            assert section.see_all_url.replace("&", "&amp;") in client.get(HOME).text
            listed = client.get(section.see_all_url)
            assert listed.context["cl"].result_count == section.count, (role, section.key)


def test_a_long_queue_shows_its_oldest_and_a_link_to_all(seeded):
    for day in range(QUEUE_LENGTH + 3):
        story = ArticleFactory(title=f"Waiting {day:02d} days", status=DRAFT)
        suggest(story, since=ago(days=day + 1))

    editor = staff("Editor")
    page = client_for(editor).get(HOME)

    count, titles = queue_of(editor)["suggestions"]
    assert count == QUEUE_LENGTH + 3
    assert titles[0] == f"Waiting {QUEUE_LENGTH + 2:02d} days" and len(titles) == QUEUE_LENGTH
    assert f"See all {QUEUE_LENGTH + 3} in the story list" in page.text


def test_a_queued_story_links_to_its_review_screen(desk):
    page = client_for(staff("Editor")).get(HOME)

    url = reverse("admin:articles_article_review", args=[desk["reviewed_long"].pk])
    assert f'href="{url}"' in page.text


def test_a_story_waits_in_review_since_it_was_last_submitted(desk):
    editor = staff("Editor")
    story = desk["reviewed_long"]
    services.story_transition(article=story, status=DRAFT, user=editor, via="admin")
    story.refresh_from_db()
    services.story_transition(article=story, status=REVIEW, user=editor, via="admin")

    assert queue_of(editor)["review"] == (2, ["Just submitted", "Long in review"])


def test_the_home_page_costs_the_same_queries_however_long_the_queue(seeded):
    editor = staff("Editor")
    client = client_for(editor)

    def make_queue(n: int) -> None:
        for i in range(n):
            draft = ArticleFactory(status=DRAFT, title=f"Draft {n}-{i}")
            suggest(draft, count=2)
            propose(draft, f"Person {n}-{i}")
            submitted(ArticleFactory(status=DRAFT), since=ago(minutes=i))
            scheduled(f"Later {n}-{i}", in_hours=i + 1)

    make_queue(1)
    client.get(HOME)  # warm the content-type cache
    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    make_queue(QUEUE_LENGTH + 5)
    with CaptureQueriesContext(connection) as many:
        response = client.get(HOME)

    assert len(many) == len(few)
    assert 'Scheduled <span class="review-queue-count">(16)</span>' in response.text


# The story list


def test_the_story_list_opens_on_the_stories_that_need_work(seeded):
    ArticleFactory(title="Newest live", published=datetime.date(2026, 1, 2))
    ArticleFactory(title="Dated draft", status=DRAFT)
    ArticleFactory(title="Undated draft", status=DRAFT, published=None)
    suggest(ArticleFactory(title="Draft waiting", status=DRAFT, published=None))
    ArticleFactory(title="In review", status=REVIEW, published=datetime.date(2019, 1, 1))
    ArticleFactory(title="Old live", published=datetime.date(2001, 1, 1))

    response = client_for(staff("Editor")).get(STORIES)

    titles = [a.title for a in response.context["cl"].result_list]
    work = ["In review", "Draft waiting", "Dated draft", "Undated draft"]
    assert titles[:5] == [*work, "Newest live"]
    # Then the newest first; an undated published story (a seed story) after the oldest.
    undated_seed = "Azerbaijan and OTS discuss expanding economic cooperation"
    assert titles[-2:] == ["Old live", undated_seed]


def test_the_story_lists_columns_still_sort(seeded):
    suggest(ArticleFactory(title="AAA first by headline"), count=2)
    client = client_for(staff("Editor"))
    list_display = client.get(STORIES).context["cl"].list_display

    # Column numbers count the action checkbox first.
    by_title = client.get(STORIES, {"o": str(list_display.index("title"))})
    by_pending = client.get(STORIES, {"o": f"-{list_display.index('entity_counts')}"})

    titles = [a.title for a in by_title.context["cl"].result_list]
    assert titles == sorted(titles)
    assert by_pending.context["cl"].result_list[0].title == "AAA first by headline"


def test_the_entities_column_counts_confirmed_suggested_and_proposed(seeded):
    story = ArticleFactory(title="Counted story", status=DRAFT)
    for _ in range(2):
        MentionFactory(article=story, entity=EntityFactory())
    suggest(story, count=3)
    propose(story, "Nurlan Nogoyev")

    response = client_for(staff("Editor")).get(STORIES)

    row = response.context["cl"].result_list.get(pk=story.pk)
    assert (row.confirmed_count, row.suggested_count, row.proposed_count) == (2, 3, 1)
    assert "2 confirmed" in response.text
    review = reverse("admin:articles_article_review", args=[story.pk])
    link = f'<a href="{review}" class="to-review review-link" title="Review entities">'
    assert f"2 confirmed<br>{link}3 suggested</a><br>{link}1 new entity</a>" in response.text


def test_the_pending_filter_offers_the_reporters_decisions_alone(seeded):
    mentions = ArticleFactory(title="Suggested mention", status=DRAFT)
    suggest(mentions)
    propose(ArticleFactory(title="Proposal alone", status=DRAFT), "Kamchybek Tashiev")
    client = client_for(staff("Editor"))

    def listed(value: str) -> set[str]:
        page = client.get(STORIES, {"pending": value})
        return {a.title for a in page.context["cl"].result_list}

    assert listed("yes") == {"Suggested mention", "Proposal alone"}
    assert listed("mentions") == {"Suggested mention"}


def test_an_empty_section_says_so(seeded):
    page = client_for(staff("Editor")).get(HOME)

    assert queue_of(User.objects.get(username="editor")) == {
        "suggestions": (0, []),
        "review": (0, []),
        "scheduled": (0, []),
    }
    assert "No suggestion is waiting for a decision." in page.text
    assert "No story is waiting for review." in page.text
    assert "No story is scheduled." in page.text
    assert "<table>" not in rendered_section(page, "review")
