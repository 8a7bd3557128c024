"""Admin logins are rate limited (django-axes): after NEWSROOM_LOGIN_FAILURE_LIMIT failures for a
username from one address, even the right password is refused until the cool-off has passed;
behind a proxy the client's address comes from X-Forwarded-For only when the proxy is trusted."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.test import RequestFactory

from newsroom.middleware import client_ip

pytestmark = pytest.mark.django_db

PASSWORD = "long enough desk password 7"
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def editor(settings) -> User:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return User.objects.create_user("aynur", password=PASSWORD, is_staff=True)


def log_in(client, password: str, address: str = "203.0.113.7", **headers):
    return client.post(
        LOGIN,
        {"username": "aynur", "password": password},
        REMOTE_ADDR=address,
        headers=headers,
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail_to_the_limit(client, **kwargs) -> None:
    """NEWSROOM_LOGIN_FAILURE_LIMIT wrong passwords: the form again with its error, until the
    last, which already locks the pair out."""
    statuses = [
        log_in(client, "a wrong guess", **kwargs).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert not logged_in(client)


def test_the_right_password_is_refused_after_too_many_failures(client, editor):
    fail_to_the_limit(client)

    response = log_in(client, PASSWORD)

    assert response.status_code == 429
    assert "too many login attempts" in response.content.decode()
    assert not logged_in(client)
    assert client.get("/admin/").status_code == 302  # still sent to the login page


def test_a_good_login_works_again_after_the_cool_off(client, editor):
    fail_to_the_limit(client)
    assert log_in(client, PASSWORD).status_code == 429

    # The cool-off passes: the recorded attempts are now older than it.
    attempt = AccessAttempt.objects.get(username="aynur")
    attempt.attempt_time -= settings.AXES_COOLOFF_TIME
    attempt.save(update_fields=["attempt_time"])

    response = log_in(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert logged_in(client)


def test_the_lockout_is_for_that_username_from_that_address(client, editor):
    fail_to_the_limit(client)

    assert log_in(client, PASSWORD, address="198.51.100.20").status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(client, editor, settings):
    settings.NEWSROOM_TRUSTED_PROXIES = 0
    fail_to_the_limit(client)

    response = log_in(client, PASSWORD, **{"X-Forwarded-For": "198.51.100.20"})
    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_client_is_locked_out(client, editor, settings):
    settings.NEWSROOM_TRUSTED_PROXIES = 1
    proxy = "10.0.0.2"
    fail_to_the_limit(client, address=proxy, **{"X-Forwarded-For": "203.0.113.7"})

    locked = log_in(client, PASSWORD, address=proxy, **{"X-Forwarded-For": "203.0.113.7"})
    assert locked.status_code == 429
    # Another reader behind the same proxy is not locked out with them.
    other = log_in(client, PASSWORD, address=proxy, **{"X-Forwarded-For": "198.51.100.20"})
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "", "10.0.0.2"),
        (0, "198.51.100.20", "10.0.0.2"),
        (1, "", "10.0.0.2"),
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client wrote the first entry
        (2, "203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (3, "203.0.113.7", "203.0.113.7"),
    ],
)
def test_client_ip_trusts_only_the_proxies_in_front(settings, proxies, forwarded, expected):
    settings.NEWSROOM_TRUSTED_PROXIES = proxies
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    request = RequestFactory().get("/admin/login/", REMOTE_ADDR="10.0.0.2", headers=headers)
    assert client_ip(request) == expected
