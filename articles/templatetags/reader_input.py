"""Echo what the reader typed without writing it into the page verbatim (see `char_references`).

Load it after other libraries: its `querystring` replaces Django's built-in tag of that name.
"""

from urllib.parse import parse_qsl

from django import template
from django.http import QueryDict
from django.template import defaulttags
from django.utils.safestring import SafeString

from newsroom.text import char_references, encode_query, percent_encode_all

register = template.Library()


@register.filter
def echo(value: object) -> SafeString:
    return char_references("" if value is None else str(value))


@register.filter
def echo_url(value: object) -> str:
    return percent_encode_all("" if value is None else str(value))


@register.simple_tag(name="querystring", takes_context=True)
def querystring(context: template.Context, query_dict: QueryDict | None = None, **kwargs) -> str:
    """Django's `{% querystring %}`, writing the reader's free text percent-encoded whole."""
    built = defaulttags.querystring(context, query_dict, **kwargs)
    if not built:
        return built
    return "?" + encode_query(parse_qsl(built[1:], keep_blank_values=True))
