"""Create (or update) a newsroom account in one of the roles: Reporter or Editor."""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.roles import EDITOR, REPORTER, sync_roles

ROLES = {"reporter": REPORTER, "editor": EDITOR}
PASSWORD_VARIABLE = "NEWSROOM_STAFF_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a staff account in the Reporter or Editor group (made by the migrations), or "
        "move an existing account to that role. The role is always named (--role). The "
        f"password is asked for, or read from ${PASSWORD_VARIABLE} with --noinput; never given "
        "on the command line. A new account without a password (it cannot log in until one is "
        "set) is made only when --no-password says so."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--role",
            choices=sorted(ROLES),
            required=True,
            help="The account's role: what it may do is the role's, so it is never assumed.",
        )
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"Do not prompt; the password comes from ${PASSWORD_VARIABLE}.",
        )
        parser.add_argument(
            "--no-password",
            action="store_true",
            dest="no_password",
            help="Make a new account without a password (it cannot log in until one is set, "
            "e.g. with `manage.py changepassword`); without this flag one is required.",
        )

    def handle(self, *args, **options) -> None:
        group = Group.objects.filter(name=ROLES[options["role"]]).first()
        if group is None:  # e.g. after `manage.py flush`: make the roles again
            sync_roles()
            group = Group.objects.get(name=ROLES[options["role"]])
        User = get_user_model()
        user = User.objects.filter(username=options["username"]).first()
        password = self._password(options, user or User(username=options["username"]))
        if user is None and password is None and not options["no_password"]:
            raise CommandError(
                f"No password for the new account {options['username']}: set "
                f"${PASSWORD_VARIABLE}, run without --noinput to be asked, or pass --no-password "
                "to make it without one."
            )
        with transaction.atomic():
            created = user is None
            if created:
                user = User(username=options["username"], email=options["email"])
            elif options["email"]:
                user.email = options["email"]
            user.is_staff = True
            user.is_active = True
            if password is not None:
                user.set_password(password)
            elif created:
                user.set_unusable_password()
            user.save()
            user.groups.remove(*Group.objects.filter(name__in=ROLES.values()))
            user.groups.add(group)
        self.stdout.write(
            f"{'Created' if created else 'Updated'} {user.username} as {group.name}"
            + ("" if user.has_usable_password() else " (no password yet: set one to log in)")
            + "."
        )

    def _password(self, options, user) -> str | None:
        """The new password, validated; None to leave an existing one alone."""
        password = os.environ.get(PASSWORD_VARIABLE)
        if options["no_password"]:
            if password is not None:
                raise CommandError(f"--no-password and ${PASSWORD_VARIABLE} contradict each other.")
            return None
        if password is None and options["interactive"]:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords do not match.")
        if password is None:
            return None
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        return password
