"""Names of things: a vessel, a train, a weapon system, a base or an airport the article
describes as such. An actor is a person, an organisation, a state or a group; a warship or a
missile system never acts, though NER tags its name ORG or PERSON and the parser may make it a
subject ("the INS Imphal paid a visit", "the S-400 poses no threat")."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from spacy.attrs import ENT_TYPE, POS
from spacy.symbols import PROPN

from app.extract import knowledge
from app.extract.knowledge import norm

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token


def _lists() -> dict[str, frozenset[str]]:
    return knowledge.thing_words()


def thing_nouns() -> frozenset[str]:
    return _lists()["thing_nouns"]


def document_name(tok: Token) -> bool:
    """The head of a law's or a document's name: "Act" in "the Chinese Exclusion Act", "Accords"
    in "the Dayton Accords" (a capitalised document word after a name of its own), not a word
    inside a longer name ("the Government of National Accord" is a government)."""
    return (
        tok.pos_ == "PROPN"
        and not (tok.dep_ == "pobj" and tok.head.lower_ == "of")
        and tok.text[:1].isupper()
        and tok.lemma_.lower() in _lists()["document_heads"]
        and any(c.dep_ in ("compound", "amod") and c.i < tok.i for c in tok.children)
    )


def _a_thing(noun: Token) -> bool:
    """A noun for a thing, or one compounded with such a noun ("missile system")."""
    words = thing_nouns()
    return noun.pos_ in ("NOUN", "PROPN") and (
        noun.lemma_.lower() in words
        or any(c.dep_ == "compound" and c.lemma_.lower() in words for c in noun.children)
    )


def _described_as_thing(tok: Token) -> bool:
    """The name whose head is `tok` is set beside a noun for a thing: in apposition ("the
    Jaffar Express, a train"; "a warship - the INS Imphal"), as what it is ("Kurecik is a radar
    base") or as the modifier of such a noun ("the S-400 missile system", "JFK airport")."""
    if any(c.dep_ == "appos" and _a_thing(c) for c in tok.children):
        return True
    head = tok.head
    if tok.dep_ in ("appos", "compound", "amod", "nmod") and head is not tok and _a_thing(head):
        return True
    return (
        tok.dep_ == "nsubj"
        and head.lemma_ == "be"
        and any(c.dep_ == "attr" and _a_thing(c) for c in head.children)
    )


def thing_names(doc: Doc) -> tuple[set[str], set[int]]:
    """The names this article describes as things (normalised), and the tokens of those names
    where it does."""
    names: set[str] = set()
    tokens: set[int] = set()
    # the proper nouns and entity words, picked from the token array: a `Token` made for every
    # token of the text costs more than the rest of this loop
    pos_ent = doc.to_array([POS, ENT_TYPE])
    for i in np.flatnonzero((pos_ent[:, 0] == PROPN) | (pos_ent[:, 1] != 0)):
        tok = doc[int(i)]
        if tok.dep_ == "compound" and tok.head.pos_ == "PROPN" and tok.head.i == tok.i + 1:
            continue  # "INS" in "INS Imphal": the name's head decides
        # a capitalised title ("Cyclone Chido", "Cyclones Chido and ..."), never the verb in
        # "threatened to storm Museveni's rally"
        before = doc[tok.i - 1] if tok.i > 0 else tok
        titled = (
            before.i != tok.i
            and before.text[:1].isupper()
            and before.lower_.removesuffix("s") in _lists()["thing_titles"]
        )
        if titled and tok.pos_ == "PROPN":
            names.add(norm(tok.text))  # "Cyclone Chido": "Chido" alone is the storm too
            tokens.add(tok.i)
            continue
        if not _described_as_thing(tok) and not document_name(tok):
            continue
        first = tok.i
        while first > 0 and doc[first - 1].dep_ == "compound" and doc[first - 1].pos_ == "PROPN":
            first -= 1
        span = doc[first : tok.i + 1]
        names.add(norm(span.text))
        tokens.update(range(first, tok.i + 1))
    return names, tokens


def a_thing_named(ent: Span, text: str, things: set[str], tokens: set[int]) -> bool:
    """A name the article describes as a vessel, a weapon or a base (`thing_names`),
    unless it is a known organisation or a country ("Hamas rocket", "U.S. base")."""
    if not things and not tokens:
        return False  # the article describes nothing as a thing
    if ent.label_ not in ("ORG", "PERSON", "FAC", "PRODUCT", "GPE") or ent.ent_id_:
        return False
    if norm(text) not in things and not any(i in tokens for i in range(ent.start, ent.end)):
        return False
    return not knowledge.country_of(text) and not knowledge.organizations().get(norm(text))
