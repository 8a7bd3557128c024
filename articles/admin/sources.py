"""Sources: the wires and outlets stories come from, with how many stories each gave."""

from django.contrib import admin
from django.db import models
from django.db.models import Count

from articles.models import Source


class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "slug", "url", "story_count"]
    search_fields = ["name", "slug", "url"]
    # Explicit because Meta.ordering is not applied to the GROUP BY the count needs.
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(story_count=Count("articles", distinct=True))

    @admin.display(description="stories", ordering="story_count")
    def story_count(self, obj: Source) -> int:
        return obj.story_count
