"""New-entity proposals: names the linker found that the knowledge base does not hold yet,
waiting for an Editor (`articles.services.review`).

A model of the `articles` app, in its own module; `articles.models` imports it.
"""

from django.db import models
from django.db.models import Q

from entities.models import Entity


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class EntityProposal(models.Model):
    """A person, organization or event the linker met in a story but the knowledge base lacks.

    Kept apart from `Entity` so nothing unreviewed reaches readers or the linker; an editor
    accepts it (creating the entity) or rejects it (never proposed again for that story).
    """

    Status = ProposalStatus

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="proposals"
    )
    name = models.CharField(max_length=200, help_text="Proposed canonical (nominative) name.")
    normalized = models.CharField(max_length=200, editable=False)
    kind = models.CharField(max_length=16, choices=Entity.Kind.choices)
    surface_forms = models.JSONField(default=list, blank=True)
    spans = models.JSONField(default=list, blank=True)
    count = models.PositiveIntegerField(default=0)
    confidence = models.FloatField(default=0.5)
    status = models.CharField(
        max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["status", "normalized"]
        constraints = [
            models.UniqueConstraint(fields=["article", "normalized"], name="proposal_unique"),
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values), name="proposal_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "normalized"], name="proposal_queue")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()}) in {self.article}"
