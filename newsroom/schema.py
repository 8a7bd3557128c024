"""The OpenAPI schema's shared parts: the error body and the errors every operation can give."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import permissions, status

from newsroom.rest import MAX_PARAMETER_LENGTH, MAX_PARAMETER_REPEATS

NO_NUL = "^[^\\x00]*$"
SLUG = {"type": "string", "pattern": "^[-a-zA-Z0-9_]{1,200}$", "maxLength": 200}
MAX_SLUGS = 10

ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "description": "`detail` for the request as a whole, or messages keyed by the parameter, "
    "field or header at fault (`body` for a malformed JSON body).",
}

ERRORS = {
    status.HTTP_400_BAD_REQUEST: "A parameter or field is invalid; the body names it.",
    status.HTTP_401_UNAUTHORIZED: "Credentials were given but are invalid, or the user is "
    "inactive; writing needs `Authorization: Token <key>` or a session.",
    status.HTTP_403_FORBIDDEN: "Not allowed for this caller (a missing permission is named).",
    status.HTTP_404_NOT_FOUND: "No such object, or no such page.",
    status.HTTP_406_NOT_ACCEPTABLE: "No representation matches the Accept header.",
    status.HTTP_429_TOO_MANY_REQUESTS: "Too many requests; retry after `Retry-After` seconds.",
}
CREATE_ERRORS = {status.HTTP_409_CONFLICT: "The slug is taken by another story."}
WRITE_ERRORS = {
    status.HTTP_412_PRECONDITION_FAILED: "`If-Match` names a version that is no longer current.",
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: "The body is not JSON (or a form).",
}
RETRY_AFTER = {
    "Retry-After": {
        "schema": {"type": "integer", "minimum": 0},
        "description": "Seconds to wait before the next request.",
        "required": True,
    }
}


def _bound_string(schema: dict, max_length: int) -> None:
    """What the query guard enforces, said in the schema: a length bound and no NUL."""
    if schema.get("type") == "string" and "enum" not in schema and "format" not in schema:
        schema["maxLength"] = min(schema.get("maxLength", max_length), max_length)
        schema.setdefault("pattern", NO_NUL)


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, with the error responses every operation can give, the bounds
    the query guard enforces, and anonymous access on reads that allow it."""

    def get_auth(self):
        """Reads anyone may make say so with `[{}]` alone: no credentials needed, and Swagger UI
        draws no padlock on them (it does on any list with a scheme in it). A token or session
        still counts when sent (editors then read unpublished stories too), as the operation's
        description says; writes list the schemes they need."""
        auths = super().get_auth()
        anonymous_reads = any(
            isinstance(p, (permissions.DjangoModelPermissionsOrAnonReadOnly, permissions.AllowAny))
            for p in self.view.get_permissions()
        )
        if anonymous_reads and self.method in permissions.SAFE_METHODS:
            return [{}]
        return auths

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        filterset_class = getattr(self.view, "filterset_class", None)
        filters = filterset_class.base_filters if filterset_class else {}
        for parameter in parameters:
            schema = parameter["schema"]
            item = schema["items"] if schema.get("type") == "array" else schema
            declared = filters.get(parameter["name"])
            # The website's slug filters check the slug's shape before any query (`check_slug`).
            if declared is not None and hasattr(declared.field_class, "check_slug"):
                item.update(SLUG)
                if item is not schema:
                    schema["maxItems"] = MAX_SLUGS
            max_length = declared.extra.get("max_length") if declared is not None else None
            _bound_string(item, max_length or MAX_PARAMETER_LENGTH)
            if item is not schema:
                schema.setdefault("maxItems", MAX_PARAMETER_REPEATS)
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = dict(ERRORS)
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            errors.update(WRITE_ERRORS)
        if self.method == "POST":
            errors.update(CREATE_ERRORS)
        for code, description in errors.items():
            key = str(code)
            if key not in responses:
                responses[key] = {
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                    "description": description,
                }
            if code == status.HTTP_429_TOO_MANY_REQUESTS:
                responses[key]["headers"] = RETRY_AFTER
        return responses


NOT_BLANK = "^[^\\x00]*[^\\s\\x00][^\\x00]*$"
# Plain text (`newsroom.text.control_character_error`): no C0 control character but tab and a
# line break (LF or CRLF). Markup fields keep only the NUL rule; the sanitiser handles them.
_PLAIN_CHAR = "(?:[^\\x00-\\x08\\x0b-\\x1f]|\\r\\n)"
PLAIN = f"^{_PLAIN_CHAR}*$"
PLAIN_NOT_BLANK = f"^{_PLAIN_CHAR}*[^\\s\\x00-\\x1f]{_PLAIN_CHAR}*$"
MARKUP_FIELDS = {"body_html"}


def _text_patterns(schema: dict) -> None:
    """Request strings: no NUL (refused on input), no control characters in plain text, and not
    only spaces where blank is refused.

    Text inputs are trimmed before the blank check, so a required text needs one visible
    character; the schema says so, and generated requests agree with what the API accepts.
    """
    for name, prop in schema.get("properties", {}).items():
        target = prop.get("items", prop) if prop.get("type") == "array" else prop
        if target.get("type") != "string" or {"enum", "format", "pattern"} & target.keys():
            continue
        required = target.get("minLength", 0) >= 1
        if name in MARKUP_FIELDS:
            target["pattern"] = NOT_BLANK if required else NO_NUL
        else:
            target["pattern"] = PLAIN_NOT_BLANK if required else PLAIN


def postprocess_schema(result, generator, request, public):
    """Add the shared `Error` component, and the text patterns of request bodies."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in schemas.items():
        if name.endswith("Request"):
            _text_patterns(schema)
            # A member the API does not know is refused (`RejectUnknownFields`), not dropped.
            if schema.get("type") == "object" and "properties" in schema:
                schema["additionalProperties"] = False
    schemas["Error"] = ERROR_SCHEMA
    return result
