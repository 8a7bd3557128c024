"""New entities the linker proposes wait in a queue; editors accept or reject them."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.linking import link_article
from articles.models import Article, EntityProposal, Mention
from articles.services import proposals_accept, proposals_reject
from entities.models import Entity

STORY = (
    "BAKU, Azerbaijan, March 3. Azerbaijani Foreign Minister Jeyhun Bayramov met Ambassador "
    "of Mongolia Batbold Tserendorj in Baku, Trend reports.\n\nThe sides discussed cooperation. "
    "Batbold Tserendorj thanked Azerbaijan.\n"
)


@pytest.fixture
def proposed(seeded, tmp_path):
    """A story naming an ambassador the knowledge base (as `make seed` loads it) does not know."""
    Article.objects.all().delete()
    call_command("load_knowledge_base", stdout=StringIO())
    path = tmp_path / "mongolia.txt"
    path.write_text(STORY, encoding="utf-8")
    call_command("import_documents", str(path), stdout=StringIO())
    return Article.objects.get()


def test_import_proposes_an_unknown_person_without_creating_it(proposed):
    proposal = proposed.proposals.get()
    assert (proposal.name, proposal.kind, proposal.status) == (
        "Batbold Tserendorj",
        "person",
        "pending",
    )
    assert proposal.count == len(proposal.spans) == 2
    for start, end in proposal.spans:
        assert proposed.text[start:end] == "Batbold Tserendorj"
    assert not Entity.objects.filter(name="Batbold Tserendorj").exists()


def test_accepting_creates_the_entity_with_a_confirmed_mention(proposed):
    version = proposed.version
    assert proposals_accept(proposals=EntityProposal.objects.all(), user=None) == 1
    entity = Entity.objects.get(name="Batbold Tserendorj")
    mention = proposed.mentions.get(entity=entity)
    assert mention.status == Mention.Status.CONFIRMED
    assert EntityProposal.objects.get().entity == entity
    proposed.refresh_from_db()
    assert proposed.version == version + 1
    assert proposals_accept(proposals=EntityProposal.objects.all(), user=None) == 0


def test_accepting_reuses_an_entity_of_the_same_name(proposed):
    existing = Entity.objects.create(name="Batbold Tserendorj", kind=Entity.Kind.PERSON)
    proposals_accept(proposals=EntityProposal.objects.all(), user=None)
    assert Entity.objects.filter(name="Batbold Tserendorj").count() == 1
    assert proposed.mentions.filter(entity=existing).exists()


def test_rejected_proposal_is_never_proposed_again_for_that_story(proposed):
    assert proposals_reject(proposals=EntityProposal.objects.all(), user=None) == 1
    link_article(article=proposed)
    assert list(proposed.proposals.values_list("status", flat=True)) == ["rejected"]


def test_proposal_queue_in_the_admin(proposed, admin_client):
    url = reverse("admin:articles_entityproposal_changelist")
    page = admin_client.get(url, {"status__exact": "pending"})
    assert "Batbold Tserendorj" in page.content.decode()
    response = admin_client.post(
        url,
        {"action": "accept", "_selected_action": [proposed.proposals.get().pk]},
        follow=True,
    )
    assert "1 accepted" in response.content.decode()
    assert Entity.objects.filter(name="Batbold Tserendorj").exists()
