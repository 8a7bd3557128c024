"""The Python-written <select> writes exactly what Django's widget templates write."""

import pytest
from django import forms

from articles.filters import ArticleFilter
from articles.models import Source
from newsroom.widgets import Select

CHOICES = [
    ("", "Any"),
    ("en", "English"),
    ("ru", "Русский <script>“x”</script> & more"),
    ("Grouped", [("a", "A & B"), ("b", '"quoted"')]),
    (7, 7),
]


@pytest.mark.parametrize("value", [None, "", "ru", "a", 7, "7", "missing", ["en", "b"]])
@pytest.mark.parametrize(
    "attrs",
    [
        None,
        {"id": "id_x"},
        {"id": "id_x", "required": True, "disabled": False, "aria-describedby": 'e "1"'},
    ],
)
def test_the_select_matches_djangos_templates(value, attrs):
    assert Select(choices=CHOICES).render("x", value, attrs) == forms.Select(
        choices=CHOICES
    ).render("x", value, attrs)


def test_multiple_selects_match_too():
    class Multiple(Select):
        allow_multiple_selected = True

    assert Multiple(choices=CHOICES).render("x", ["en", "b"], {"multiple": True}) == (
        forms.SelectMultiple(choices=CHOICES).render("x", ["en", "b"], {"multiple": True})
    )


@pytest.mark.django_db
def test_the_story_filter_forms_selects_match_djangos(seeded):
    Source.objects.create(name='Agency "<b>Quotes</b>" & Co')
    for data in ({}, {"source": "kabar", "language": "ru"}, {"source": "nowhere"}):
        form = ArticleFilter(data, queryset=None).form
        for name in ("source", "language"):
            field = form[name]
            reference = forms.Select(choices=field.field.choices, attrs=field.field.widget.attrs)
            reference.is_required = field.field.widget.is_required
            assert isinstance(field.field.widget, Select)
            assert str(field) == field.as_widget(widget=reference)
