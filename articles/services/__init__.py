"""The one write path for stories (`stories`) and for what spans stories and the knowledge base
(`entities`). The admin, the API, the importer and the management commands call these; they map
input and errors, nothing more (docs/ARCHITECTURE.md)."""

from articles.services.accounts import SYSTEM_USERNAME, is_system, system_user
from articles.services.entities import entity_delete, entity_merge, entity_restore, entity_save
from articles.services.errors import (
    InvalidStory,
    NotPermitted,
    SlugTaken,
    StaleVersion,
    StoryWriteError,
)
from articles.services.review import (
    PollutedAlias,
    alias_suggestions_decide,
    aliases_clean,
    mention_set_entity,
    mentions_decide,
    proposal_map,
    proposals_accept,
    proposals_reject,
)
from articles.services.scheduling import stories_gone_live
from articles.services.stories import (
    story_add_tag,
    story_create,
    story_delete,
    story_discard_changes,
    story_publish_changes,
    story_relink,
    story_restore,
    story_transition,
    story_update,
)

__all__ = [
    "SYSTEM_USERNAME",
    "InvalidStory",
    "NotPermitted",
    "PollutedAlias",
    "SlugTaken",
    "StaleVersion",
    "StoryWriteError",
    "alias_suggestions_decide",
    "aliases_clean",
    "entity_delete",
    "entity_merge",
    "entity_restore",
    "entity_save",
    "is_system",
    "mention_set_entity",
    "mentions_decide",
    "proposal_map",
    "proposals_accept",
    "proposals_reject",
    "stories_gone_live",
    "story_add_tag",
    "story_create",
    "story_delete",
    "story_discard_changes",
    "story_publish_changes",
    "story_relink",
    "story_restore",
    "story_transition",
    "story_update",
    "system_user",
]
