"""`entity_lower_name` enters the model state (Entity.Meta.indexes), so Django keeps it.

articles 0012 made it in raw SQL, where a SQLite table rebuild of entities_entity would drop
it. That migration still creates it (same name, same expression), so this one only tells
Django it exists: every database, old or new, ends with one index Django now manages.
"""

from django.db import migrations, models
from django.db.models.functions import Lower


class Migration(migrations.Migration):
    dependencies = [
        ("entities", "0003_entity_redirect"),
        ("articles", "0012_search_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="entity",
                    index=models.Index(Lower("name"), name="entity_lower_name"),
                ),
            ],
        ),
    ]
