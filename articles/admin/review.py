"""The review screen of one story: its text with every mention and proposal highlighted, and a
decision for each (confirm, reject, change the entity; accept a new entity, map it to a known
one, reject it), one by one or all at once.

Server-rendered and whole without JavaScript: each decision is a small POST form that redirects
back to the next item still to decide (post/redirect/get), and the entity search is a GET form
whose results are buttons. `newsroom/admin-review.js` adds the keyboard, focus and an
autocomplete on top (docs/editorial-workflow.md, *The review screen*). Every decision is the
service layer's (`articles.services.review`), which also says who may make it.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles import services, workflow
from articles.models import Article, EntityProposal, Mention
from articles.services import review as review_service
from entities.models import Entity, normalize_name

SEARCH_LIMIT = 10
NO_POSITION = 1 << 62  # an item with no span (no longer in the text) comes last


@dataclass
class ReviewItem:
    """One thing to decide: a mention (`m-<id>`) or a new-entity proposal (`p-<id>`)."""

    key: str
    row: Mention | EntityProposal
    is_mention: bool
    position: int
    pending: bool
    results: list[Entity] = field(default_factory=list)
    query: str = ""

    @property
    def name(self) -> str:
        return self.row.entity.name if self.is_mention else self.row.name

    @property
    def kind(self) -> str:
        return self.row.entity.kind if self.is_mention else self.row.kind

    @property
    def kind_label(self) -> str:
        return Entity.Kind(self.kind).label

    @property
    def status_label(self) -> str:
        return self.row.get_status_display()


def review_items(article: Article) -> list[ReviewItem]:
    """The story's mentions and proposals in the order their first words appear in the text."""
    items = [
        ReviewItem(
            key=f"m-{mention.pk}",
            row=mention,
            is_mention=True,
            position=min((s[0] for s in mention.spans), default=NO_POSITION),
            pending=mention.status == Mention.Status.SUGGESTED,
        )
        for mention in article.mentions.select_related("entity").order_by("pk")
    ]
    items += [
        ReviewItem(
            key=f"p-{proposal.pk}",
            row=proposal,
            is_mention=False,
            position=min((s[0] for s in proposal.spans), default=NO_POSITION),
            pending=proposal.status == EntityProposal.Status.PENDING,
        )
        for proposal in article.proposals.select_related("entity").order_by("pk")
    ]
    return sorted(items, key=lambda item: (item.position, item.key))


def highlighted_text(text: str, items: list[ReviewItem]) -> SafeString:
    """The plain text with each span a link to its item (`#m-12`), classed by kind and status;
    overlapping spans keep the one that starts first (the longer one on a tie)."""
    marks = sorted(
        (
            (start, end, item)
            for item in items
            for start, end in item.row.spans
            if 0 <= start < end <= len(text)
        ),
        key=lambda mark: (mark[0], -mark[1], mark[2].key),
    )
    parts: list[str] = []
    position = 0
    for start, end, item in marks:
        if start < position:
            continue
        parts.append(escape(text[position:start]))
        state = item.row.status
        parts.append(
            f'<a href="#{item.key}" class="review-mark kind-{escape(item.kind)} '
            f'status-{escape(state)}" data-item="{item.key}">{escape(text[start:end])}'
            f'<span class="visually-hidden"> ({escape(item.name)}, {escape(item.kind_label)}, '
            f"{escape(item.status_label)})</span></a>"
        )
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # every piece above is escaped


def search_entities(query: str) -> list[Entity]:
    """Entities whose name, slug or a spelling contains `query`; exact names first."""
    query = query.strip()[:100]
    if not query:
        return []
    normalized = normalize_name(query)
    condition = Q(name__icontains=query) | Q(slug__icontains=query)
    if normalized:
        condition |= Q(aliases__normalized__contains=normalized)
    ids = list(
        Entity.objects.filter(condition).values_list("pk", flat=True).distinct()[: SEARCH_LIMIT * 5]
    )
    found = list(Entity.objects.filter(pk__in=ids).only("pk", "name", "kind", "slug"))
    lowered = query.lower()
    found.sort(
        key=lambda e: (e.name.lower() != lowered, not e.name.lower().startswith(lowered), e.name)
    )
    return found[:SEARCH_LIMIT]


def next_anchor(items: list[ReviewItem], key: str) -> str:
    """Where the screen goes after deciding `key`: the next item still pending after it, else
    the first pending one, else the story's workflow buttons."""
    keys = [item.key for item in items]
    after = keys.index(key) + 1 if key in keys else 0
    for item in items[after:] + items[:after]:
        if item.pending and item.key != key:
            return item.key
    return "review-done"


class ReviewAdminMixin:
    """The story admin's review screen, its decisions and its entity search."""

    def review_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/review/", view(self.review_view), name="articles_article_review"),
            path(
                "<int:pk>/review/entities/",
                view(self.review_entities_view),
                name="articles_article_review_entities",
            ),
        ]

    def _review_story(self, request, pk: int) -> Article:
        article = self.get_object(request, str(pk))
        if article is None:
            raise Http404(_("No story with that id."))
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def review_entities_view(self, request, pk: int):
        """The autocomplete's answers: entities matching `q`, as JSON."""
        self._review_story(request, pk)
        results = search_entities(request.GET.get("q", ""))
        return JsonResponse(
            {
                "results": [
                    {"id": e.pk, "name": e.name, "kind": e.kind, "kind_label": e.get_kind_display()}
                    for e in results
                ]
            }
        )

    def review_view(self, request, pk: int):
        article = self._review_story(request, pk)
        if request.method == "POST":
            return self._review_decide(request, article)
        items = review_items(article)
        may_decide = review_service.may_decide_mentions(request.user, article)
        searching = request.GET.get("find", "")
        for item in items:
            if item.key == searching:
                item.query = request.GET.get("q", "").strip()[:100]
                item.results = search_entities(item.query)
        mentions = [item for item in items if item.is_mention]
        proposals = [item for item in items if not item.is_mention]
        may_publish = workflow.may_publish(request.user)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": article,
            "original": article,
            "title": _("Review entities: %(story)s") % {"story": article.title},
            "items": items,
            "text": highlighted_text(article.text, items),
            "pending_mentions": sum(item.pending for item in mentions),
            "pending_proposals": sum(item.pending for item in proposals),
            "mention_count": len(mentions),
            "proposal_count": len(proposals),
            "may_decide": may_decide,
            "may_decide_proposals": may_decide
            and review_service.may_decide_proposals(request.user),
            "may_submit": may_decide and article.status == Article.Status.DRAFT,
            "may_publish": may_publish and article.status != Article.Status.PUBLISHED,
            "kinds": Entity.Kind.choices,
            "review_url": reverse("admin:articles_article_review", args=[article.pk]),
            "entities_url": reverse("admin:articles_article_review_entities", args=[article.pk]),
        }
        return TemplateResponse(request, "admin/articles/article/review.html", context)

    # Decisions

    def _review_decide(self, request, article: Article):
        # Who may decide what is the service layer's; this only keeps out whoever may decide
        # nothing here (a Reporter on a published story, a reader with view rights).
        if not review_service.may_decide_mentions(request.user, article):
            raise PermissionDenied
        action = request.POST.get("action", "")
        key = request.POST.get("item", "")
        url = reverse("admin:articles_article_review", args=[article.pk])
        try:
            if action == "confirm_all":
                self._confirm_all(request, article)
                key = ""
            elif action == "status":
                return self._move(request, article, url)
            elif key.startswith("m-"):
                self._decide_mention(request, article, action, key)
            elif key.startswith("p-"):
                self._decide_proposal(request, article, action, key)
            else:
                raise ValueError
        except services.StoryWriteError as refused:
            self.message_user(
                request, str(refused) or _("You may not make that decision."), messages.ERROR
            )
            return HttpResponseRedirect(f"{url}#{key or 'review-items'}")
        except (ValueError, Mention.DoesNotExist, EntityProposal.DoesNotExist, Entity.DoesNotExist):
            self.message_user(
                request,
                _("That decision could not be made: the item or entity is gone. Try again."),
                messages.ERROR,
            )
            return HttpResponseRedirect(f"{url}#review-items")
        return HttpResponseRedirect(f"{url}#{next_anchor(review_items(article), key)}")

    def _entity(self, request) -> Entity:
        try:
            return Entity.objects.get(pk=int(request.POST.get("entity", "")))
        except (TypeError, ValueError):
            raise ValueError from None

    def _confirm_all(self, request, article: Article) -> None:
        changed, suggested = review_service.mentions_decide(
            mentions=article.mentions.filter(status=Mention.Status.SUGGESTED),
            status=Mention.Status.CONFIRMED,
            user=request.user,
            via="admin",
        )
        self.message_user(
            request,
            ngettext("%(n)d suggestion confirmed.", "%(n)d suggestions confirmed.", changed)
            % {"n": changed}
            + self._alias_note(suggested),
            messages.SUCCESS if changed else messages.WARNING,
        )

    def _alias_note(self, suggested) -> str:
        count = suggested if isinstance(suggested, int) else len(suggested or ())
        if not count:
            return ""
        return " " + ngettext(
            "%(n)d new spelling is suggested as an alias, for an editor to approve.",
            "%(n)d new spellings are suggested as aliases, for an editor to approve.",
            count,
        ) % {"n": count}

    def _decide_mention(self, request, article: Article, action: str, key: str) -> None:
        mention = article.mentions.select_related("entity").get(pk=int(key[2:]))
        if action in ("confirm", "reject"):
            status = Mention.Status.CONFIRMED if action == "confirm" else Mention.Status.REJECTED
            changed, suggested = review_service.mentions_decide(
                mentions=article.mentions.filter(pk=mention.pk),
                status=status,
                user=request.user,
                via="admin",
            )
            done = _("Confirmed: %(name)s.") if action == "confirm" else _("Rejected: %(name)s.")
            self.message_user(
                request,
                (done % {"name": mention.entity.name}) + self._alias_note(suggested)
                if changed
                else _("%(name)s was already %(status)s.")
                % {"name": mention.entity.name, "status": mention.get_status_display().lower()},
                messages.SUCCESS if changed else messages.INFO,
            )
        elif action == "set_entity":
            entity = self._entity(request)
            before = mention.entity.name
            review_service.mention_set_entity(
                mention=mention, entity=entity, user=request.user, via="admin"
            )
            self.message_user(
                request,
                _("%(before)s is now %(after)s, confirmed.")
                % {"before": before, "after": entity.name},
                messages.SUCCESS,
            )
        else:
            raise ValueError

    def _decide_proposal(self, request, article: Article, action: str, key: str) -> None:
        proposal = article.proposals.get(pk=int(key[2:]))
        chosen = article.proposals.filter(pk=proposal.pk)
        if action == "accept":
            name = " ".join(request.POST.get("name", "").split())[:200] or None
            accepted = review_service.proposals_accept(
                proposals=chosen, user=request.user, via="admin", name=name
            )
            self.message_user(
                request,
                _("Accepted as a new entity: %(name)s.") % {"name": name or proposal.name}
                if accepted
                else _("%(name)s was already decided.") % {"name": proposal.name},
                messages.SUCCESS if accepted else messages.INFO,
            )
        elif action == "map":
            entity = self._entity(request)
            review_service.proposal_map(
                proposal=proposal, entity=entity, user=request.user, via="admin"
            )
            self.message_user(
                request,
                _("%(name)s is %(entity)s, confirmed.")
                % {"name": proposal.name, "entity": entity.name},
                messages.SUCCESS,
            )
        elif action == "reject":
            rejected = review_service.proposals_reject(
                proposals=chosen, user=request.user, via="admin"
            )
            self.message_user(
                request,
                _("Rejected: %(name)s.") % {"name": proposal.name}
                if rejected
                else _("%(name)s was already decided.") % {"name": proposal.name},
                messages.SUCCESS if rejected else messages.INFO,
            )
        else:
            raise ValueError

    def _move(self, request, article: Article, url: str):
        """Submit for review or publish, from the review screen (the workflow decides)."""
        status = request.POST.get("status", "")
        if status not in (Article.Status.REVIEW, Article.Status.PUBLISHED):
            raise PermissionDenied
        if services.story_transition(
            article=article, status=status, user=request.user, via="admin"
        ):
            self.message_user(
                request,
                _("The story is now %(status)s.")
                % {"status": Article.Status(status).label.lower()},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                _("The story was not moved: only an editor may publish a story."),
                messages.ERROR,
            )
        return HttpResponseRedirect(f"{url}#review-done")
