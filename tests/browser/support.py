"""What the browser tests share: Debian's Chromium, the vendored axe-core, the output folder.

Playwright is imported here and nowhere else, guarded, so the suite still collects on a machine
without it; the `browser` fixture then skips (or fails under CI=true) with the reason.
"""

import os
import shutil
from pathlib import Path

try:
    from playwright.sync_api import Page, expect, sync_playwright
except ImportError:  # the dev extra is not installed; the `browser` fixture says so
    Page = None
    expect = None
    sync_playwright = None

REPO = Path(__file__).resolve().parents[2]
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"

# Debian's build, never a browser that Playwright downloads; nothing talks to the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}

# axe impacts that fail a page; "moderate" and "minor" are reported by axe but tolerated.
BLOCKING_IMPACTS = {"serious", "critical"}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def chromium_path() -> str | None:
    """`NEWSROOM_CHROMIUM` when set, else Debian's `chromium` on the PATH."""
    configured = os.environ.get("NEWSROOM_CHROMIUM", "").strip()
    if configured:
        return configured if Path(configured).is_file() else None
    return shutil.which("chromium")


def unavailable_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if sync_playwright is None:
        return "the playwright package is missing (`make install` installs the dev extra)"
    if chromium_path() is None:
        return "Chromium is missing (`apt-get install chromium`, or set NEWSROOM_CHROMIUM)"
    if not AXE_JS.is_file():
        return f"{AXE_JS.relative_to(REPO)} is missing (`make vendor` copies it from npm)"
    return None


def output_dir() -> Path:
    """Where screenshots go: `NEWSROOM_TEST_OUTPUT`, default test-output/browser/ (gitignored)."""
    configured = os.environ.get("NEWSROOM_TEST_OUTPUT", "").strip()
    folder = Path(configured) if configured else REPO / "test-output" / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_context(browser, site_url: str, outside_requests: list[str], **options):
    """A browser context on the live site; requests to any other host are refused and noted."""
    context = browser.new_context(base_url=site_url, **options)

    def only_the_site(route):
        if route.request.url.startswith(site_url):
            route.continue_()
        else:
            outside_requests.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_site)
    return context


def blocking_violations(page: "Page") -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does
    # not govern: a <script> element with axe's text would be refused as inline code.
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]


def describe_violations(violations: list[dict]) -> str:
    """One block per rule: id, impact, help (with its link) and each failing element."""
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} [{violation['impact']}]: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            target = " >>> ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)
