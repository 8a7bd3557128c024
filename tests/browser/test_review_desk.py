"""The review desk in a real browser: an Editor imports two wire files, reviews every mention
and proposal on each story's review screen with the keyboard alone, and publishes both.

The number of key presses and the time are printed (`pytest -s`); the screen is photographed
at desktop and phone widths and checked by axe-core; the knowledge base gains no alias, so no
role phrase or word form can have slipped in.
"""

import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.importing import import_upload
from articles.models import Article, EntityProposal, Mention
from articles.roles import sync_roles
from entities.models import Alias, Entity
from tests.browser import support
from tests.browser.support import expect
from tests.browser.test_content_security_policy import watch_violations

pytestmark = pytest.mark.browser

EVAL = Path(__file__).resolve().parents[2] / "fixtures" / "eval" / "stories" / "en"
PHONE_CALL = "azertac-2020-04-27-azerbaijani-kyrgyz-fms-discuss-cooperation-over-phone.txt"
KYRGYZ_FM = "trend-2020-02-05-kyrgyz-fm-due-in-azerbaijan.txt"
PASSWORD = "a long desk password 42"


class Keyboard:
    """The page's keyboard, counting every key pressed."""

    def __init__(self, page):
        self.page = page
        self.presses = 0

    def press(self, key: str, *, navigates: bool = False) -> None:
        self.presses += 1
        if navigates:
            with self.page.expect_navigation():
                self.page.keyboard.press(key)
        else:
            self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.presses += len(text)
        self.page.keyboard.type(text, delay=20)


def current_item(page) -> str:
    """The item the keys act on: highlighted, and focused once the editor has started."""
    return page.evaluate("document.querySelector('.review-item.is-current')?.id || ''")


def item_key(article: Article, name: str) -> str:
    mention = article.mentions.filter(entity__name=name).first()
    if mention is not None:
        return f"m-{mention.pk}"
    return f"p-{article.proposals.get(name=name).pk}"


def check_screen(page, name: str) -> None:
    """A screenshot at both widths, nothing scrolling sideways, no serious axe violation."""
    for width, viewport in support.VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.screenshot(
            path=support.output_dir() / f"admin-review-{name}-{width}.png", full_page=True
        )
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the review screen scrolls sideways at {width} width"
        violations = support.blocking_violations(page)
        assert not violations, support.describe_violations(violations)
    page.set_viewport_size(support.DESKTOP)


@pytest.fixture
def editor(settings, site_url) -> User:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    sync_roles()  # an earlier live-server test's flush emptied the groups the migration made
    user = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def test_an_editor_reviews_two_imported_stories_with_the_keyboard_alone(
    browser, site_url, outside_requests, editor
):
    aliases_before = set(Alias.objects.values_list("entity_id", "normalized"))
    context = support.open_context(browser, site_url, outside_requests, viewport=support.DESKTOP)
    page = context.new_page()
    violations = watch_violations(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto("/admin/articles/article/import/")
    page.get_by_label("Wire stories").set_input_files(
        [str(EVAL / PHONE_CALL), str(EVAL / KYRGYZ_FM)]
    )
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-results tr.import-imported")).to_have_count(2)
    phone_call = Article.objects.get(original_filename=PHONE_CALL)
    kyrgyz_fm = Article.objects.get(original_filename=KYRGYZ_FM)
    expect(page.locator("#import-results .review-link")).to_have_count(2)
    items = sum(a.mentions.count() + a.proposals.count() for a in (phone_call, kyrgyz_fm))

    keys = Keyboard(page)
    started = time.perf_counter()

    # The phone call: Baku (the dateline), Azerbaijan, Mammadyarov (new), Kyrgyzstan,
    # Aydarbekov (new), in the order of the text; the screen opens on the first.
    page.goto(f"/admin/articles/article/{phone_call.pk}/review/")
    assert current_item(page) == item_key(phone_call, "Baku")
    elapsed = time.perf_counter() - started
    check_screen(page, "before")
    started = time.perf_counter() - elapsed
    keys.press("r", navigates=True)  # Baku is only the dateline
    expect(page.get_by_role("status")).to_contain_text("Rejected: Baku.")
    expect(page.locator(f"#{item_key(phone_call, 'Azerbaijan')}")).to_be_focused()
    keys.press("c", navigates=True)
    assert current_item(page) == item_key(phone_call, "Elmar Mammadyarov")
    keys.press("a", navigates=True)
    assert current_item(page) == item_key(phone_call, "Kyrgyzstan")
    keys.press("c", navigates=True)
    assert current_item(page) == item_key(phone_call, "Chingiz Aydarbekov")
    keys.press("a", navigates=True)
    expect(page.locator("#review-done")).to_be_focused()
    expect(page.locator("#review-done h2")).to_have_text("Every entity is decided")
    keys.press("p")
    expect(page.get_by_role("button", name="Publish")).to_be_focused()
    keys.press("Enter", navigates=True)
    expect(page.get_by_role("status")).to_contain_text("The story is now published.")

    # The Kyrgyz minister's visit: Baku, Azerbaijan, Kyrgyzstan, "Chingiz Aidarbekov" (the
    # person just accepted, spelled another way: mapped to him), the Turkic Council.
    page.goto(f"/admin/articles/article/{kyrgyz_fm.pk}/review/")
    assert current_item(page) == item_key(kyrgyz_fm, "Baku")
    keys.press("j")
    keys.press("k")
    assert current_item(page) == item_key(kyrgyz_fm, "Baku")
    keys.press("c", navigates=True)
    keys.press("c", navigates=True)
    keys.press("c", navigates=True)
    assert current_item(page) == item_key(kyrgyz_fm, "Chingiz Aidarbekov")
    keys.press("m")
    keys.type("Aydarb")
    option = page.get_by_role("option", name="Chingiz Aydarbekov (Person)")
    expect(option).to_be_visible()
    keys.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    check_screen(page, "autocomplete")
    keys.press("Enter", navigates=True)
    expect(page.get_by_role("status")).to_contain_text(
        "Chingiz Aidarbekov is Chingiz Aydarbekov, confirmed."
    )
    keys.press("C", navigates=True)  # Shift+C: confirm the rest
    expect(page.get_by_role("status")).to_contain_text("1 suggestion confirmed.")
    expect(page.locator("#review-done")).to_be_focused()
    keys.press("p")
    keys.press("Enter", navigates=True)
    expect(page.get_by_role("status")).to_contain_text("The story is now published.")
    seconds = time.perf_counter() - started
    check_screen(page, "after")

    print(
        f"\nReviewed {items} mentions and proposals in 2 stories and published both: "
        f"{keys.presses} key presses, {seconds:.1f} s."
    )
    context.close()

    for article in (phone_call, kyrgyz_fm):
        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED
        assert not article.mentions.filter(status=Mention.Status.SUGGESTED).exists()
        assert not article.proposals.filter(status=EntityProposal.Status.PENDING).exists()
    person = Entity.objects.get(name="Chingiz Aydarbekov")
    assert kyrgyz_fm.mentions.get(entity=person).status == Mention.Status.CONFIRMED
    assert phone_call.mentions.get(entity__name="Baku").status == Mention.Status.REJECTED
    # Confirming wrote nothing into the knowledge base's names: no adjective ("Kyrgyz",
    # "Azerbaijani"), no role phrase, no second spelling became an alias.
    assert set(Alias.objects.values_list("entity_id", "normalized")) == aliases_before
    assert violations == [] and errors == []
    assert outside_requests == []


def test_the_review_screen_works_without_javascript(page_without_js, editor, live_server):
    """At phone width with scripts off: the highlight links, the search and its buttons."""
    story = import_upload(
        upload=SimpleUploadedFile(KYRGYZ_FM, (EVAL / KYRGYZ_FM).read_bytes())
    ).article
    page = page_without_js
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/admin/articles/article/{story.pk}/review/")
    proposal = story.proposals.get()
    item = page.locator(f"#p-{proposal.pk}")
    item.get_by_role("searchbox", name="Map to an existing entity").fill("Kyrgyz")
    item.get_by_role("button", name="Find").click()
    item.get_by_role("button", name="Use Kyrgyzstan (Country)").click()
    expect(page.locator(".messagelist")).to_contain_text("Chingiz Aidarbekov is Kyrgyzstan")
    page.screenshot(path=support.output_dir() / "admin-review-no-js-phone.png", full_page=True)
    proposal.refresh_from_db()
    assert proposal.status == EntityProposal.Status.ACCEPTED
