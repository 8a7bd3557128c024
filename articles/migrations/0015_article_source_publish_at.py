# The article_source index also carries publish_at, so a source's count of live stories
# is read from the index alone (the sources API).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_article_body_seal"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="article",
            name="article_source",
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["source", "status", "-sort_date", "publish_at"], name="article_source"
            ),
        ),
    ]
