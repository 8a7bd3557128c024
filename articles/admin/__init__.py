"""The editorial admin: stories, their sources, the entities they mention, tags and the audit log.

Lists annotate their counts and join what they display, so a page costs the same number of
queries whatever it shows. Every write of a story or a merge goes through the service layer
(`articles.services`), the same path as the API and the importer: the workflow's rules, a
revision (`articles.history`), the audit log (`articles.audit`) and a re-link when the text
changed.

Each admin lives in its own module; they are all registered here, in one place and order, so
the editorial admins replace the knowledge base's and taggit's own.
"""

from django.contrib import admin
from taggit.models import Tag

from articles.admin.aliases import AliasSuggestionAdmin
from articles.admin.audit import AuditEventAdmin
from articles.admin.entities import EditorialAliasAdmin, EditorialEntityAdmin, EditorialRoleAdmin
from articles.admin.mentions import MentionAdmin
from articles.admin.proposals import EntityProposalAdmin
from articles.admin.sources import SourceAdmin
from articles.admin.stories import ArticleAdmin
from articles.admin.tags import TagAdmin
from articles.models import (
    AliasSuggestion,
    Article,
    AuditEvent,
    EntityProposal,
    Mention,
    Source,
)
from entities.models import Alias, Entity, Role

admin.site.site_header = "Newsroom editorial"
admin.site.site_title = "Newsroom editorial"
admin.site.index_title = "Stories and knowledge base"

admin.site.register(Source, SourceAdmin)
admin.site.register(Article, ArticleAdmin)
admin.site.register(Mention, MentionAdmin)
admin.site.unregister(Entity)
admin.site.register(Entity, EditorialEntityAdmin)
admin.site.unregister(Alias)
admin.site.register(Alias, EditorialAliasAdmin)
admin.site.unregister(Role)
admin.site.register(Role, EditorialRoleAdmin)
admin.site.register(EntityProposal, EntityProposalAdmin)
admin.site.register(AliasSuggestion, AliasSuggestionAdmin)
admin.site.unregister(Tag)
admin.site.register(Tag, TagAdmin)
admin.site.register(AuditEvent, AuditEventAdmin)
