"""Decoding by evidence: UTF-8 and BOMs trusted, legacy code pages checked, binary refused."""

import codecs

import pytest

from articles.ingest.decode import decode_bytes, plausibility
from articles.ingest.errors import IngestError

RUSSIAN = (
    "Министр иностранных дел Кыргызстана Руслан Казакбаев провел встречу с председателем "
    "Милли Меджлиса Азербайджана. Стороны обсудили двусторонние отношения."
)
FRENCH = "Le ministre des Affaires étrangères a reçu à Bakou le secrétaire général."
GERMAN = "Der Außenminister empfing heute in Baku den Generalsekretär. Sie besprachen die Zukunft."
ENGLISH_QUOTES = "The minister’s visit – the first since 2019 – was “productive”, officials said."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (RUSSIAN.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + RUSSIAN.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + RUSSIAN.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + RUSSIAN.encode("utf-16-be"), "utf-16"),
        (b"Plain ASCII wire text.", "utf-8"),
    ],
)
def test_utf_text_decodes_without_warnings(data, encoding):
    decoded = decode_bytes(data)
    assert decoded.text.strip("\ufeff") in (RUSSIAN, "Plain ASCII wire text.")
    assert decoded.encoding == encoding
    assert decoded.warnings == []


def test_byte_order_mark_is_not_part_of_the_text():
    assert not decode_bytes(codecs.BOM_UTF16_LE + "Baku".encode("utf-16-le")).text.startswith(
        "\ufeff"
    )


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (RUSSIAN, "cp1251", "cp1251"),
        ("Министр встретился с послом.", "cp1251", "cp1251"),
        (RUSSIAN, "koi8-r", "koi8-r"),
        ("Министр встретился с послом.", "koi8-r", "koi8-r"),
        (FRENCH, "cp1252", "latin-1"),
        (GERMAN, "latin-1", "latin-1"),
        (ENGLISH_QUOTES, "cp1252", "cp1252"),
    ],
)
def test_legacy_code_pages_are_recognised_by_evidence(text, codec, expected):
    decoded = decode_bytes(text.encode(codec))
    assert decoded.text == text
    assert decoded.encoding == expected
    assert any(expected in w for w in decoded.warnings)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t\r\n  ", "whitespace only"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "ZIP archive"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip archive"),
        (b"Some text\x00with\x00NUL bytes inside", "NUL bytes"),
        (b"\x00\x00\x00\x00\x00", "NUL bytes"),
        (b"\x01\x02\x03\x04\x05\x06 binary junk \x07\x08", "control bytes"),
    ],
)
def test_files_that_are_not_text_fail_with_a_reason(data, reason):
    with pytest.raises(IngestError, match=reason):
        decode_bytes(data)


def test_mixed_utf8_and_cp1251_fails_clearly():
    data = RUSSIAN.encode("utf-8") + b"\n\n" + RUSSIAN.encode("cp1251")
    with pytest.raises(IngestError, match="mixed encodings: part UTF-8, part cp1251"):
        decode_bytes(data)


def test_a_few_invalid_bytes_in_utf8_are_replaced_with_a_warning():
    decoded = decode_bytes(RUSSIAN.encode("utf-8") + b" \xff\xfe end")
    assert decoded.encoding == "utf-8"
    assert "\ufffd" in decoded.text
    assert RUSSIAN in decoded.text
    assert any("undecodable" in w for w in decoded.warnings)


def test_undecidable_bytes_fall_back_to_utf8_with_replacement():
    decoded = decode_bytes(b"Report \x81\x8d\x8f\x90\x9d\x81 ends here.")
    assert decoded.encoding == "utf-8"
    assert any("undecodable" in w for w in decoded.warnings)


def test_trailing_nul_padding_is_dropped_with_a_warning():
    decoded = decode_bytes(b"Baku wire story.\x00\x00\x00")
    assert decoded.text == "Baku wire story."
    assert any("NUL" in w for w in decoded.warnings)


def test_utf16_without_bom_is_recognised_by_its_nul_pattern():
    decoded = decode_bytes("Baku, May 2. The minister met the envoy.".encode("utf-16-le"))
    assert decoded.text == "Baku, May 2. The minister met the envoy."
    assert decoded.warnings


@pytest.mark.parametrize(
    ("right", "wrong"),
    [
        ("Министр встретился с послом.", "ћинистр встретилс€ с послом."),
        ("Министр встретился с послом.", "Ìèíèñòð âñòðåòèëñÿ ñ ïîñëîì."),
        ("Министр встретился с послом.", "лХМХЯРП БЯРПЕРХКЯЪ Я ОНЯКНЛ."),
        ("Le ministre a reçu à Bakou", "Le ministre a reзu а Bakou"),
    ],
)
def test_plausibility_prefers_real_words_over_misdecoded_ones(right, wrong):
    assert plausibility(right) > plausibility(wrong)


def test_c1_control_characters_make_a_decoding_impossible():
    assert plausibility("Baku \x92s minister") is None
