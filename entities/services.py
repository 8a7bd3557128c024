"""Writes across the knowledge base's models, each in one transaction."""

from django.db import transaction

from entities.models import Alias, Entity, EntityRedirect, Role, normalize_name


@transaction.atomic
def absorb_entity(*, winner: Entity, loser: Entity) -> int:
    """Move the loser's names and roles to the winner, keep its slug as a redirect, delete it.

    Callers move anything else that points at the loser (mentions) first. Returns the number of
    aliases the winner gained.
    """
    if winner.pk == loser.pk:
        raise ValueError("an entity cannot be merged into itself")
    known = set(winner.aliases.values_list("normalized", flat=True))
    known.add(normalize_name(winner.name))
    gained = 0
    names = [(loser.name, "en", Alias.Kind.NAME)]
    names += [(a.name, a.language, a.kind) for a in loser.aliases.all()]
    for name, language, kind in names:
        key = normalize_name(name)
        if key not in known:
            known.add(key)
            Alias.objects.create(entity=winner, name=name, language=language, kind=kind)
            gained += 1
    Role.objects.filter(person=loser).update(person=winner)
    Role.objects.filter(organization=loser).update(organization=winner)
    EntityRedirect.objects.filter(entity=loser).update(entity=winner)
    EntityRedirect.objects.update_or_create(old_slug=loser.slug, defaults={"entity": winner})
    if not winner.description and loser.description:
        winner.description = loser.description
    if not winner.wikidata_id and loser.wikidata_id:
        winner.wikidata_id = loser.wikidata_id
    winner.save()
    loser.delete()
    return gained
