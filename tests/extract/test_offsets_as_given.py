"""Offsets index the text as given: leading spaces and blank lines are kept, not stripped, and a
sentence's span slices to its words (not to the whitespace spaCy attaches to it)."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from app.extract import ArticleInput, extract
from app.ingest.article_records import article_from_mapping
from tests.ops.helpers import bearer, new_key

TEXT = (
    "\n\n   Hamas met Egyptian officials in Cairo on Monday.\n\n"
    '  Fatah leaders said "we want talks".  \n'
)
SENTENCES = [
    "Hamas met Egyptian officials in Cairo on Monday.",
    'Fatah leaders said "we want talks".',
]


def test_sentence_and_mention_offsets_slice_the_original_text(nlp_loaded: None) -> None:
    out = extract(ArticleInput(text=TEXT, date=dt.date(2017, 9, 12)))
    assert [TEXT[s.start : s.end] for s in out.sentences] == SENTENCES
    assert out.mentions and all(TEXT[m.start : m.end] == m.text for m in out.mentions)
    assert out.events and all(TEXT[e.start : e.end] in SENTENCES for e in out.events)


def test_readers_keep_the_text_as_given() -> None:
    article = article_from_mapping({"text": TEXT, "date": "2017-09-12"}, "line 1")
    assert article.text == TEXT


def test_http_extract_offsets_index_the_posted_text(client: TestClient) -> None:
    key = new_key("write")
    r = client.post("/extract", json={"text": TEXT, "date": "2017-09-12"}, headers=bearer(key))
    assert r.status_code == 200, r.text
    body = r.json()
    assert [TEXT[s["start"] : s["end"]] for s in body["sentences"]] == SENTENCES
    r = client.post("/articles", json={"text": TEXT, "date": "2017-09-12"}, headers=bearer(key))
    assert r.status_code == 201, r.text
    stored = r.json()
    assert stored["text"] == TEXT
    assert all(TEXT[m["span"]["start"] : m["span"]["end"]] == m["text"] for m in stored["mentions"])


def test_blank_text_is_a_422(client: TestClient) -> None:
    key = new_key("write")
    r = client.post("/extract", json={"text": " \n ", "date": "2017-09-12"}, headers=bearer(key))
    assert r.status_code == 422 and r.json()["param"] == "text"
