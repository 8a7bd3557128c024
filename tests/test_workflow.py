"""The editorial workflow: the transition rules, the roles, first publication, scheduling and the
commands that set up accounts and record scheduled stories going live."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from django.utils import timezone

from articles import workflow
from articles.models import Article, AuditEvent
from articles.roles import ROLE_PERMISSIONS
from tests.factories import ArticleFactory

DRAFT, REVIEW, PUBLISHED, ARCHIVED = Article.Status.values
NOW = datetime.datetime(2025, 3, 1, 9, 0, tzinfo=datetime.UTC)


# The rules, without a database


@pytest.mark.parametrize(
    ("current", "new", "allowed"),
    [
        (None, DRAFT, True),
        (None, REVIEW, True),
        (None, PUBLISHED, False),
        (DRAFT, REVIEW, True),
        (REVIEW, DRAFT, True),
        (DRAFT, PUBLISHED, False),
        (REVIEW, PUBLISHED, False),
        (REVIEW, ARCHIVED, False),
        (PUBLISHED, REVIEW, False),
        (PUBLISHED, PUBLISHED, False),  # even a plain edit of a published story
        (ARCHIVED, DRAFT, False),
    ],
)
def test_a_reporter_moves_stories_between_draft_and_review_only(current, new, allowed):
    errors = workflow.transition_errors(current_status=current, new_status=new, may_publish=False)

    assert (errors == {}) is allowed
    assert set(errors) <= {"status"}


@pytest.mark.parametrize("current", [None, DRAFT, REVIEW, PUBLISHED, ARCHIVED])
@pytest.mark.parametrize("new", [DRAFT, REVIEW, PUBLISHED, ARCHIVED])
def test_an_editor_makes_every_move(current, new):
    assert (
        workflow.transition_errors(
            current_status=current, new_status=new, publish_at_changed=True, may_publish=True
        )
        == {}
    )


def test_only_an_editor_schedules():
    errors = workflow.transition_errors(
        current_status=DRAFT, new_status=None, publish_at_changed=True, may_publish=False
    )

    assert errors == {"publish_at": ["Scheduling a story needs the publish permission."]}


def test_allowed_statuses_offer_each_role_its_moves():
    assert workflow.allowed_statuses(current=DRAFT, may_publish=False) == [DRAFT, REVIEW]
    assert workflow.allowed_statuses(current=PUBLISHED, may_publish=False) == [PUBLISHED]
    assert workflow.allowed_statuses(current=ARCHIVED, may_publish=True) == [
        DRAFT,
        REVIEW,
        PUBLISHED,
        ARCHIVED,
    ]


@pytest.mark.parametrize(
    ("before", "before_at", "after", "after_at", "action"),
    [
        (DRAFT, None, REVIEW, None, "submit"),
        (REVIEW, None, DRAFT, None, "return"),
        (REVIEW, None, PUBLISHED, None, "publish"),
        (REVIEW, None, PUBLISHED, NOW + datetime.timedelta(hours=2), "schedule"),
        (PUBLISHED, None, PUBLISHED, NOW + datetime.timedelta(hours=2), "schedule"),
        (PUBLISHED, NOW + datetime.timedelta(hours=2), PUBLISHED, None, "publish"),
        (PUBLISHED, None, ARCHIVED, None, "archive"),
        (PUBLISHED, None, REVIEW, None, "unpublish"),
        (ARCHIVED, None, PUBLISHED, None, "publish"),
    ],
)
def test_each_move_names_its_audit_event(before, before_at, after, after_at, action):
    events = workflow.transition_events(
        before_status=before,
        before_publish_at=before_at,
        after_status=after,
        after_publish_at=after_at,
        now=NOW,
    )

    assert [name for name, _ in events] == [action]


def test_an_edit_that_keeps_the_state_makes_no_event():
    assert (
        workflow.transition_events(
            before_status=PUBLISHED,
            before_publish_at=None,
            after_status=PUBLISHED,
            after_publish_at=None,
            now=NOW,
        )
        == []
    )


def test_a_scheduled_event_says_when_in_the_sites_time_zone(settings):
    settings.TIME_ZONE = "Asia/Baku"
    (event,) = workflow.transition_events(
        before_status=REVIEW,
        before_publish_at=None,
        after_status=PUBLISHED,
        after_publish_at=NOW + datetime.timedelta(hours=2),
        now=NOW,
    )

    assert event[1] == "review → published; goes live 2025-03-01 15:00 +04"


# Roles


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Reporter", "Editor"])
def test_the_migration_makes_each_role_with_exactly_its_permissions(role):
    group = Group.objects.get(name=role)

    granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}

    assert granted == set(ROLE_PERMISSIONS[role])


@pytest.mark.django_db
def test_an_editor_may_do_all_a_reporter_may_and_publish():
    reporter, editor = set(ROLE_PERMISSIONS["Reporter"]), set(ROLE_PERMISSIONS["Editor"])

    assert reporter < editor
    assert "articles.publish_article" in editor - reporter
    assert "articles.publish_article" not in reporter


@pytest.mark.django_db
def test_create_staff_user_makes_an_editor_who_can_log_in(monkeypatch, client):
    monkeypatch.setenv("NEWSROOM_STAFF_PASSWORD", "long enough desk password 7")
    out = StringIO()

    call_command("create_staff_user", "aynur", "--role", "editor", "--noinput", stdout=out)

    user = User.objects.get(username="aynur")
    assert out.getvalue() == "Created aynur as Editor.\n"
    assert user.is_staff and not user.is_superuser
    assert user.has_perm("articles.publish_article")
    # django-axes checks every login against its limits, and needs the request to do so.
    assert client.login(
        request=HttpRequest(), username="aynur", password="long enough desk password 7"
    )


@pytest.mark.django_db
def test_create_staff_user_moves_an_account_to_another_role(monkeypatch):
    monkeypatch.delenv("NEWSROOM_STAFF_PASSWORD", raising=False)
    call_command(
        "create_staff_user",
        "temir",
        "--role",
        "editor",
        "--noinput",
        "--no-password",
        stdout=StringIO(),
    )
    out = StringIO()

    call_command("create_staff_user", "temir", "--role", "reporter", "--noinput", stdout=out)

    user = User.objects.get(username="temir")
    assert [g.name for g in user.groups.all()] == ["Reporter"]
    assert not user.has_perm("articles.publish_article")
    assert "no password yet" in out.getvalue()


@pytest.mark.django_db
def test_create_staff_user_makes_the_roles_again_after_a_flush(monkeypatch):
    monkeypatch.delenv("NEWSROOM_STAFF_PASSWORD", raising=False)
    Group.objects.all().delete()

    call_command(
        "create_staff_user",
        "nurlan",
        "--role",
        "reporter",
        "--noinput",
        "--no-password",
        stdout=StringIO(),
    )

    assert User.objects.get(username="nurlan").has_perm("articles.change_article")
    for role, permissions in ROLE_PERMISSIONS.items():
        granted = Group.objects.get(name=role).permissions.all()
        assert {f"{p.content_type.app_label}.{p.codename}" for p in granted} == set(permissions)


@pytest.mark.django_db
def test_create_staff_user_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("NEWSROOM_STAFF_PASSWORD", "123")

    with pytest.raises(CommandError, match="too short"):
        call_command(
            "create_staff_user", "weak", "--role", "editor", "--noinput", stdout=StringIO()
        )
    assert not User.objects.filter(username="weak").exists()


@pytest.mark.django_db
def test_create_staff_user_needs_the_role_named(monkeypatch):
    monkeypatch.setenv("NEWSROOM_STAFF_PASSWORD", "long enough desk password 7")

    with pytest.raises(CommandError, match="--role"):
        call_command("create_staff_user", "norole", "--noinput", stdout=StringIO())
    assert not User.objects.filter(username="norole").exists()


@pytest.mark.django_db
def test_create_staff_user_refuses_a_new_account_without_a_password_unless_asked(monkeypatch):
    monkeypatch.delenv("NEWSROOM_STAFF_PASSWORD", raising=False)

    with pytest.raises(CommandError, match="--no-password"):
        call_command("create_staff_user", "nopass", "--role", "reporter", "--noinput")
    assert not User.objects.filter(username="nopass").exists()

    out = StringIO()
    call_command(
        "create_staff_user",
        "nopass",
        "--role",
        "reporter",
        "--noinput",
        "--no-password",
        stdout=out,
    )
    assert not User.objects.get(username="nopass").has_usable_password()
    assert "no password yet" in out.getvalue()


@pytest.mark.django_db
def test_create_staff_user_no_password_and_a_password_contradict(monkeypatch):
    monkeypatch.setenv("NEWSROOM_STAFF_PASSWORD", "long enough desk password 7")

    with pytest.raises(CommandError, match="contradict"):
        call_command("create_staff_user", "both", "--role", "editor", "--noinput", "--no-password")
    assert not User.objects.filter(username="both").exists()


# First publication and the slug


@pytest.mark.django_db
def test_publishing_records_when_on_every_write_path():
    article = ArticleFactory(status=DRAFT)
    assert article.first_published_at is None

    article.status = PUBLISHED
    article.save()

    assert article.first_published_at is not None
    assert article.slug_is_fixed


@pytest.mark.django_db
def test_a_story_taken_back_to_review_keeps_its_first_publication():
    article = ArticleFactory(status=PUBLISHED)
    first = article.first_published_at

    article.status = REVIEW
    article.save()
    article.status = PUBLISHED
    article.save()

    assert article.first_published_at == first
    assert article.slug_is_fixed


# Scheduling


@pytest.mark.django_db
def test_a_scheduled_story_goes_live_at_its_time_with_no_command(seeded):
    article = ArticleFactory(
        status=PUBLISHED, publish_at=timezone.now() + datetime.timedelta(hours=1)
    )
    assert not Article.objects.published().filter(pk=article.pk).exists()

    Article.objects.filter(pk=article.pk).update(
        publish_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    assert Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.django_db
def test_publish_scheduled_records_stories_that_went_live_once():
    later = timezone.now() + datetime.timedelta(hours=1)
    due = ArticleFactory(status=PUBLISHED, publish_at=later)
    waiting = ArticleFactory(status=PUBLISHED, publish_at=later + datetime.timedelta(days=1))
    # Time passes: the story was scheduled two hours ago and its time came a minute ago.
    Article.objects.filter(pk=due.pk).update(
        updated=timezone.now() - datetime.timedelta(hours=2),
        publish_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    before = Article.objects.get(pk=due.pk)
    out = StringIO()

    call_command("publish_scheduled", stdout=out)
    call_command("publish_scheduled", stdout=StringIO())

    after = Article.objects.get(pk=due.pk)
    assert out.getvalue() == f"live {due.slug}\n1 scheduled story went live.\n"
    assert after.version == before.version + 1
    assert after.updated >= after.publish_at
    assert Article.objects.get(pk=waiting.pk).version == waiting.version
    assert list(AuditEvent.objects.values_list("action", "object_id")) == [("live", str(due.pk))]
