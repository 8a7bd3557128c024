"""The admin home's queue of what needs an editor (`articles.admin.queue`)."""

from django import template

from articles.admin.queue import QueueSection, review_queue

register = template.Library()


@register.simple_tag
def review_queue_for(user) -> list[QueueSection]:
    """The sections `user` may act on; empty for those who may change no story. A tag, like
    the admin's own `get_admin_log`, so the admin site's index view stays Django's."""
    return review_queue(user)
