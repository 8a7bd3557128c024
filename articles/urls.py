"""Public pages built from stories (an entity page is the timeline of its stories).

The entity directory is routed here too: it shows each entity's count of published stories,
which only `articles` may compute.
"""

from django.urls import path

from articles import feeds, views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/", views.ArticleListView.as_view(), name="article-list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("entities/", views.EntityListWithStoryCountsView.as_view(), name="entity-list"),
    path("entities/<slug:slug>/", views.EntityDetailView.as_view(), name="entity-detail"),
    path("feeds/articles/", feeds.LatestStoriesFeed(), name="article-feed"),
    path("feeds/articles/atom/", feeds.LatestStoriesAtomFeed(), name="article-feed-atom"),
    path("entities/<slug:slug>/feed/", feeds.EntityStoriesFeed(), name="entity-feed"),
    path("entities/<slug:slug>/feed/atom/", feeds.EntityStoriesAtomFeed(), name="entity-feed-atom"),
]
