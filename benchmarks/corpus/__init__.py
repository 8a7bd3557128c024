"""A synthetic corpus to measure Newsroom at scale (issue 8, docs/benchmarks.md): stories in
English and Russian, a knowledge base whose popularity follows Zipf's law, about ten mentions
per story, every state present; the same seed gives the same corpus.

A development-only Django app: `newsroom.settings` installs it (and so its `generate_corpus`
command) only when NEWSROOM_BENCHMARKS=1, as the benchmarks set it. The product never ships it.
"""
