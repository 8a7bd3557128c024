"""Russian names proposed from the text: nominative, gender kept, nothing but the name."""

import pytest

from entities.linking import GazetteerEntry, Linker
from entities.linking.normalize import tokenize
from entities.linking.russian_names import (
    is_role_word,
    name_bounds,
    nominative_person,
    russian_span,
)

# Inflected form as a story prints it -> the proper nominative name.
NOMINATIVES = [
    # women: the surname's -ой/-у and the given name's -ой/-у back to -а, still feminine
    ("Сагибой Гафаровой", "Сагиба Гафарова"),
    ("Сагиба Гафарова", "Сагиба Гафарова"),
    ("Марией Захаровой", "Мария Захарова"),
    ("Марии Захаровой", "Мария Захарова"),
    ("Валентины Матвиенко", "Валентина Матвиенко"),
    ("Валентина Матвиенко", "Валентина Матвиенко"),
    ("Анной Жуковской", "Анна Жуковская"),
    # men: a genitive -а is a case ending when the given name says so
    ("Садыра Жапарова", "Садыр Жапаров"),
    ("Садыром Жапаровым", "Садыр Жапаров"),
    ("Сергей Лавров", "Сергей Лавров"),
    ("Сергея Лаврова", "Сергей Лавров"),
    ("Сергеем Лавровым", "Сергей Лавров"),
    ("Алексей Тимаев", "Алексей Тимаев"),
    ("Алексеем Бородавкиным", "Алексей Бородавкин"),
    ("Николаем Удовиченко", "Николай Удовиченко"),
    ("Гейдара Алиева", "Гейдар Алиев"),
    ("Леонида Кравчука", "Леонид Кравчук"),
    ("Дмитрия Пескова", "Дмитрий Песков"),
    ("Сергея Викторовича Лаврова", "Сергей Викторович Лавров"),
    # Central Asian, Caucasian and Turkish names the dictionary may not know
    ("Жээнбеком Кулубаевым", "Жээнбек Кулубаев"),
    ("Жээнбека Кулубаева", "Жээнбек Кулубаев"),
    ("Мурата Нуртлеу", "Мурат Нуртлеу"),
    ("Муратом Нуртлеу", "Мурат Нуртлеу"),
    ("Бахтиёром Саидовым", "Бахтиёр Саидов"),
    ("Бахтиера Саидова", "Бахтиёр Саидов"),
    ("Джейхуном Байрамовым", "Джейхун Байрамов"),
    ("Джейхуна Байрамова", "Джейхун Байрамов"),
    ("Хаканом Фиданом", "Хакан Фидан"),
    ("Хакана Фидана", "Хакан Фидан"),
    ("Реджепу Тайипу Эрдогану", "Реджеп Тайип Эрдоган"),
    ("Касым-Жомартом Токаевым", "Касым-Жомарт Токаев"),
    ("Эмомали Рахмоном", "Эмомали Рахмон"),
    ("Мухтара Тлеуберди", "Мухтар Тлеуберди"),
    # surnames that are also common words stay as they are
    ("Сергей Мороз", "Сергей Мороз"),
    ("Сергея Мороза", "Сергей Мороз"),
    ("Канат Бозумбаев", "Канат Бозумбаев"),
]


@pytest.mark.parametrize(("form", "nominative"), NOMINATIVES)
def test_an_inflected_russian_name_returns_to_its_nominative_with_its_gender(form, nominative):
    assert " ".join(nominative_person(form.split())) == nominative


@pytest.mark.parametrize(
    ("words", "name"),
    [
        ("Торага Нурланбек Шакиев", "Нурланбек Шакиев"),
        ("Спикер Нурланбек Шакиев", "Нурланбек Шакиев"),
        ("Глава Сергей Лавров", "Сергей Лавров"),
        ("Алексеем Бородавкиным Глава", "Алексеем Бородавкиным"),
        ("Туркмении Гурбангулы Бердымухамедов", "Гурбангулы Бердымухамедов"),
        ("Совета Федерации Валентина Матвиенко", "Валентина Матвиенко"),
        ("Сергей Лавров Москва", "Сергей Лавров"),
        ("Канат Бозумбаев", "Канат Бозумбаев"),
        ("Роза Отунбаева", "Роза Отунбаева"),
    ],
)
def test_role_words_places_and_bodies_are_never_part_of_a_name(words, name):
    parts = words.split()
    first, last = name_bounds(parts)
    assert " ".join(parts[first:last]) == name


def test_role_words_are_recognised_in_any_case():
    assert all(is_role_word(w) for w in ("Торага", "Спикером", "послу", "Главы", "министра"))
    assert not any(is_role_word(w) for w in ("Сагиба", "Мурат", "Гафарова"))


def test_a_hyphenated_given_name_is_one_word_of_the_name():
    text = "встретился с Касым-Жомартом Токаевым"
    tokens = tokenize(text)
    first, last, words = russian_span(text, tokens, 3, 5, set())
    assert (first, last, words) == (2, 5, ["Касым-Жомартом", "Токаевым"])


@pytest.mark.parametrize(
    ("text", "proposed"),
    [
        ("Министр встретился с Сагибой Гафаровой.", ["Сагиба Гафарова"]),
        ("Переговоры с послом Алексеем Бородавкиным.", ["Алексей Бородавкин"]),
        ("Садыра Жапарова приветствовали в Баку.", ["Садыр Жапаров"]),
        ("Его принял председатель Совета Федерации Валентина Матвиенко.", ["Валентина Матвиенко"]),
        ("Переговоры с президентом Касым-Жомартом Токаевым.", ["Касым-Жомарт Токаев"]),
        ("Торага Нурланбек Шакиев принял гостей.", ["Нурланбек Шакиев"]),
    ],
)
def test_the_linker_proposes_the_nominative_name_alone(text, proposed):
    linker = Linker.build([GazetteerEntry(1, "country", "Азербайджан", "ru")])
    assert [s.name for s in linker.link(text, language="ru") if s.new] == proposed
