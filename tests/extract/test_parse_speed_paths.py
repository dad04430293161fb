"""The fast paths of parsing and token scans give what the plain ones give."""

from __future__ import annotations

import pytest

from app.extract import nlp as nlp_module
from app.extract.nlp import get_nlp, parse, parse_many
from app.extract.token_table import TokenTable


def test_parse_many_keeps_order_and_splits_only_the_long_texts(
    nlp_loaded: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    nlp = get_nlp()
    long = "Rebels attacked the town. " * 12  # 60 tokens: over the lowered limit below
    texts = ["Hamas met Egyptian officials in Cairo.", long, "", "Iran rejected the offer."]
    monkeypatch.setattr(nlp_module, "MAX_PARSE_TOKENS", 40)
    monkeypatch.setattr(nlp_module, "_SHORT_ENOUGH_CHARS", 40)
    docs = list(parse_many(nlp, texts, batch_size=2))
    assert [d.text for d in docs] == texts
    plain = [parse(nlp, t) for t in texts]
    for got, want in zip(docs, plain, strict=True):
        assert [(e.text, e.label_) for e in got.ents] == [(e.text, e.label_) for e in want.ents]
        assert [t.dep_ for t in got] == [t.dep_ for t in want]


def test_token_table_masks_match_the_tokens(nlp_loaded: None) -> None:
    doc = get_nlp()("According to NATO, Russian troops said Kyiv was shelled.\n\nUN officials met.")
    table = TokenTable(doc)
    assert table.where(table.pos_in(*{t.pos for t in doc if t.pos_ == "VERB"})) == [
        t.i for t in doc if t.pos_ == "VERB"
    ]
    assert table.where(table.lower_in(["according"])) == [0]
    assert table.where(table.outside_ents()) == [t.i for t in doc if not t.ent_type_]
    assert table.where(table.title()) == [t.i for t in doc if t.is_title]
    assert table.where(table.upper()) == [t.i for t in doc if t.is_upper]
    assert table.where(table.space()) == [t.i for t in doc if t.is_space]
