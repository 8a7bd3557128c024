from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Stories"

    def ready(self) -> None:
        # The SQLite search index is derived data: every save (loaddata's raw ones included)
        # and delete of a story updates it. PostgreSQL uses a trigger instead. Importing
        # articles.checks registers the database check for the raw triggers and indexes.
        from articles import checks, search  # noqa: F401

        article = self.get_model("Article")
        post_save.connect(search.article_saved, sender=article, dispatch_uid="search-index-save")
        post_delete.connect(search.article_deleted, sender=article, dispatch_uid="search-delete")

        # Cached pages (newsroom.cache) end with any write to the content, and when the next
        # scheduled story goes live.
        from articles.scheduling import next_go_live
        from newsroom import cache

        cache.next_scheduled_change = next_go_live
        connection_created.connect(cache.watch_writes, dispatch_uid="page-cache-writes")
