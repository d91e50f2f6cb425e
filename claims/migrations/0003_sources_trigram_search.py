"""Trigram indexes for the source typeahead (PostgreSQL only; SQLite searches by scanning).

The indexes are on UPPER(column) because that is the expression Django's `icontains` compares on
PostgreSQL, so the ORM query in claims/selectors/sources.py uses them as is.
"""

from django.db import migrations

INDEXES = {
    "claims_source_title_trgm": "UPPER(title) gin_trgm_ops",
    "claims_source_authors_trgm": "UPPER(authors_text) gin_trgm_ops",
}


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON claims_source USING gin ({expression})")


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_default_data")]

    operations = [migrations.RunPython(create_trigram_indexes, drop_trigram_indexes)]
