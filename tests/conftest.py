"""Shared fixtures: the curated seed stories as real data."""

import pytest
from django.core.management import call_command


@pytest.fixture
def seeded(db):
    """The five curated seed stories and their entities, loaded from fixtures/seed.json."""
    call_command("loaddata", "seed", verbosity=0)


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
