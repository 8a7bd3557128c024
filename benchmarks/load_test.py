"""A bounded load test: `make load` (50 concurrent users for 60 s against `make serve`).

Readers' pages, searches and API calls, mixed as a day's traffic mixes them, from 50 concurrent
connections (wrk, loopback only) for a fixed time; then it stops by itself, stops the server it
started, and prints the requests/s, the latency percentiles (p50, p90, p95, p99, max) and every
error: a socket error, a timeout or an answer that is neither 2xx nor 3xx. It exits 1 if there
was any, so CI can run it as a check.

The server is `make serve` (gunicorn, production static files) on the database `DATABASE_URL`
names, migrated and seeded first (`make seed`, which never overwrites what is there). It runs in
production mode on loopback, as it would behind the reverse proxy docs/DEPLOYMENT.md describes:
each request carries the proxy's `X-Forwarded-Proto: https`. The API's anonymous throttle is
turned off for the run, as `make bench` does: all 50 users come from one address here, and a 429
is the throttle doing its job, not the server failing (tests/test_api_errors.py covers it).

The paths are read from the server itself (its API), so any database works: the seed stories in
CI, or the 100,000-story benchmark corpus (`--database-url`) for figures worth reporting.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import suppress
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_load"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/4"  # a database of its own: emptied before a run
START_TIMEOUT = 120  # seconds for collectstatic and gunicorn to answer
WORD = re.compile(r"[^\W\d_]{5,}")

# Shares of the traffic: readers' pages, searches (site and API), API reads.
MIX = {"page": 50, "search": 20, "api": 30}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def server_env(database_url: str, port: int, redis_url: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "REDIS_URL", "NEWSROOM_PAGE_CACHE")
    }
    if redis_url:
        env["REDIS_URL"] = redis_url  # the page cache, as deployed (docs/DEPLOYMENT.md)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_ENV="production",
        DJANGO_DEBUG="0",
        # A secret for this run only: production refuses the development key.
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_LOG_LEVEL="WARNING",
        NEWSROOM_API_ANON_RATE="off",
        HOST=HOST,
        PORT=str(port),
    )
    return env


def make(target: str, env: dict[str, str], **kwargs) -> subprocess.Popen | None:
    command = ["make", "--no-print-directory", target, f"HOST={HOST}", f"PORT={env['PORT']}"]
    if kwargs.get("background"):
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=kwargs["log"],
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped whole at the end
        )
    subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=kwargs.get("timeout", 900))
    return None


def get(origin: str, path: str, timeout: float = 10) -> bytes:
    request = urllib.request.Request(origin + path, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


def wait_until_up(origin: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"make serve exited with status {server.returncode}")
        with suppress(OSError):
            get(origin, "/robots.txt", timeout=2)
            return
        time.sleep(0.5)
    raise RuntimeError(f"make serve did not answer on {origin} within {START_TIMEOUT} s")


def stop(server: subprocess.Popen) -> None:
    with suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)


def pick_paths(origin: str, seed: int) -> dict[str, list[str]]:
    """What readers, searchers and integrators ask for, from what the server publishes."""
    rng = random.Random(seed)
    listing = json.loads(get(origin, "/api/v1/articles/?page_size=100"))
    stories = listing["results"]
    entities = json.loads(get(origin, "/api/v1/entities/?page_size=100"))["results"]
    if not stories or not entities:
        raise RuntimeError("the server publishes no stories or no entities: run `make seed`")
    story_slugs = [quote(s["slug"]) for s in stories]
    entity_slugs = [quote(e["slug"]) for e in entities]
    words = sorted({w.lower() for s in stories for w in WORD.findall(s["title"])})
    words = rng.sample(words, min(30, len(words))) or ["news"]
    pages = ["/", "/articles/", "/entities/", "/feeds/articles/"]
    if listing["count"] > 100:  # the site's list has a second page (it shows fewer than 100)
        pages.append("/articles/?page=2")
    pages += [f"/articles/{s}/" for s in story_slugs[:40]]
    pages += [f"/entities/{e}/" for e in entity_slugs[:40]]
    pages += [f"/entities/{e}/feed/" for e in entity_slugs[:5]]
    searches = [f"/articles/?q={quote(w)}" for w in words]
    searches += [f"/api/v1/articles/?q={quote(w)}" for w in words]
    api = ["/api/v1/articles/", "/api/v1/entities/", "/api/v1/sources/"]
    api += [f"/api/v1/articles/{s}/" for s in story_slugs[:40]]
    api += [f"/api/v1/articles/?entity={e}" for e in entity_slugs[:20]]
    api += [f"/api/v1/entities/{e}/" for e in entity_slugs[:20]]
    return {"page": pages, "search": searches, "api": api}


def lua_script(paths: dict[str, list[str]], folder: Path, seed: int) -> Path:
    """wrk's script: each request draws a kind by MIX, then a path of that kind; `done` prints
    the percentiles and the status counts as JSON."""
    rng = random.Random(seed)
    drawn = []
    for _ in range(2000):
        kind = rng.choices(list(MIX), weights=list(MIX.values()))[0]
        drawn.append(rng.choice(paths[kind]))
    requests = ",\n".join(json.dumps(p) for p in drawn)
    script = folder / "load.lua"
    script.write_text(
        f"""
local paths = {{
{requests}
}}
local counter = 0
statuses = {{}}  -- global: done() reads each thread's copy with thread:get
local threads = {{}}

function setup(thread)
  thread:set("offset", #threads * 997)
  table.insert(threads, thread)
end

function init(args)
  counter = offset
  wrk.headers["X-Forwarded-Proto"] = "https"
  wrk.headers["Accept-Encoding"] = "gzip"
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {{}}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses") or {{}}
    for code, n in pairs(s) do
      counts[tostring(code)] = (counts[tostring(code)] or 0) + n
    end
  end
  local parts = {{}}
  for code, n in pairs(counts) do table.insert(parts, string.format('"%s": %d', code, n)) end
  io.write(string.format(
    'RESULT {{"requests": %d, "seconds": %.3f, "connect": %d, "read": %d, "write": %d, '
    .. '"timeout": %d, "non_2xx_3xx": %d, "p50": %d, "p90": %d, "p95": %d, "p99": %d, '
    .. '"max": %d, "statuses": {{%s}}}}\\n',
    summary.requests, summary.duration / 1e6, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, summary.errors.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, table.concat(parts, ", ")))
end
"""
    )
    return script


def run_wrk(origin: str, script: Path, users: int, seconds: int) -> dict:
    command = [
        "wrk",
        "-t2",
        f"-c{users}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        origin + "/",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    return json.loads(line.removeprefix("RESULT "))


def report(result: dict, users: int, seconds: int, database: str) -> tuple[str, int]:
    errors = sum(result[k] for k in ("connect", "read", "write", "timeout", "non_2xx_3xx"))
    ms = {k: result[k] / 1000 for k in ("p50", "p90", "p95", "p99", "max")}
    statuses = ", ".join(f"{code}: {n}" for code, n in sorted(result["statuses"].items()))
    text = (
        f"load: {users} concurrent users for {seconds} s against make serve ({database}), "
        f"mix {MIX}\n"
        f"  {result['requests']:,} requests, {result['requests'] / result['seconds']:.0f} req/s\n"
        f"  latency ms: p50 {ms['p50']:.1f}, p90 {ms['p90']:.1f}, p95 {ms['p95']:.1f}, "
        f"p99 {ms['p99']:.1f}, max {ms['max']:.1f}\n"
        f"  statuses: {statuses}\n"
        f"  errors: {errors} (connect {result['connect']}, read {result['read']}, write "
        f"{result['write']}, timeout {result['timeout']}, not 2xx/3xx {result['non_2xx_3xx']})"
    )
    return text, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("LOAD_DATABASE_URL", ""))
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-seed", action="store_true", help="the database is ready as it is")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("LOAD_REDIS_URL", DEFAULT_REDIS_URL),
        help="the page cache's Redis, emptied first ('' serves uncached)",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        return print("wrk is missing: apt-get install wrk", file=sys.stderr) or 2
    database_url = args.database_url or DEFAULT_DATABASE_URL
    if not database_url.startswith(("postgres://", "postgresql://")):
        log("note: the load test is meant for PostgreSQL; running on " + database_url)
    if database_url == DEFAULT_DATABASE_URL:
        ensure_postgres_database(database_url)
    redis_url = args.redis_url if args.redis_url and empty_redis(args.redis_url) else ""
    port = free_port()
    env = server_env(database_url, port, redis_url)
    if not args.no_seed:
        log("make seed (migrate, load the seed stories once)")
        make("seed", env)
    origin = f"http://{HOST}:{port}"
    with tempfile.TemporaryDirectory(prefix="newsroom-load-") as folder:
        log_path = Path(folder) / "serve.log"
        with log_path.open("w") as server_log:
            server = make("serve", env, background=True, log=server_log)
            try:
                wait_until_up(origin, server)
                paths = pick_paths(origin, args.seed)
                script = lua_script(paths, Path(folder), args.seed)
                log(f"wrk: {args.users} connections, {args.duration} s")
                result = run_wrk(origin, script, args.users, args.duration)
            except Exception:
                stop(server)
                print(log_path.read_text()[-4000:], file=sys.stderr)
                raise
            stop(server)
        server_errors = [line for line in log_path.read_text().splitlines() if "Traceback" in line]
    database = database_url.split("@")[-1] if "@" in database_url else database_url
    database += ", page cache in Redis" if redis_url else ", no page cache"
    text, errors = report(result, args.users, args.duration, database)
    print(text)
    if server_errors:
        print(f"  the server logged {len(server_errors)} tracebacks")
    return 1 if errors or server_errors else 0


def empty_redis(url: str) -> bool:
    """Empty the run's own Redis database, so no page of another run is served; False if
    Redis does not answer (the run is then uncached, and says so)."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()
    except redis.RedisError as error:
        log(f"Redis at {url} does not answer ({error}): serving without the page cache")
        return False
    return True


def ensure_postgres_database(url: str) -> None:
    """Create the load test's own database if it is missing (never drops one)."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True, connect_timeout=5) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    sys.exit(main())
