"""Alias suggestions: spellings waiting for an Editor (`articles.services.review`).

A model of the `articles` app, in its own module; `articles.models` imports it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from entities.models import Entity, normalize_name


class AliasSuggestionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class AliasSuggestion(models.Model):
    """A new spelling of an entity's name met in a confirmed mention, waiting for an Editor.

    Kept apart from `Alias` so nothing unreviewed reaches readers or the linker: the linker and
    the public pages read `Alias` only. Word forms, role phrases and parts of names are never
    suggested (`entities.linking.aliases`). An approved suggestion made `alias`; a rejected one
    stays, so the same spelling is not suggested again for that entity.
    """

    Status = AliasSuggestionStatus

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="alias_suggestions")
    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, editable=False)
    language = models.CharField(max_length=8, blank=True)
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alias_suggestions",
        help_text="The story the spelling was first confirmed in.",
    )
    status = models.CharField(
        max_length=16,
        choices=AliasSuggestionStatus.choices,
        default=AliasSuggestionStatus.PENDING,
    )
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    alias = models.ForeignKey(
        "entities.Alias", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["status", "-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "normalized"], name="alias_suggestion_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AliasSuggestionStatus.values),
                name="alias_suggestion_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created"], name="alias_suggestion_queue")]

    def __str__(self) -> str:
        return f"{self.name} for {self.entity}"

    def save(self, *args, **kwargs) -> None:
        # Kept in step with `name`, as an alias's is, so one spelling is suggested once.
        self.normalized = normalize_name(self.name)[:200]
        super().save(*args, **kwargs)
