"""Settings come from the environment, with safe development defaults."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_settings(env_overrides: dict[str, str], expr: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.update(env_overrides)
    code = f"import newsroom.settings as s; print({expr})"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_default_database_is_a_sqlite_file_in_the_project():
    result = run_settings({}, "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']")
    assert result.returncode == 0, result.stderr
    assert "sqlite3" in result.stdout
    assert str(ROOT / "db.sqlite3") in result.stdout


def test_database_url_switches_to_postgresql():
    result = run_settings(
        {"DATABASE_URL": "postgres://u@db.example:5432/news"},
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']",
    )
    assert result.returncode == 0, result.stderr
    assert "postgresql" in result.stdout
    assert "news" in result.stdout


def test_an_empty_database_url_means_the_default_database():
    for empty in ("", "  "):
        result = run_settings(
            {"DATABASE_URL": empty},
            "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']",
        )
        assert result.returncode == 0, result.stderr
        assert "sqlite3" in result.stdout
        assert str(ROOT / "db.sqlite3") in result.stdout


def test_a_database_url_that_is_no_url_says_so_in_one_line():
    result = run_settings({"DATABASE_URL": "db.sqlite3"}, "s.DATABASES")
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured: DATABASE_URL is not")


def test_manage_py_commands_print_no_axes_banner():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "AXES" not in result.stderr + result.stdout
    assert result.stderr == ""


def test_production_refuses_the_development_secret_key():
    result = run_settings({"DJANGO_ENV": "production"}, "s.DEBUG")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_with_a_secret_turns_debug_off_and_cookies_secure():
    result = run_settings(
        {
            "DJANGO_ENV": "production",
            "DJANGO_SECRET_KEY": "x" * 60,
            "DJANGO_ALLOWED_HOSTS": "news.example.org",
        },
        "s.DEBUG, s.SESSION_COOKIE_SECURE, s.ALLOWED_HOSTS",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False True ['news.example.org']"


def test_allowed_hosts_and_debug_from_environment():
    result = run_settings(
        {"DJANGO_ALLOWED_HOSTS": "news.example, www.news.example", "DJANGO_DEBUG": "0"},
        "s.DEBUG, s.ALLOWED_HOSTS",
    )
    assert result.stdout.strip() == "False ['news.example', 'www.news.example']"


def test_redis_url_selects_the_redis_cache():
    result = run_settings(
        {"REDIS_URL": "redis://127.0.0.1:6379/1"}, "s.CACHES['default']['BACKEND']"
    )
    assert "RedisCache" in result.stdout


def test_time_zone_aware_and_utc_stored():
    result = run_settings({}, "s.USE_TZ, s.TIME_ZONE, s.LANGUAGE_CODE")
    assert result.stdout.strip() == "True UTC en"
