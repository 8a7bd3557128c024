"""The Content-Security-Policy, enforced by a real browser: every kind of page works under it
and the browser reports no violation, the admin's editor and the API's Swagger UI included."""

import pytest
from django.contrib.auth.models import User

from articles.models import Article
from tests.browser import support
from tests.browser.support import expect

pytestmark = pytest.mark.browser

PASSWORD = "a long desk password 42"


def watch_violations(page) -> list[str]:
    """What the browser refused under the policy: its `securitypolicyviolation` events (by the
    directive and what was blocked) and its console's "Content Security Policy" errors."""
    seen: list[str] = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return seen


def test_public_pages_run_under_the_policy(page):
    violations = watch_violations(page)
    story = Article.objects.published().order_by("pk").first()
    for path in (
        "/",
        "/articles/",
        "/entities/",
        "/entities/azerbaijan/",
        f"/articles/{story.slug}/",
    ):
        response = page.goto(path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        expect(page.locator("main h1").first).to_be_visible()
    assert violations == []


def test_admin_editor_works_under_the_policy(browser, site_url, outside_requests, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    User.objects.create_superuser("desk", password=PASSWORD)
    story = Article.objects.order_by("pk").first()
    context = support.open_context(browser, site_url, outside_requests, viewport=support.DESKTOP)
    page = context.new_page()
    violations = watch_violations(page)

    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("desk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/admin/articles/article/{story.pk}/change/")
    # The editor's toolbar and live preview come from admin-editor.js, a static file; the
    # preview posts with the CSRF token from the form, not the (HttpOnly) cookie.
    expect(page.get_by_role("button", name="Bold")).to_be_visible()
    page.locator(".body-editor-box textarea").fill("<p>Seen by the <strong>desk</strong></p>")
    expect(page.locator(".body-preview strong")).to_have_text("desk")
    page.goto("/admin/articles/article/")
    expect(page.locator("#changelist")).to_be_visible()
    context.close()
    assert violations == []


def test_api_docs_render_under_the_policy(page):
    violations = watch_violations(page)
    response = page.goto("/api/v1/docs/")
    header = response.headers["content-security-policy"]
    assert "'nonce-" in header and "'unsafe-inline'" not in header
    expect(page.locator("#swagger-ui .info .title")).to_contain_text("Newsroom API")
    expect(page.locator("#swagger-ui .opblock").first).to_be_visible()
    assert violations == []
