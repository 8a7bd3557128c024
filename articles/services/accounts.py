"""The system's own account: who a command's writes are recorded as when no person is named.

An import from the command line publishes as "the system", but a story's `published_by`, its
revisions and the audit log name a user: this account, which no one can log in as (no usable
password, not staff). The workflow's rules are for people and are not asked of it.
"""

from django.contrib.auth import get_user_model

SYSTEM_USERNAME = "newsroom-system"


def system_user():
    """The system account, made the first time it is needed."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"is_staff": False, "is_active": True}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def is_system(user) -> bool:
    """Whether `user` is the system account (never a person, whatever their name)."""
    return (
        getattr(user, "username", None) == SYSTEM_USERNAME
        and not user.is_staff
        and not user.has_usable_password()
    )
