"""Import throughput and memory: parsing alone, then the full import, of generated stories.

usage: python benchmarks/import_bench.py [--stories 10000] [--database-url URL]

Stories are the five seed documents with their numbers and names varied, so every one is new
(distinct content hash) but reads like the wire. The full import runs in a fresh SQLite file
in a temporary folder unless --database-url names another (empty) database, with the starter
knowledge base loaded so that every import is also linked.
Targets (issue 3): parsing >= 1,000 stories/s on one core; import >= 200 stories/s; RSS < 300 MB.
"""

import argparse
import io
import os
import random
import resource
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from articles.importing import import_paths
    from articles.ingest import parse_document
    from articles.models import Article

    call_command("migrate", verbosity=0)
    if Article.objects.exists():
        sys.exit("the benchmark database must be empty")
    # Imports link every story, so link against the real starter knowledge base.
    call_command("load_knowledge_base", verbosity=0, stdout=io.StringIO())
    stories = variants(args.stories)

    start = time.perf_counter()
    for data in stories:
        parse_document(data)
    parse_rate = len(stories) / (time.perf_counter() - start)

    folder = workdir / "wire"
    folder.mkdir()
    paths = []
    for i, data in enumerate(stories):
        paths.append(folder / f"{i:05d}.txt")
        paths[-1].write_bytes(data)
    jobs = os.cpu_count() or 1
    start = time.perf_counter()
    statuses = {"imported": 0, "duplicate": 0, "failed": 0}
    for result in import_paths(paths, jobs=jobs):
        statuses[result.status] += 1
    import_rate = len(stories) / (time.perf_counter() - start)

    print(f"stories:         {len(stories)} ({statuses})")
    print(f"parse only:      {parse_rate:,.0f} stories/s (target >= 1,000)")
    print(f"full import:     {import_rate:,.0f} stories/s, {jobs} jobs (target >= 200)")
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"peak RSS:        {peak_rss_mb():,.0f} MB, largest worker {workers:,.0f} MB (target < 300)"
    )


if __name__ == "__main__":
    main()
