"""Stable claim numbers: `Claim.number`, backfilled in article order (start, end, id), unique per article."""

from django.db import migrations, models


def backfill(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    article_ids = Claim.objects.values_list("article_id", flat=True).distinct().order_by("article_id")
    for article_id in article_ids:
        claims = list(Claim.objects.filter(article_id=article_id).order_by("start", "end", "id").only("id"))
        for number, claim in enumerate(claims, start=1):
            claim.number = number
        Claim.objects.bulk_update(claims, ["number"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("claims", "0006_ih_triage")]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="number",
            field=models.PositiveIntegerField(null=True, editable=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="claim",
            name="number",
            field=models.PositiveIntegerField(
                editable=False,
                help_text="The claim's number within its article, kept for life (new claims take the next).",
            ),
        ),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.UniqueConstraint(fields=("article", "number"), name="claim_unique_number"),
        ),
    ]
