"""Issue 18's acceptance on real data: an Editor reviews a whole seed story with the keyboard
alone, from the login form to the last decision, without a single click.

The Russian seed story (fixtures/seed.json, "Глава МИД Кыргызстана встретился с председателем
Милли Меджлиса") names nine entities, most in oblique cases ("Кыргызстана", "Сагибой
Гафаровой", "Т.Мамытова") and next to role phrases ("Министр иностранных дел", "Торага Жогорку
Кенеша"): exactly what once slipped into the knowledge base as aliases. The fixture ships every
mention confirmed, so the story's mentions are first put back to suggested through the service
layer, as a re-link of an unreviewed story leaves them. The seed stories hold no new-entity
proposal; any the story had would be decided the same way (`a`).

The number of key presses and the time are printed (`pytest -s`).
"""

import re
import time

import pytest
from django.contrib.auth.models import Group, User

from articles import services
from articles.models import AliasSuggestion, Article, EntityProposal, Mention
from articles.roles import sync_roles
from entities.linking.aliases import is_role_phrase, verdict
from entities.models import Alias
from tests.browser import support
from tests.browser.support import expect
from tests.browser.test_content_security_policy import watch_violations
from tests.browser.test_review_desk import PASSWORD, Keyboard, check_screen, current_item

pytestmark = pytest.mark.browser

RUSSIAN_STORY = "003_c7fc8fada12e7e9c.txt"
DATELINE = "Bishkek"  # "Бишкек, 03.07.21.": the dateline's city, no entity the story is about


@pytest.fixture
def editor(settings, site_url) -> User:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    sync_roles()  # an earlier live-server test's flush emptied the groups the migration made
    user = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def log_in_with_the_keyboard(page, user: User) -> int:
    """The admin's login form, typed: the username field has the focus when the page opens."""
    page.goto("/admin/login/?next=/admin/")
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type(user.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return len(user.username) + 1 + len(PASSWORD) + 1


def undecided(story: Article) -> int:
    return (
        story.mentions.filter(status=Mention.Status.SUGGESTED).count()
        + story.proposals.filter(status=EntityProposal.Status.PENDING).count()
    )


def test_an_editor_reviews_the_russian_seed_story_with_the_keyboard_alone(
    browser, site_url, outside_requests, editor
):
    story = Article.objects.get(original_filename=RUSSIAN_STORY)
    services.mentions_decide(
        mentions=story.mentions.all(), status=Mention.Status.SUGGESTED, user=editor
    )
    mentions = {m.pk: m.entity for m in story.mentions.select_related("entity")}
    proposals = {p.pk: p.name for p in story.proposals.all()}
    items = len(mentions) + len(proposals)
    assert undecided(story) == items >= 9
    aliases_before = set(Alias.objects.values_list("entity_id", "normalized"))
    suggestions_before = set(AliasSuggestion.objects.values_list("pk", flat=True))

    context = support.open_context(browser, site_url, outside_requests, viewport=support.DESKTOP)
    page = context.new_page()
    violations = watch_violations(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    login_keys = log_in_with_the_keyboard(page, editor)

    keys = Keyboard(page)
    page.goto(f"/admin/articles/article/{story.pk}/review/")
    started = time.perf_counter()
    check_screen(page, "seed-ru-before")
    paused = time.perf_counter() - started  # the photographs and axe are not the editor's time
    started = time.perf_counter()

    # j/k move without deciding: the screen opens on the first item in the text's order.
    first = current_item(page)
    keys.press("j")
    assert current_item(page) != first
    keys.press("k")
    assert current_item(page) == first

    decided: dict[str, str] = {}
    for _ in range(items):
        key = current_item(page)
        assert key and key not in decided, f"the screen offered {key!r} again"
        kind, pk = key.split("-")
        if kind == "p":
            keys.press("a", navigates=True)  # a new entity, accepted as proposed
            decided[key] = proposals[int(pk)]
        elif mentions[int(pk)].name == DATELINE:
            keys.press("r", navigates=True)
            expect(page.get_by_role("status")).to_contain_text(f"Rejected: {DATELINE}.")
            decided[key] = DATELINE
        else:
            keys.press("c", navigates=True)
            decided[key] = mentions[int(pk)].name
    seconds = time.perf_counter() - started

    expect(page.locator("#review-done")).to_be_focused()
    expect(page.locator("#review-done h2")).to_have_text("Every entity is decided")
    check_screen(page, "seed-ru-after")
    print(
        f"\nReviewed the Russian seed story's {items} mentions and proposals with the keyboard "
        f"alone: {keys.presses} key presses ({login_keys} more to log in), {seconds:.1f} s "
        f"(not counting {paused:.1f} s of screenshots and axe)."
    )
    context.close()

    assert len(decided) == items
    assert undecided(story) == 0
    statuses = dict(story.mentions.values_list("entity__name", "status"))
    assert statuses.pop(DATELINE) == Mention.Status.REJECTED
    assert set(statuses.values()) == {Mention.Status.CONFIRMED}
    # The knowledge base gained no alias: no case form ("Кыргызстана"), no role phrase
    # ("Торага Жогорку Кенеша"). What confirming suggested for an Editor is a new name only.
    assert set(Alias.objects.values_list("entity_id", "normalized")) == aliases_before
    for suggestion in AliasSuggestion.objects.exclude(pk__in=suggestions_before).select_related(
        "entity"
    ):
        entity = suggestion.entity
        names = [entity.name, *entity.aliases.values_list("name", flat=True)]
        assert not is_role_phrase(suggestion.name), suggestion.name
        assert verdict(suggestion.name, kind=entity.kind, names=names).is_new_name, suggestion.name
    assert violations == [] and errors == []
    assert outside_requests == []
