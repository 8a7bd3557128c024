"""Language detection: en and ru fast, other languages recognised rather than mislabelled."""

import pytest

from articles.ingest.language import detect_language

SAMPLES = {
    "en": "Azerbaijani Foreign Minister Jeyhun Bayramov received today the Secretary General of "
    "the Organization of Turkic States, who is on a visit to Azerbaijan in connection with the "
    "observation of the extraordinary presidential election, and the sides discussed the agenda.",
    "ru": "Министр иностранных дел Кыргызстана Руслан Казакбаев в ходе официального визита провел "
    "встречу с председателем Милли Меджлиса Азербайджанской Республики. Стороны обсудили "
    "двусторонние отношения и отметили важность их дальнейшего развития.",
    "uk": "Міністр закордонних справ України провів зустріч з генеральним секретарем організації, "
    "під час якої сторони обговорили питання двосторонньої співпраці та її подальшого розвитку.",
    "kk": "Қазақстан Республикасының Сыртқы істер министрі Әзірбайжанның әріптесімен кездесті. "
    "Тараптар екіжақты ынтымақтастық мәселелерін талқылады.",
    "ky": "Кыргыз Республикасынын тышкы иштер министри Азербайжандын парламентинин төрагасы менен "
    "жолугушту. Тараптар эки тараптуу кызматташтыкты талкуулашты.",
    "tr": "Dışişleri Bakanı, Türk Devletleri Teşkilatı Genel Sekreteri ile bir araya geldi ve iki "
    "ülke arasındaki işbirliğini görüştü.",
    "az": "Azərbaycan Respublikasının xarici işlər naziri Türk Dövlətləri Təşkilatının baş katibi "
    "ilə görüşüb. Görüşdə əməkdaşlıq məsələləri müzakirə olunub.",
    "de": "Der Außenminister Aserbaidschans empfing heute den Generalsekretär der Organisation der "
    "Turkstaaten in Baku, um über die Zusammenarbeit zu sprechen.",
    "fr": "Le ministre des Affaires étrangères de l'Azerbaïdjan a reçu aujourd'hui le secrétaire "
    "général de l'Organisation des États turciques à Bakou.",
}


@pytest.mark.parametrize(("language", "text"), SAMPLES.items())
def test_language_is_detected(language, text):
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["", "   ", "12345 67890", "OK", "Baku 2024"])
def test_too_little_text_is_undetermined(text):
    assert detect_language(text) == "und"


def test_a_few_english_names_do_not_make_a_russian_story_english():
    text = SAMPLES["ru"] + " В форуме участвовали OTS, COP29 и ASEAN."
    assert detect_language(text) == "ru"
