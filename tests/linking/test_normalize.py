from entities.linking.normalize import normalize, tokenize


def test_case_nfkc_yo_quotes_and_dashes_are_unified():
    assert normalize("  «Ёлка»\u00a0—  ＯＴＳ ") == normalize('"елка" - ots') == '"елка" - ots'
    assert normalize("Kara–Kyrgyz ‘Oblast’") == "kara-kyrgyz 'oblast'"


def test_tokens_keep_python_offsets_into_the_original():
    text = "Т.Мамытова, Kara-Kyrgyz (OTS)"
    tokens = tokenize(text)
    assert [t.norm for t in tokens] == ["т", "мамытова", "kara", "kyrgyz", "ots"]
    assert all(text[t.start : t.end] == t.text for t in tokens)


def test_combining_marks_do_not_split_a_word():
    assert [t.norm for t in tokenize("KOBİA")] == ["kobia"]
