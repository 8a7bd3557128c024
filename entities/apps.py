from django.apps import AppConfig


class EntitiesConfig(AppConfig):
    name = "entities"
    verbose_name = "Knowledge base"

    def ready(self) -> None:
        # Cache invalidation only: the linker must see this process's edits at once.
        from django.db.models.signals import post_delete, post_save

        from entities.gazetteer import forget_linker
        from entities.models import Alias, Entity, Role

        def drop_linker(**kwargs) -> None:
            forget_linker()

        for model in (Entity, Alias, Role):
            post_save.connect(drop_linker, sender=model, weak=False)
            post_delete.connect(drop_linker, sender=model, weak=False)
