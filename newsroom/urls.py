"""Root URLs: the admin and the public site (routed in `articles.urls`). No domain logic here."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]
