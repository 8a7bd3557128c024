"""What a write refuses, in the domain's words; the admin and the API map these to their own
answers (a form error, a 403, 409 or 412) and never decide the rules themselves."""


class StoryWriteError(Exception):
    """A write that was refused; nothing of it was stored. `errors` names the fields at fault."""

    def __init__(self, errors: dict[str, list[str]] | None = None):
        self.errors = errors or {}
        super().__init__("; ".join(m for messages in self.errors.values() for m in messages))


class NotPermitted(StoryWriteError):
    """The user may not make this change (`articles.workflow` says why, per field)."""


class StaleVersion(StoryWriteError):
    """Someone saved the story since the caller read it: re-read and re-apply the edit."""


class SlugTaken(StoryWriteError):
    """Another story already has the slug asked for."""


class InvalidStory(StoryWriteError):
    """What no story may hold (`Article.input_errors`): control characters in plain text, a
    published story without a source."""
