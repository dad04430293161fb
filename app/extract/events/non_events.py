"""Uses of an event word that tell no act that happened: a danger foreseen ("the threat of
attacks") and a yearly tally ("launched 504 attacks in 2024"). Words in `non_events.yaml`. (What
anyone may do, "the holder can appeal", is events/procedures.py.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.syntax import first_child

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

_ARG_DEPS = frozenset({"dobj", "nsubjpass", "pobj", "attr"})
# number words that count a single act ("one attack", "a single raid")
_ONE = frozenset({"one", "a", "an", "single"})


def foreseen(noun: Token) -> bool:
    """An act noun in the "of" phrase of a danger noun: "the ongoing threat of al-Shabab
    attacks", "the risk of new sanctions"."""
    words = knowledge.non_event_words().prospect_nouns
    prep = noun.head
    return (
        noun.dep_ == "pobj"
        and prep.lower_ == "of"
        and prep.head.pos_ == "NOUN"
        and prep.head.lemma_.lower() in words
    )


def own_claim(obj: Token | None) -> bool:
    """A claim or argument that is the speaker's own or no one's in particular: backing or
    supporting it ("cites old maps to back its claims", "backs its argument with records")
    substantiates it; no actor is supported (`claim_nouns`). "Supports Manila's claims" names
    whom it supports and keeps its target."""
    if obj is None or obj.lemma_.lower() not in knowledge.non_event_words().claim_nouns:
        return False
    poss = first_child(obj, "poss")
    return poss is None or poss.pos_ == "PRON"


def prospective(noun: Token) -> bool:
    """An act noun told as only proposed or possible: "Britain's proposed deal", "a possible
    strike", "the planned talks" (`prospective_modifiers`): not done yet."""
    words = knowledge.non_event_words().prospective_modifiers
    return any(c.dep_ == "amod" and c.lower_ in words for c in noun.children)


def forecast(verb: Token) -> bool:
    """An act an observer says an actor will or would do: "analysts say Tehran would welcome the
    closure", "observers say Ankara will probably expel the envoy" (`observer_nouns`). A forecast
    is no act and no pledge; "analysts say Ankara expelled the envoy" tells one."""
    lex = knowledge.event_lexicon()
    cur = verb
    while cur.dep_ in ("xcomp", "conj") and cur.head.i != cur.i:
        cur = cur.head
    if cur.dep_ != "ccomp" or not any(
        c.dep_ == "aux" and c.lower_ in lex.modal_markers for c in cur.children
    ):
        return False
    speaker = first_child(cur.head, "nsubj")
    observers = knowledge.non_event_words().observer_nouns
    return speaker is not None and speaker.lemma_.lower() in observers


def yearly_tally(tok: Token) -> bool:
    """A verb or noun event that counts acts over a whole year: a counted act noun ("504
    attacks", "over 500 attacks") told with a bare year ("in 2024"). A total is a statistic,
    not one event."""
    lex = knowledge.event_lexicon()
    verb = tok if tok.pos_ in ("VERB", "AUX") else _clause_verb(tok)
    if verb is None or not _in_a_year(verb, tok):
        return False
    acts = [tok] if tok.pos_ == "NOUN" else []
    acts += [c for c in verb.children if c.dep_ in _ARG_DEPS]
    acts += [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return any(
        (a.lemma_.lower() in lex.nouns or a.lemma_.lower() in lex.act_nouns) and _counted(a)
        for a in acts
    )


def _clause_verb(tok: Token) -> Token | None:
    t = tok
    while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    return t if t.pos_ in ("VERB", "AUX") else None


def _counted(noun: Token) -> bool:
    """Counted by a number of two or more ("504 attacks", "over 500 attacks", "twelve raids");
    not "one attack"."""
    for c in noun.children:
        if c.dep_ == "nummod" and c.like_num:
            digits = c.text.replace(",", "")
            return int(digits) >= 2 if digits.isdigit() else c.lower_ not in _ONE
    return False


def _in_a_year(verb: Token, tok: Token) -> bool:
    """A bare year told for the clause: "in 2024", "In 2024, the group killed ..."."""
    preps = knowledge.non_event_words().period_preps
    heads = {verb, tok}
    for h in heads:
        for c in h.children:
            if c.dep_ != "prep" or c.lower_ not in preps:
                continue
            year = first_child(c, "pobj")
            if year is not None and _bare_year(year):
                return True
    return False


def _bare_year(tok: Token) -> bool:
    text = tok.text
    return (
        text.isdigit()
        and len(text) == 4
        and 1900 <= int(text) <= 2100
        and not any(True for _ in tok.children)
    )
