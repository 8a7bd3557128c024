"""Import throughput and memory: parsing alone, then the full import, of generated stories.

usage: python benchmarks/import_bench.py [--stories 10000] [--database-url URL] [--aliases N]

Stories are the five seed documents with their numbers and names varied, so every one is new
(distinct content hash) but reads like the wire. The full import runs in a fresh SQLite file
in a temporary folder unless --database-url names another (empty) database, with the starter
knowledge base loaded so that every import is also linked; `--aliases 50000` adds synthetic
entities (benchmarks/linking_bench.py's gazetteer) until the knowledge base holds that many names.
The import runs as in production (DJANGO_DEBUG=0 unless set: no query log).

Besides the wall-clock rate it reports CPU time a story: the writing process, the parsing and
linking workers and, when the database is a PostgreSQL server on this machine, its backend.
On a shared machine those move far less than the rate does; the CPU-bound rate is what the
machine's cores would give with nothing else running (the writer and its backend take turns,
one story at a time; everything shares the cores).
Targets (issue 3, 17): parsing >= 1,000 stories/s on one core; import >= 200 stories/s with
linking; linking < 5 ms a story at 50,000 aliases; RSS < 300 MB.
"""

import argparse
import io
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seed_documents"
WORDS = ["regional", "bilateral", "economic", "cultural", "strategic", "parliamentary", "digital"]


def variants(count: int, seed: int = 7) -> list[bytes]:
    rng = random.Random(seed)
    originals = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    stories = []
    for i in range(count):
        text = originals[i % len(originals)]
        text = text.replace("cooperation", f"{rng.choice(WORDS)} cooperation", 2)
        text = text.replace("сотрудничества", f"сотрудничества №{i}", 1)
        stories.append(f"{text}\n\nReference {i}-{rng.randrange(10**9)}.\n".encode())
    return stories


def peak_rss_mb() -> float:
    """This process's peak RSS since it started this program.

    VmHWM where Linux has it: `ru_maxrss` survives exec(), so a benchmark started by a large
    parent (make bench's, which has read the corpus through mmap) reported the parent's size.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def grow_knowledge_base(aliases: int) -> None:
    """Synthetic entities and aliases until the knowledge base holds `aliases` names."""
    from benchmarks.linking_bench import gazetteer
    from entities.gazetteer import forget_linker
    from entities.models import Alias, Entity, normalize_name

    have = Entity.objects.count() + Alias.objects.count()
    by_entity: dict[int, list] = {}
    for entry in gazetteer(max(0, aliases - have)):
        by_entity.setdefault(entry.entity_id, []).append(entry)
    entities = Entity.objects.bulk_create(
        Entity(kind=rows[0].kind, name=rows[0].name, slug=f"bench-{key}")
        for key, rows in by_entity.items()
    )
    Alias.objects.bulk_create(
        (
            Alias(
                entity=entity,
                name=row.name,
                language=row.language,
                normalized=normalize_name(row.name),
            )
            for entity, rows in zip(entities, by_entity.values(), strict=True)
            for row in {r.name: r for r in rows[1:] if r.name != rows[0].name}.values()
        ),
        batch_size=2000,
    )
    forget_linker()


def backend_cpu() -> float | None:
    """CPU seconds of this connection's PostgreSQL backend, when it runs on this machine."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--aliases", type=int, default=0, help="grow the knowledge base to this")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from articles.importing import import_paths, prepare
    from articles.ingest import parse_document
    from articles.models import Article
    from entities.gazetteer import current_linker
    from entities.models import Alias, Entity

    call_command("migrate", verbosity=0)
    if Article.objects.exists():
        sys.exit("the benchmark database must be empty")
    # Imports link every story, so link against the real starter knowledge base.
    call_command("load_knowledge_base", verbosity=0, stdout=io.StringIO())
    if args.aliases:
        grow_knowledge_base(args.aliases)
    names = Entity.objects.count() + Alias.objects.count()
    stories = variants(args.stories)

    start = time.perf_counter()
    for data in stories:
        parse_document(data)
    parse_rate = len(stories) / (time.perf_counter() - start)

    # What each worker does for a story (parse, sanitise, link), the linking timed alone.
    start = time.perf_counter()
    linker = current_linker()
    build = time.perf_counter() - start
    link_times = []
    for data in stories[:500]:
        prepared = prepare(data, linker)
        parsed = prepared.parsed
        start = time.process_time()
        linker.link(prepared.text, language=parsed.language, published=parsed.published)
        link_times.append(time.process_time() - start)
    link_times.sort()

    folder = workdir / "wire"
    folder.mkdir()
    paths = []
    for i, data in enumerate(stories):
        paths.append(folder / f"{i:05d}.txt")
        paths[-1].write_bytes(data)
    jobs = args.jobs
    statuses = {"imported": 0, "duplicate": 0, "failed": 0}
    backend_before, children_before = backend_cpu(), children_cpu()
    cpu_start, start = time.process_time(), time.perf_counter()
    for result in import_paths(paths, jobs=jobs, async_commit=True):
        statuses[result.status] += 1
    wall = time.perf_counter() - start
    writer = time.process_time() - cpu_start
    workers = children_cpu() - children_before  # the pool is closed: its workers are counted
    backend_after = backend_cpu()
    backend = backend_after - backend_before if backend_after is not None else None
    import_rate = len(stories) / wall
    n = len(stories)
    serial = writer + (backend or 0.0)  # the writer waits for its backend's answers
    cores = os.cpu_count() or 1
    bound = n / max(serial, (serial + workers) / cores)

    def ms(seconds: float) -> str:
        return f"{seconds / n * 1000:.2f} ms"

    print(f"stories:         {n} ({statuses})")
    print(f"knowledge base:  {names:,} names (entities and aliases); linker built in {build:.2f} s")
    print(f"parse only:      {parse_rate:,.0f} stories/s (target >= 1,000)")
    print(
        f"link a story:    p50 {statistics.median(link_times) * 1000:.2f} ms, "
        f"p95 {link_times[int(len(link_times) * 0.95)] * 1000:.2f} ms CPU (target < 5 ms)"
    )
    print(f"full import:     {import_rate:,.0f} stories/s, {jobs} jobs (target >= 200)")
    print(
        f"CPU a story:     writer {ms(writer)}, workers {ms(workers)}"
        + (f", database backend {ms(backend)}" if backend is not None else "")
    )
    print(f"CPU-bound rate:  {bound:,.0f} stories/s on {cores} idle cores")
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"peak RSS:        {peak_rss_mb():,.0f} MB, largest worker {workers:,.0f} MB (target < 300)"
    )


if __name__ == "__main__":
    main()
