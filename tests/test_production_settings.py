"""Production mode: Django's deployment checks pass with the documented environment, and the
site refuses to start without a real secret key or its host names. In every environment the
pages carry the security headers and a Content-Security-Policy that no page needs to relax:
no inline script, event handler or style attribute anywhere readers go."""

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from articles.models import Article

ROOT = Path(__file__).resolve().parent.parent
SECRET = "k3H9vQ2mZx7TqL0wR5yB8nC1dF4gJ6hA2sE9uI0oP3lK7jM5nB1vC8xZ4qW6eR2tY"
PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": SECRET,
    "DJANGO_ALLOWED_HOSTS": "news.example.org",
}


def manage(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEWSROOM_"))}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def settings_of(env_overrides: dict[str, str], expr: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEWSROOM_"))}
    env.update(env_overrides)
    result = subprocess.run(
        [sys.executable, "-c", f"import newsroom.settings as s; print({expr})"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.slow
def test_deployment_checks_pass_in_production():
    result = manage(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.slow
def test_deployment_checks_fail_in_development():
    """The same command catches what development leaves open (DEBUG, the insecure key...)."""
    result = manage({}, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG on


@pytest.mark.parametrize(
    "secret", ["", "django-insecure-newsroom-development-key-do-not-use-in-production"]
)
def test_production_refuses_to_start_with_the_development_secret_key(secret):
    result = manage({**PRODUCTION, "DJANGO_SECRET_KEY": secret}, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("hosts", ["", " , "])
def test_production_refuses_to_start_without_allowed_hosts(hosts):
    result = manage({**PRODUCTION, "DJANGO_ALLOWED_HOSTS": hosts}, "check")
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_trusts_the_proxys_https_header_and_redirects_plain_http():
    assert settings_of(PRODUCTION, "s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT") == (
        "('HTTP_X_FORWARDED_PROTO', 'https') True"
    )
    assert settings_of(
        PRODUCTION, "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS"
    ) == ("True True 31536000")


def test_the_proxy_header_and_redirect_come_from_the_environment():
    custom = {
        **PRODUCTION,
        "DJANGO_PROXY_SSL_HEADER": "X-Scheme",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
    }
    assert settings_of(custom, "s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT") == (
        "('HTTP_X_SCHEME', 'https') False"
    )
    # Not behind a proxy: no header is trusted at all.
    direct = {**PRODUCTION, "DJANGO_PROXY_SSL_HEADER": ""}
    assert settings_of(direct, "hasattr(s, 'SECURE_PROXY_SSL_HEADER')") == "False"


def test_production_serves_hashed_compressed_static_files():
    assert settings_of(PRODUCTION, "s.STORAGES['staticfiles']['BACKEND']") == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_csp_is_report_only_when_asked():
    assert settings_of(
        {"DJANGO_CSP_REPORT_ONLY": "1"}, "hasattr(s, 'CONTENT_SECURITY_POLICY')"
    ) == ("False")


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client, seeded):
    response = client.get("/")
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_http_only(client, django_user_model):
    response = client.get("/admin/login/")
    assert response.cookies["csrftoken"]["httponly"] is True
    django_user_model.objects.create_user(
        "aynur", password="long enough desk password 7", is_staff=True
    )
    response = client.post(
        "/admin/login/", {"username": "aynur", "password": "long enough desk password 7"}
    )
    assert response.cookies["sessionid"]["httponly"] is True


class InlineCode(HTMLParser):
    """Everything a strict policy would refuse: inline scripts (JSON-LD data blocks aside, which
    are never executed), event-handler and style attributes, <style> elements, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action") and (value or "").lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "style":
            self.found.append("<style>")
        if tag == "script":
            self._script = attributes

    def handle_data(self, data):
        script = self._script
        executable = script is not None and script.get("type") != "application/ld+json"
        if executable and data.strip() and "src" not in script:
            self.found.append(f"<script>{data.strip()[:40]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


@pytest.mark.django_db
def test_no_public_page_needs_inline_code(client, seeded):
    story = Article.objects.published().order_by("pk").first()
    paths = [
        "/",
        "/articles/",
        "/articles/?q=Bayramov&language=en",
        "/entities/",
        "/entities/azerbaijan/",
        story.get_absolute_url(),
        "/no-such-page/",
    ]
    for path in paths:
        parser = InlineCode()
        parser.feed(client.get(path).content.decode())
        assert parser.found == [], path


@pytest.mark.django_db
def test_api_docs_inline_code_carries_this_responses_nonce_and_is_never_stored(client):
    response = client.get("/api/v1/docs/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    html = response.content.decode()
    assert html.count(f'nonce="{nonce}"') == 2  # its one <style> and one inline <script>
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    other = client.get("/api/v1/docs/")["Content-Security-Policy"]
    assert f"'nonce-{nonce}'" not in other
