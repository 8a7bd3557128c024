"""Form widgets shared by the public filter forms."""

from django import forms

from newsroom.text import char_references


class EchoSearchInput(forms.TextInput):
    """A search box that writes the reader's query back as character references.

    The browser shows and submits exactly what was typed; see `newsroom.text.char_references`
    for why the raw HTML should not repeat it.
    """

    input_type = "search"

    def format_value(self, value):
        value = super().format_value(value)
        return None if value is None else char_references(value)
