"""The admin's forms for stories: input and its validation; saving is `articles.services`."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from articles import drafts, workflow
from articles.html import ALLOWED_TAGS, sanitize_html
from articles.models import Article
from articles.published import utc_offset_label

# Every offset in use, from UTC-12:00 to UTC+14:00 in quarter hours (UTC+05:45 is Nepal's).
UTC_OFFSET_CHOICES = [
    ("", _("Not stated (the agency's local time)")),
    *((minutes, utc_offset_label(minutes)) for minutes in range(-12 * 60, 14 * 60 + 1, 15)),
]

BODY_HELP = (
    "HTML, reduced on saving to paragraphs (p), headings (h2 to h4), lists (ul, ol, li), links "
    '(a, marked rel="noopener nofollow"), emphasis (strong, em) and quotes (blockquote).'
)


def schedule_help() -> str:
    return (
        f"Times are in {settings.TIME_ZONE}. A published story with a later time stays hidden "
        "from readers until then, with no further step; empty means live as soon as it is "
        "published."
    )


class BodyEditor(forms.Textarea):
    """A plain textarea for story HTML with a small toolbar and a live, sanitised preview
    (newsroom/admin-editor.js); without JavaScript it is simply the textarea."""

    def __init__(self, attrs=None):
        defaults = {
            "rows": 18,
            "class": "vLargeTextField body-editor",
            "data-allowed-tags": " ".join(sorted(ALLOWED_TAGS)),
        }
        super().__init__({**defaults, **(attrs or {})})


class ArticleAdminForm(forms.ModelForm):
    """The admin's story form.

    The body is shown sanitised as soon as the form is validated; the service layer
    (`articles.services`, called by the admin) stores it and derives the text from it.
    `base_version` carries the version the editor opened; if someone saved the story
    meanwhile, the save is refused instead of silently overwriting their edit.
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    original_url = forms.URLField(max_length=500, required=False, assume_scheme="https")
    published_time = forms.TimeField(
        required=False,
        label=_("Time"),
        help_text=_(
            "The time of publication as the copy states it, on the story's date; empty when "
            "the copy gives none."
        ),
    )
    published_utc_offset = forms.TypedChoiceField(
        choices=UTC_OFFSET_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Time zone"),
        help_text=_(
            "The zone the copy names for that time. Not stated: the time is shown as the "
            "agency wrote it, with no zone claimed."
        ),
    )

    # Set by the admin (ArticleAdmin.get_form): whether the editor may publish and schedule.
    may_publish = True

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "summary",
            "body",
            "language",
            "source",
            "byline",
            "dateline",
            "published",
            "published_time",
            "published_utc_offset",
            "original_url",
            "tags",
            "status",
            "publish_at",
        ]
        widgets = {"body": BodyEditor}
        help_texts = {"body": BODY_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stale_version: int | None = None
        current = self.instance.status if self.instance.pk else None
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version
        if self.instance.pk and self.instance.draft is not None:
            # A live story is edited in its unpublished changes, not in what readers see.
            for name, value in drafts.from_json(self.instance.draft).items():
                field = "source" if name == "source_id" else name
                if field in self.fields:
                    self.initial[field] = value
        if "status" in self.fields:
            allowed = workflow.allowed_statuses(current=current, may_publish=self.may_publish)
            self.fields["status"].choices = [
                (value, label) for value, label in Article.Status.choices if value in allowed
            ]
        if "publish_at" in self.fields:
            self.fields["publish_at"].label = f"Publish at ({settings.TIME_ZONE})"
            self.fields["publish_at"].help_text = schedule_help()
        if "tags" in self.fields:
            self.fields["tags"].widget.attrs.update(
                {"class": "vTextField tag-input", "autocomplete": "off"}
            )

    def clean_body(self) -> str:
        return sanitize_html(self.cleaned_data.get("body", ""))

    def clean(self):
        cleaned_data = super().clean()
        base_version = cleaned_data.get("base_version")
        if self.instance.pk and base_version is not None and base_version != self.instance.version:
            self.stale_version = base_version
            raise forms.ValidationError(
                "Someone else saved this story while you were editing it (now version "
                "%(current)s, you opened version %(base)s), so your edit was not saved. Their "
                "changes are shown below and yours are still in the form: bring them together, "
                "then save again.",
                code="stale",
                params={"current": self.instance.version, "base": base_version},
            )
        if cleaned_data.get("published_time") is not None and not cleaned_data.get("published"):
            self.add_error("published_time", _("A time needs the story's date."))
        if (
            cleaned_data.get("published_utc_offset") is not None
            and cleaned_data.get("published_time") is None
            and "published_time" not in self.errors
        ):
            self.add_error("published_utc_offset", _("A time zone needs a time."))
        publish_at = cleaned_data.get("publish_at", self.instance.publish_at)
        errors = workflow.transition_errors(
            current_status=self.instance.status if self.instance.pk else None,
            new_status=cleaned_data.get("status"),
            publish_at_changed="publish_at" in self.fields
            and publish_at != self.instance.publish_at,
            may_publish=self.may_publish,
        )
        for field, messages in errors.items():
            self.add_error(field if field in self.fields else None, messages)
        return cleaned_data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,text/plain"}))
        # An empty file is the importer's to report, per file, not a reason to refuse the rest.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportDocumentsForm(forms.Form):
    """Raw wire stories uploaded by an editor; each becomes a draft like `import_documents`."""

    files = MultipleFileField(
        label="Wire stories", help_text="One or more plain-text files, as the agency sent them."
    )
    publish = forms.BooleanField(
        required=False, help_text="Publish at once instead of creating drafts."
    )
