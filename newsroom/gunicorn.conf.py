"""gunicorn settings for Newsroom (`make bench` serves its baseline with them too).

    gunicorn -c newsroom/gunicorn.conf.py newsroom.wsgi

Sync workers: `GUNICORN_WORKERS` when set (benchmarks set 2), else one per CPU this process may
run on. Not gunicorn's usual 2 x cores + 1: Newsroom's requests spend their time in Python
(templates, serialisation), not waiting on the network, so a second worker per core only adds
switching and memory; on 2 cores, 4 workers were slower than 2 (docs/benchmarks.md).
Garbage collection is the usual cause of tail latency in a Django worker: the objects made at
start-up (modules, URL patterns, templates, settings) are frozen out of the collector's reach,
and the first generation's threshold is raised so full collections come far less often.
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")


def cpu_count() -> int:
    """CPUs this process may use (a container's or taskset's limit, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


workers = int(os.environ.get("GUNICORN_WORKERS") or cpu_count())
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# The application is imported once, in the master, and shared copy-on-write with the workers.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") not in ("0", "false", "no")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")

GC_THRESHOLD = tuple(
    int(n) for n in os.environ.get("NEWSROOM_GC_THRESHOLD", "50000,20,20").split(",")
)


def _freeze() -> None:
    """Move every object alive now into the permanent generation, which no collection scans
    (and whose pages a collection therefore never copies from the master)."""
    gc.collect()
    gc.freeze()


def when_ready(server) -> None:
    # Before any worker is forked: what the preloaded application made stays shared.
    _freeze()


def post_fork(server, worker) -> None:
    gc.set_threshold(*GC_THRESHOLD)
    gc.freeze()


def post_worker_init(worker) -> None:
    # Without preload_app the application is imported here, after the fork.
    _freeze()
