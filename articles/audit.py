"""The audit log: publishing, merging and deleting, whoever did it and through whatever path."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from articles.models import AuditEvent


def record_event(
    *, action: str, obj: models.Model, user=None, detail: str = "", via: str = ""
) -> AuditEvent:
    """Write one event about `obj` (call before deleting it: its id and name are kept)."""
    return AuditEvent.objects.create(
        action=action,
        user=user if getattr(user, "is_authenticated", False) else None,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        detail=detail,
        via=via,
    )
