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
