"""The story preview: any status, as readers will see it."""

from django.shortcuts import get_object_or_404

from articles.models import Article
from articles.views import ArticleDetailView


class ArticlePreviewView(ArticleDetailView):
    """A story of any status as readers will see it: the public template, confirmed mentions
    only, never indexed, never cached."""

    template_name = "admin/articles/article/preview.html"

    def get_queryset(self):
        return Article.objects.with_cards().with_tags()

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
