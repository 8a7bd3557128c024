"""The knowledge base: entities, their names in every script, and people's roles.

This app knows nothing of articles; `articles` depends on it, never the other way round.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from newsroom.paths import slug_path
from newsroom.text import control_character_errors, unique_slug


def normalize_name(name: str) -> str:
    """The lookup form of a name: NFKC, case-folded, ё as е, one space between words."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("ё", "е")
    return " ".join(text.split())


class EntityKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANIZATION = "organization", _("Organization")
    COUNTRY = "country", _("Country")
    PLACE = "place", _("Place")
    EVENT = "event", _("Event")


class EntityQuerySet(models.QuerySet):
    def search(self, query: str) -> "EntityQuerySet":
        """Match the canonical name or any alias, in any script and case."""
        needle = normalize_name(query)
        if not needle:
            return self
        alias_match = Alias.objects.filter(
            entity=models.OuterRef("pk"), normalized__contains=needle
        )
        return self.filter(Q(name__icontains=query.strip()) | Q(models.Exists(alias_match)))


class Entity(models.Model):
    Kind = EntityKind

    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(max_length=200, help_text="Canonical English (Latin-script) name.")
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    description = models.TextField(blank=True)
    wikidata_id = models.CharField(
        "Wikidata ID",
        max_length=16,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9][0-9]*$", "A Wikidata ID looks like Q227.")],
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = EntityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EntityKind.values), name="entity_kind_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "name"], name="entity_kind_name"),
            # A search looks entities up by LOWER(name) (articles.search).
            models.Index(Lower("name"), name="entity_lower_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Entity, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_path("entity-detail", self.slug)

    def public_aliases(self) -> list["Alias"]:
        """The names readers are shown ("Also known as", the API): other scripts, former names,
        acronyms; never a demonym or a word form a story used (the alias policy,
        docs/editorial-workflow.md). Reads `aliases.all()`, so a prefetch serves it."""
        from entities.linking.aliases import word_forms

        aliases = [a for a in self.aliases.all() if a.kind != AliasKind.DEMONYM]
        hidden = word_forms(
            kind=self.kind,
            canonical=self.name,
            aliases=[(a.pk, a.name, a.kind, a.language) for a in aliases],
        )
        return [a for a in aliases if a.pk not in hidden]

    def clean(self) -> None:
        if errors := control_character_errors({"name": self.name}):
            raise ValidationError(errors)

    @property
    def wikidata_url(self) -> str:
        return f"https://www.wikidata.org/wiki/{self.wikidata_id}" if self.wikidata_id else ""


class AliasKind(models.TextChoices):
    NAME = "name", "Name"
    ACRONYM = "acronym", "Acronym"
    DEMONYM = "demonym", "Demonym or adjective"
    FORMER = "former", "Former name"


class Alias(models.Model):
    """Another name of an entity: a spelling, a translation, an acronym, a long form.

    `kind` lets the linker weigh a demonym ("Kyrgyz", "азербайджанский") or a former name
    differently from a proper name.
    """

    Kind = AliasKind

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    language = models.CharField(
        max_length=8, blank=True, help_text="ISO 639-1 code; blank when any language uses it."
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.NAME)
    normalized = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = ["language", "name"]
        verbose_name_plural = "aliases"
        constraints = [
            models.UniqueConstraint(fields=["entity", "name"], name="alias_unique_per_entity"),
            models.CheckConstraint(condition=Q(kind__in=AliasKind.values), name="alias_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})" if self.language else self.name

    def save(self, *args, **kwargs) -> None:
        # Kept in step with `name` on every save, so lookups never see a stale form.
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if errors := control_character_errors({"name": self.name}):
            raise ValidationError(errors)


class Role(models.Model):
    """A person's position in an organization or country over time."""

    person = models.ForeignKey(
        Entity,
        on_delete=models.CASCADE,
        related_name="roles",
        limit_choices_to={"kind": Entity.Kind.PERSON},
    )
    title = models.CharField(max_length=200)
    organization = models.ForeignKey(
        Entity,
        on_delete=models.CASCADE,
        related_name="positions",
        null=True,
        blank=True,
        help_text="The organization or country the position belongs to.",
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = [models.F("start_date").desc(nulls_last=True), "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="role_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        where = f", {self.organization}" if self.organization_id else ""
        return f"{self.person}: {self.title}{where}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None


class EntityRedirect(models.Model):
    """An old slug of a merged-away entity, kept so links to it keep working (HTTP 301)."""

    old_slug = models.SlugField(max_length=200, unique=True)
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="redirects")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.entity.slug}"
