"""The story preview: any status, as readers will see it."""

from django.shortcuts import get_object_or_404

from articles import drafts
from articles.html import html_to_text
from articles.models import Article
from articles.views import ArticleDetailView


class ArticlePreviewView(ArticleDetailView):
    """A story of any status as readers will see it: the public template, confirmed mentions
    only, never indexed, never cached."""

    template_name = "admin/articles/article/preview.html"

    def get_queryset(self):
        return Article.objects.with_cards().with_tags()

    def get_object(self, queryset=None):
        article = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if self.request.GET.get("draft") and article.draft is not None:
            # The unpublished changes, in memory: what readers will see once they are live.
            drafts.apply(article, article.draft)
            article.text, article.body_seal = html_to_text(article.body), None
            article.showing_draft = True
        return article

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
