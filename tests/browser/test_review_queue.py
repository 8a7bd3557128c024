"""The admin home's queue and the story list, in a real browser, at desktop and phone widths.

Two wire stories are imported over the seed stories (drafts with suggestions waiting), one is
submitted for review and a seed story is scheduled. Each page is photographed (full length,
into the test output folder) and checked by axe-core; at 1,280 px neither page scrolls
sideways, and the story list's headline column is wide enough to read.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from articles import services
from articles.importing import import_bytes
from articles.models import Article
from articles.roles import sync_roles
from tests.browser import support
from tests.browser.support import expect
from tests.browser.test_editor_day import PASSWORD, log_in

pytestmark = pytest.mark.browser

WIRES = {
    "transit.txt": """Kabar

Kyrgyz and Azerbaijani ministers discuss transit routes in Bishkek

3 March 2025 14:05

BISHKEK, March 3. Azerbaijani Foreign Minister Jeyhun Bayramov met officials of Kyrgyzstan in \
Bishkek on Monday to discuss transit routes, Kabar reports.

The sides discussed cargo transit between Azerbaijan and Kyrgyzstan across the Caspian Sea.
""",
    "ots.txt": """Trend

Bayramov and the OTS Secretary General discuss a summit in Baku

BAKU. Azerbaijani Foreign Minister Jeyhun Bayramov received the Secretary General of the \
Organization of Turkic States in Baku to discuss the coming summit.

Azerbaijan and Kyrgyzstan will both send delegations, the ministry said.
""",
}
# The headline column: wide enough for a headline to read in two or three lines.
MIN_TITLE_WIDTH = 300
SIDEWAYS = """() => {
    const root = document.documentElement;
    const results = document.querySelector('#changelist-form .results');
    return {
        page: root.scrollWidth - root.clientWidth,
        table: results ? results.scrollWidth - results.clientWidth : 0,
    };
}"""


@pytest.fixture
def desk(settings, site_url) -> User:
    """An Editor, and a queue: two imported drafts (one submitted for review), one scheduled."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    sync_roles()  # an earlier live-server test's flush emptied the groups the migration made
    editor = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    imported = {
        name: import_bytes(data=text.encode(), name=name, user=editor).article
        for name, text in WIRES.items()
    }
    services.story_transition(
        article=imported["ots.txt"], status=Article.Status.REVIEW, user=editor, via="admin"
    )
    later = Article.objects.exclude(published=None).order_by("published").first()
    services.story_update(
        article=later,
        changes={"publish_at": timezone.now() + datetime.timedelta(days=2)},
        user=editor,
        via="admin",
    )
    return editor


def look(page, name: str, width: str) -> list[str]:
    """Photograph the page and name its axe violations and any sideways scroll of the page."""
    page.screenshot(path=support.output_dir() / f"{name}-{width}.png", full_page=True)
    problems = []
    if violations := support.blocking_violations(page):
        problems.append(f"{name} at {width} width:\n{support.describe_violations(violations)}")
    overflow = page.evaluate(SIDEWAYS)
    if overflow["page"] > 0:
        problems.append(f"{name} at {width} width scrolls sideways by {overflow['page']}px")
    return problems


def test_the_admin_home_queue_reads_at_desktop_and_phone_widths(
    browser, site_url, outside_requests, desk
):
    context, page = log_in(browser, site_url, outside_requests, desk.username)
    problems = []
    for width, viewport in support.VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.goto("/admin/")
        queue = page.locator(".review-queue")
        expect(queue.get_by_role("heading", name="Waiting for an editor")).to_be_visible()
        suggestions = page.locator("#queue-suggestions")
        expect(suggestions.locator("caption")).to_contain_text("Suggestions to review (2)")
        expect(suggestions.get_by_role("link", name=WIRES["transit.txt"].split("\n")[2]))
        expect(page.locator("#queue-review caption")).to_contain_text("In review (1)")
        expect(page.locator("#queue-scheduled caption")).to_contain_text("Scheduled (1)")
        # The app list stays below the queue.
        expect(page.get_by_role("link", name="Articles", exact=True).first).to_be_visible()
        problems += look(page, "admin-home", width)
    context.close()
    assert not problems, "\n".join(problems)
    assert not outside_requests, outside_requests


def test_the_story_list_reads_at_desktop_width_without_sideways_scroll(
    browser, site_url, outside_requests, desk
):
    context, page = log_in(browser, site_url, outside_requests, desk.username)
    problems = []
    for width, viewport in support.VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.goto("/admin/articles/article/")
        rows = page.locator("#result_list tbody tr")
        expect(rows).to_have_count(7)
        # What needs work first: the story in review, then the drafts with suggestions.
        expect(rows.nth(0)).to_contain_text("In review")
        expect(rows.nth(1)).to_contain_text("suggested")
        problems += look(page, "admin-story-list", width)
        if width == "desktop":
            overflow = page.evaluate(SIDEWAYS)
            assert overflow["table"] <= 0, f"the list's table scrolls sideways: {overflow}"
            title = page.locator("#result_list thead th.column-title").bounding_box()
            assert title["width"] >= MIN_TITLE_WIDTH, title
    context.close()
    assert not problems, "\n".join(problems)
