"""PostgreSQL: pg_trgm, and a trigram GIN index over the vocabulary (TermStatistic.term), which
claims.matching.engine.spelling_variants searches for other spellings of a term the index does
not hold. Nothing happens on SQLite: the engine falls back to a range of the primary key there."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "matching_termstatistic_term_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = schema_editor.quote_name(apps.get_model("matching", "TermStatistic")._meta.db_table)
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin (term gin_trgm_ops)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("matching", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
