"""Indexes for the source typeahead on PostgreSQL (SQLite searches by scanning; nothing to do there).

- a GIN full-text index over title, authors and year ('simple' configuration: no stemming, no stop
  words, so names and foreign titles match as typed); its expression is spelled exactly as
  claims.selectors.sources.SourceSearchDocument writes it, so the planner uses it;
- a btree index in the list order (authors_text, year, id), so a query matching thousands of
  sources ("soviet") reads the first page in order instead of sorting every match.
"""

from django.db import migrations

SEARCH_DOCUMENT = (
    "to_tsvector('simple'::regconfig, "
    "COALESCE(title, '') || ' ' || COALESCE(authors_text, '') || ' ' || COALESCE(year::text, ''))"
)
INDEXES = {
    "claims_source_search_fts": f"USING gin (({SEARCH_DOCUMENT}))",
    "claims_source_list_order": "(authors_text, year, id)",
}


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON claims_source {definition}")


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_default_data")]

    operations = [migrations.RunPython(create_search_indexes, drop_search_indexes)]
