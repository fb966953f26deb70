"""PostgreSQL only: the stored search document (a tsvector in the 'simple' configuration over the segmented words,
GIN-indexed) and a trigram index on the words for partial words (pg_trgm). Other databases search `tokens` with
LIKE (search/query.py); the ORM does not know the column, query.py reads it with SQL."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE search_searchdocument ADD COLUMN vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, tokens)) STORED",
    "CREATE INDEX search_document_vector ON search_searchdocument USING gin (vector)",
    "CREATE INDEX search_document_tokens_trgm ON search_searchdocument USING gin (tokens gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_document_tokens_trgm",
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_evidence_text_and_documents")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
