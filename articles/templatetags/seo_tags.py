"""Head tags every public page shares: its canonical link and its Open Graph description.

Built by `articles.seo` from the request, so list pages name themselves by their meaningful
parameters only (`seo.CANONICAL_PARAMS`) and every address carries the request's own host.
"""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from articles import seo

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_link(context: template.Context) -> SafeString:
    return format_html('<link rel="canonical" href="{}">', seo.canonical_url(context["request"]))


@register.simple_tag(takes_context=True)
def page_meta(context: template.Context, title: str, description: str = "") -> SafeString:
    """Open Graph and Twitter card tags of a page that is not a story (type `website`)."""
    text = " ".join(str(description or seo.SITE_DESCRIPTION).split())
    return seo.meta_tags(
        seo.open_graph(
            title=str(title),
            description=Truncator(text).words(seo.EXCERPT_WORDS),
            url=seo.canonical_url(context["request"]),
            site_name=settings.SITE_NAME,
            locale=seo.og_locale(translation.get_language()),
        )
    )
