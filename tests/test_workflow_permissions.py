"""Every role × action × state, through the admin and through the API.

The roles are the groups the migration made (Reporter, Editor), a superuser, an anonymous
visitor and an inactive editor. `allowed` below is the policy written out plainly, apart from
`articles.workflow`, so the test checks the code against the rules rather than against itself.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from taggit.models import Tag

from articles import services
from articles.models import AliasSuggestion, Article, EntityProposal, Mention
from entities.models import Alias, Entity
from tests.factories import ArticleFactory, EntityFactory
from tests.test_admin import article_form_data

pytestmark = pytest.mark.django_db

ROLES = ["reporter", "editor", "superuser", "anonymous", "inactive"]
STATES = list(Article.Status.values)
ACTIONS = ["view", "add", "change", "submit", "publish", "schedule", "archive", "delete"]


def allowed(role: str, action: str, state: str) -> bool:
    """Who may do what to a story in `state`, as the issue and README state it."""
    if role in ("anonymous", "inactive"):
        return False
    if role == "superuser":
        return True
    if role == "editor":
        # A story that was published is archived, never deleted, except by a superuser.
        return not (action == "delete" and state in ("published", "archived"))
    # A Reporter reads everything, writes drafts and moves them between draft and review only.
    if action in ("view", "add"):
        return True
    return action in ("change", "submit") and state in ("draft", "review")


@pytest.fixture(autouse=True)
def fast_passwords_and_no_throttle(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min"},
    }
    cache.clear()


def make_user(role: str) -> User | None:
    if role == "anonymous":
        return None
    if role == "superuser":
        return User.objects.create_superuser("chief", "chief@example.org", "pw")
    user = User.objects.create_user(role, is_staff=True, is_active=role != "inactive")
    user.groups.add(Group.objects.get(name="Reporter" if role == "reporter" else "Editor"))
    return user


def story(state: str) -> Article:
    return ArticleFactory(status=state, title=f"A {state} story about Baku")


def later() -> datetime.datetime:
    return (timezone.now() + datetime.timedelta(hours=3)).replace(microsecond=0)


# The admin


def admin_client(role: str) -> Client:
    client = Client()
    user = make_user(role)
    if user is not None:
        client.force_login(user)
    return client


def admin_url(view: str, *args) -> str:
    return reverse(f"admin:articles_article_{view}", args=args)


def run_action(client: Client, action: str, article: Article, **kwargs):
    return client.post(
        admin_url("changelist"), {"action": action, "_selected_action": [article.pk]}, **kwargs
    )


def admin_attempt(client: Client, action: str, article: Article) -> bool:
    """Try `action` on `article` in the admin; True when it took effect."""
    if action == "view":
        return client.get(admin_url("change", article.pk)).status_code == 200
    if action == "add":
        response = client.post(
            admin_url("add"),
            {**article_form_data(article, title="A new story", slug="", status="draft")},
        )
        return Article.objects.filter(title="A new story").exists() and response.status_code == 302
    if action == "change":
        client.post(admin_url("change", article.pk), article_form_data(article, title="Retitled"))
        after = Article.objects.get(pk=article.pk)
        # A published story's edit is saved as unpublished changes (tests/test_drafts.py).
        return "Retitled" in (after.title, (after.draft or {}).get("title"))
    if action == "schedule":
        when = later()
        data = article_form_data(
            article,
            status="published",
            publish_at_0=timezone.localtime(when).strftime("%Y-%m-%d"),
            publish_at_1=timezone.localtime(when).strftime("%H:%M:%S"),
        )
        client.post(admin_url("change", article.pk), data)
        after = Article.objects.get(pk=article.pk)
        return after.status == "published" and after.publish_at == when
    if action == "delete":
        client.post(admin_url("delete", article.pk), {"post": "yes"})
        return not Article.objects.filter(pk=article.pk).exists()
    target = {"submit": "review", "publish": "published", "archive": "archived"}[action]
    name = {"submit": "submit_for_review", "publish": "publish", "archive": "archive"}[action]
    response = run_action(client, name, article, follow=True)
    after = Article.objects.get(pk=article.pk)
    if article.status == target:  # nothing to move: was the action offered and run at all?
        listed = response.resolver_match.url_name == "articles_article_changelist"
        return listed and "No action selected" not in response.text
    return after.status == target and after.version > article.version


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_admin(role, action, state):
    client = admin_client(role)
    article = story(state)

    done = admin_attempt(client, action, article)

    assert done is allowed(role, action, state)


@pytest.mark.parametrize("role", ROLES)
def test_admin_delete_action_refuses_published_stories_for_all_but_superusers(role):
    client = admin_client(role)
    published, draft = story("published"), story("draft")

    client.post(
        admin_url("changelist"),
        {"action": "delete_stories", "_selected_action": [published.pk, draft.pk], "post": "yes"},
    )

    gone = set(Article.objects.values_list("pk", flat=True)) ^ {published.pk, draft.pk}
    expected = {published.pk, draft.pk} if role == "superuser" else set()
    assert gone == expected


@pytest.mark.parametrize("role", ROLES)
def test_admin_merge_entities(role):
    client = admin_client(role)
    kyrgyzstan = EntityFactory(name="Kyrgyzstan", kind=Entity.Kind.COUNTRY)
    duplicate = EntityFactory(name="Kyrgyz Republic", kind=Entity.Kind.COUNTRY)

    client.post(
        reverse("admin:entities_entity_changelist"),
        {
            "action": "merge",
            "_selected_action": [kyrgyzstan.pk, duplicate.pk],
            "post": "yes",
            "winner": kyrgyzstan.pk,
        },
    )

    merged = not Entity.objects.filter(pk=duplicate.pk).exists()
    assert merged is (role in ("editor", "superuser"))


@pytest.mark.parametrize("role", ROLES)
def test_admin_manage_tags(role):
    client = admin_client(role)
    tag = Tag.objects.create(name="diplomacy", slug="diplomacy")
    unused = Tag.objects.create(name="unused", slug="unused")

    client.post(
        reverse("admin:taggit_tag_change", args=[tag.pk]),
        {"name": "Diplomacy", "slug": "diplomacy"},
    )
    client.post(
        reverse("admin:taggit_tag_changelist"),
        {"action": "delete_unused", "_selected_action": [unused.pk]},
    )

    may = role in ("editor", "superuser")
    assert (Tag.objects.get(pk=tag.pk).name == "Diplomacy") is may
    assert Tag.objects.filter(pk=unused.pk).exists() is not may


def review_allowed(role: str, action: str, state: str) -> bool:
    """The review desk, as the issue states it: a Reporter decides the entities of the stories
    he may change; the knowledge base (proposals, alias suggestions) and making a live story's
    changes live are an Editor's."""
    if role in ("anonymous", "inactive"):
        return False
    if role in ("editor", "superuser"):
        return True
    if action == "confirm":
        return state in ("draft", "review")
    return False  # approve_alias, accept_proposal, publish_changes


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_admin_confirm_suggested_entities(role, state):
    client = admin_client(role)
    article = story(state)
    entity = EntityFactory(name="Baku", kind=Entity.Kind.PLACE)
    mention = Mention.objects.create(article=article, entity=entity, surface_forms=["Baku"])

    client.post(
        admin_url("changelist"),
        {"action": "confirm_suggestions", "_selected_action": [article.pk]},
    )

    mention.refresh_from_db()
    done = mention.status == Mention.Status.CONFIRMED
    assert done is review_allowed(role, "confirm", state)
    assert not Alias.objects.exists()  # confirming never writes the knowledge base


@pytest.mark.parametrize("role", ROLES)
def test_admin_approve_alias_suggestion(role):
    client = admin_client(role)
    entity = EntityFactory(name="Jeyhun Bayramov", kind=Entity.Kind.PERSON)
    suggestion = AliasSuggestion.objects.create(entity=entity, name="Джейхун Байрамов")

    client.post(
        reverse("admin:articles_aliassuggestion_changelist"),
        {"action": "approve", "_selected_action": [suggestion.pk]},
    )

    approved = Alias.objects.filter(entity=entity, name="Джейхун Байрамов").exists()
    assert approved is review_allowed(role, "approve_alias", "any")
    suggestion.refresh_from_db()
    assert (suggestion.status == "approved") is approved


@pytest.mark.parametrize("role", ROLES)
def test_admin_accept_proposal(role):
    client = admin_client(role)
    article = story("draft")
    proposal = EntityProposal.objects.create(
        article=article, name="Batbold Tserendorj", normalized="batbold tserendorj", kind="person"
    )

    client.post(
        reverse("admin:articles_entityproposal_changelist"),
        {"action": "accept", "_selected_action": [proposal.pk]},
    )

    created = Entity.objects.filter(name="Batbold Tserendorj").exists()
    assert created is review_allowed(role, "accept_proposal", "draft")


@pytest.mark.parametrize("role", ROLES)
def test_admin_publish_changes_of_a_live_story(role):
    client = admin_client(role)
    article = story("published")
    services.story_update(
        article=article, changes={"title": "A corrected headline"}, user=None, via="test"
    )
    assert Article.objects.get(pk=article.pk).draft

    client.post(reverse("admin:articles_article_publish_changes", args=[article.pk]))

    live = Article.objects.get(pk=article.pk).title == "A corrected headline"
    assert live is review_allowed(role, "publish_changes", "published")


@pytest.mark.parametrize("role", ROLES)
def test_admin_reporters_see_no_publishing_actions(role):
    client = admin_client(role)
    story("draft")

    response = client.get(admin_url("changelist"))

    if role in ("anonymous", "inactive"):
        assert response.status_code == 302
        return
    actions = {name for name, _ in response.context["action_form"].fields["action"].choices}
    assert ("publish" in actions) is (role != "reporter")
    assert ("archive" in actions) is (role != "reporter")
    assert "submit_for_review" in actions
    assert "delete_selected" not in actions


# The API


def api_client(role: str) -> APIClient:
    client = APIClient()
    user = make_user(role)
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def api_attempt(client: APIClient, action: str, article: Article) -> bool:
    """Try `action` on `article` through the API; True when it took effect."""
    url = f"/api/v1/articles/{article.slug}/"
    if action == "view":
        return client.get(url).status_code == 200
    if action == "add":
        response = client.post(
            "/api/v1/articles/", {"title": "A new story", "body_html": "<p>New.</p>"}, format="json"
        )
        return response.status_code == 201
    if action == "delete":
        return client.delete(url).status_code == 204
    changes = {
        "change": {"title": "Retitled"},
        "submit": {"status": "review"},
        "publish": {"status": "published"},
        "schedule": {"status": "published", "publish_at": later().isoformat()},
        "archive": {"status": "archived"},
    }[action]
    response = client.patch(url, changes, format="json")
    return response.status_code == 200


def api_allowed(role: str, action: str, state: str) -> bool:
    """As `allowed`, except that anonymous callers read published stories too."""
    if role == "anonymous" and action == "view":
        return state == "published"
    return allowed(role, action, state)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_api(role, action, state):
    client = api_client(role)
    article = story(state)
    before = Article.objects.get(pk=article.pk)

    done = api_attempt(client, action, article)

    assert done is api_allowed(role, action, state)
    if not done and action not in ("view", "add"):
        after = Article.objects.filter(pk=article.pk).first()
        assert after is not None and after.version == before.version  # nothing written
