"""The REST API's router, root and URLs, served under /api/v1/ (see docs/ARCHITECTURE.md).

Unknown paths under the API, what Django refuses before a view (400, 403) and server errors
answer JSON rather than the website's HTML pages.
"""

from django.conf import settings
from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path, re_path
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular import renderers
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import routers
from rest_framework.response import Response
from rest_framework.reverse import reverse

from articles.api.views import ArticleViewSet, EntityWithStoriesViewSet, SourceViewSet

app_name = "api"
API_PREFIX = "/api/"


class APIRootView(routers.APIRootView):
    """Newsroom API: stories, the entities they mention, and their sources."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        links = dict(response.data)
        links["schema"] = reverse("api:schema", request=request)
        links["docs"] = reverse("api:docs", request=request)
        return Response(links)


class Router(routers.DefaultRouter):
    APIRootView = APIRootView
    include_format_suffixes = False


router = Router()
router.register("articles", ArticleViewSet, basename="article")
router.register("entities", EntityWithStoriesViewSet, basename="entity")
router.register("sources", SourceViewSet, basename="source")


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema: JSON unless YAML is asked for (`?format=yaml` or `Accept`)."""

    renderer_classes = [
        renderers.OpenApiJsonRenderer,
        renderers.OpenApiJsonRenderer2,
        renderers.OpenApiYamlRenderer,
        renderers.OpenApiYamlRenderer2,
    ]


@csrf_exempt  # it changes nothing, and must answer a stray POST with JSON, not a CSRF page
def not_found_json(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse({"detail": "Not found."}, status=404)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 404 handler: JSON under /api/, the website's page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return not_found_json(request, exception)
    return defaults.page_not_found(request, exception)


def _bad_request_body(request: HttpRequest, exception: Exception | None) -> dict:
    """What Django refused before any view ran, keyed by the part of the request at fault."""
    if isinstance(exception, DisallowedHost):
        return {"Host": ["This host is not served here."]}
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return {"body": [f"The body is larger than {limit} bytes."]}
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        part = "query" if request.method in ("GET", "HEAD", "OPTIONS", "DELETE") else "body"
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return {part: [f"Send at most {limit} parameters."]}
    return {"detail": "Bad request."}


@csrf_exempt
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 400 handler, for what Django refuses before the view (a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE, too many parameters, a host not in ALLOWED_HOSTS): JSON naming
    the part at fault under /api/, the website's page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse(_bad_request_body(request, exception), status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 403 handler: JSON under /api/, the website's page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": str(exception) or "Forbidden."}, status=403)
    return defaults.permission_denied(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler: JSON under /api/, the website's page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Server error."}, status=500)
    return defaults.server_error(request)


urlpatterns = [
    *router.urls,
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    # Anything else under the API is a JSON 404, even with DEBUG on. Only paths ending in a
    # slash, so CommonMiddleware still redirects /api/v1/articles to /api/v1/articles/.
    re_path(r"^.*/$", not_found_json),
]
