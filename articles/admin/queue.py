"""The admin home's queue: what needs an editor now, oldest first, with counts.

Three sections, each scoped to what the person may act on (`articles.workflow`):

- *Suggestions to review*: stories with suggested mentions, or pending entity proposals for
  those who decide proposals (Editors), archived stories aside; a Reporter sees drafts and
  stories in review only (any reporter's: the desk shares its drafts), the states he may edit,
  and the mentions he may decide.
- *In review*: stories waiting for an Editor, the longest waiting first (since they were last
  submitted, by the audit log).
- *Scheduled*: published stories waiting for their publish time, the next first (Editors only:
  only they may change a schedule).

The page costs the same queries whatever the queue holds: one for every count, one per section
for its first rows, the per-story counts as subqueries of that row query.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Least
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _

from articles import workflow
from articles.models import Article, AuditAction, AuditEvent, EntityProposal, Mention

# Rows shown per section; "see all" opens the story list filtered to the whole section.
QUEUE_LENGTH = 10
DECIDE_PROPOSALS = "articles.change_entityproposal"
OPEN_STATES = (Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.PUBLISHED)


@dataclass(frozen=True)
class QueueSection:
    """One part of the queue: its stories (at most `QUEUE_LENGTH`) and how many there are."""

    key: str
    title: str
    count: int
    stories: list[Article] = field(default_factory=list)
    see_all_url: str = ""
    empty: str = ""


def story_review_url(article: Article) -> str:
    """Where a queued story opens: its review screen, where its decisions are made (and it is
    submitted or published)."""
    return reverse("admin:articles_article_review", args=[article.pk])


def count_of(rows: QuerySet) -> Coalesce:
    """`rows` (filtered on `article=OuterRef("pk")`) counted per story, as a subquery: no join,
    so the story query keeps one row per story and needs no GROUP BY."""
    counted = rows.order_by().values("article").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted), 0)


def suggested_mentions() -> QuerySet:
    return Mention.objects.filter(article=OuterRef("pk"), status=Mention.Status.SUGGESTED)


def pending_proposals() -> QuerySet:
    return EntityProposal.objects.filter(
        article=OuterRef("pk"), status=EntityProposal.Status.PENDING
    )


def waiting_suggestions(*, with_proposals: bool) -> Q:
    """Stories with a decision waiting: a suggested mention (or a pending proposal).

    `IN` an uncorrelated subquery, not `EXISTS` per story: PostgreSQL reads the few waiting
    rows once into a hash, where a correlated test would probe every story (100,000 of them in
    `make bench`'s corpus) on every load of the admin home."""
    waiting = Q(pk__in=Mention.objects.filter(status=Mention.Status.SUGGESTED).values("article_id"))
    if with_proposals:
        waiting |= Q(
            pk__in=EntityProposal.objects.filter(status=EntityProposal.Status.PENDING).values(
                "article_id"
            )
        )
    return waiting


def work_first() -> Case:
    """0 in review, 1 a draft with a decision waiting, 2 another draft (dated or not), 3 the
    rest: the story list's default order, before the newest first."""
    return Case(
        When(status=Article.Status.REVIEW, then=Value(0)),
        When(Q(status=Article.Status.DRAFT) & waiting_suggestions(with_proposals=True), then=1),
        When(status=Article.Status.DRAFT, then=Value(2)),
        default=Value(3),
    )


def scheduled_q(now: datetime.datetime) -> Q:
    return Q(status=Article.Status.PUBLISHED, publish_at__gt=now)


def changelist_url(**params: str) -> str:
    return f"{reverse('admin:articles_article_changelist')}?{urlencode(params)}"


def review_queue(user, *, limit: int = QUEUE_LENGTH) -> list[QueueSection]:
    """The sections `user` may act on, each with its count and its oldest `limit` stories."""
    if not (user and user.is_active and user.has_perm("articles.change_article")):
        return []
    now = timezone.now()
    editor = workflow.may_publish(user)
    with_proposals = user.has_perm(DECIDE_PROPOSALS)
    # Archived stories wait for no one; a Reporter edits drafts and stories in review only.
    open_states = workflow.REPORTER_STATES if not editor else OPEN_STATES
    suggestions = waiting_suggestions(with_proposals=with_proposals) & Q(status__in=open_states)
    in_review = Q(status=Article.Status.REVIEW)
    scheduled = scheduled_q(now)

    counts = Article.objects.order_by().aggregate(
        suggestions=Count("pk", filter=suggestions),
        review=Count("pk", filter=in_review),
        scheduled=Count("pk", filter=scheduled) if editor else Count("pk", filter=Q(pk=None)),
    )
    rows = Article.objects.select_related(None).only(
        "id", "title", "status", "publish_at", "published", "updated", "created"
    )
    # When a decision has been waiting since: its oldest suggestion (or proposal).
    oldest_mention = Subquery(suggested_mentions().order_by("created").values("created")[:1])
    if with_proposals:
        oldest_proposal = Subquery(pending_proposals().order_by("created").values("created")[:1])
        # LEAST is NULL on SQLite when either is: each side falls back on the other.
        suggested_since = Least(
            Coalesce(oldest_mention, oldest_proposal), Coalesce(oldest_proposal, oldest_mention)
        )
    else:
        suggested_since = oldest_mention
    # A story waits in review since it was last submitted (the audit log), else its last edit.
    submitted = AuditEvent.objects.filter(
        action=AuditAction.SUBMIT,
        content_type=ContentType.objects.get_for_model(Article),
        object_id=Cast(OuterRef("pk"), CharField()),
    ).order_by("-created")
    review_since = Coalesce(
        Subquery(submitted.values("created")[:1]), F("updated"), output_field=DateTimeField()
    )

    sections = [
        QueueSection(
            key="suggestions",
            title=_("Suggestions to review"),
            count=counts["suggestions"],
            stories=list(
                rows.filter(suggestions)
                .annotate(
                    suggested=count_of(suggested_mentions()),
                    proposed=count_of(pending_proposals()) if with_proposals else Value(0),
                    waiting_since=suggested_since,
                )
                .order_by(F("waiting_since").asc(nulls_last=True), "id")[:limit]
            ),
            see_all_url=changelist_url(
                pending="yes" if with_proposals else "mentions", status__in=",".join(open_states)
            ),
            empty=_("No suggestion is waiting for a decision."),
        ),
        QueueSection(
            key="review",
            title=_("In review"),
            count=counts["review"],
            stories=list(
                rows.filter(in_review)
                .annotate(waiting_since=review_since)
                .order_by("waiting_since", "id")[:limit]
            ),
            see_all_url=changelist_url(status__exact=Article.Status.REVIEW),
            empty=_("No story is waiting for review."),
        ),
    ]
    if editor:
        sections.append(
            QueueSection(
                key="scheduled",
                title=_("Scheduled"),
                count=counts["scheduled"],
                stories=list(
                    rows.filter(scheduled)
                    .annotate(waiting_since=F("publish_at"))
                    .order_by("publish_at", "id")[:limit]
                ),
                see_all_url=changelist_url(live="scheduled"),
                empty=_("No story is scheduled."),
            )
        )
    for section in sections:
        for story in section.stories:
            story.review_url = story_review_url(story)
            story.waiting = waited(story.waiting_since, now) if section.key != "scheduled" else ""
    return sections


def waited(since: datetime.datetime | None, now: datetime.datetime) -> str:
    """How long a story has waited, as people say it ("3 days, 4 hours"; "just now")."""
    if since is None:
        return ""
    if now - since < datetime.timedelta(minutes=1):
        return str(_("just now"))
    return timesince(since, now)
