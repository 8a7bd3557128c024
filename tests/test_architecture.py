"""The layout's one-way rules (docs/ARCHITECTURE.md), read from the source's imports.

A rule broken here is a design decision to make in the open, not an import to slip in: the
knowledge base knows nothing of stories, parsing touches no database, reads never write, the
write path never reaches back into the views that call it, and no module grows past 600 lines.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("articles", "entities", "newsroom")
MAX_LINES = 600


def modules(package: str) -> list[Path]:
    return sorted(path for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts)


def imported(path: Path) -> set[str]:
    """Every module `path` imports, at any level (functions included)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        # The knowledge base is used by stories, never the other way round.
        ("entities", ("articles",)),
        # Parsing is pure: bytes in, a ParsedDocument out.
        ("articles/ingest", ("django.db", "articles.models", "entities.models")),
        ("entities/linking", ("django.db", "articles")),
        # The workflow's rules are pure functions; applying them is the services'.
        ("articles/workflow.py", ("django.db", "articles.services", "articles.audit")),
        # The write path never reaches back into what calls it.
        (
            "articles/services",
            (
                "articles.admin",
                "articles.api",
                "articles.views",
                "articles.forms",
                "rest_framework",
            ),
        ),
        # Reads never write.
        ("articles/reads", ("articles.services", "articles.linking", "articles.importing")),
        ("articles/search", ("articles.services", "articles.admin", "articles.api")),
        ("articles/selectors.py", ("articles.services",)),
    ],
)
def test_imports_go_one_way(package, forbidden):
    target = ROOT / package
    paths = [target] if target.is_file() else modules(package)
    found = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in paths
        for name in sorted(imported(path))
        if name.startswith(forbidden)
    ]
    assert not found, "\n".join(found)


def test_only_the_service_layer_and_maintenance_save_stories():
    """`Article(...).save()` and `article.delete()` belong to `articles.services`."""
    allowed = {"services", "migrations", "linking.py"}  # linking.py defines link_article
    found = [
        f"{path.relative_to(ROOT)}: {needle}"
        for path in modules("articles")
        if not allowed & set(path.relative_to(ROOT).parts)
        for needle in ("article.save(", "article.delete(", "link_article(")
        if needle in path.read_text()
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("package", PACKAGES)
def test_no_module_is_longer_than_600_lines(package):
    long = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for path in modules(package)
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    ]
    assert not long, "\n".join(long)
