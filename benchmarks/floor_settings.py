"""Newsroom's settings plus two do-nothing views, for `make bench BENCH_ARGS=--floor`.

They measure what Django and DRF cost before any work of Newsroom's own: a request through
every middleware to a view that returns a constant, and the same through a DRF view with the
API's authentication, permission, throttle, negotiation and renderer settings. Served by the
benchmark only; never part of the site.
"""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "floor_urls"
