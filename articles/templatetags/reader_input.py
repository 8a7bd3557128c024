"""Links that keep what the reader typed: Django's `{% querystring %}`, its values encoded as a
browser's form sends them (`newsroom.text.encode_query`), the same as the canonical links.

Load it after other libraries: its `querystring` replaces Django's built-in tag of that name.
"""

from urllib.parse import parse_qsl

from django import template
from django.http import QueryDict
from django.template import defaulttags

from newsroom.text import encode_query

register = template.Library()


@register.simple_tag(name="querystring", takes_context=True)
def querystring(context: template.Context, query_dict: QueryDict | None = None, **kwargs) -> str:
    """Django's `{% querystring %}`, every value percent-encoded the same way."""
    built = defaulttags.querystring(context, query_dict, **kwargs)
    if not built:
        return built
    return "?" + encode_query(parse_qsl(built[1:], keep_blank_values=True))
