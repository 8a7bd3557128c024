"""Entity names in the page's language in templates (see `entities.names`)."""

from django import template

from entities import names

register = template.Library()


@register.filter
def entity_name(entity) -> str:
    """`{{ entity|entity_name }}`: anything with a `slug` and a `name`."""
    return names.entity_name(entity)


@register.filter
def local_name(name: str, slug: str) -> str:
    """`{{ row.entity__name|local_name:row.entity__slug }}`: a name and slug from a row."""
    return names.local_name(slug, name)


@register.filter
def kind_word(kind: str) -> str:
    """An entity kind (`person`) as a lower-case word in the page's language."""
    return str(names.KIND_WORDS.get(kind, kind))
