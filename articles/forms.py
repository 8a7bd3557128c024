"""Forms that write stories: the body is sanitised and the plain text derived on every save."""

from django import forms

from articles.html import html_to_text, sanitize_html
from articles.models import Article


class ArticleAdminForm(forms.ModelForm):
    """The admin's story form.

    The body is stored only as `sanitize_html` returns it and `text` is recomputed from it, so
    search and mention spans always describe what readers see. `base_version` carries the
    version the editor opened; if someone saved the story meanwhile, the save is refused
    instead of silently overwriting their edit.
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    original_url = forms.URLField(max_length=500, required=False, assume_scheme="https")

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
            "original_url",
            "tags",
            "status",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version

    def clean_body(self) -> str:
        return sanitize_html(self.cleaned_data.get("body", ""))

    def clean(self):
        cleaned_data = super().clean()
        base_version = cleaned_data.get("base_version")
        if self.instance.pk and base_version is not None and base_version != self.instance.version:
            raise forms.ValidationError(
                "Someone else saved this story while you were editing it (now version "
                "%(current)s, you started from version %(base)s). Copy your changes, reload "
                "the page and apply them again.",
                code="stale",
                params={"current": self.instance.version, "base": base_version},
            )
        return cleaned_data

    def save(self, commit: bool = True) -> Article:
        self.instance.text = html_to_text(self.instance.body)
        return super().save(commit=commit)


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
