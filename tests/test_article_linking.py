"""Stories are linked to the knowledge base on import; editors' decisions always stand."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles import services
from articles.linking import link_article
from articles.models import AliasSuggestion, Article, Mention
from entities.gazetteer import current_linker
from entities.models import Alias, Entity

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seed_documents"


@pytest.fixture
def knowledge_base(seeded):
    """The seed fixture's entities and aliases, without its stories."""
    Article.objects.all().delete()


def import_json(*args: str) -> dict:
    out = StringIO()
    try:
        call_command("import_documents", *args, "--json", stdout=out, stderr=StringIO())
    except CommandError as exc:
        assert exc.returncode == 1
    return json.loads(out.getvalue())


def test_import_stores_suggestions_not_confirmations(knowledge_base):
    import_json(str(SEEDS / "003_c7fc8fada12e7e9c.txt"))
    article = Article.objects.get()
    mentions = {m.entity.slug: m for m in article.mentions.select_related("entity")}
    assert {"kyrgyzstan", "azerbaijan", "sahiba-gafarova"} <= set(mentions)
    assert {m.status for m in mentions.values()} == {Mention.Status.SUGGESTED}
    for mention in mentions.values():
        for start, end in mention.spans:
            assert article.text[start:end] in mention.surface_forms


def test_json_reports_the_entities_as_designed(knowledge_base):
    report = import_json(str(SEEDS / "003_c7fc8fada12e7e9c.txt"))
    entities = report["results"][0]["article"]["entities"]
    gafarova = next(e for e in entities if e["slug"] == "sahiba-gafarova")
    assert gafarova == {
        "name": "Sahiba Gafarova",
        "kind": "person",
        "slug": "sahiba-gafarova",
        "surface": gafarova["surface"],
        "new": False,
    }
    assert "Сагибой Гафаровой" in gafarova["surface"]


def test_dry_run_reports_entities_and_stores_none(knowledge_base):
    report = import_json(str(SEEDS / "000_d4bade762234ddd5.txt"), "--dry-run")
    slugs = {e["slug"] for e in report["results"][0]["article"]["entities"]}
    assert {"azerbaijan", "jeyhun-bayramov", "organization-of-turkic-states"} <= slugs
    assert not Mention.objects.exists()


def test_duplicate_reports_the_existing_storys_entities(seeded):
    report = import_json(str(SEEDS / "002_45943680a1f8951e.txt"))
    result = report["results"][0]
    assert result["status"] == "duplicate"
    assert "jeyhun-bayramov" in {e["slug"] for e in result["article"]["entities"]}


def test_relink_keeps_confirmed_and_never_reproposes_rejected(seeded):
    article = Article.objects.get(original_filename="003_c7fc8fada12e7e9c.txt")
    rejected = article.mentions.get(entity__slug="kyrgyzstan")
    rejected.status = Mention.Status.REJECTED
    rejected.save()
    confirmed_before = set(
        article.mentions.filter(status=Mention.Status.CONFIRMED).values_list("entity", flat=True)
    )

    link_article(article=article)
    link_article(article=article)

    rejected.refresh_from_db()
    assert rejected.status == Mention.Status.REJECTED
    confirmed_after = set(
        article.mentions.filter(status=Mention.Status.CONFIRMED).values_list("entity", flat=True)
    )
    assert confirmed_after == confirmed_before
    assert article.mentions.count() == len(set(article.mentions.values_list("entity", flat=True)))


def test_linker_follows_the_knowledge_base(knowledge_base):
    text = "Talks with Zqxland opened today."
    assert not [s for s in current_linker().link(text, language="en") if not s.new]
    place = Entity.objects.create(name="Zqxland Republic", kind=Entity.Kind.COUNTRY)
    Alias.objects.create(entity=place, name="Zqxland", language="en")
    found = [s.entity_id for s in current_linker().link(text, language="en") if not s.new]
    assert found == [place.pk]


def test_confirming_suggests_new_spellings_stores_no_alias_and_bumps_the_version(
    knowledge_base,
):
    import_json(str(SEEDS / "004_470fcd4a740a0a54.txt"))
    article = Article.objects.get()
    version = article.version
    mention = article.mentions.get(entity__slug="maksat-mamitkanov")
    mention.surface_forms = [*mention.surface_forms, "Maksat Mamytkanovu"]
    mention.save()
    aliases = Alias.objects.count()

    changed, suggested = services.mentions_decide(
        mentions=Mention.objects.filter(pk=mention.pk),
        status=Mention.Status.CONFIRMED,
        user=None,
    )

    assert changed == 1
    assert suggested >= 1
    assert Alias.objects.count() == aliases
    assert AliasSuggestion.objects.filter(
        entity=mention.entity, name="Maksat Mamytkanovu", status="pending"
    ).exists()
    article.refresh_from_db()
    assert article.version == version + 1
    again = services.mentions_decide(
        mentions=Mention.objects.filter(pk=mention.pk),
        status=Mention.Status.CONFIRMED,
        user=None,
    )
    assert again == (0, 0)


def test_rejecting_adds_no_alias(knowledge_base):
    import_json(str(SEEDS / "004_470fcd4a740a0a54.txt"))
    aliases = Alias.objects.count()
    services.mentions_decide(
        mentions=Mention.objects.all(), status=Mention.Status.REJECTED, user=None
    )
    assert Alias.objects.count() == aliases
    assert set(Mention.objects.values_list("status", flat=True)) == {Mention.Status.REJECTED}


def test_admin_relink_action_suggests_after_the_knowledge_base_grew(knowledge_base, admin_client):
    import_json(str(SEEDS / "001_1a64d7cc3685bcd7.txt"))
    article = Article.objects.get()
    forum = Entity.objects.create(name="Small and medium businesses", kind=Entity.Kind.ORGANIZATION)
    Alias.objects.create(entity=forum, name="SMBs", language="en")
    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "relink", "_selected_action": [article.pk]},
        follow=True,
    )
    assert "Re-linked 1 stories" in response.content.decode()
    assert article.mentions.filter(entity=forum, status=Mention.Status.SUGGESTED).exists()


def test_admin_confirm_action_reports_approved_aliases(knowledge_base, admin_client):
    import_json(str(SEEDS / "003_c7fc8fada12e7e9c.txt"))
    ids = list(Mention.objects.values_list("pk", flat=True))
    response = admin_client.post(
        reverse("admin:articles_mention_changelist"),
        {"action": "confirm", "_selected_action": ids},
        follow=True,
    )
    assert f"{len(ids)} mentions confirmed." in response.content.decode()
    assert not Mention.objects.exclude(status=Mention.Status.CONFIRMED).exists()


def test_article_admin_shows_suggestions_in_context_and_confirms_all(knowledge_base, admin_client):
    import_json(str(SEEDS / "003_c7fc8fada12e7e9c.txt"))
    article = Article.objects.get()
    page = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = page.content.decode()
    assert 'class="mention-suggested" title="Sahiba Gafarova (suggested)">Сагибой Гафаровой' in html
    assert "newsroom/admin.css" in html

    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "confirm_suggestions", "_selected_action": [article.pk]},
    )
    assert not article.mentions.filter(status=Mention.Status.SUGGESTED).exists()
