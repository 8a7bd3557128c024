"""Write the starter knowledge base, adding only what is missing.

Entities are matched by slug, the natural key. An existing entity is never renamed or
re-described, so editors' changes survive every re-run; it only gains the aliases and roles it
lacks. An alias counts as present when the entity already has a name or alias with the same
normalized form.
"""

from dataclasses import dataclass

from django.db import transaction

from entities.knowledge.countries import country_records, other_state_records
from entities.knowledge.organizations import event_records, organization_records
from entities.knowledge.people import people_records, role_records
from entities.knowledge.places import place_records
from entities.knowledge.records import EntityRecord, RoleRecord
from entities.models import Alias, Entity, EntityRedirect, Role, normalize_name

MAX_NAME = 200


@dataclass(frozen=True)
class LoadResult:
    created: int
    aliases: int
    present: int
    roles: int

    def __str__(self) -> str:
        return (
            f"{self.created} entities created, {self.aliases} aliases added, "
            f"{self.present} already present, {self.roles} roles added"
        )


def build_records() -> list[EntityRecord]:
    """Every record of the starter knowledge base, in load order, one per slug."""
    countries = country_records()
    records = [
        *countries.values(),
        *other_state_records(),
        *place_records(countries),
        *organization_records(),
        *event_records(),
    ]
    records += people_records({record.slug: record.name for record in records})
    slugs = [record.slug for record in records]
    duplicates = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if duplicates:
        raise ValueError(f"Knowledge base slugs used twice: {', '.join(duplicates)}")
    return records


@transaction.atomic
def load_knowledge_base(
    *, records: list[EntityRecord] | None = None, roles: list[RoleRecord] | None = None
) -> LoadResult:
    records = build_records() if records is None else records
    roles = role_records() if roles is None else roles

    existing = {
        entity.slug: entity
        for entity in Entity.objects.filter(slug__in=[r.slug for r in records]).only(
            "pk", "slug", "kind", "name"
        )
    }
    # A slug that now redirects was merged away by an editor: never bring that entity back.
    merged = set(
        EntityRedirect.objects.filter(old_slug__in=[r.slug for r in records]).values_list(
            "old_slug", flat=True
        )
    )
    new = [
        Entity(
            kind=r.kind,
            name=r.name,
            slug=r.slug,
            description=r.description,
            wikidata_id=r.wikidata_id,
        )
        for r in records
        if r.create and r.slug not in existing and r.slug not in merged
    ]
    Entity.objects.bulk_create(new)
    ids = dict(Entity.objects.filter(slug__in=[r.slug for r in records]).values_list("slug", "pk"))
    kinds = {slug: entity.kind for slug, entity in existing.items()}
    kinds.update((entity.slug, entity.kind) for entity in new)

    # An entity an editor gave another kind under the same slug is a different thing: leave it.
    targets = [r for r in records if r.slug in ids and kinds[r.slug] == r.kind]
    taken = {
        (pk, normalize_name(name))
        for pk, name in Entity.objects.filter(pk__in=[ids[r.slug] for r in targets]).values_list(
            "pk", "name"
        )
    }
    taken.update(
        Alias.objects.filter(entity_id__in=[ids[r.slug] for r in targets]).values_list(
            "entity_id", "normalized"
        )
    )
    aliases = []
    for record in targets:
        pk = ids[record.slug]
        for alias in record.aliases:
            key = (pk, normalize_name(alias.name))
            if key in taken or len(alias.name) > MAX_NAME:
                continue
            taken.add(key)
            aliases.append(
                Alias(
                    entity_id=pk,
                    name=alias.name,
                    language=alias.language,
                    kind=alias.kind,
                    normalized=key[1],
                )
            )
    Alias.objects.bulk_create(aliases)

    return LoadResult(
        created=len(new),
        aliases=len(aliases),
        present=sum(1 for r in records if r.slug in existing),
        roles=_add_roles(roles, ids=_role_ids(roles, ids)),
    )


def _role_ids(roles: list[RoleRecord], ids: dict[str, int]) -> dict[str, int]:
    """Slug -> pk for every person and organization the roles name, loaded or not."""
    wanted = {slug for role in roles for slug in (role.person, role.organization) if slug}
    missing = wanted - ids.keys()
    found = dict(Entity.objects.filter(slug__in=missing).values_list("slug", "pk"))
    return {**ids, **found}


def _add_roles(roles: list[RoleRecord], *, ids: dict[str, int]) -> int:
    """Add each role whose person (and organization) exist and who holds no such post yet.

    A post is (person, title, organization): every term of a post not yet held is added (a
    minister twice in office has two), and none of a post an editor has, whatever its dates."""
    people = [ids[r.person] for r in roles if r.person in ids]
    held = set(
        Role.objects.filter(person_id__in=people).values_list(
            "person_id", "title", "organization_id"
        )
    )
    new = []
    terms = set()
    for role in roles:
        person = ids.get(role.person)
        organization = ids.get(role.organization) if role.organization else None
        if person is None or (role.organization and organization is None):
            continue
        key = (person, role.title, organization)
        term = (*key, role.start_date, role.end_date)
        if key in held or term in terms:
            continue
        terms.add(term)
        new.append(
            Role(
                person_id=person,
                title=role.title,
                organization_id=organization,
                start_date=role.start_date,
                end_date=role.end_date,
            )
        )
    Role.objects.bulk_create(new)
    return len(new)
