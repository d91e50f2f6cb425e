"""PublishedCitation: the sources each published claim version cites, as rows (issue 17), so the
vetting-withdrawal check is one indexed query instead of a read of every current version's evidence
JSON. The rows of the versions already published are filled here from that JSON."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    PublishedClaim = apps.get_model("publishing", "PublishedClaim")
    PublishedCitation = apps.get_model("publishing", "PublishedCitation")
    batch = []
    for version_id, evidence in PublishedClaim.objects.values_list("id", "evidence").iterator(chunk_size=2000):
        for source_id in sorted({int(item["source_id"]) for item in evidence or []}):
            batch.append(PublishedCitation(published_claim_id=version_id, source_id=source_id))
        if len(batch) >= 2000:
            PublishedCitation.objects.bulk_create(batch)
            batch = []
    if batch:
        PublishedCitation.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="PublishedCitation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("source_id", models.BigIntegerField(db_index=True)),
                (
                    "published_claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="publishing.publishedclaim",
                    ),
                ),
            ],
            options={
                "ordering": ["published_claim", "source_id"],
                "constraints": [
                    models.UniqueConstraint(fields=("published_claim", "source_id"), name="published_citation_once")
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
