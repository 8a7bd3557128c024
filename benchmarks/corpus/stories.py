"""Stories: each one's state, its entities drawn by Zipf-like popularity, and its text, from
the seed and its number alone (`StoryMaker.story`), so any story can be rebuilt by itself."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from articles import search
from articles.models import ArticleStatus, MentionStatus
from benchmarks.corpus import vocab
from benchmarks.corpus.entities import EntitySpec, latin
from benchmarks.corpus.prose import FILLERS, SentenceWriter

T = TypeVar("T")

SCHEDULED = "scheduled"  # published, with a publish time still to come
# Shares of the stories in each state; published takes the rest (about 92%).
STATUS_SHARES = {
    SCHEDULED: 0.005,
    ArticleStatus.DRAFT: 0.03,
    ArticleStatus.REVIEW: 0.02,
    ArticleStatus.ARCHIVED: 0.025,
}
RUSSIAN_SHARE = 0.3
UNDATED_SHARE = 0.01
TAGGED_SHARE = 0.35
YEARS = 6
MENTIONS_PER_STORY = (6, 14)  # distinct entities, uniformly: about 10 on average
# Zipf-Mandelbrot weights 1 / (rank + OFFSET) ** EXPONENT. With an exponent of 1 the offset sets
# the head: 2.9 puts the most popular of 20,000 entities in a third of 100,000 stories, and in
# about 26,000 public ones (confirmed, live: what docs/benchmarks.md's popular-entity list reads),
# with a long tail in which most entities have a few stories.
ZIPF_EXPONENT = 1.0
ZIPF_OFFSET = 2.9


# --- Statuses and popularity --------------------------------------------------------------


def make_statuses(count: int, *, seed: int = 1) -> list[str]:
    """Each story's state, in exact shares (at least one of each once there are enough stories),
    in a seeded random order. `SCHEDULED` is published with a publish time still to come."""
    statuses: list[str] = []
    for status, share in STATUS_SHARES.items():
        statuses += [status] * max(1 if count >= 10 else 0, round(count * share))
    statuses = statuses[:count]
    statuses += [ArticleStatus.PUBLISHED] * (count - len(statuses))
    random.Random(f"{seed}:statuses").shuffle(statuses)
    return statuses


def zipf_cum_weights(count: int) -> list[float]:
    """Cumulative Zipf-Mandelbrot weights of `count` ranks, for `random.choices`."""
    return list(
        itertools.accumulate(1 / (rank + ZIPF_OFFSET) ** ZIPF_EXPONENT for rank in range(count))
    )


# --- Stories -----------------------------------------------------------------------------


@dataclass
class MentionSpec:
    entity: int  # index into the entity list
    status: str
    surface_forms: list[str]
    spans: list[list[int]]
    confidence: float


@dataclass
class StorySpec:
    title: str
    summary: str
    text: str
    language: str
    source: int  # index into vocab.SOURCES
    byline: str
    dateline: str
    published: dt.date | None
    status: str
    publish_at: dt.datetime | None
    created: dt.datetime
    updated: dt.datetime
    first_published_at: dt.datetime | None
    version: int
    tags: list[str]
    mentions: list[MentionSpec]
    stems: str = ""  # the text's search-index words (`search.index_text`), when asked for


def _weighted(items: Sequence[T], weight: Callable[[T], int]) -> tuple[list[T], list[int]]:
    """The items of positive weight, and their cumulative weights for `random.choices`."""
    kept = [item for item in items if weight(item) > 0]
    return kept, list(itertools.accumulate(weight(item) for item in kept))


class StoryMaker:
    """Writes story number `i` from the seed alone, in the state it is given."""

    def __init__(
        self,
        entities: Sequence[EntitySpec],
        *,
        seed: int = 1,
        today: dt.date,
        now: dt.datetime,
        stems: bool = False,
    ) -> None:
        self.entities = entities
        self.stems = stems  # also give each story's `search.index_text`, sentence by sentence
        self.seed = seed
        self.today = today
        self.now = now
        self.midnight = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
        self.cum_weights = zipf_cum_weights(len(entities))
        self.population = range(len(entities))
        self.sources = {
            "en": _weighted(vocab.SOURCES, lambda source: source.weight_en),
            "ru": _weighted(vocab.SOURCES, lambda source: source.weight_ru),
        }
        self.source_numbers = {source: n for n, source in enumerate(vocab.SOURCES)}
        self.datelines = _weighted(vocab.DATELINES, lambda dateline: dateline.weight)
        rng = random.Random(f"{seed}:bylines")
        self.bylines = []
        for _ in range(120):
            female = rng.random() < 0.45
            first = rng.choice(vocab.FEMALE_NAMES if female else vocab.MALE_NAMES)
            stem = rng.choice(vocab.SURNAME_STEMS)
            surname = stem + ("ев" if stem[-1] in "аеиоуыэюяйь" else "ов") + ("а" if female else "")
            self.bylines.append((f"{latin(first)} {latin(surname)}", f"{first} {surname}"))
        self.tag_weights = list(itertools.accumulate(1 / (i + 2) for i in range(len(vocab.TAGS))))
        self.fillers = {language: self._filler_pool(language) for language in ("en", "ru")}
        self.filler_stems = {
            sentence: search.index_text(sentence)
            for pool in (self.fillers.values() if stems else ())
            for sentences in pool
            for sentence in sentences
        }

    def _filler_pool(self, language: str) -> list[list[str]]:
        """Per topic, sentences without names about it. Rendered once: a story then takes
        its filler by choice, which is most of its length at a fraction of the cost."""
        rng = random.Random(f"{self.seed}:filler:{language}")
        writer = SentenceWriter(self, rng, language)
        templates = vocab.RU_FILLER if language == "ru" else vocab.EN_FILLER
        pool = []
        for topic in range(len(vocab.TOPICS)):
            writer.topics = [topic]
            pool.append([writer.render(rng.choice(templates), {})[0] for _ in range(FILLERS)])
        return pool

    def story(self, index: int, status: str) -> StorySpec:
        rng = random.Random(f"{self.seed}:story:{index}")
        language = "ru" if rng.random() < RUSSIAN_SHARE else "en"
        picks = self._pick_entities(rng)
        dates = self._dates(rng, status)
        sources, weights = self.sources[language]
        source = rng.choices(sources, cum_weights=weights)[0]
        cities, city_weights = self.datelines
        city = rng.choices(cities, cum_weights=city_weights)[0]
        writer = SentenceWriter(self, rng, language)
        title = writer.title(picks)
        credit = source.credit_ru if writer.ru else source.credit_en
        text, marks, summary, stems = writer.body(
            picks, credit=credit, city=city, date=dates["published"]
        )
        byline = rng.choice(self.bylines)[language == "ru"] if rng.random() < 0.65 else ""
        tags = []
        if rng.random() < TAGGED_SHARE:
            drawn = rng.choices(vocab.TAGS, cum_weights=self.tag_weights, k=rng.randint(1, 3))
            tags = list(dict.fromkeys(drawn))
        return StorySpec(
            title=title,
            summary=summary,
            text=text,
            language=language,
            source=self.source_numbers[source],
            byline=byline,
            dateline=(city.city_ru if writer.ru else city.city_en) if rng.random() < 0.85 else "",
            status=ArticleStatus.PUBLISHED if status == SCHEDULED else status,
            tags=tags,
            mentions=self._mentions(rng, status, picks, marks),
            stems=stems,
            **dates,
        )

    def _pick_entities(self, rng: random.Random) -> list[int]:
        wanted = rng.randint(*MENTIONS_PER_STORY)
        picked: dict[int, None] = {}
        while len(picked) < wanted:
            for entity in rng.choices(self.population, cum_weights=self.cum_weights, k=wanted):
                picked.setdefault(entity)
                if len(picked) == wanted:
                    break
        return list(picked)

    def _dates(self, rng: random.Random, status: str) -> dict:
        span = YEARS * 365
        publish_at = None
        if status == SCHEDULED:
            # From tomorrow on, so the story is still to come whenever today it is generated.
            publish_at = self.midnight + dt.timedelta(
                days=1 + rng.randint(0, 13), minutes=15 * rng.randint(24, 80)
            )
            published = publish_at.date()
            created = self.midnight - dt.timedelta(minutes=rng.randint(60, 5 * 1440))
        else:
            if status in (ArticleStatus.DRAFT, ArticleStatus.REVIEW):
                days = rng.randint(0, 30)
            elif status == ArticleStatus.ARCHIVED:
                days = int(span * (0.3 + 0.7 * rng.random()))
            else:
                days = int(span * rng.random() ** 1.25)  # more stories in recent years
            published = self.today - dt.timedelta(days=days)
            created = dt.datetime.combine(published, dt.time(), tzinfo=dt.UTC) + dt.timedelta(
                minutes=rng.randint(5 * 60, 20 * 60)
            )
            if rng.random() < UNDATED_SHARE:
                published = None
        created = min(created, self.now)
        later = rng.randint(1, 120) if rng.random() < 0.7 else rng.randint(120, 30 * 1440)
        updated = min(created + dt.timedelta(minutes=later), self.now)
        first_published_at = None
        if status in (ArticleStatus.PUBLISHED, ArticleStatus.ARCHIVED, SCHEDULED):
            first_published_at = created + (updated - created) * rng.random()
            if status == ArticleStatus.PUBLISHED and rng.random() < 0.02:
                publish_at = first_published_at  # was scheduled, and went live then
        version = 1 if rng.random() < 0.7 else rng.randint(2, 4)
        return {
            "published": published,
            "publish_at": publish_at,
            "created": created,
            "updated": updated,
            "first_published_at": first_published_at,
            "version": version,
        }

    def _mentions(
        self, rng: random.Random, status: str, picks: list[int], marks: dict[int, list]
    ) -> list[MentionSpec]:
        editorial = status in (ArticleStatus.DRAFT, ArticleStatus.REVIEW)
        confirmed, suggested = (0.45, 0.9) if editorial else (0.88, 0.95)
        mentions = []
        for entity in picks:
            found = marks[entity]
            roll = rng.random()
            if roll < confirmed:
                state, confidence = MentionStatus.CONFIRMED, rng.uniform(0.8, 1.0)
            elif roll < suggested:
                state, confidence = MentionStatus.SUGGESTED, rng.uniform(0.5, 0.95)
            else:
                state, confidence = MentionStatus.REJECTED, rng.uniform(0.3, 0.8)
            mentions.append(
                MentionSpec(
                    entity=entity,
                    status=state,
                    surface_forms=list(dict.fromkeys(form for form, _, _ in found)),
                    spans=[[start, end] for _, start, end in found],
                    confidence=round(confidence, 3),
                )
            )
        return mentions
