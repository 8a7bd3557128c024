"""`make audit`: pip-audit over requirements.lock, the exact versions `make install` installs.

pip-audit asks a vulnerability service about each pinned version: PyPI's JSON API (its
`vulnerabilities` field, from the PyPA advisory database) or OSV. A machine that reaches
neither cannot audit anything; pip-audit would then report every package as "could not be
audited" and still pass. This script finds out first, and says plainly that the audit was not
done and why, rather than passing in silence. `AUDIT_REQUIRED=1` turns that into a failure
(for a CI that has the network).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
TIMEOUT = 10


def pinned(lock: Path) -> list[tuple[str, str]]:
    """(name, version) of each `name==version` line of the lock."""
    pins = []
    for number, line in enumerate(lock.read_text().splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, version = line.partition("==")
        if not sep or not version:
            sys.exit(f"{lock.name}, line {number}: {line!r} is not pinned as name==version")
        pins.append((name.strip(), version.strip().split(";")[0].strip()))
    return pins


def pypi_answers(name: str, version: str) -> str | None:
    """None when PyPI's per-version JSON, with its vulnerability field, is reachable; else why."""
    url = f"https://pypi.org/pypi/{name}/{version}/json"
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            data = json.load(response)
    except (urllib.error.URLError, OSError, ValueError) as error:
        return f"{url}: {error}"
    if "vulnerabilities" not in data:
        return f"{url}: no 'vulnerabilities' field (a mirror, not PyPI)"
    return None


def osv_answers(name: str, version: str) -> str | None:
    body = json.dumps({"package": {"name": name, "ecosystem": "PyPI"}, "version": version})
    request = urllib.request.Request(
        "https://api.osv.dev/v1/query",
        data=body.encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            json.load(response)
    except (urllib.error.URLError, OSError, ValueError) as error:
        return f"https://api.osv.dev/v1/query: {error}"
    return None


def main() -> int:
    if not LOCK.exists():
        sys.exit(f"{LOCK.name} is missing: `make lock` writes it")
    pins = pinned(LOCK)
    django = next(((n, v) for n, v in pins if n.lower() == "django"), pins[0])
    reasons = []
    for service, probe in (("pypi", pypi_answers), ("osv", osv_answers)):
        reason = probe(*django)
        if reason is None:
            command = [
                sys.executable,
                "-m",
                "pip_audit",
                "--strict",
                "--no-deps",
                "--disable-pip",
                "--progress-spinner",
                "off",
                "--vulnerability-service",
                service,
                "--requirement",
                str(LOCK),
            ]
            print(f"pip-audit: {len(pins)} locked packages against {service}", flush=True)
            return subprocess.run(command, cwd=ROOT).returncode
        reasons.append(reason)
    print("pip-audit: NOT DONE: no vulnerability service is reachable from this machine")
    for reason in reasons:
        print(f"  {reason}")
    if os.environ.get("AUDIT_REQUIRED") == "1":
        return 1
    print("  (AUDIT_REQUIRED=1 makes this a failure)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
