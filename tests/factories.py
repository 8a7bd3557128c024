"""factory_boy factories for every model, in one place."""

import datetime

import factory
from django.contrib.auth.models import Group, User

from articles.models import Article, Mention, Source
from entities.models import Alias, Entity, Role


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity

    kind = Entity.Kind.PERSON
    name = factory.Sequence(lambda n: f"Person Number{n}")


class AliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alias

    entity = factory.SubFactory(EntityFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")
    language = "en"


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    person = factory.SubFactory(EntityFactory)
    title = "Minister of Foreign Affairs"
    organization = factory.SubFactory(EntityFactory, kind=Entity.Kind.COUNTRY)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Agency {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Story number {n} about regional cooperation")
    summary = "A short summary."
    text = "First paragraph of the story.\n\nSecond paragraph."
    body = "<p>First paragraph of the story.</p><p>Second paragraph.</p>"
    language = "en"
    source = factory.SubFactory(SourceFactory)
    status = Article.Status.PUBLISHED
    published = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class MentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mention

    article = factory.SubFactory(ArticleFactory)
    entity = factory.SubFactory(EntityFactory)
    status = Mention.Status.CONFIRMED
    surface_forms = factory.LazyAttribute(lambda m: [m.entity.name])
    count = 1


def staff_member(name: str, role: str, *, password: str | None = "x") -> User:
    """A staff account in one of the groups the migration made ("Editor", "Reporter")."""
    user = User.objects.create_user(name, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user
