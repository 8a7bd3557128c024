"""The alias policy (issue 18, defect 1): confirming a story's entities never writes job titles,
word forms or truncated names into the knowledge base; new spellings wait for an Editor.

The knowledge base is the starter one (`load_knowledge_base`), with its dated roles: Jeyhun
Bayramov is Azerbaijan's Foreign Minister from 16 July 2020, Elmar Mammadyarov before him.
"""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from articles import services
from articles.models import AliasSuggestion, Article, AuditEvent, EntityProposal, Mention, Source
from entities.gazetteer import forget_linker
from entities.models import Alias, Entity, Role
from tests.factories import staff_member

pytestmark = pytest.mark.django_db

BAYRAMOV_2023 = (
    "Jeyhun Bayramov met the Kyrgyz delegation in Baku on Tuesday. Later the Azerbaijani "
    "Foreign Minister told reporters the talks went well."
)
MAMMADYAROV_2019 = (
    "Elmar Mammadyarov met the Kyrgyz delegation in Baku on Tuesday. Later the Azerbaijani "
    "Foreign Minister told reporters the talks went well."
)
MAMYTOV_2021 = (
    "Talant Mamytov received the delegation in Bishkek. The Toraga of the Jogorku Kenesh said "
    "cooperation would grow."
)


@pytest.fixture
def knowledge_base(seeded):
    Article.objects.all().delete()
    call_command("load_knowledge_base", stdout=StringIO())
    forget_linker()
    yield
    forget_linker()


@pytest.fixture
def editor(knowledge_base) -> User:
    return staff_member("aynur", "Editor")


@pytest.fixture
def reporter(knowledge_base) -> User:
    return staff_member("bakyt", "Reporter")


def story(text: str, published: datetime.date, *, title: str, user=None) -> Article:
    return services.story_create(
        fields={
            "title": title,
            "body": f"<p>{text}</p>",
            "language": "en",
            "published": published,
            "status": Article.Status.DRAFT,
            # A published story needs a source (issue 20): some of these stories are published.
            "source": Source.objects.get_or_create(name="Trend", defaults={"slug": "trend"})[0],
        },
        user=user,
        via="test",
    )


def confirm_all(user: User, article: Article):
    client = Client()
    client.force_login(user)
    return client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "confirm_suggestions", "_selected_action": [article.pk]},
        follow=True,
    )


def entity(slug: str) -> Entity:
    return Entity.objects.get(slug=slug)


def test_confirm_all_keeps_a_role_phrase_out_of_the_knowledge_base(editor):
    bayramov = entity("jeyhun-bayramov")
    article = story(BAYRAMOV_2023, datetime.date(2023, 5, 2), title="Talks in Baku")
    mention = article.mentions.get(entity=bayramov)
    assert "Azerbaijani Foreign Minister" in mention.surface_forms  # found through the role
    aliases = set(Alias.objects.values_list("pk", flat=True))

    response = confirm_all(editor, article)

    assert response.status_code == 200
    assert "approved as aliases" not in response.text
    assert "4 suggestions confirmed." in response.text
    assert set(Mention.objects.filter(article=article).values_list("status", flat=True)) == {
        Mention.Status.CONFIRMED
    }
    assert set(Alias.objects.values_list("pk", flat=True)) == aliases
    assert not AliasSuggestion.objects.filter(name__icontains="minister").exists()
    assert AuditEvent.objects.filter(action="mentions", object_id=str(article.pk)).exists()


def test_a_2019_story_about_mammadyarov_does_not_suggest_bayramov_after_confirming(editor):
    bayramov, mammadyarov = entity("jeyhun-bayramov"), entity("elmar-mammadyarov")
    confirm_all(editor, story(BAYRAMOV_2023, datetime.date(2023, 5, 2), title="Talks in Baku"))

    old = story(MAMMADYAROV_2019, datetime.date(2019, 5, 2), title="Talks in Baku, 2019")

    mentioned = set(old.mentions.values_list("entity_id", flat=True))
    assert mammadyarov.pk in mentioned
    assert bayramov.pk not in mentioned
    role_mention = old.mentions.get(entity=mammadyarov)
    assert "Azerbaijani Foreign Minister" in role_mention.surface_forms  # the 2019 holder


def test_a_reporter_confirming_on_his_own_story_changes_no_knowledge(reporter):
    mamytov = entity("talant-mamytov")
    Role.objects.create(
        person=mamytov,
        title="Toraga of the Jogorku Kenesh",
        organization=entity("jogorku-kenesh"),
        start_date=datetime.date(2020, 11, 4),
        end_date=datetime.date(2022, 10, 5),
    )
    forget_linker()
    article = story(MAMYTOV_2021, datetime.date(2021, 5, 2), title="Speaker", user=reporter)
    assert "Toraga of the Jogorku Kenesh" in article.mentions.get(entity=mamytov).surface_forms
    aliases = list(Alias.objects.order_by("pk").values_list("pk", "name"))

    confirm_all(reporter, article)

    assert article.mentions.get(entity=mamytov).status == Mention.Status.CONFIRMED
    assert list(Alias.objects.order_by("pk").values_list("pk", "name")) == aliases
    assert not AliasSuggestion.objects.filter(entity=mamytov).exists()
    page = Client().get(mamytov.get_absolute_url())
    assert "Toraga of the Jogorku Kenesh" not in page.text.split("Also known as")[-1]


def test_a_reporters_new_spelling_waits_for_an_editor_and_is_never_used_meanwhile(reporter, editor):
    mamitkanov = entity("maksat-mamitkanov")
    text = "Maksat Mamytkanow, the Kyrgyz minister, arrived in Baku."
    article = story(text, datetime.date(2024, 3, 1), title="Arrival", user=reporter)
    assert "Maksat Mamytkanow" in article.mentions.get(entity=mamitkanov).surface_forms
    confirm_all(reporter, article)

    suggestion = AliasSuggestion.objects.get(entity=mamitkanov)
    assert (suggestion.name, suggestion.status) == ("Maksat Mamytkanow", "pending")
    assert suggestion.suggested_by == reporter and suggestion.article == article
    assert not Alias.objects.filter(entity=mamitkanov, name="Maksat Mamytkanow").exists()
    assert "Maksat Mamytkanow" not in Client().get(mamitkanov.get_absolute_url()).text
    api = Client().get(reverse("api:entity-detail", args=[mamitkanov.slug])).json()
    assert "Maksat Mamytkanow" not in [a["name"] for a in api["aliases"]]

    with pytest.raises(services.NotPermitted):
        services.alias_suggestions_decide(
            suggestions=AliasSuggestion.objects.all(), approve=True, user=reporter
        )
    assert (
        services.alias_suggestions_decide(
            suggestions=AliasSuggestion.objects.all(), approve=True, user=editor
        )
        == 1
    )

    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == ("approved", editor)
    assert suggestion.alias.name == "Maksat Mamytkanow"
    assert "Maksat Mamytkanow" in Client().get(mamitkanov.get_absolute_url()).text
    event = AuditEvent.objects.get(action="aliases", object_id=str(mamitkanov.pk))
    assert event.user == editor and "Maksat Mamytkanow" in event.detail


def test_accepting_a_truncated_proposal_under_the_corrected_name_keeps_no_wrong_alias(editor):
    Entity.objects.filter(slug="kassym-jomart-tokayev").delete()
    forget_linker()
    article = story(
        "Jomart Tokayev spoke in Astana on Monday.", datetime.date(2023, 1, 9), title="Astana"
    )
    proposal = article.proposals.get()
    assert proposal.name == "Jomart Tokayev"

    accepted = services.proposals_accept(
        proposals=EntityProposal.objects.filter(pk=proposal.pk),
        user=editor,
        name="Kassym-Jomart Tokayev",
    )

    assert accepted == 1
    tokayev = Entity.objects.get(name="Kassym-Jomart Tokayev")
    assert not tokayev.aliases.exists()
    assert not AliasSuggestion.objects.filter(entity=tokayev).exists()
    assert article.mentions.get(entity=tokayev).status == Mention.Status.CONFIRMED
    assert "Jomart Tokayev</span>" not in Client().get(tokayev.get_absolute_url()).text
    proposal.refresh_from_db()
    assert (proposal.status, proposal.entity) == ("accepted", tokayev)


def test_a_proposal_corrected_in_its_form_then_accepted_keeps_no_wrong_alias(editor):
    Entity.objects.filter(slug="kassym-jomart-tokayev").delete()
    forget_linker()
    article = story("Jomart Tokayev spoke in Astana.", datetime.date(2023, 1, 9), title="Astana")
    proposal = article.proposals.get()
    EntityProposal.objects.filter(pk=proposal.pk).update(name="Kassym-Jomart Tokayev")

    services.proposals_accept(proposals=EntityProposal.objects.all(), user=editor)

    assert not Alias.objects.filter(name__icontains="Jomart Tokayev").exists()
    assert not AliasSuggestion.objects.exists()


def test_a_corrected_name_is_for_one_proposal_only(editor):
    Entity.objects.filter(slug__in=["kassym-jomart-tokayev", "talant-mamytov"]).delete()
    forget_linker()
    story("Jomart Tokayev met Talant Mamytov in Astana.", datetime.date(2023, 1, 9), title="Astana")
    assert EntityProposal.objects.count() == 2
    with pytest.raises(services.StoryWriteError):
        services.proposals_accept(
            proposals=EntityProposal.objects.all(), user=editor, name="Kassym-Jomart Tokayev"
        )
    assert not EntityProposal.objects.exclude(status="pending").exists()


def test_a_reporter_may_not_accept_map_or_reject_proposals(reporter):
    Entity.objects.filter(slug="kassym-jomart-tokayev").delete()
    forget_linker()
    article = story("Jomart Tokayev spoke in Astana.", datetime.date(2023, 1, 9), title="Astana")
    proposals = EntityProposal.objects.all()
    with pytest.raises(services.NotPermitted):
        services.proposals_accept(proposals=proposals, user=reporter)
    with pytest.raises(services.NotPermitted):
        services.proposals_reject(proposals=proposals, user=reporter)
    with pytest.raises(services.NotPermitted):
        services.proposal_map(
            proposal=article.proposals.get(), entity=entity("astana"), user=reporter
        )
    assert list(proposals.values_list("status", flat=True)) == ["pending"]


def test_a_reporter_may_not_decide_mentions_of_a_published_story(reporter, editor):
    article = story(BAYRAMOV_2023, datetime.date(2023, 5, 2), title="Talks in Baku")
    services.story_transition(article=article, status="published", user=editor, via="test")
    version = Article.objects.get(pk=article.pk).version
    with pytest.raises(services.NotPermitted):
        services.mentions_decide(
            mentions=article.mentions.all(), status=Mention.Status.CONFIRMED, user=reporter
        )
    assert Article.objects.get(pk=article.pk).version == version
    assert not article.mentions.filter(status=Mention.Status.CONFIRMED).exists()


def test_mapping_a_proposal_to_an_existing_entity_confirms_it_there(editor):
    tokayev = entity("kassym-jomart-tokayev")
    article = story("Jomart Tokayev spoke in Astana.", datetime.date(2023, 1, 9), title="Astana")
    # The linker finds him by surname; a proposal the editor maps says the same thing.
    proposal = EntityProposal.objects.create(
        article=article,
        name="Jomart Tokayev",
        normalized="jomart tokayev",
        kind="person",
        surface_forms=["Jomart Tokayev"],
        spans=[[0, 14]],
        count=1,
    )
    version = Article.objects.get(pk=article.pk).version

    mention = services.proposal_map(proposal=proposal, entity=tokayev, user=editor)

    assert (mention.entity, mention.status) == (tokayev, Mention.Status.CONFIRMED)
    assert article.mentions.filter(entity=tokayev).count() == 1
    assert not tokayev.aliases.filter(name="Jomart Tokayev").exists()
    assert not AliasSuggestion.objects.exists()
    assert Article.objects.get(pk=article.pk).version == version + 1


def test_changing_a_mentions_entity_confirms_it_and_suggests_only_new_names(editor):
    article = story(BAYRAMOV_2023, datetime.date(2023, 5, 2), title="Talks in Baku")
    wrong = article.mentions.get(entity__slug="jeyhun-bayramov")
    other = Entity.objects.create(name="Jeyhun Bayramov Jr.", kind="person")

    mention = services.mention_set_entity(mention=wrong, entity=other, user=editor)

    assert (mention.entity, mention.status) == (other, Mention.Status.CONFIRMED)
    assert not article.mentions.filter(entity__slug="jeyhun-bayramov").exists()
    assert not AliasSuggestion.objects.filter(name__icontains="minister").exists()
    assert not Alias.objects.filter(entity=other).exists()


def test_a_russian_case_form_is_suggested_in_the_nominative_once(editor):
    mamitkanov = entity("maksat-mamitkanov")
    Alias.objects.filter(entity=mamitkanov).exclude(language="en").delete()
    forget_linker()
    article = services.story_create(
        fields={
            "title": "Визит",
            "body": "<p>Встреча с Максатом Мамыткановым прошла в Бишкеке.</p>",
            "language": "ru",
            "published": datetime.date(2024, 3, 1),
        },
        via="test",
    )
    forms = article.mentions.get(entity=mamitkanov).surface_forms
    assert forms == ["Максатом Мамыткановым"]

    services.mentions_decide(
        mentions=article.mentions.all(), status=Mention.Status.CONFIRMED, user=editor
    )

    names = list(AliasSuggestion.objects.filter(entity=mamitkanov).values_list("name", flat=True))
    assert names == ["Максат Мамытканов"]
