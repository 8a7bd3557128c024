"""Linking speed: building the automaton for a large gazetteer, then linking one story.

usage: python benchmarks/linking_bench.py [--aliases 50000] [--runs 200]

The gazetteer is synthetic: person names (given name + surname, Latin and Cyrillic, several
aliases each), organisations and places made of syllables, so keys collide the way real ones do.
The story is seed stories 1 and 4 (English and Russian), about 3,000 characters.
Targets (issue 4): build for 50,000 aliases < 5 s; link a 3,000-character story < 5 ms.
"""

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from entities.linking import GazetteerEntry, Linker  # noqa: E402
from entities.linking.morphology import stem  # noqa: E402
from entities.linking.normalize import normalize_word  # noqa: E402
from entities.linking.translit import skeleton, to_latin  # noqa: E402

SYLLABLES = [
    "ба", "ка", "ма", "на", "ра", "са", "та", "за", "ла", "да", "ги", "би", "ки", "ми", "ни",
    "ту", "ру", "су", "ку", "бек", "тан", "жан", "ер", "ов", "ев", "ин",
]  # fmt: skip


def word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def gazetteer(size: int, seed: int = 11) -> list[GazetteerEntry]:
    rng = random.Random(seed)
    entries: list[GazetteerEntry] = []
    entity_id = 0
    while len(entries) < size:
        entity_id += 1
        if entity_id % 3:
            given, surname = word(rng, 2), word(rng, 3) + rng.choice(["ов", "ев", "ин"])
            cyrillic = f"{given} {surname}"
            latin = to_latin(cyrillic.lower()).title()
            names = [latin, cyrillic, latin.split()[-1], surname]
            entries += [GazetteerEntry(entity_id, "person", n) for n in names]
        else:
            kind = rng.choice(["organization", "place", "event"])
            name = " ".join(word(rng, rng.randint(2, 3)) for _ in range(rng.randint(1, 4)))
            entries += [
                GazetteerEntry(entity_id, kind, to_latin(name.lower()).title()),
                GazetteerEntry(entity_id, kind, name, "ru"),
            ]
    return entries[:size]


def story() -> tuple[str, str]:
    rows = json.loads((ROOT / "fixtures" / "seed.json").read_text())
    texts = {r["pk"]: r["fields"]["text"] for r in rows if r["model"] == "articles.article"}
    return texts[1] + "\n\n" + texts[4][:1000], "en"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aliases", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    entries = gazetteer(args.aliases)
    start, cpu = time.perf_counter(), time.process_time()
    linker = Linker.build(entries)
    build, build_cpu = time.perf_counter() - start, time.process_time() - cpu

    text, language = story()
    linker.link(text, language=language)  # warm-up
    times, cpu_times = [], []
    for _ in range(args.runs):
        start, cpu = time.perf_counter(), time.process_time()
        suggestions = linker.link(text, language=language)
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu)

    cold = []
    for _ in range(20):  # word caches empty: the first story after a restart
        for cached in (stem, skeleton, normalize_word):
            cached.cache_clear()
        start = time.perf_counter()
        linker.link(text, language=language)
        cold.append(time.perf_counter() - start)

    def ms(values: list[float], q: float) -> str:
        return f"{sorted(values)[min(len(values) - 1, int(len(values) * q))] * 1000:.2f} ms"

    print(f"aliases:        {len(entries):,} ({len(linker._matcher._automaton):,} patterns)")
    print(f"build:          {build:.2f} s, {build_cpu:.2f} s CPU (target < 5 s)")
    print(f"story:          {len(text):,} characters, {len(suggestions)} suggestions")
    print(f"link p50:       {ms(times, 0.5)}, {ms(cpu_times, 0.5)} CPU (target < 5 ms)")
    print(f"link p95:       {ms(times, 0.95)}, {ms(cpu_times, 0.95)} CPU")
    print(f"link (cold):    {statistics.median(cold) * 1000:.2f} ms (empty word caches)")


if __name__ == "__main__":
    main()
