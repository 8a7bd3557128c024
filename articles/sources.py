"""The starter agencies and outlets as `Source` rows, from the importer's own table.

Sources are matched by name (case-insensitive, as the importer matches them) and by slug; one
that exists is never touched, so an editor's renaming or new address survives every re-run.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models.functions import Lower

from articles.ingest.agencies import agencies
from articles.models import Source
from newsroom.text import ascii_slug


@dataclass(frozen=True)
class SourcesResult:
    created: int
    present: int

    def __str__(self) -> str:
        return f"{self.created} sources created, {self.present} already present"


@transaction.atomic
def load_sources() -> SourcesResult:
    """Create the table's agencies that have no `Source` yet; leave every existing one alone."""
    names = set(Source.objects.annotate(lower=Lower("name")).values_list("lower", flat=True))
    slugs = set(Source.objects.values_list("slug", flat=True))
    new = []
    for agency in agencies():
        slug = ascii_slug(agency.name)
        if agency.name.lower() in names or slug in slugs:
            continue
        names.add(agency.name.lower())
        slugs.add(slug)
        new.append(Source(name=agency.name, slug=slug, url=agency.url))
    Source.objects.bulk_create(new)
    return SourcesResult(created=len(new), present=len(agencies()) - len(new))
