"""Public pages built from stories: home, the story list, a story, and an entity's timeline.

Every read starts from `Article.objects.published()` or `Mention.objects.public()`, so drafts and
unconfirmed mentions never reach a reader. Entity pages live here because they are made of
stories; the knowledge base itself (`entities`) knows nothing of articles.
"""

import re
from collections.abc import Iterable

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy
from django.views.generic import DetailView, ListView, TemplateView

from articles import charts, seo
from articles.filters import ReaderArticleFilter
from articles.html import stored_body_html
from articles.models import Article, Mention
from articles.reads.cards import story_card_objects
from articles.reads.rows import LiveStories
from articles.rendering import link_mentions
from articles.search import add_snippets
from articles.selectors import (
    cooccurring_entities,
    monthly_story_counts,
    most_mentioned_entities,
    related_stories,
    with_story_counts,
)
from entities import names as entity_names
from entities import views as entity_views
from entities.models import Alias, Entity, EntityRedirect, Role
from entities.names import KIND_WORDS, entity_name, local_name
from newsroom.paths import site_language
from newsroom.text import encode_query

STORIES_PER_PAGE = 20
APPEARS_WITH = 8

TIMELINE_TITLES = {
    charts.MONTH: gettext_lazy("Published stories mentioning %(name)s, per month"),
    charts.QUARTER: gettext_lazy("Published stories mentioning %(name)s, per quarter"),
    charts.YEAR: gettext_lazy("Published stories mentioning %(name)s, per year"),
}
# "in English" as the result line says it; a phrase per language, as Russian inflects the name.
IN_LANGUAGE = {"en": gettext_lazy("in English"), "ru": gettext_lazy("in Russian")}
UNIT_HEADINGS = {
    charts.MONTH: gettext_lazy("Month"),
    charts.QUARTER: gettext_lazy("Quarter"),
    charts.YEAR: gettext_lazy("Year"),
}


def paginate(
    request: HttpRequest,
    queryset: QuerySet,
    per_page: int = STORIES_PER_PAGE,
    count: int | None = None,
) -> Page:
    """One page of `queryset` from `?page=`; a page that does not exist is a 404, as in ListView.

    Pass `count` when it is already known, to save the COUNT query.
    """
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage as exc:
        raise Http404(str(exc)) from exc


def group_by_kind(entities: Iterable[Entity]) -> list[tuple[str, list[Entity]]]:
    """[(heading, entities sorted by name)] in the site's order of kinds, empty kinds left out."""
    groups: dict[str, list[Entity]] = {kind: [] for kind in entity_views.KIND_HEADINGS}
    for entity in entities:
        groups.setdefault(entity.kind, []).append(entity)
    return [
        (str(entity_views.KIND_HEADINGS.get(kind, kind)), sorted(members, key=entity_name))
        for kind, members in groups.items()
        if members
    ]


def language_name(code: str) -> str:
    """The language's name in the page's language ("Russian", "русский")."""
    if not code:
        return gettext("Any language")
    info = LANG_INFO.get(code)
    return gettext(info["name"]) if info else code


def group_aliases(aliases: Iterable[Alias]) -> list[tuple[str, str, list[Alias]]]:
    """[(language code, language name, aliases)], in the aliases' own order."""
    groups: dict[str, list[Alias]] = {}
    for alias in aliases:
        groups.setdefault(alias.language, []).append(alias)
    return [(code, language_name(code), members) for code, members in groups.items()]


def _comparable(text: str) -> str:
    """Words only, case-folded: how a reader tells two passages say the same thing."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def standfirst(summary: str, text: str) -> str:
    """The summary to show above the story, or "" when it only repeats the story's opening:
    an imported summary is the lead's sentences (after a dateline, across paragraphs)."""
    summary = (summary or "").strip()
    said = _comparable(summary.rstrip(".…"))
    if not said:
        return ""
    opening = _comparable((text or "")[: len(summary) * 2 + 200])
    return "" if said in opening else summary


class HomeView(TemplateView):
    template_name = "home.html"
    latest = 10
    top_entities = 12

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = LiveStories(None, timezone.now(), make=story_card_objects)[
            : self.latest
        ]
        context["top_entities"] = most_mentioned_entities(self.top_entities)
        return context


class ArticleListView(ListView):
    """Published stories, newest first, filtered by `ReaderArticleFilter`; with `q`, the search
    results, most relevant first (`sort=newest` for newest first), their matches highlighted.

    Invalid filters (a malformed date, an unknown entity or source) show their errors and no
    stories: a silently ignored filter would show stories the reader did not ask for.
    """

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = STORIES_PER_PAGE
    suggested_entities = 5
    named_entities = 3  # cards above the results for the entities a query names
    picker_entities = 500  # names the entity picker offers (those with stories, by name)

    def get_queryset(self):
        self.filterset = ReaderArticleFilter(
            self.request.GET,
            # All stories: the filterset keeps to those readers may see (filter_queryset).
            queryset=Article.objects.latest_first().with_cards(),
            request=self.request,
        )
        if self.request.GET.keys() <= {"page"}:
            # The plain newest-first list, the one most read: cards from rows (articles.reads).
            return LiveStories(None, timezone.now(), make=story_card_objects)
        if not self.filterset.is_valid():
            return self.filterset.queryset.none()
        stories = self.filterset.qs
        self.search = getattr(self.filterset, "search", None)
        self.sort = "newest" if self.request.GET.get("sort") == "newest" else "relevance"
        if self.search is not None and self.sort == "newest":
            stories = stories.latest_first()
        return stories

    def get_active_entities(self) -> list[tuple[Entity, list[str]]]:
        """Each entity filtered on, with the slugs left when it is removed."""
        form = self.filterset.form
        form.is_valid()  # cleans every field; a valid entity list is shown beside other errors
        entities = list(form.cleaned_data.get("entity") or [])
        slugs = [e.slug for e in entities]
        entity_names.expect(slugs)
        return [(e, [s for s in slugs if s != e.slug]) for e in entities]

    def get_active_filters(self) -> list[dict]:
        """The valid filters other than the search words and entities, as the reader reads them:
        a phrase for the result line ("in Russian") and the address without that filter."""
        form = self.filterset.form
        form.is_valid()
        cleaned = form.cleaned_data
        described = {
            "language": lambda v: str(IN_LANGUAGE.get(v, v)),
            "source": lambda v: gettext("from %(source)s") % {"source": v.name},
            "tag": lambda v: gettext("tagged “%(tag)s”") % {"tag": v.strip()},
            "date_from": lambda v: (
                gettext("published from %(date)s") % {"date": date_format(v, "DATE_FORMAT")}
            ),
            "date_to": lambda v: (
                gettext("published until %(date)s") % {"date": date_format(v, "DATE_FORMAT")}
            ),
        }
        active = []
        for name, describe in described.items():
            value = cleaned.get(name)
            if not value or (isinstance(value, str) and not value.strip()):
                continue
            params = self.request.GET.copy()
            params.pop(name, None)
            params.pop("page", None)
            query = encode_query((k, v) for k in params for v in params.getlist(k))
            active.append({"name": name, "phrase": describe(value), "remove": f"?{query}"})
        return active

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        names = self.filterset.filters.keys()
        search_query = getattr(self, "search", None)
        if search_query is not None:
            add_snippets(context["articles"], search_query)
        entity_names.expect(
            m.entity.slug for story in context["articles"] for m in story.confirmed_mentions
        )
        context.update(
            filterset=self.filterset,
            form=self.filterset.form,
            active_entities=self.get_active_entities(),
            active_filters=self.get_active_filters(),
            is_filtered=any(v.strip() for n in names for v in self.request.GET.getlist(n)),
            search=search_query,
            sort=getattr(self, "sort", "relevance"),
            other_filters=any(
                v.strip() for n in names if n != "q" for v in self.request.GET.getlist(n)
            ),
        )
        if search_query is not None and not context["paginator"].count:
            context["suggested_entities"] = self.get_suggested_entities(search_query)
        if search_query and context["page_obj"].number == 1:
            context["named_entities"] = self.get_named_entities(search_query)
        context["header_query"] = search_query.text if search_query is not None else ""
        picker = self.filterset.form.fields["entity"].widget
        picker.options = self.get_picker_options()
        return context

    def get_named_entities(self, search_query) -> list[Entity]:
        """The entities the query names (a name, a phrase, an alternative; not an exclusion),
        with their story counts, most stories first: one query, whatever the page size."""
        if not search_query.entity_ids:
            return []
        entities = with_story_counts(Entity.objects.filter(pk__in=search_query.entity_ids))
        named = list(entities.order_by("-story_count", "name")[: self.named_entities])
        entity_names.expect(e.slug for e in named)
        return named

    def get_picker_options(self) -> list[tuple[str, str]]:
        """(slug, name) of the entities with published stories, by their names in the page's
        language (read with the page's other names, `entities.names`): the picker's list."""
        with_stories = Exists(Mention.objects.public().filter(entity=OuterRef("pk")))
        entities = Entity.objects.filter(with_stories).order_by("name", "pk")
        rows = list(entities.values_list("slug", "name")[: self.picker_entities])
        entity_names.expect(slug for slug, _name in rows)
        options = [(slug, local_name(slug, name)) for slug, name in rows]
        return sorted(options, key=lambda option: option[1].casefold())

    def get_suggested_entities(self, search_query) -> list[Entity]:
        """Entities the query names that have published stories, for a search that found
        nothing (other filters may have excluded them): their pages list those stories."""
        named = Q(pk__in=search_query.entity_ids)
        if search_query:
            named |= Q(pk__in=Entity.objects.search(search_query.text).values("pk"))
        with_stories = Exists(Mention.objects.public().filter(entity=OuterRef("pk")))
        entities = list(
            Entity.objects.filter(named, with_stories).order_by("name")[: self.suggested_entities]
        )
        entity_names.expect(e.slug for e in entities)
        return entities


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().with_cards(full_mentions=True).with_tags()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        mentions = article.confirmed_mentions
        entity_names.expect(m.entity.slug for m in mentions)
        # Stored bodies are sanitised already; cleaning again (kept per body text) means no
        # stored HTML reaches a reader unchecked.
        body = stored_body_html(article.body, article.text, article.body_seal)
        context.update(
            # The story's own page is its one canonical page, in every language's hreflang.
            canonical_language=site_language(article.language) or settings.LANGUAGE_CODE,
            standfirst=standfirst(article.summary, article.text),
            body_html=link_mentions(body, mentions),
            entity_groups=group_by_kind(m.entity for m in mentions),
            related=related_stories(article, (m.entity_id for m in mentions)),
            canonical_url=self.request.build_absolute_uri(article.canonical_path()),
            open_graph=seo.meta_tags(
                seo.article_open_graph(
                    article,
                    url=self.request.build_absolute_uri(article.canonical_path()),
                    site_name=settings.SITE_NAME,
                )
            ),
            json_ld=seo.json_ld_script(
                seo.news_article(
                    article, absolute=self.request.build_absolute_uri, site_name=settings.SITE_NAME
                )
            ),
        )
        return context


class EntityListWithStoryCountsView(entity_views.EntityListView):
    """The directory of people, organizations and places: by default only those with
    published stories, most stories first; `all=1` lists every entity (those without stories
    last, by name). Kinds are tabs (`kind`), with the counts each would show."""

    def show_all(self) -> bool:
        return self.request.GET.get("all") == "1"

    def get_queryset(self):
        if self.get_filterset().errors:
            return Entity.objects.none()
        entities = with_story_counts(self.get_filterset().qs)
        if not self.show_all():
            entities = entities.filter(story_count__gt=0)
        return entities.order_by("-story_count", "name", "pk")

    def get_kind_counts(self) -> list[dict]:
        """Each kind with how many entities the tab lists, and how many there are in all
        (with no story too): one grouped query."""
        filterset = self.get_filterset()
        matching = Entity.objects.none() if "q" in filterset.errors else Entity.objects.all()
        if query := self.get_cleaned("q"):
            matching = filterset.filter_q(matching, "q", query)
        with_stories = Exists(Mention.objects.public().filter(entity=OuterRef("pk")))
        rows = (
            matching.order_by()
            .values("kind")
            .annotate(every=Count("pk"), listed=Count("pk", filter=Q(with_stories)))
        )
        counts = {row["kind"]: row for row in rows}
        key = "every" if self.show_all() else "listed"
        return [
            {
                "value": value,
                "label": label,
                "count": counts.get(value, {}).get(key, 0),
                "every": counts.get(value, {}).get("every", 0),
            }
            for value, label in entity_views.KIND_HEADINGS.items()
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kinds = context["kinds"]
        shown = [k for k in kinds if not context["kind"] or k["value"] == context["kind"]]
        context.update(
            show_all=self.show_all(),
            every_total=sum(k["every"] for k in shown),
            listed_total=sum(k["count"] for k in shown),
            kind_labels={k["value"]: k["label"] for k in kinds},
        )
        entity_names.expect(e.slug for e in context["entities"])
        return context


class EntityDetailView(DetailView):
    """An entity, its names and roles, and the published stories confirmed to mention it."""

    model = Entity
    template_name = "entities/entity_detail.html"
    context_object_name = "entity"

    def get_queryset(self):
        return with_story_counts(Entity.objects.prefetch_related("aliases"))

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A merged-away entity's old address moves permanently to the entity it became.
            moved = EntityRedirect.objects.select_related("entity").filter(old_slug=kwargs["slug"])
            if target := moved.first():
                return redirect(target.entity, permanent=True)
            raise

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entity = self.object
        stories = LiveStories(
            entity.pk, timezone.now(), make=story_card_objects, count=entity.story_count
        )
        page = paginate(self.request, stories)
        roles = list(
            Role.objects.filter(Q(person=entity) | Q(organization=entity)).select_related(
                "person", "organization"
            )
        )
        entity_names.expect(
            [entity.slug]
            + [r.organization.slug for r in roles if r.organization_id and r.person_id == entity.pk]
            + [r.person.slug for r in roles if r.organization_id == entity.pk]
        )
        context.update(
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            articles=page.object_list,
            alias_groups=group_aliases(entity.public_aliases()),
            kind_heading=entity_views.KIND_HEADINGS.get(entity.kind, entity.get_kind_display()),
            roles=[r for r in roles if r.person_id == entity.pk],
            positions=[r for r in roles if r.organization_id == entity.pk],
        )
        if entity.story_count:
            context.update(self.get_charts(entity))
        return context

    def get_charts(self, entity: Entity) -> dict:
        """The timeline and the entities it appears with, as pictures and as tables: 2 queries."""
        timeline = charts.time_buckets(monthly_story_counts(entity))
        partners = [
            charts.Partner(
                name=local_name(row["entity__slug"], row["entity__name"]),
                kind=str(KIND_WORDS.get(row["entity__kind"], row["entity__kind"])),
                url=reverse("entity-detail", args=[row["entity__slug"]]),
                count=row["shared"],
            )
            for row in cooccurring_entities(entity, limit=APPEARS_WITH)
        ]
        name = entity_name(entity)
        return {
            "timeline": timeline,
            "timeline_title": TIMELINE_TITLES[timeline.unit] % {"name": name},
            "timeline_unit_heading": UNIT_HEADINGS[timeline.unit],
            "timeline_chart": charts.render_timeline(
                timeline,
                id_prefix="timeline-chart",
                title=TIMELINE_TITLES[timeline.unit] % {"name": name},
            ),
            "undated_count": entity.story_count - timeline.total,
            "partners": partners,
            "partners_chart": charts.render_partners(
                partners,
                id_prefix="partners-chart",
                title=gettext(
                    "People, organizations and places that appear with %(name)s, by stories shared"
                )
                % {"name": name},
            ),
        }
