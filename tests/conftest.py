"""Shared fixtures: the curated seed stories as real data."""

import pytest
from django.core.management import call_command


@pytest.fixture
def seeded(db):
    """The five curated seed stories and their entities, loaded from fixtures/seed.json."""
    call_command("loaddata", "seed", verbosity=0)


def _restore_roles(sender, **kwargs) -> None:
    if sender.name == "articles":  # the last app: every permission exists by now
        from articles.roles import sync_roles

        sync_roles()


@pytest.fixture(autouse=True, scope="session")
def roles_survive_flushes():
    """A transactional test ends with a flush, which empties the Reporter and Editor groups
    migration 0007 made; the flush then sends post_migrate, and the groups are made again, so
    a later test in the same worker still finds them (whatever order xdist gives the files)."""
    from django.db.models.signals import post_migrate

    post_migrate.connect(_restore_roles, dispatch_uid="tests-restore-roles")
    yield
    post_migrate.disconnect(dispatch_uid="tests-restore-roles")


@pytest.fixture(autouse=True)
def fresh_linker():
    """Each test links against its own database's knowledge base, never a cached one."""
    from entities.gazetteer import forget_linker

    forget_linker()
    yield
    forget_linker()


@pytest.fixture(autouse=True)
def unthrottled(settings):
    """API rate limits high enough that no test is throttled by accident; the throttling tests
    set their own tiny rates on top. Counters live in the cache, cleared for each test."""
    from django.core.cache import cache

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min"},
    }
    cache.clear()


@pytest.fixture
def api():
    """An anonymous REST API client."""
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Each test starts in English: a request to a /ru/ page leaves Russian active in the
    thread (LocaleMiddleware activates each request's language and never resets it), which
    would make the next test's `reverse()` and `get_absolute_url()` answer /ru/ addresses."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")
