"""Newsroom against the raw baseline, side by side in one run: `make bench`.

usage: python benchmarks/http_bench.py [--duration 10] [--runs 1] [--articles 100000]
           [--entities 20000] [--seed 1] [--database-url postgres://...] [--only WORKLOAD]
           [--no-cached] [--import-stories 10000]

Builds (or reuses) the synthetic corpus: a SQLite file under .bench/ named by its size and seed,
or the PostgreSQL database `--database-url` names (reused when it already holds the corpus).
Serves it with gunicorn (newsroom/gunicorn.conf.py, 2 sync workers, DEBUG off) three times on
loopback ports: Newsroom uncached (the honest figure, used for the ratio), the baseline
(benchmarks/baseline_app.py: raw SQL, orjson, no framework), and Newsroom with its page cache
in Redis. For each workload it first checks that Newsroom and the baseline answer the same
requests with the same data, warms up, then runs `wrk -t2 -c8 --latency` over a rotating list of
paths and prints requests/s, p50 and p99 (median of --runs). Then the import benchmark
(benchmarks/import_bench.py) and the workers' peak memory. Servers are always stopped.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / ".bench"
PYTHON = sys.executable
HOST = "127.0.0.1"
WARM_UP_SECONDS = 2
CACHE_REDIS_URL = "redis://127.0.0.1:6379/3"
CORPUS_TIMEOUT = 1800  # seconds: building 100,000 stories should take under 5 minutes
IMPORT_TIMEOUT = 1800
CHECK_SAMPLE = 12  # paths per workload compared between Newsroom and the baseline

# The search workloads' words are found in from 0.1 % to 10 % of the stories: rare to common.
WORD_SHARES = (0.001, 0.1)
# Longer stop words (PostgreSQL drops them from a query; SQLite would match them).
_STOP_WORDS = (
    "about above after again against because before being below between could doing during "
    "further having other ourselves should their theirs there these those through under until "
    "where which while would yourself yourselves himself herself itself myself themselves "
    "теперь нибудь ничего потому совсем сейчас никогда наконец другой больше впрочем хорошо "
    "иногда нельзя всегда конечно между после через перед более когда только чтобы будет "
    "этого этой этом того может можно какой какая такой тогда опять"
)
STOP_WORDS = frozenset(_STOP_WORDS.split())

API_TARGET, PAGE_TARGET, FTS_P50_TARGET_MS = 0.50, 0.40, 20.0


@dataclass
class Workload:
    name: str
    kind: str  # "api", "page" or "fts"
    paths: list[str]
    compare: str = "json"  # or "html": both 200 with the same story titles


@dataclass
class Figures:
    rps: float
    p50: float  # milliseconds
    p99: float
    errors: int = 0


@dataclass
class Result:
    workload: Workload
    check: str = ""
    runs: dict[str, list[Figures]] = field(default_factory=dict)

    def median(self, server: str) -> Figures | None:
        figures = self.runs.get(server)
        if not figures:
            return None
        return Figures(
            statistics.median(f.rps for f in figures),
            statistics.median(f.p50 for f in figures),
            statistics.median(f.p99 for f in figures),
            sum(f.errors for f in figures),
        )


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# The corpus


def manage(*args: str, database_url: str, timeout: int) -> None:
    """`manage.py` with the development-only corpus app installed (NEWSROOM_BENCHMARKS), for
    `generate_corpus`; the servers measured run without it, as the product does."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_LOG_LEVEL": "WARNING",
        "NEWSROOM_BENCHMARKS": "1",
    }
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=timeout)


def corpus_args(args) -> list[str]:
    return [
        "generate_corpus",
        "--articles",
        str(args.articles),
        "--entities",
        str(args.entities),
        "--seed",
        str(args.seed),
    ]


def sqlite_corpus(args) -> str:
    """The corpus's SQLite file, built once per size and seed and migrated on every run."""
    BENCH_DIR.mkdir(exist_ok=True)
    path = BENCH_DIR / f"corpus-{args.articles}-{args.entities}-{args.seed}.sqlite3"
    if not path.exists():
        building = path.with_suffix(".building")
        for stale in BENCH_DIR.glob(building.name + "*"):
            stale.unlink()
        url = f"sqlite:///{building}"
        log(f"building the corpus in {path.relative_to(ROOT)} (a few minutes, once)")
        started = time.perf_counter()
        manage("migrate", "--noinput", "-v0", database_url=url, timeout=600)
        manage(*corpus_args(args), database_url=url, timeout=CORPUS_TIMEOUT)
        with contextlib.closing(sqlite3.connect(building)) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        building.rename(path)
        log(f"corpus built in {time.perf_counter() - started:.0f} s")
    url = f"sqlite:///{path}"
    manage("migrate", "--noinput", "-v0", database_url=url, timeout=600)
    # Statistics for the query planner, new indexes included (sampled: a second or two).
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA analysis_limit = 1000")
        db.execute("ANALYZE")
    return url


def postgres_corpus(args) -> str:
    """The PostgreSQL database named by --database-url, created and filled when empty."""
    import psycopg

    url = args.database_url
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            db.execute(f'CREATE DATABASE "{name}"')
    manage("migrate", "--noinput", "-v0", database_url=url, timeout=600)
    with psycopg.connect(url) as db:
        stories = db.execute("SELECT COUNT(*) FROM articles_article").fetchone()[0]
    if stories == 0:
        log(f"building the corpus in database {name} (a few minutes, once)")
        manage(*corpus_args(args), database_url=url, timeout=CORPUS_TIMEOUT)
    elif stories != args.articles:
        sys.exit(
            f"database {name} holds {stories} stories, not {args.articles}: "
            "give an empty database, or the same --articles"
        )
    with psycopg.connect(url, autocommit=True) as db:
        # Statistics, and the visibility map that lets index-only scans skip the table.
        db.execute("VACUUM ANALYZE")
    return url


# What the workloads request


def pick_paths(database_url: str, seed: int) -> tuple[list[Workload], int]:
    """The paths each workload rotates through, read from the corpus with plain SQL, and the
    number of stories."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from baseline_app import LIVE, PUBLIC_MENTION, Database, connect_url, now_param

    connect, vendor = connect_url(database_url)
    db = Database(connect(), vendor)
    now = now_param(vendor)
    rng = random.Random(seed)
    counts = db.rows(
        "SELECT e.slug, COUNT(*) FROM articles_mention m "
        f"JOIN entities_entity e ON e.id = m.entity_id WHERE {PUBLIC_MENTION} "
        "GROUP BY e.slug ORDER BY COUNT(*) DESC, e.slug",
        [now],
    )
    if not counts:
        sys.exit("the corpus has no public mentions")
    popular = [slug for slug, _ in counts[:20]]
    rare = [slug for slug, n in counts if 3 <= n <= 8] or [slug for slug, _ in counts[-50:]]
    rare = sorted(rng.sample(rare, min(50, len(rare))))
    slugs = [
        slug for (slug,) in db.rows(f"SELECT a.slug FROM articles_article a WHERE {LIVE}", [now])
    ]
    details = rng.sample(slugs, min(500, len(slugs)))
    live = db.value(f"SELECT COUNT(*) FROM articles_article a WHERE {LIVE}", [now])
    last_page = max(1, (live + 19) // 20)
    pages = [n for n in (2, 3, 5, 10, 50, 100) if n <= last_page]
    words = {language: search_words(db, language, now) for language in ("en", "ru")}

    def entity_list(slug: str) -> str:
        return f"/api/v1/articles/?entity={quote(slug)}&page_size=50"

    def search(word: str) -> str:
        return f"/api/v1/articles/?q={quote(word)}&page_size=20"

    workloads = [
        Workload("api-list-popular", "api", [entity_list(popular[0])]),
        Workload("api-list-rare", "api", [entity_list(s) for s in rare]),
        Workload("api-detail", "api", [f"/api/v1/articles/{quote(s)}/" for s in details]),
        Workload(
            "page-articles",
            "page",
            ["/articles/", *(f"/articles/?page={n}" for n in pages)],
            "html",
        ),
        Workload("page-entity", "page", [f"/entities/{quote(s)}/" for s in popular], "html"),
        Workload("fts-en", "fts", [search(w) for w in words["en"]]),
        Workload("fts-ru", "fts", [search(w) for w in words["ru"]]),
    ]
    stories = db.value("SELECT COUNT(*) FROM articles_article")
    for workload in workloads:
        if not workload.paths:
            log(f"{workload.name}: nothing in the corpus to request, left out")
    return [w for w in workloads if w.paths], stories


def search_words(db, language: str, now, count: int = 20) -> list[str]:
    """Words a reader might search the language's stories for, spread from rare to common: for
    `count` document shares log-spaced across WORD_SHARES, the word of a sample of stories
    whose share is closest. At least 5 letters, no stop word, and naming no entity (a query
    that names one also takes the knowledge base's path, not full-text search alone)."""
    from baseline_app import LIVE

    texts = db.rows(
        f"SELECT a.text FROM articles_article a WHERE a.language = %s AND {LIVE} "
        "ORDER BY a.id LIMIT 3000",
        [language, now],
    )
    if not texts:
        return []
    frequency: Counter[str] = Counter()
    for (text,) in texts:
        frequency.update(set(re.findall(r"[^\W\d_]{5,}", text.lower())))
    cyrillic = language == "ru"
    shares = [
        (n / len(texts), w)
        for w, n in frequency.items()
        if w not in STOP_WORDS and bool(re.search("[а-я]", w)) == cyrillic
    ]

    def usable(word: str) -> bool:
        if any(ids for _, ids in db.parse_query(word)[1]):
            return False
        if db.vendor == "postgresql":  # a word either configuration takes for a stop word
            return bool(db.value("SELECT numnode(articles_search_term(%s)) > 0", [word]))
        return True

    low, high = WORD_SHARES
    chosen: list[str] = []
    for i in range(count):
        target = math.log(low * (high / low) ** (i / max(1, count - 1)))
        ranked = sorted(shares, key=lambda sw: (abs(math.log(sw[0]) - target), sw[1]))
        word = next((w for _, w in ranked if w not in chosen and usable(w)), None)
        if word:
            chosen.append(word)
    return chosen


# Servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """One gunicorn (master and workers in their own process group), stopped on exit."""

    def __init__(self, name: str, app: list[str], env: dict[str, str]) -> None:
        self.name = name
        self.port = free_port()
        self.log_path = BENCH_DIR / f"{name}.log"
        self.command = [
            PYTHON,
            "-m",
            "gunicorn",
            "-c",
            str(ROOT / "newsroom" / "gunicorn.conf.py"),
            "--bind",
            f"{HOST}:{self.port}",
            *app,
        ]
        self.env = env
        self.process: subprocess.Popen | None = None

    @property
    def origin(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, probe: str) -> None:
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.log_path}")
            with contextlib.suppress(OSError):
                status, _ = fetch(self.origin + probe)
                if status:
                    return
            time.sleep(0.3)
        raise RuntimeError(f"{self.name} did not answer within 90 s; see {self.log_path}")

    def workers(self) -> list[int]:
        if self.process is None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        with contextlib.suppress(OSError):
            return [int(pid) for pid in children.read_text().split()]
        return []

    def peak_rss_mb(self) -> float:
        """The largest VmHWM (peak resident memory) among the workers."""
        peaks = []
        for pid in self.workers():
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peaks.append(int(line.split()[1]) / 1024)
        return max(peaks, default=0.0)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        self._log.close()


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    dropped = ("REDIS_URL", "NEWSROOM_PAGE_CACHE", "NEWSROOM_BENCHMARKS", "DJANGO_SETTINGS_MODULE")
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_ENV="development",
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_LOG_LEVEL="WARNING",
        # Eight clients would be throttled (120/min) at once; the baseline has no throttle.
        NEWSROOM_API_ANON_RATE="off",
        NEWSROOM_API_USER_RATE="off",
        NEWSROOM_PAGE_CACHE="0",
        # Each sync worker keeps its connection, as the baseline does.
        DJANGO_CONN_MAX_AGE="600",
        # Memory-mapped reads, as the baseline's (its VmHWM then counts mapped file pages).
        NEWSROOM_SQLITE_MMAP=str(4 * 1024**3),
        GUNICORN_WORKERS="2",
    )
    env.update(extra)
    return env


def flush_cache(url: str) -> bool:
    """Empty the benchmark's own Redis database, so no page of an older corpus is served."""
    try:
        import redis

        redis.Redis.from_url(url, socket_timeout=3).flushdb()
        return True
    except Exception as exc:  # any failure only means no cached column
        log(f"no cached run: Redis at {url} is not usable ({exc})")
        return False


# Requests


def fetch(url: str, timeout: float = 30) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


CARD_TITLE = re.compile(rb'class="card__title"><a href="[^"]*">(.*?)</a>', re.S)


def titles(body: bytes) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", t.decode())) for t in CARD_TITLE.findall(body)]


def first_difference(a, b, where: str = "") -> str:
    if type(a) is not type(b):
        return f"{where or '.'}: {a!r:.80} != {b!r:.80}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{where}.{key}: only in {'baseline' if key in b else 'newsroom'}"
            if a[key] != b[key]:
                return first_difference(a[key], b[key], f"{where}.{key}")
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return first_difference(x, y, f"{where}[{i}]")
    return f"{where or '.'}: {a!r:.80} != {b!r:.80}"


def check(workload: Workload, newsroom: Server, baseline: Server) -> str:
    """'ok', or the first difference between Newsroom's and the baseline's answers."""
    step = max(1, len(workload.paths) // CHECK_SAMPLE)
    for path in workload.paths[::step][:CHECK_SAMPLE]:
        ours, theirs = fetch(newsroom.origin + path), fetch(baseline.origin + path)
        if ours[0] != 200 or theirs[0] != 200:
            return f"{path}: status {ours[0]} (newsroom) and {theirs[0]} (baseline)"
        if workload.compare == "html":
            if titles(ours[1]) != titles(theirs[1]):
                return f"{path}: story titles differ"
            continue
        a = json.loads(ours[1].replace(newsroom.origin.encode(), b"ORIGIN"))
        b = json.loads(theirs[1].replace(baseline.origin.encode(), b"ORIGIN"))
        if a != b:
            return f"{path}: {first_difference(a, b)}"
    return "ok"


# wrk

LUA = """
local paths = {%s}
local counter = 0
function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end
function init(args)
  i = (offset * 7919) %% #paths
end
function request()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def duration_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output: str) -> Figures:
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    if not (rps and p50 and p99):
        raise RuntimeError(f"could not read wrk's output:\n{output}")
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(r"Socket errors:.*timeout (\d+)", output)
    return Figures(
        float(rps[1]),
        duration_ms(p50[1]),
        duration_ms(p99[1]),
        (int(errors[1]) if errors else 0) + (int(sockets[1]) if sockets else 0),
    )


def run_wrk(server: Server, script: Path, seconds: int) -> Figures:
    command = [
        "wrk",
        "-t2",
        "-c8",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(script),
        server.origin + "/",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    return parse_wrk(done.stdout)


def lua_script(workload: Workload, folder: Path) -> Path:
    path = folder / f"{workload.name}.lua"
    path.write_text(LUA % ", ".join(json.dumps(p) for p in workload.paths))
    return path


# Import


def import_figures(stories: int) -> dict[str, str]:
    log(f"import benchmark: {stories} stories")
    done = subprocess.run(
        [PYTHON, str(ROOT / "benchmarks" / "import_bench.py"), "--stories", str(stories)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=IMPORT_TIMEOUT,
    )
    if done.returncode != 0:
        return {"error": (done.stderr or done.stdout).strip().splitlines()[-1:][0]}
    out = done.stdout
    rate = re.search(r"full import:\s+([\d,]+) stories/s", out)
    rss = re.search(r"peak RSS:\s+([\d,]+) MB, largest worker ([\d,]+) MB", out)
    link = re.search(r"link a story:\s+(.+?) CPU", out)
    cpu = re.search(r"CPU a story:\s+(.+)", out)
    bound = re.search(r"CPU-bound rate:\s+([\d,]+) stories/s", out)
    return {
        "link": link[1] if link else "?",
        "cpu": cpu[1] if cpu else "?",
        "bound": bound[1] if bound else "?",
        "rate": rate[1] if rate else "?",
        "rss": rss[1] if rss else "?",
        "worker_rss": rss[2] if rss else "?",
    }


# Report


def verdict(workload: Workload, ours: Figures | None, ratio: float | None) -> str:
    if ours is None:
        return ""
    if workload.kind == "fts":
        ok = ours.p50 <= FTS_P50_TARGET_MS
        return f"p50 <= {FTS_P50_TARGET_MS:.0f} ms {'ok' if ok else 'MISS'}"
    target = API_TARGET if workload.kind == "api" else PAGE_TARGET
    ok = ratio is not None and ratio >= target
    return f">= {target:.2f} {'ok' if ok else 'MISS'}"


def cell(figures: Figures | None) -> str:
    if figures is None:
        return f"{'-':>7} {'-':>7} {'-':>7}"
    flag = "!" if figures.errors else " "
    return f"{figures.rps:7.0f} {figures.p50:7.1f} {figures.p99:7.1f}{flag}"


def report(results: list[Result], cached: bool) -> Iterator[str]:
    head = (
        f"{'workload':<17} | {'newsroom req/s':>14} {'p50':>7} {'p99':>7} | "
        f"{'baseline req/s':>14} {'p50':>7} {'p99':>7} | {'ratio':>5} | {'target':<20}"
    )
    if cached:
        head += f" | {'cached req/s':>12} {'p50':>7} {'p99':>7}"
    yield head
    yield "-" * len(head)
    for result in results:
        ours, theirs = result.median("newsroom"), result.median("baseline")
        ratio = ours.rps / theirs.rps if ours and theirs and theirs.rps else None
        line = (
            f"{result.workload.name:<17} | {' ' * 7}{cell(ours)} | {' ' * 7}{cell(theirs)} | "
            f"{(f'{ratio:.2f}' if ratio is not None else '-'):>5} | "
            f"{verdict(result.workload, ours, ratio):<20}"
        )
        if cached:
            line += f" | {' ' * 5}{cell(result.median('cached'))}"
        yield line
    for result in results:
        if result.check != "ok":
            yield f"  {result.workload.name}: answers differ: {result.check}"
        for server, figures in result.runs.items():
            errors = sum(f.errors for f in figures)
            if errors:
                yield f"  {result.workload.name}: {server} answered {errors} requests with errors"


FLOOR_PATHS = {
    "django-floor": "/_floor/django/",  # every middleware, a view returning a constant
    "drf-floor": "/_floor/drf/",  # the same through a DRF view with the API's settings
}


def measure_floor(database_url: str, args) -> dict[str, Figures]:
    """Requests/s of views that do nothing, served like Newsroom (`floor_settings`): what
    the framework costs before Newsroom does any work, to set the ratios against."""
    server = Server(
        "floor",
        ["--pythonpath", str(ROOT / "benchmarks"), "newsroom.wsgi:application"],
        server_env(database_url, DJANGO_SETTINGS_MODULE="floor_settings"),
    )
    figures: dict[str, Figures] = {}
    try:
        server.start(FLOOR_PATHS["django-floor"])
        with tempfile.TemporaryDirectory(prefix="newsroom-wrk-") as folder:
            for name, path in FLOOR_PATHS.items():
                script = lua_script(Workload(name, "api", [path]), Path(folder))
                run_wrk(server, script, WARM_UP_SECONDS)
                runs = [run_wrk(server, script, args.duration) for _ in range(args.runs)]
                figures[name] = sorted(runs, key=lambda f: f.rps)[len(runs) // 2]
                log(f"{name}: {cell(figures[name])}")
    finally:
        server.stop()
    return figures


def floor_report(floor: dict[str, Figures], results: list[Result]) -> Iterator[str]:
    if not floor:
        return
    yield "framework floor (views returning a constant, served as Newsroom is):"
    for name, figures in floor.items():
        shares = []
        for result in results:
            theirs = result.median("baseline")
            if result.workload.kind == "api" and theirs and theirs.rps:
                shares.append(f"{figures.rps / theirs.rps:.2f} of {result.workload.name}'s")
        yield f"  {name:<13}{cell(figures)}" + (
            f"  = {', '.join(shares)} baseline" if shares else ""
        )
    yield ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--runs", type=int, default=1, help="measurements per server (median)")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default="", help="postgres://... (default: SQLite)")
    parser.add_argument("--only", action="append", default=[], help="workload (repeatable)")
    parser.add_argument("--no-cached", action="store_true", help="skip the cached run")
    parser.add_argument("--import-stories", type=int, default=10_000, help="0 skips it")
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also measure Django's and DRF's own cost: views that return a constant",
    )
    args = parser.parse_args()

    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")
    # Stop the servers on Ctrl-C and on SIGTERM alike.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    BENCH_DIR.mkdir(exist_ok=True)
    started = time.perf_counter()

    if args.database_url.startswith(("postgres://", "postgresql://")):
        database_url = postgres_corpus(args)
    elif args.database_url:
        database_url = args.database_url  # any other ready database (e.g. a small sqlite file)
        manage("migrate", "--noinput", "-v0", database_url=database_url, timeout=600)
    else:
        database_url = sqlite_corpus(args)
    workloads, stories = pick_paths(database_url, args.seed)
    known = [w.name for w in workloads]
    if unknown := set(args.only) - set(known):
        sys.exit(f"unknown workload {', '.join(sorted(unknown))}; choose from {', '.join(known)}")
    if args.only:
        workloads = [w for w in workloads if w.name in args.only]

    servers = {
        "newsroom": Server("newsroom", ["newsroom.wsgi:application"], server_env(database_url)),
        "baseline": Server(
            "baseline",
            ["--pythonpath", str(ROOT / "benchmarks"), "baseline_app:application"],
            server_env(database_url),
        ),
    }
    cached = not args.no_cached and flush_cache(CACHE_REDIS_URL)
    if cached:
        servers["cached"] = Server(
            "cached",
            ["newsroom.wsgi:application"],
            server_env(database_url, REDIS_URL=CACHE_REDIS_URL, NEWSROOM_PAGE_CACHE="1"),
        )
    results = [Result(w) for w in workloads]
    memory: dict[str, float] = {}
    try:
        for server in servers.values():
            server.start(workloads[0].paths[0])
        with tempfile.TemporaryDirectory(prefix="newsroom-wrk-") as folder:
            for result in results:
                workload = result.workload
                result.check = check(workload, servers["newsroom"], servers["baseline"])
                log(f"{workload.name}: {len(workload.paths)} paths, answers {result.check}")
                script = lua_script(workload, Path(folder))
                for server in servers.values():
                    run_wrk(server, script, WARM_UP_SECONDS)
                for _ in range(args.runs):
                    for name, server in servers.items():
                        figures = run_wrk(server, script, args.duration)
                        result.runs.setdefault(name, []).append(figures)
                        log(f"  {name:<9}{cell(figures)}")
        memory = {name: server.peak_rss_mb() for name, server in servers.items()}
    finally:
        for server in servers.values():
            server.stop()

    floor = measure_floor(database_url, args) if args.floor else {}
    imported = import_figures(args.import_stories) if args.import_stories else {}
    vendor = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print(
        f"\nNewsroom against the raw baseline: {vendor}, {stories:,} stories; "
        "gunicorn, 2 sync workers each; "
        f"wrk -t2 -c8 -d{args.duration}s, median of {args.runs}; latency in ms\n"
    )
    for line in report(results, cached):
        print(line)
    print()
    if imported.get("error"):
        print(f"import of {args.import_stories:,} stories failed: {imported['error']}")
    elif imported:
        print(
            f"import of {args.import_stories:,} stories: {imported['rate']} stories/s, "
            f"peak RSS {imported['rss']} MB, largest worker {imported['worker_rss']} MB "
            "(target < 300 MB)"
        )
        print(
            f"  CPU a story: {imported['cpu']}; CPU-bound {imported['bound']} stories/s "
            f"(target >= 200); linking a story {imported['link']} CPU (target < 5 ms)"
        )
    for line in floor_report(floor, results):
        print(line)
    if memory:
        print(
            "gunicorn workers' peak RSS (VmHWM): "
            + ", ".join(f"{name} {mb:.0f} MB" for name, mb in memory.items())
        )
    print(f"total time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
