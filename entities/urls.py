"""URLs of the knowledge base on its own.

Empty for now: its public pages (the directory with story counts, an entity's timeline) are made
of stories and so are routed in `articles.urls`, which may depend on entities but not vice versa.
"""

urlpatterns: list = []
