"""Icons browsers ask for on every first visit: served, never a 404, and named by every page."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "kind", "magic"),
    [
        ("/favicon.ico", "image/", b"\x00\x00\x01\x00"),
        ("/apple-touch-icon.png", "image/png", b"\x89PNG"),
    ],
)
def test_root_icons_are_served(client, path, kind, magic):
    with override_settings(DEBUG=True):  # WhiteNoise looks the root up again when debugging
        response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(kind)
    assert b"".join(response.streaming_content).startswith(magic)


def test_pages_link_the_icons(client, seeded):
    content = client.get("/").content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in content
    assert 'rel="apple-touch-icon" href="/apple-touch-icon.png"' in content
    assert 'type="image/svg+xml"' in content
