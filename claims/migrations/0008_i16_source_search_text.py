"""Accent-insensitive source search: `Source.search_text` (title, authors and year folded: no case,
no accents), backfilled here and kept by Source.save(); on PostgreSQL the typeahead's GIN index is
rebuilt over it (the expression claims.selectors.sources.SourceSearchDocument writes)."""

import unicodedata

from django.db import migrations, models


def fold(text):
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(character for character in decomposed if not unicodedata.combining(character)).casefold()


def backfill(apps, schema_editor):
    Source = apps.get_model("claims", "Source")
    batch = []
    for source in Source.objects.only("id", "title", "authors_text", "year").iterator(chunk_size=2000):
        parts = [source.title or "", source.authors_text or "", str(source.year) if source.year else ""]
        source.search_text = fold(" ".join(part for part in parts if part))
        batch.append(source)
        if len(batch) >= 2000:
            Source.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Source.objects.bulk_update(batch, ["search_text"])


OLD_DOCUMENT = (
    "to_tsvector('simple'::regconfig, "
    "COALESCE(title, '') || ' ' || COALESCE(authors_text, '') || ' ' || COALESCE(year::text, ''))"
)
NEW_DOCUMENT = "to_tsvector('simple'::regconfig, COALESCE(search_text, ''))"


def rebuild_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS claims_source_search_fts")
    schema_editor.execute(f"CREATE INDEX claims_source_search_fts ON claims_source USING gin (({NEW_DOCUMENT}))")


def restore_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS claims_source_search_fts")
    schema_editor.execute(f"CREATE INDEX claims_source_search_fts ON claims_source USING gin (({OLD_DOCUMENT}))")


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_i16_claim_number")]

    operations = [
        migrations.AddField(
            model_name="source",
            name="search_text",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="Title, authors and year folded (no case, no accents), for search.",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(rebuild_index, restore_index),
    ]
