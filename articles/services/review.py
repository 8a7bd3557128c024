"""Reviewing what the linker found: mentions, new-entity proposals and alias suggestions.

The one write path for an editor's decisions, whichever screen takes them (the story list's
bulk actions, the mentions and proposals queues, the per-story review screen). Each function is
one transaction, writes one audit event per story (or entity) it changes, and moves the
stories' versions on, so ETags and stale-form checks see the decision.

The alias policy (docs/editorial-workflow.md): deciding a mention never writes the knowledge
base. A spelling the text used that is a genuinely new name of the entity becomes a pending
`AliasSuggestion`; word forms, role phrases and parts of a name never do
(`entities.linking.aliases`). Only an Editor approves a suggestion into an `Alias`, the only
names the linker and the public pages read.

Who may: a Reporter confirms and rejects mentions in drafts and stories in review; an Editor
also in published and archived stories, and decides proposals (they create entities) and alias
suggestions. `user=None` is the system (an import, a command): the rules are for people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import audit, history, workflow
from articles.models import AliasSuggestion, Article, AuditAction, EntityProposal, Mention
from articles.services.errors import NotPermitted, StoryWriteError
from entities.gazetteer import forget_linker
from entities.linking.aliases import polluted, verdict
from entities.linking.normalize import is_cyrillic, normalize
from entities.linking.russian_names import nominative_person
from entities.models import Alias, Entity, normalize_name

MENTION_PERMISSION = "articles.change_mention"
PROPOSAL_PERMISSION = "articles.change_entityproposal"
ALIAS_PERMISSION = "articles.change_aliassuggestion"

__all__ = [
    "PollutedAlias",
    "alias_suggestions_decide",
    "aliases_clean",
    "may_decide_aliases",
    "may_decide_mentions",
    "may_decide_proposals",
    "mention_set_entity",
    "mentions_decide",
    "proposal_map",
    "proposals_accept",
    "proposals_reject",
]


# Who may.


def _active(user) -> bool:
    return bool(user and user.is_active)


def may_decide_mentions(user, article: Article) -> bool:
    """Confirm or reject mentions in `article`: the story's own rule (`workflow.may_edit`)."""
    if user is None:
        return True
    return (
        _active(user)
        and user.has_perm(MENTION_PERMISSION)
        and workflow.may_edit(status=article.status, may_publish=workflow.may_publish(user))
    )


def may_decide_proposals(user) -> bool:
    """Accepting a proposal creates an entity: an Editor's decision, like the knowledge base."""
    return user is None or (_active(user) and user.has_perm(PROPOSAL_PERMISSION))


def may_decide_aliases(user) -> bool:
    """Approving an alias changes what the linker matches everywhere: an Editor's decision."""
    return user is None or (
        _active(user) and user.has_perm(ALIAS_PERMISSION) and user.has_perm("entities.add_alias")
    )


def _refuse(message: str) -> NotPermitted:
    return NotPermitted({"__all__": [message]})


def _check_stories(user, articles: Iterable[Article]) -> None:
    refused = [a for a in articles if not may_decide_mentions(user, a)]
    if refused:
        raise _refuse(
            _("You may not decide the entities of: %(stories)s.")
            % {"stories": ", ".join(str(a) for a in refused)}
        )


def _bump(article_ids: Iterable[int], now) -> None:
    Article.objects.filter(pk__in=set(article_ids)).update(version=F("version") + 1, updated=now)


# Alias suggestions from what the text used.


def _names_of(entity_ids: set[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = defaultdict(list)
    for pk, name in Entity.objects.filter(pk__in=entity_ids).values_list("pk", "name"):
        names[pk].insert(0, name)
    for pk, name in Alias.objects.filter(entity_id__in=entity_ids).values_list("entity_id", "name"):
        names[pk].append(name)
    return names


def _as_name(form: str, kind: str) -> str:
    """The spelling to suggest: a Russian person's name in the nominative ("Джейхуна
    Байрамова" is suggested as "Джейхун Байрамов"), as the proposals name new people."""
    words = form.split()
    if kind != "person" or len(words) < 2 or not all(is_cyrillic(w.lower()) for w in words):
        return form
    return " ".join(nominative_person(words))


def suggest_aliases(
    *, pairs: Iterable[tuple[Entity, Iterable[str], Article | None]], user, extra_names=()
) -> int:
    """Store the genuinely new names among spellings the text used, as pending suggestions.

    `pairs` are (entity, spellings, story). A spelling already suggested for the entity
    (pending, approved or rejected), or a word form or part of one, is not suggested again.
    `extra_names` are never suggested (a proposal's wrong name, corrected by the editor).
    Returns how many were made.
    """
    pairs = list(pairs)
    if not pairs:
        return 0
    ids = {entity.pk for entity, _, _ in pairs}
    names = _names_of(ids)
    suggested: dict[int, list[str]] = defaultdict(list)
    seen = set()
    for entity_id, key, name in AliasSuggestion.objects.filter(entity_id__in=ids).values_list(
        "entity_id", "normalized", "name"
    ):
        seen.add((entity_id, key))
        suggested[entity_id].append(name)
    refused = {normalize_name(n) for n in extra_names}
    new = []
    for entity, forms, article in pairs:
        for form in forms:
            if normalize_name(form) in refused:
                continue
            name = _as_name(form, entity.kind)[:200]
            key = normalize_name(name)
            if not key or key in refused or (entity.pk, key) in seen:
                continue
            known = [*names[entity.pk], *suggested[entity.pk]]
            if not verdict(name, kind=entity.kind, names=known).is_new_name:
                continue
            seen.add((entity.pk, key))
            suggested[entity.pk].append(name)
            new.append(
                AliasSuggestion(
                    entity=entity,
                    name=name,
                    normalized=key,
                    language=article.language if article else "",
                    article=article,
                    suggested_by=user if getattr(user, "is_authenticated", False) else None,
                )
            )
    AliasSuggestion.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


# Mentions.


@transaction.atomic
def mentions_decide(
    *, mentions: QuerySet, status: str, user, via: str = "admin"
) -> tuple[int, int]:
    """Confirm or reject mentions; returns (mentions changed, alias suggestions made).

    Nothing is written to the knowledge base: a confirmed mention's new spellings become
    pending alias suggestions for an Editor (the module's docstring).
    """
    if status not in (Mention.Status.CONFIRMED, Mention.Status.REJECTED, Mention.Status.SUGGESTED):
        raise ValueError(f"unknown mention status {status!r}")
    rows = list(mentions.exclude(status=status).select_related("article", "entity"))
    if not rows:
        return 0, 0
    _check_stories(user, {m.article_id: m.article for m in rows}.values())
    now = timezone.now()
    Mention.objects.filter(pk__in=[m.pk for m in rows]).update(status=status, updated=now)
    _bump((m.article_id for m in rows), now)
    suggested = 0
    if status == Mention.Status.CONFIRMED:
        suggested = suggest_aliases(
            pairs=[(m.entity, m.surface_forms, m.article) for m in rows], user=user
        )
    label = Mention.Status(status).label.lower()
    by_story: dict[int, list[Mention]] = defaultdict(list)
    for mention in rows:
        by_story[mention.article_id].append(mention)
    for story_mentions in by_story.values():
        names = ", ".join(sorted({m.entity.name for m in story_mentions}))
        audit.record_event(
            action=AuditAction.MENTIONS,
            obj=story_mentions[0].article,
            user=user,
            detail=f"{label}: {names}",
            via=via,
        )
    return len(rows), suggested


def _merge_into(kept: Mention, other_forms, other_spans, other_count) -> None:
    kept.surface_forms = list(dict.fromkeys([*kept.surface_forms, *other_forms]))
    kept.spans = [list(s) for s in sorted({tuple(s) for s in [*kept.spans, *other_spans]})]
    kept.count = len(kept.spans) or kept.count + other_count


@transaction.atomic
def mention_set_entity(*, mention: Mention, entity: Entity, user, via: str = "admin") -> Mention:
    """Point a mention at another entity (the linker chose the wrong one) and confirm it.

    If the story already mentions that entity, the two become one confirmed mention. The
    spellings are weighed as names of the new entity (alias suggestions), never stored as
    aliases."""
    mention = Mention.objects.select_related("article", "entity").get(pk=mention.pk)
    article = mention.article
    _check_stories(user, [article])
    before = mention.entity.name
    now = timezone.now()
    kept = Mention.objects.filter(article=article, entity=entity).exclude(pk=mention.pk).first()
    if kept is not None:
        _merge_into(kept, mention.surface_forms, mention.spans, mention.count)
        kept.status = Mention.Status.CONFIRMED
        kept.confidence = max(kept.confidence, mention.confidence)
        kept.save()
        mention.delete()
        mention = kept
    else:
        mention.entity = entity
        mention.status = Mention.Status.CONFIRMED
        mention.save(update_fields=["entity", "status", "updated"])
    _bump([article.pk], now)
    suggest_aliases(pairs=[(entity, mention.surface_forms, article)], user=user)
    audit.record_event(
        action=AuditAction.MENTIONS,
        obj=article,
        user=user,
        detail=f"{before} → {entity.name}: confirmed",
        via=via,
    )
    return mention


# Proposals of new entities.


def _check_proposals(user) -> None:
    if not may_decide_proposals(user):
        raise _refuse(_("Only an editor may accept, map or reject proposed entities."))


def _confirm_proposal(proposal: EntityProposal, entity: Entity) -> Mention:
    mention = Mention.objects.filter(article=proposal.article, entity=entity).first()
    if mention is None:
        return Mention.objects.create(
            article=proposal.article,
            entity=entity,
            status=Mention.Status.CONFIRMED,
            surface_forms=list(proposal.surface_forms),
            spans=[list(s) for s in proposal.spans],
            count=proposal.count,
            confidence=proposal.confidence,
        )
    _merge_into(mention, proposal.surface_forms, proposal.spans, proposal.count)
    mention.status = Mention.Status.CONFIRMED
    mention.confidence = max(mention.confidence, proposal.confidence)
    mention.save()
    return mention


def _proposal_event(proposal: EntityProposal, detail: str, user, via: str) -> None:
    audit.record_event(
        action=AuditAction.PROPOSALS,
        obj=proposal.article,
        user=user,
        detail=f"{proposal.name}: {detail}",
        via=via,
    )


@transaction.atomic
def proposals_accept(
    *, proposals: QuerySet, user, via: str = "admin", name: str | None = None
) -> int:
    """Make each pending proposal an entity (reusing one of that exact name and kind) with a
    confirmed mention in its story. Returns how many were accepted.

    `name` corrects the name of a single proposal ("Jomart Tokayev" is Kassym-Jomart Tokayev):
    the wrong name is never kept as an alias. The story's spellings become alias suggestions
    only where they are genuinely other names of the entity.
    """
    _check_proposals(user)
    rows = list(proposals.filter(status=EntityProposal.Status.PENDING).select_related("article"))
    name = " ".join((name or "").split())[:200] or None
    if name is not None and len(rows) > 1:
        raise StoryWriteError({"name": [_("A corrected name is given for one proposal only.")]})
    now = timezone.now()
    with history.revision(user=user, comment="Accepted a proposed entity", atomic=False):
        for proposal in rows:
            wanted = name or proposal.name
            entity = (
                Entity.objects.filter(kind=proposal.kind)
                .filter(Q(name__iexact=wanted) | Q(aliases__normalized=normalize_name(wanted)))
                .first()
            )
            created = entity is None
            if created:
                entity = Entity.objects.create(name=wanted, kind=proposal.kind)
            _confirm_proposal(proposal, entity)
            # The name the linker proposed, when the editor corrected it (here or in the
            # proposal's form), is a wrong name: never an alias.
            wrong = {proposal.normalized, normalize_name(proposal.name)} - {normalize_name(wanted)}
            suggest_aliases(
                pairs=[(entity, proposal.surface_forms, proposal.article)],
                user=user,
                extra_names=wrong,
            )
            proposal.status, proposal.entity = EntityProposal.Status.ACCEPTED, entity
            proposal.save(update_fields=["status", "entity", "updated"])
            verb = "accepted as a new entity" if created else "accepted as"
            _proposal_event(proposal, f"{verb} {entity.name}", user, via)
    _bump((p.article_id for p in rows), now)
    if rows:
        forget_linker()
    return len(rows)


@transaction.atomic
def proposal_map(*, proposal: EntityProposal, entity: Entity, user, via: str = "admin") -> Mention:
    """The proposed name is an entity the knowledge base has: confirm a mention of it instead.

    The proposal's spellings are weighed as names of that entity (alias suggestions)."""
    _check_proposals(user)
    proposal = (
        EntityProposal.objects.select_related("article").select_for_update().get(pk=proposal.pk)
    )
    if proposal.status != EntityProposal.Status.PENDING:
        raise StoryWriteError({"__all__": [_("This proposal was already decided.")]})
    mention = _confirm_proposal(proposal, entity)
    suggest_aliases(pairs=[(entity, proposal.surface_forms, proposal.article)], user=user)
    proposal.status, proposal.entity = EntityProposal.Status.ACCEPTED, entity
    proposal.save(update_fields=["status", "entity", "updated"])
    _bump([proposal.article_id], timezone.now())
    _proposal_event(proposal, f"mapped to {entity.name}", user, via)
    return mention


@transaction.atomic
def proposals_reject(*, proposals: QuerySet, user, via: str = "admin") -> int:
    """Reject proposals; linking never proposes them again for their stories."""
    _check_proposals(user)
    rows = list(proposals.filter(status=EntityProposal.Status.PENDING).select_related("article"))
    if not rows:
        return 0
    now = timezone.now()
    EntityProposal.objects.filter(pk__in=[p.pk for p in rows]).update(
        status=EntityProposal.Status.REJECTED, updated=now
    )
    for proposal in rows:
        _proposal_event(proposal, "rejected", user, via)
    _bump((p.article_id for p in rows), now)
    return len(rows)


# Alias suggestions.


@transaction.atomic
def alias_suggestions_decide(*, suggestions, approve: bool, user, via: str = "admin") -> int:
    """Approve pending suggestions as aliases (names the linker matches everywhere, shown on
    public pages) or reject them (never suggested again). An Editor's decision. Returns how
    many were decided."""
    if not may_decide_aliases(user):
        raise _refuse(_("Only an editor may approve or reject alias suggestions."))
    if not isinstance(suggestions, QuerySet):
        suggestions = AliasSuggestion.objects.filter(pk__in=[s.pk for s in suggestions])
    rows = list(
        suggestions.filter(status=AliasSuggestion.Status.PENDING)
        .select_related("entity")
        .select_for_update(of=("self",))
    )
    if not rows:
        return 0
    now = timezone.now()
    decider = user if getattr(user, "is_authenticated", False) else None
    by_entity: dict[int, list[AliasSuggestion]] = defaultdict(list)
    for suggestion in rows:
        by_entity[suggestion.entity_id].append(suggestion)
    verb = "approved" if approve else "rejected"
    with history.revision(user=user, comment=f"Alias suggestions {verb}", atomic=False):
        for entity_suggestions in by_entity.values():
            entity = entity_suggestions[0].entity
            for suggestion in entity_suggestions:
                if approve:
                    suggestion.alias, _created = Alias.objects.get_or_create(
                        entity=entity,
                        name=suggestion.name,
                        defaults={"language": suggestion.language, "kind": Alias.Kind.NAME},
                    )
                suggestion.status = (
                    AliasSuggestion.Status.APPROVED if approve else AliasSuggestion.Status.REJECTED
                )
                suggestion.decided_by, suggestion.decided_at = decider, now
                suggestion.save(
                    update_fields=["alias", "status", "decided_by", "decided_at", "updated"]
                )
            if approve:
                entity.save(update_fields=["updated"])  # the linker's fingerprint moves on
                history.record(entity)
            audit.record_event(
                action=AuditAction.ALIASES,
                obj=entity,
                user=user,
                detail=f"{verb}: " + ", ".join(s.name for s in entity_suggestions),
                via=via,
            )
    if approve:
        forget_linker()
    return len(rows)


# Aliases already polluted (before the policy): reported, and removed on request.


@dataclass(frozen=True)
class PollutedAlias:
    """An alias that breaks the policy: which, of which entity, and why (in words)."""

    alias_id: int
    name: str
    language: str
    entity_id: int
    entity_name: str
    entity_slug: str
    reason: str
    explanation: str


def _decided_names(entity_ids: list[int]) -> dict[object, set[str]]:
    """Names kept by decision, per entity slug (the starter knowledge base's data) and per
    entity id (an Editor's approved suggestions)."""
    from entities.knowledge.load import build_records

    kept: dict[object, set[str]] = defaultdict(set)
    for record in build_records():
        kept[record.slug].update(normalize(a.name) for a in record.aliases)
    approved = AliasSuggestion.objects.filter(
        entity_id__in=entity_ids, status=AliasSuggestion.Status.APPROVED
    ).values_list("entity_id", "name")
    for entity_id, name in approved:
        kept[entity_id].add(normalize(name))
    return kept


def _polluted(entities: QuerySet | None) -> list[PollutedAlias]:
    entities = Entity.objects.all() if entities is None else entities
    aliases: dict[int, list[tuple[int, str, str, str]]] = defaultdict(list)
    rows = Alias.objects.filter(entity__in=entities).values_list(
        "entity_id", "pk", "name", "kind", "language"
    )
    for entity_id, pk, name, kind, language in rows.order_by("entity_id", "pk"):
        aliases[entity_id].append((pk, name, kind, language))
    kept = _decided_names(list(aliases))
    found = []
    for entity in entities.filter(pk__in=list(aliases)).order_by("name", "pk"):
        own = aliases[entity.pk]
        languages = {pk: language for pk, _, _, language in own}
        names = {pk: name for pk, name, _, _ in own}
        verdicts = polluted(
            kind=entity.kind,
            canonical=entity.name,
            aliases=own,
            keep=frozenset(kept.get(entity.slug, set()) | kept.get(entity.pk, set())),
        )
        for pk, why in sorted(verdicts.items(), key=lambda item: names[item[0]]):
            found.append(
                PollutedAlias(
                    alias_id=pk,
                    name=names[pk],
                    language=languages[pk],
                    entity_id=entity.pk,
                    entity_name=entity.name,
                    entity_slug=entity.slug,
                    reason=why.reason or "",
                    explanation=why.explain(),
                )
            )
    return found


@transaction.atomic
def aliases_clean(
    *, fix: bool = False, user=None, via: str = "command", entities: QuerySet | None = None
) -> list[PollutedAlias]:
    """The aliases that are word forms, role phrases or parts of a person's name (the alias
    policy), and with `fix` their removal: exactly the ones returned, in this one transaction,
    with a revision and an audit event per entity. An Editor's decision when a user is named."""
    if fix and not may_decide_aliases(user):
        raise _refuse(_("Only an editor may remove aliases."))
    found = _polluted(entities)
    if not fix or not found:
        return found
    by_entity: dict[int, list[PollutedAlias]] = defaultdict(list)
    for item in found:
        by_entity[item.entity_id].append(item)
    with history.revision(user=user, comment="Removed polluted aliases", atomic=False):
        Alias.objects.filter(pk__in=[item.alias_id for item in found]).delete()
        for entity in Entity.objects.filter(pk__in=list(by_entity)):
            entity.save(update_fields=["updated"])  # the linker's fingerprint moves on
            history.record(entity)
            audit.record_event(
                action=AuditAction.ALIAS_CLEANUP,
                obj=entity,
                user=user,
                detail="; ".join(f"{i.name}: {i.explanation}" for i in by_entity[entity.pk]),
                via=via,
            )
    forget_linker()
    return found
