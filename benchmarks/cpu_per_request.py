"""CPU time per request, in one process, on the benchmark corpus.

`make bench` measures throughput with wrk against gunicorn: the honest figure, but on a 2-core
machine it moves by tens of percent whenever anything else runs. This script measures what a
code change alters, the process's CPU time per request through `django.test.Client` (no HTTP,
no server), which other processes barely disturb. Run it on two checkouts in turn, each on its
own copy of the corpus, to compare them:

    DATABASE_URL=sqlite:///.bench/corpus-100000-20000-1.sqlite3 \
        .venv/bin/python benchmarks/cpu_per_request.py
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    "DJANGO_DEBUG": "0",
    "DJANGO_LOG_LEVEL": "WARNING",
    "DJANGO_ALLOWED_HOSTS": "testserver",
    "NEWSROOM_API_ANON_RATE": "off",
    "NEWSROOM_API_USER_RATE": "off",
    "NEWSROOM_PAGE_CACHE": "0",
}
# How many times each workload's paths are requested (heavier pages fewer times).
ROUNDS = {
    "api-detail": 3,
    "api-list-rare": 5,
    "api-list-popular": 60,
    "page-articles": 15,
    "page-story": 3,
    "fts-en": 20,
}


def workloads(connection) -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT slug FROM articles_article WHERE status = 'published' "
            "AND publish_at IS NULL ORDER BY id LIMIT 100"
        )
        slugs = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT e.slug FROM entities_entity e JOIN articles_mention m ON m.entity_id = e.id "
            "WHERE m.status = 'confirmed' AND m.article_status = 'published' GROUP BY e.id, "
            "e.slug HAVING COUNT(*) BETWEEN 3 AND 8 ORDER BY e.id LIMIT 30"
        )
        rare = [row[0] for row in cursor.fetchall()]
    return {
        "api-detail": [f"/api/v1/articles/{slug}/" for slug in slugs],
        "api-list-rare": [f"/api/v1/articles/?entity={slug}&page_size=50" for slug in rare],
        "api-list-popular": ["/api/v1/articles/?entity=azerbaijan&page_size=50"],
        "page-articles": ["/articles/", "/articles/?page=2", "/articles/?page=10"],
        "page-story": [f"/articles/{slug}/" for slug in slugs[:30]],
        "fts-en": [
            "/api/v1/articles/?q=cooperation&page_size=20",
            "/api/v1/articles/?q=parliament&page_size=20",
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="a workload (repeatable)")
    args = parser.parse_args()
    os.environ.update(SERVER_ENV)
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client()
    figures = {}
    for name, paths in workloads(connection).items():
        if args.only and name not in args.only:
            continue
        for path in paths[:3]:  # warm: the linker, prepared queries, templates
            response = client.get(path)
            if response.status_code != 200:
                sys.exit(f"{path} answered {response.status_code}")
        count, start = 0, time.process_time()
        for _ in range(ROUNDS[name]):
            for path in paths:
                client.get(path)
                count += 1
        figures[name] = round((time.process_time() - start) / count * 1000, 3)
    sys.stdout.write(json.dumps(figures) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
