from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Stories"

    def ready(self) -> None:
        # The SQLite search index is derived data: every save (loaddata's raw ones included)
        # and delete of a story updates it. PostgreSQL uses a trigger instead.
        from articles import search

        article = self.get_model("Article")
        post_save.connect(search.article_saved, sender=article, dispatch_uid="search-index-save")
        post_delete.connect(search.article_deleted, sender=article, dispatch_uid="search-delete")
