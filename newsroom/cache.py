"""Whole-response caching for anonymous readers, invalidated by any write to the content.

Readers and integrators ask for the same pages all day; editors change them a few times an
hour. So anonymous GET responses (pages, feeds, API reads) are kept in the default cache (Redis
when `REDIS_URL` is set) under the content's current *generation*, and every committed write
to a content table, whichever code path makes it (ORM saves, `QuerySet.update()`, bulk
inserts, management commands in other processes), starts a new generation. Nothing is
invalidated key by key, so nothing can be forgotten; a stale page is never served, only
recomputed once. Scheduled stories go live without any write: the generation also ends at the
next scheduled publish time.

The page cache is on by default only with a shared cache (`REDIS_URL`): with a per-process
cache, one worker could not end another's generation. `NEWSROOM_PAGE_CACHE=0|1` overrides.
Requests with credentials (a session cookie, an `Authorization` header) always bypass it, and
responses that set cookies, use a CSRF token or are marked private are never stored.
"""

import hashlib
import uuid
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

STATE_KEY = "page-cache:state"
PAGE_KEY = "page-cache:page:{}"
WRITES = ("INSERT", "UPDATE", "DELETE")
MAX_STORED_BYTES = 2_000_000

# What decides when the current generation must end on its own (a scheduled publish time);
# set by the app that owns the content (articles.apps), as this package holds no domain rules.
next_scheduled_change: Callable[[], datetime | None] = lambda: None  # noqa: E731


def enabled() -> bool:
    return bool(getattr(settings, "NEWSROOM_PAGE_CACHE", False))


def end_generation() -> None:
    """Every page stored so far is ignored from now on; the next reader starts a generation.

    One cache call, so a writer pays almost nothing (an import of 10,000 stories: 10,000
    deletes); the reader that finds no generation asks when the next story goes live.
    """
    cache.delete(STATE_KEY)


def current_state(found: dict) -> dict:
    state = found.get(STATE_KEY)
    if state is None or (
        state["until"] is not None and timezone.now().timestamp() >= state["until"]
    ):
        until = next_scheduled_change()
        state = {"generation": uuid.uuid4().hex, "until": until.timestamp() if until else None}
        cache.set(STATE_KEY, state, timeout=None)
    return state


# Writes


def _content_write(sql: str) -> bool:
    if sql[:6] not in WRITES:
        return False
    head = sql[:80]
    return any(f'"{prefix}' in head for prefix in settings.NEWSROOM_PAGE_CACHE_TABLES)


def _write_watcher(alias: str):
    def watch(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if enabled() and isinstance(sql, str) and _content_write(sql):
            content_changed(alias)
        return result

    return watch


def content_changed(using: str = DEFAULT_DB_ALIAS) -> None:
    """End the generation once the current transaction commits (at once outside one).

    Once per transaction, however many rows it writes: an import of a story and its thirty
    mentions ends the generation once. After the commit, not before, so no reader can store
    what it read before the change under a generation that outlives it.
    """
    connection = connections[using]
    if not connection.in_atomic_block:
        end_generation()
    elif not any(entry[1] is end_generation for entry in connection.run_on_commit):
        connection.on_commit(end_generation)


def watch_writes(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: every new connection reports its content writes."""
    if not any(getattr(w, "_page_cache", False) for w in connection.execute_wrappers):
        watcher = _write_watcher(connection.alias)
        watcher._page_cache = True
        connection.execute_wrappers.append(watcher)


# Reads


def _credentials(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return (
        "HTTP_AUTHORIZATION" in request.META
        or settings.SESSION_COOKIE_NAME in cookies
        or "messages" in cookies
    )


def _page_key(request: HttpRequest) -> str:
    raw = "\n".join(
        (
            request.get_host(),
            request.get_full_path(),
            request.META.get("HTTP_ACCEPT", ""),
            "https" if request.is_secure() else "http",
        )
    )
    return PAGE_KEY.format(hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest())


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in cache_control
        and "no-store" not in cache_control
        and len(response.content) <= MAX_STORED_BYTES
    )


class PageCacheMiddleware:
    """Serves anonymous GETs from the cache (see the module docstring) and sets
    `Cache-Control`: public with `NEWSROOM_HTTP_MAX_AGE` for anonymous readers, private for
    callers with credentials. `X-Cache` says hit or miss."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.excluded = tuple(settings.NEWSROOM_PAGE_CACHE_EXCLUDE)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or request.path.startswith(self.excluded):
            return self.get_response(request)
        if _credentials(request):
            response = self.get_response(request)
            patch_cache_control(response, private=True)
            return response
        if not enabled() or request.method == "HEAD":  # HEAD: GET's headers, never stored
            return self._public(self.get_response(request))
        key = _page_key(request)
        found = cache.get_many([STATE_KEY, key])
        state = current_state(found)
        stored = found.get(key)
        if stored is not None and stored["generation"] == state["generation"]:
            response = HttpResponse(stored["content"], status=stored["status"])
            for header, value in stored["headers"]:
                response[header] = value
            response["X-Cache"] = "hit"
            return response
        response = self._public(self.get_response(request))
        if _storable(request, response):
            headers = [(h, v) for h, v in response.items() if h.lower() != "x-cache"]
            entry = {
                "generation": state["generation"],
                "status": response.status_code,
                "headers": headers,
                "content": response.content,
            }
            cache.set(key, entry, timeout=settings.NEWSROOM_PAGE_CACHE_SECONDS)
        response["X-Cache"] = "miss"
        return response

    @staticmethod
    def _public(response: HttpResponse) -> HttpResponse:
        if response.status_code == 200 and not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, max_age=settings.NEWSROOM_HTTP_MAX_AGE)
        return response
