"""List filters for the story list: by mentioned entity, by decisions waiting, by what readers
see now."""

from django.contrib import admin
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.admin.queue import waiting_suggestions
from articles.models import Article, Mention, live_q


class MentionedEntityListFilter(admin.SimpleListFilter):
    """Stories mentioning an entity (any status of mention): the most mentioned are offered,
    and any entity's slug works in the address (`?entity=baku`)."""

    title = "entity"
    parameter_name = "entity"
    offered = 15

    def lookups(self, request, model_admin):
        from entities.models import Entity as KnownEntity

        top = (
            KnownEntity.objects.annotate(stories=Count("mentions"))
            .filter(stories__gt=0)
            .order_by("-stories", "name")[: self.offered]
        )
        chosen = self.value()
        choices = [(e.slug, e.name) for e in top]
        if chosen and chosen not in {slug for slug, _ in choices}:
            entity = KnownEntity.objects.filter(slug=chosen).first()
            if entity:
                choices.append((entity.slug, entity.name))
        return choices

    def queryset(self, request, queryset):
        if self.value():
            mentions = Mention.objects.filter(article=OuterRef("pk"), entity__slug=self.value())
            return queryset.filter(Exists(mentions))
        return queryset


class PendingListFilter(admin.SimpleListFilter):
    """Stories with decisions waiting: suggested mentions or pending entity proposals; or the
    suggested mentions alone, the decisions a Reporter makes (the admin home's queue links
    here)."""

    title = _("pending suggestions")
    parameter_name = "pending"

    def lookups(self, request, model_admin):
        return [
            ("yes", _("Waiting for a decision")),
            ("mentions", _("Suggested entities waiting")),
            ("no", _("None waiting")),
        ]

    def queryset(self, request, queryset):
        pending = waiting_suggestions(with_proposals=True)
        if self.value() == "yes":
            return queryset.filter(pending)
        if self.value() == "mentions":
            return queryset.filter(waiting_suggestions(with_proposals=False))
        if self.value() == "no":
            return queryset.exclude(pending)
        return queryset


class LiveListFilter(admin.SimpleListFilter):
    """What readers see now: live, scheduled for later, or not public."""

    title = "on the site"
    parameter_name = "live"

    def lookups(self, request, model_admin):
        return [("live", "Live now"), ("scheduled", "Scheduled"), ("hidden", "Not public")]

    def queryset(self, request, queryset):
        now = timezone.now()
        scheduled = Q(status=Article.Status.PUBLISHED, publish_at__gt=now)
        if self.value() == "live":
            return queryset.filter(live_q())
        if self.value() == "scheduled":
            return queryset.filter(scheduled)
        if self.value() == "hidden":
            return queryset.exclude(live_q())
        return queryset
