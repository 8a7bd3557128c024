"""Root URLs: the public site, the admin, and (later) the API. No domain logic here."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("entities/", include("entities.urls")),
    path("", include("articles.urls")),
]
