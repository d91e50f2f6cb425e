"""Issue 12: an article history (ArticleEvent), and a ClaimReview ratingValue for every default rating.

ArticleEvent records metadata edits and deletions of articles (services.articles).


Google's ClaimReview documentation asks for ratingValue, bestRating and worstRating with
alternateName. The default scale maps, on 1 (worst) .. 5 (best): true 5, mostly true 4,
mixed 3, mostly false 2, false 1, misleading 2 (accurate elements giving a false impression,
read as mostly false), unproven 3 and not checkable 3 (no truth judgement: the middle of the
scale, and alternateName carries the label). Only ratings still without a value are changed,
so a desk's own configuration is kept.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

VALUES = {"misleading": 2, "unproven": 3, "not-checkable": 3}


def fill_values(apps, schema_editor):
    VerdictRating = apps.get_model("claims", "VerdictRating")
    for slug, value in VALUES.items():
        VerdictRating.objects.filter(slug=slug, schema_rating_value__isnull=True).update(schema_rating_value=value)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0005_reviews_scale_and_policy_versions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="verdictrating",
            name="schema_rating_value",
            field=models.PositiveSmallIntegerField(
                blank=True,
                null=True,
                help_text=(
                    "ClaimReview ratingValue on the scale's numbers (default 1 false .. 5 true; bestRating and "
                    "worstRating are the highest and lowest values of the scale; alternateName is the label). "
                    "Empty: the middle of the scale."
                ),
            ),
        ),
        migrations.RunPython(fill_values, migrations.RunPython.noop),
        migrations.CreateModel(
            name="ArticleEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("article_ref", models.PositiveIntegerField(help_text="The article's id, kept after deletion.")),
                ("article_title", models.CharField(max_length=500)),
                (
                    "action",
                    models.CharField(choices=[("edited", "Metadata edited"), ("deleted", "Deleted")], max_length=20),
                ),
                ("before", models.JSONField(blank=True, default=dict)),
                ("after", models.JSONField(blank=True, default=dict)),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="events",
                        to="claims.article",
                    ),
                ),
            ],
            options={
                "ordering": ["article_ref", "created_at", "id"],
            },
        ),
    ]
