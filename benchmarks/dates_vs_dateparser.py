"""Story dates on the labelled corpus: the importer's rules against the `dateparser` library.

usage: python benchmarks/dates_vs_dateparser.py [--corpus fixtures/eval] [--lines 15]

A one-off measurement (docs/evaluation.md, "Dates: rules vs dateparser"), kept so it can be run
again. dateparser is not a dependency of the project: install it into the venv first
(`.venv/bin/pip install dateparser==1.5.0`). Three ways of dating each story are scored against
the labels' `date`, per language, with the time each takes:

- rules: `parse_document(...).published`, what the importer does;
- dateparser: `dateparser.search.search_dates` over the story's first `--lines` non-empty lines
  (head and lead, where a story's own date is printed), the first date found not after today;
- rules + dateparser fallback: the rules, and dateparser over those lines only when the rules
  find no date.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT / "fixtures" / "eval"))
    parser.add_argument("--lines", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    try:
        from dateparser.search import search_dates
    except ImportError:
        sys.exit("dateparser is not installed: .venv/bin/pip install dateparser==1.5.0")
    from articles.evaluation.labels import load_corpus
    from articles.ingest import IngestError, parse_document

    today = datetime.date.today()
    settings = {
        "RELATIVE_BASE": datetime.datetime.combine(today, datetime.time()),
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
        "REQUIRE_PARTS": ["day", "month"],
    }

    def by_dateparser(data: bytes) -> datetime.date | None:
        text = data.decode("utf-8", "replace")
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        for line in lines[: args.lines]:
            if not any(ch.isdigit() for ch in line):
                continue
            found = search_dates(line, languages=["en", "ru"], settings=settings) or []
            for _, value in found:
                if value.date() <= today:
                    return value.date()
        return None

    def by_rules(data: bytes) -> datetime.date | None:
        try:
            return parse_document(data, today=today).published
        except IngestError:
            return None

    def fallback(data: bytes) -> datetime.date | None:
        return by_rules(data) or by_dateparser(data)

    methods = {"rules": by_rules, "dateparser": by_dateparser, "rules + fallback": fallback}
    fallback(b"Warm-up\n\nBAKU, May 1. Both load what they need on first use.\n\n1 May 2024")
    print(f"{'method':18} {'lang':4} {'right':>5} {'of':>3} {'accuracy':>8} {'ms/story':>9}")
    for language, stories in load_corpus(Path(args.corpus)).items():
        for name, method in methods.items():
            start = time.perf_counter()
            right = sum(method(story.data) == story.date for story in stories)
            elapsed = (time.perf_counter() - start) * 1000 / len(stories)
            print(
                f"{name:18} {language:4} {right:5d} {len(stories):3d} "
                f"{right / len(stories):8.3f} {elapsed:9.1f}"
            )


if __name__ == "__main__":
    main()
