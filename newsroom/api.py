"""The REST API's router, root and URLs, served under /api/v1/ (see docs/ARCHITECTURE.md).

Unknown paths under the API, and server errors, answer JSON rather than the website's HTML pages.
"""

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
