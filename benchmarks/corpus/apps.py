from django.apps import AppConfig


class CorpusConfig(AppConfig):
    """The benchmark corpus: a management command and no models."""

    name = "benchmarks.corpus"
    label = "benchmark_corpus"
    verbose_name = "Benchmark corpus"
