"""The REST API's story side: filters, serializers, write rules and views (routed in newsroom.api).

Everything an endpoint shows about stories, including an entity's stories and counts, is built
here from `Article.objects.published()` and `Mention.objects.public()`.
"""
