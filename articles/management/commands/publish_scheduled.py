"""Mark scheduled stories whose time has come as changed, and log that they went live."""

from django.core.management.base import BaseCommand

from articles.services import stories_gone_live


class Command(BaseCommand):
    help = (
        "Scheduled stories go live at their publish time by themselves (every public query "
        "checks it). This optional command, run e.g. every minute, records that they did: their "
        "`updated` time and version move (so API sync with updated_after, ETags and caches see "
        "them) and the audit log says when. Safe to run at any time, any number of times."
    )

    def handle(self, *args, **options) -> None:
        stories = stories_gone_live()
        for article in stories:
            self.stdout.write(f"live {article.slug}")
        self.stdout.write(
            f"{len(stories)} scheduled {'story' if len(stories) == 1 else 'stories'} went live."
        )
