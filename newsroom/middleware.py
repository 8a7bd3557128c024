"""Request plumbing for running in public: the client's address behind a proxy, the
Content-Security-Policy with nonces that caches never replay, and a 503 instead of a traceback
while the database is unreachable (see docs/DEPLOYMENT.md).
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers, cc_delim_re, patch_cache_control

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
OUTAGE_DETAIL = "The service is briefly unavailable. Please try again in a moment."


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, for login limits: the connection's own, or, behind
    `NEWSROOM_TRUSTED_PROXIES` proxies, the X-Forwarded-For entry the outermost of them added.

    Entries further left were written by the client and prove nothing; DRF's throttles read the
    header the same way (`NUM_PROXIES`)."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.NEWSROOM_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if proxies <= 0 or not hops:
        return remote
    return hops[-min(proxies, len(hops))]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware; a response whose page used the request's nonce is never stored.

    A nonce must be new on every response: a page cache or a proxy replaying a stored page
    would hand the same nonce to everyone, and an injected script could carry it."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        nonce_used = isinstance(getattr(request, "_csp_nonce", None), str)
        response = super().process_response(request, response)
        if nonce_used:
            patch_cache_control(response, private=True, no_store=True)
        return response


def _driver_errors() -> tuple[type[BaseException], ...]:
    """Django's connection errors and the drivers' own: Django wraps what goes through its
    cursors (prepared reads on the driver's cursor too, `newsroom.prepared`), but code that
    talks to a driver directly would raise the driver's class."""
    errors: list[type[BaseException]] = [OperationalError, InterfaceError]
    for alias in settings.DATABASES:
        driver = connections[alias].Database
        errors += [driver.OperationalError, driver.InterfaceError]
    return tuple(errors)


def is_database_outage(exc: BaseException | None) -> bool:
    """Whether an exception says the database cannot be reached or the connection broke
    (not a bad query or a constraint, which are the application's own errors)."""
    return exc is not None and isinstance(exc, _driver_errors())


def discard_connections() -> None:
    """Close this thread's database connections, so the next request opens a new one.

    Django does this itself when a request ends (`close_old_connections`), but only for errors
    that went through its cursor wrapper, and not under the test client; closing here makes
    recovery immediate whatever raised."""
    for conn in connections.all(initialized_only=True):
        if conn.connection is not None and not conn.in_atomic_block:
            with contextlib.suppress(DatabaseError, *_driver_errors()):
                conn.close()


def outage_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: the API's JSON error shape under /api/, else a static page rendered
    without the request (context processors could query the database)."""
    if request.path.startswith(API_PREFIX):
        response: HttpResponse = JsonResponse({"detail": OUTAGE_DETAIL}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(settings.NEWSROOM_OUTAGE_RETRY_AFTER)
    add_never_cache_headers(response)
    return response


class DatabaseOutageMiddleware:
    """Answers 503 (never a traceback) while the database is unreachable, and drops the broken
    connection so the site recovers by itself on the next request.

    A view's error arrives through `process_exception`. An error in another middleware (the
    session, the user, the login limits) has already been turned into a 500 by Django before we
    see the response, so the `got_request_exception` signal marks the request, and the 500 is
    replaced on its way out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        got_request_exception.connect(
            _note_outage, weak=False, dispatch_uid="newsroom-database-outage"
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        exc = getattr(request, "_database_outage", None)
        if exc is not None and response.status_code >= 500:
            return self._outage(request, exc)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_database_outage(exception):
            return self._outage(request, exception)
        return None

    @staticmethod
    def _outage(request: HttpRequest, exc: BaseException) -> HttpResponse:
        logger.error("Database unavailable, 503 for %s: %s", request.path, exc)
        discard_connections()
        return outage_response(request)


def _note_outage(sender, request: HttpRequest | None = None, **kwargs) -> None:
    exc = sys.exception()
    if request is not None and is_database_outage(exc):
        request._database_outage = exc


class AddressLanguageMiddleware(LocaleMiddleware):
    """Django's `LocaleMiddleware`, without its `Vary: Accept-Language` on unprefixed pages.

    With `i18n_patterns(prefix_default_language=False)` an unprefixed address is always the
    default language (docs/i18n.md): the header would claim a variation that never happens
    and split every shared cache's copy of an English page by the readers' browser settings.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        had_vary = response.has_header("Vary")
        before = response.get("Vary", "")
        response = super().process_response(request, response)
        if response.get("Vary", "") != before:
            kept = [
                v for v in cc_delim_re.split(response["Vary"]) if v.lower() != "accept-language"
            ]
            if kept:
                response["Vary"] = ", ".join(kept)
            elif not had_vary:
                del response["Vary"]
        return response
