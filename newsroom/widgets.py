"""Form widgets shared by the public filter forms."""

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


class SearchInput(forms.TextInput):
    """A search box (`type="search"`) that keeps the query searched, escaped as any value."""

    input_type = "search"


def _attributes(attrs: dict) -> str:
    """`django/forms/widgets/attrs.html` in Python: True is a bare name, False is left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class Select(forms.Select):
    """A `<select>` written in Python, character for character what Django's templates write
    (`tests/test_widgets.py` holds it so), without a template include per option: the story
    list's filter form spent a tenth of the page in them."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"']
        parts.append(f"{_attributes(widget['attrs'])}>")
        for group_name, group_choices, _ in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in group_choices:
                parts.append(
                    f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                    f"{_attributes(option['attrs'])}>{conditional_escape(option['label'])}"
                    "</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every value above is escaped
