"""REST framework plumbing shared by every API resource; no domain rules here.

Each piece closes a way a request could fail badly: a JSON parser that refuses deep nesting before
Python's recursion limit is reached, pagination that names a bad `page` or `page_size` instead of
clamping it, throttles whose rates follow the settings at call time, query-string guards and
one error shape. Settings name these classes, so this module must not import DRF's views at
load time (the schema generator, which does, is in `newsroom.schema`).
"""

import json
import re
from collections.abc import Iterator

import orjson
from django.conf import settings
from django.http import QueryDict
from django_filters import CharFilter
from rest_framework import (
    exceptions,
    negotiation,
    pagination,
    parsers,
    permissions,
    renderers,
    throttling,
)
from rest_framework.settings import api_settings
from rest_framework.utils import encoders

MAX_JSON_DEPTH = 32
MAX_PARAMETER_LENGTH = 500
MAX_PARAMETER_REPEATS = 20

_JSON_STRUCTURE = re.compile(r'[\[\]{}"\\]')
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_DIGITS = re.compile(r"[0-9]{1,9}")


_ORJSON_OPTIONS = orjson.OPT_NON_STR_KEYS
_LINE_SEPARATORS = ((b"\xe2\x80\xa8", b"\\u2028"), (b"\xe2\x80\xa9", b"\\u2029"))


class JSONRenderer(renderers.JSONRenderer):
    """The API's JSON, written by orjson: the same compact UTF-8 JSONRenderer writes, in a
    fraction of the time (a page of 50 stories: about 0.1 ms instead of 1 ms).

    Types orjson does not know (lazy translations, decimals) go through DRF's encoder, and
    U+2028/U+2029 are escaped as DRF does, so the output is valid JavaScript too. An indented
    rendering, asked for in the Accept header, is left to DRF.
    """

    _fallback = encoders.JSONEncoder().default

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)
        body = orjson.dumps(data, default=self._fallback, option=_ORJSON_OPTIONS)
        for raw, escaped in _LINE_SEPARATORS:
            if raw in body:
                body = body.replace(raw, escaped)
        return body


class ContentNegotiation(negotiation.DefaultContentNegotiation):
    """DRF's negotiation, with its commonest answer found without parsing: a client that
    accepts anything (`*/*`, or no Accept header: curl, wrk, most HTTP libraries) or asks for
    exactly the first renderer's media type gets that renderer, as DRF would give it. Anything
    else (a format, media type parameters, a list of types) is DRF's to decide."""

    def select_renderer(self, request, renderers, format_suffix=None):
        if renderers and format_suffix is None:
            first = renderers[0]
            accept = request.META.get("HTTP_ACCEPT", "*/*")
            if (accept == "*/*" or accept == first.media_type) and (
                self.settings.URL_FORMAT_OVERRIDE not in request.query_params
            ):
                return first, first.media_type
        return super().select_renderer(request, renderers, format_suffix)


def json_nesting_exceeds(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether any array or object in `text` nests deeper than `limit`, read without recursion.

    Only brackets outside strings count; an escaped quote does not end a string.
    """
    depth, in_string, skip = 0, False, -1
    for match in _JSON_STRUCTURE.finditer(text):
        if match.start() == skip:
            continue
        char = match.group()
        if in_string:
            if char == "\\":
                skip = match.start() + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _strings(value: object) -> Iterator[str]:
    """Every string in parsed JSON, keys included (depth is already bounded)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


class JSONParser(parsers.JSONParser):
    """JSON bodies, bounded in size and nesting, in valid Unicode only.

    `json.loads` recurses once per level, so a body of 100,000 opening brackets would end in a
    RecursionError (a 500); the nesting is measured first, without recursion. Lone surrogates
    (`"\\ud800"`) parse in Python but no database can store them, so they are refused here too.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if stream is not None else b""
        if limit is not None and len(raw) > limit:
            raise exceptions.ParseError(f"The body is larger than {limit} bytes.")
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise exceptions.ParseError("The body is not valid UTF-8 JSON.") from exc
        if json_nesting_exceeds(text):
            raise exceptions.ParseError(
                f"The JSON body nests arrays or objects more than {MAX_JSON_DEPTH} levels deep."
            )
        try:
            data = json.loads(text, parse_constant=_refuse_constant)
        except ValueError as exc:
            raise exceptions.ParseError(f"JSON parse error: {exc}") from exc
        if any(_SURROGATE.search(s) for s in _strings(data)):
            raise exceptions.ParseError("The JSON body contains an unpaired surrogate.")
        return data


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=` and `?page_size=` (1 to 100); anything else is a 400 naming the parameter.

    A page number past the end is a 404, as in Django's paginated views.
    """

    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not _DIGITS.fullmatch(raw) or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        f"Give page_size as a whole number from 1 to {self.max_page_size}."
                    ]
                }
            )
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and (not _DIGITS.fullmatch(raw) or int(raw) < 1):
            raise exceptions.ValidationError(
                {self.page_query_param: ["Give page as a whole number from 1."]}
            )
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1, maximum=999_999_999)
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size, default=20)
        return parameters


class ModelPermissionsOrAnonReadOnly(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """DRF's model permissions, reading the model from the view's `queryset` attribute.

    DRF calls `get_queryset()` only to learn the model, on every request; a story detail's
    queryset (filters, prefetches) cost a quarter of the request. A view whose `queryset`
    attribute names its model (`Article.objects.none()`) is asked nothing more.
    """

    def _queryset(self, view):
        queryset = getattr(view, "queryset", None)
        if queryset is not None:
            return queryset
        return super()._queryset(view)


class _SettingsRate:
    """Reads the rate from the settings at each request, so tests and deployments can change it."""

    def get_rate(self):
        """The configured rate; empty or "off" turns the throttle off (a benchmark's setting)."""
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        return None if not rate or rate == "off" else rate


class AnonRateThrottle(_SettingsRate, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_SettingsRate, throttling.UserRateThrottle):
    pass


def check_query_parameters(query: QueryDict) -> None:
    """Refuse values no filter could mean: overlong, NUL bytes, or repeated dozens of times."""
    errors = {}
    for name, values in query.lists():
        label = name.replace("\x00", "")[:MAX_PARAMETER_LENGTH] or "parameter"
        if len(values) > MAX_PARAMETER_REPEATS:
            errors[label] = [f"Give {label} at most {MAX_PARAMETER_REPEATS} times."]
        elif any(len(value) > MAX_PARAMETER_LENGTH for value in values):
            errors[label] = [f"Keep {label} to at most {MAX_PARAMETER_LENGTH} characters."]
        elif "\x00" in name or any("\x00" in value for value in values):
            errors[label] = [f"{label} contains a NUL character."]
    if errors:
        raise exceptions.ValidationError(errors)


class QueryParameterGuard:
    """A filter backend run before the others: bounds every query value (see above)."""

    def filter_queryset(self, request, queryset, view):
        check_query_parameters(request.query_params)
        return queryset

    def get_schema_operation_parameters(self, view) -> list:
        return []


class RejectEmptyValues:
    """A FilterSet mixin: a typed filter given an empty value is an error, not "no filter".

    `?language=` is no language; an integrator who sent it meant something and should hear so.
    Text filters (a search, a tag) may be empty.
    """

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name, declared in self.filters.items():
            if isinstance(declared, CharFilter) or name not in self.data:
                continue
            if any(value == "" for value in self.data.getlist(name)):
                self.form.add_error(name, "Give a value, or leave the parameter out.")
                valid = False
        return valid


class RejectUnknownFields:
    """A serializer mixin: a body member no field reads is a 400 naming it, not dropped.

    A misspelt field (`body` for `body_html`) would otherwise be written as nothing at all.
    """

    def to_internal_value(self, data):
        if isinstance(data, dict):
            known = {name for name, field in self.fields.items() if not field.read_only}
            unknown = [str(name) for name in data if name not in known]
            if unknown:
                listed = ", ".join(sorted(known))
                raise exceptions.ValidationError(
                    {name: [f"Unknown field; the fields are: {listed}."] for name in unknown}
                )
        return super().to_internal_value(data)


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """Nested serializer errors as `{"tags.0": ["..."]}`, so every key names a parameter."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, value in enumerate(detail):
            if value:
                flat.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    items = detail if isinstance(detail, list) else [detail]
    return {prefix or api_settings.NON_FIELD_ERRORS_KEY: [str(item) for item in items]}


def exception_handler(exc, context):
    """DRF's handler with one body shape: `{"detail": str}`, or `{name: [str]}` naming the input.

    A malformed body is named `body`.
    """
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ParseError):
        response.data = {"body": [str(exc.detail)]}
    elif isinstance(response.data, list) or (
        isinstance(response.data, dict) and "detail" not in response.data
    ):
        response.data = _flatten(response.data)
    return response
