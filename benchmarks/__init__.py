"""Benchmarks, run from the repository root (`make bench`, `python benchmarks/<script>.py`), and
the development-only `benchmarks.corpus` app they build their data with."""
