"""The PostgreSQL path of search: the stored tsvector, its GIN index, pg_trgm for partial words, the ranking."""

import pytest
from django.db import connection

from search import query
from tests.test_search import CORPUS, QUERIES, RECALL_FLOOR, _save

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL behaviour: run with DATABASE_URL=postgres://… (CI does)")


def _columns_and_indexes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
            " WHERE attrelid = 'search_searchdocument'::regclass AND attname = 'vector'"
        )
        columns = cursor.fetchall()
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'search_searchdocument'")
        indexes = [row[0] for row in cursor.fetchall()]
    return columns, indexes


def test_stored_document_and_its_indexes(db):
    columns, indexes = _columns_and_indexes()
    assert columns == [("vector", "tsvector")]
    assert any("USING gin (vector)" in i for i in indexes)
    assert any("gin_trgm_ops" in i for i in indexes)


def test_the_stored_vector_holds_the_thai_words(roles):
    _save(roles.assessment.responses.get(item__code="1.1"), {"basic": "คณะกรรมการบริหารความเสี่ยงประชุม"}, roles.member)
    with connection.cursor() as cursor:
        cursor.execute("SELECT vector::text FROM search_searchdocument")
        (vector,) = cursor.fetchone()
    assert "'ความเสี่ยง'" in vector and "'คณะกรรมการ'" in vector


def test_whole_words_partial_words_and_ranking(roles):
    close = roles.assessment.responses.get(item__code="1.1")
    apart = roles.assessment.responses.get(item__code="1.2")
    _save(close, {"basic": "ระบบรับเรื่องร้องเรียนออนไลน์"}, roles.member)
    _save(apart, {"basic": "ระบบงานบุคคล และการตอบข้อร้องเรียน"}, roles.member)
    found = query.search(user=roles.member, text="ระบบรับเรื่องร้องเรียน", filters=query.Filters())
    assert [d.response_id for d in found.documents] == [close.pk]  # every word is needed
    found = query.search(user=roles.member, text="ร้องเรียน ระบบ", filters=query.Filters())
    assert [d.response_id for d in found.documents][0] == close.pk  # the words close together rank first
    assert found.total == 2
    partial = query.search(user=roles.member, text="ออนไล", filters=query.Filters())  # part of a word
    assert [d.response_id for d in partial.documents] == [close.pk]


def test_recall_on_postgres(roles):
    responses = {}
    for code, (key, text) in zip(["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4"], CORPUS.items(), strict=True):
        response = roles.assessment.responses.get(item__code=code)
        _save(response, {"basic": text}, roles.member)
        responses[response.pk] = key
    expected = found = 0
    for text, keys in QUERIES.items():
        hits = {
            responses[d.response_id]
            for d in query.search(user=roles.member, text=text, filters=query.Filters()).documents
        }
        expected += len(keys)
        found += len(keys & hits)
    print(f"recall {found}/{expected} = {found / expected:.3f}")
    assert found / expected >= RECALL_FLOOR


def test_only_words_the_index_does_not_know_are_looked_for_inside_words(roles):
    """A word the full-text index holds (whole or as the start of a word) is answered by its GIN index alone; the
    trigram scan of every document's words is kept for a word found nowhere else, inside a longer word."""
    _save(roles.assessment.responses.get(item__code="1.1"), {"basic": "ระบบรับเรื่องร้องเรียนออนไลน์"}, roles.member)
    assert query._known(["ร้องเรียน", "ร้องเรีย", "ไลน์", "ไม่มีคำนี้"]) == {"ร้องเรียน", "ร้องเรีย"}
    for text in ("ร้องเรีย", "ไลน์", "ไลน์ ร้องเรียน"):  # start of a word; inside a word; both
        assert query.search(user=roles.member, text=text, filters=query.Filters()).total == 1, text
    assert query.search(user=roles.member, text="ไลน์ ไม่มีคำนี้", filters=query.Filters()).total == 0
