"""Triage: the desk's claim-list threshold, and `fc_fold` (case- and accent-insensitive search) on
PostgreSQL through the `unaccent` extension. SQLite gets `fc_fold` from claims.search on each
connection, so the SQL part runs on PostgreSQL only."""

from django.db import migrations, models

FOLD_SQL = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE OR REPLACE FUNCTION fc_fold(text) RETURNS text
    AS $$ SELECT lower(unaccent($1)) $$ LANGUAGE sql STABLE PARALLEL SAFE;
"""


def create_fold(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FOLD_SQL)


def drop_fold(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS fc_fold(text);")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0007_i11_rescored_action"),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewpolicy",
            name="claim_list_threshold",
            field=models.FloatField(
                default=0.0,
                help_text="The workspace claim list hides claims whose check-worthiness is below this (0 shows all).",
            ),
        ),
        migrations.RunPython(create_fold, drop_fold),
    ]
