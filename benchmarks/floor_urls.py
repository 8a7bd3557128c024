"""URLs of the framework-floor benchmark (`floor_settings`): the site's, plus two constants."""

from django.http import HttpResponse
from django.urls import include, path
from rest_framework.response import Response
from rest_framework.views import APIView

from articles.models import Source

FLOOR_BODY = b'{"floor":true}'


def django_floor(request):
    return HttpResponse(FLOOR_BODY, content_type="application/json")


class DRFFloor(APIView):
    """The API's default authentication, permission (it needs a queryset, never evaluated),
    throttling, negotiation and rendering, around nothing."""

    queryset = Source.objects.none()

    def get(self, request):
        return Response({"floor": True})


urlpatterns = [
    path("_floor/django/", django_floor),
    path("_floor/drf/", DRFFloor.as_view()),
    path("", include("newsroom.urls")),
]
