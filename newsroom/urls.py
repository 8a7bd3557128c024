"""Root URLs: the admin, the public site (`articles.urls`), crawlers' files. No domain logic."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from articles import sitemaps

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("newsroom.api")),
    path("robots.txt", sitemaps.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap-section"),
]

# The public site in every language of settings.LANGUAGES: English at the addresses it always
# had, Russian under /ru/ (docs/i18n.md). The admin, the API and crawlers' files have no prefix.
urlpatterns += i18n_patterns(path("", include("articles.urls")), prefix_default_language=False)

# JSON under /api/, the website's pages elsewhere.
handler400 = "newsroom.api.bad_request"
handler403 = "newsroom.api.permission_denied"
handler404 = "newsroom.api.not_found"
handler500 = "newsroom.api.server_error"
