"""Definite descriptions that refer back to an actor named before: "the council", "the group",
"the country".

"the council" is the latest body whose name holds the word ("the U.N. Security Council"), a few
paragraphs back at most; failing that, a bare "the group" or "the movement" (words that fit any
collective) is the one organisation or group named in the last sentences, and "the country" the
one state. When two
fit, the text is ambiguous and nothing is resolved: a wrong actor is worse than none.

"the latter" and "the former" are the second and the first of the last two actors of one kind
named before them, in their sentence or the one before ("Peru fined Chile over the latter's
trawlers": Chile).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.actors.referred_outlets import referred_outlet
from app.extract.actors.registry import state_actor

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext

NAME_REACH = 8  # sentences back for a body whose name holds the noun
KIND_REACH = 2  # sentences back for the only actor of the fitting kind
_DETERMINERS = frozenset({"the", "this", "that"})
_NAMING_DEPS = frozenset({"compound", "amod", "poss", "nmod", "nummod", "appos"})
_COLLECTIVE = frozenset({"organization", "group"})
# "in the country", "across the country": a place, not the state as an actor
_LOCATIVE_PREPS = frozenset(
    {"in", "across", "throughout", "into", "inside", "to", "from", "within"}
)
_SIDE_PREPS = frozenset({"on", "along", "onto", "at"})  # "on the Afghan side": a place
PAIR_ORDER = {"latter": 0, "former": 1}  # the pair's member it is, the later one first


def is_referring(tok: Token) -> bool:
    """A bare singular definite noun that can refer back ("the council"; not "the Security
    Council", "the same group", "councils")."""
    if tok.pos_ != "NOUN" or tok.tag_ != "NN":
        return False
    words = knowledge.actor_words()
    lemma = tok.lemma_.lower()
    if (
        lemma not in words.referring_nouns
        and lemma not in words.body_words
        and lemma not in words.referring_states
    ):
        return False
    if any(c.dep_ in _NAMING_DEPS for c in tok.children):
        return False
    return any(c.dep_ == "det" and c.lower_ in _DETERMINERS for c in tok.children)


def definite_singular(tok: Token) -> bool:
    """ "the group", "the rebel movement": one body referred back to. A plural ("the parties" to
    a war, "the sides") is several, never the one organisation named last."""
    return tok.tag_ == "NN" and any(c.lower_ == "the" for c in tok.lefts)


def referred_actor(ctx: DocContext, tok: Token) -> str | None:
    """The actor a referring definite noun stands for, or None when none or several fit."""
    if not is_referring(tok):
        return described_state(ctx, tok) or referred_outlet(ctx, tok, KIND_REACH)
    lemma = tok.lemma_.lower()
    if lemma in knowledge.actor_words().referring_states:
        if tok.dep_ == "pobj" and tok.head.lower_ in _LOCATIVE_PREPS:
            return None
        return _only_state(ctx, tok)
    named = _named_with(ctx, tok, lemma)
    if named or lemma not in knowledge.actor_words().referring_nouns:
        return named  # "the council" is a council: only a name that says so will do
    return _only(ctx, tok, _COLLECTIVE)


def one_of_pair(ctx: DocContext, tok: Token) -> str | None:
    """ "the latter('s)", "the former" (`PAIR_ORDER`): a noun of its own, not "the former
    president" (an adjective, unless the parser hung a possessive "'s" on it)."""
    if tok.i == 0 or tok.doc[tok.i - 1].lower_ != "the":
        return None  # (the parser may hang "the" on the noun "the latter's" modifies)
    if tok.dep_ == "amod" and not any(c.dep_ == "case" for c in tok.children):
        return None
    pair: list[str] = []
    for i in _window(ctx, tok, 1):
        key = ctx.links.actor[i]
        if key is None or key in pair or (pair and ctx.kind_of(key) != ctx.kind_of(pair[0])):
            continue  # "Peru's Boluarte met Chile's Boric": the two people, not Chile
        pair.append(key)
        if len(pair) == 2:
            return pair[PAIR_ORDER[tok.lower_]]
    return None


def _window(ctx: DocContext, tok: Token, reach: int) -> range:
    si = ctx.sent_of[tok.i]
    return range(tok.i - 1, ctx.sents[max(0, si - reach)].start - 1, -1)


def _named_with(ctx: DocContext, tok: Token, lemma: str) -> str | None:
    for i in _window(ctx, tok, NAME_REACH):
        key = ctx.links.actor[i]
        if key is None or ctx.kind_of(key) != "organization":
            continue  # not a community ("the Islamist militant group al-Shabab": Islamists)
        rec = ctx.actors.by_key[key]
        if any(lemma in name.lower().split() for name in (rec.name, *rec.aliases)):
            return key
    return None


def _only(ctx: DocContext, tok: Token, kinds: frozenset[str]) -> str | None:
    found: set[str] = set()
    for i in _window(ctx, tok, KIND_REACH):
        key = ctx.links.actor[i]
        if key is not None and ctx.kind_of(key) in kinds and key not in ctx.actors.media:
            found.add(key)
    return next(iter(found)) if len(found) == 1 else None


def _only_state(ctx: DocContext, tok: Token) -> str | None:
    """The one country named in the last sentences, as a state or as a place ("in Mali")."""
    countries: set[str] = set()
    own = _own_subject(tok)
    for i in _window(ctx, tok, KIND_REACH):
        if i in own:
            continue  # "Kenya urged the country's army": Kenya would have said "its"
        key = ctx.links.actor[i]
        if key is not None and ctx.kind_of(key) == "state":
            countries.add(ctx.actors.by_key[key].country or key)
        place = ctx.links.place[i] if key is None else None
        if place is not None and ctx.places.by_key[place].kind == "country":
            countries.add(ctx.places.by_key[place].country or place)
    if len(countries) != 1:
        return None
    (code,) = countries
    return state_actor(ctx, code) if code in knowledge.countries().by_code else None


def _own_subject(tok: Token) -> set[int]:
    """Tokens of the subject of the clause `tok` is in."""
    verb = tok.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return {t.i for c in verb.children if c.dep_ == "nsubj" for t in c.subtree}


def described_state(ctx: DocContext, tok: Token) -> str | None:
    """A state told by a description instead of its name: "the American side" (a party named by
    its country's adjective), "the island nation", "the Gulf state", "the kingdom" (a trait of
    the one state the article names before it that has it; none when two or none have it)."""
    words = knowledge.actor_words()
    if tok.tag_ != "NN":
        return None
    lemma = tok.lemma_.lower()
    if (
        lemma not in words.state_sides
        and lemma not in words.state_trait_nouns
        and lemma not in words.state_traits
    ):
        return None  # the usual noun (tested first: the cheapest way out)
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
        return None
    mods = [c for c in tok.children if c.dep_ in ("amod", "compound")]
    polity = lemma in words.state_traits and any(
        "".join(t.lower_ for t in m.subtree) in words.self_rule_modifiers for m in mods
    )  # "the self-governing island": a state by its trait
    if lemma not in words.state_sides and lemma not in words.state_trait_nouns and not polity:
        return None  # the usual noun: no description of a state
    if tok.dep_ == "pobj" and tok.head.lower_ in _LOCATIVE_PREPS | _SIDE_PREPS:
        return None  # "in the kingdom", "on the Afghan side": a place
    if any(c.dep_ in ("poss", "nummod", "appos") for c in tok.children):
        return None
    countries = [knowledge.country_of(m.text) for m in mods]
    if lemma in words.state_sides and any(countries):  # else "the Gulf state": a trait
        if any(_part_of(c) for c in tok.children):
            return None  # "the Afghan side of the border": a part of a place
        named = {c.alpha3 for c in countries if c is not None}
        return state_actor(ctx, named.pop()) if len(named) == 1 and len(mods) == 1 else None
    if any(countries) or (lemma not in words.state_trait_nouns and not polity):
        return None  # "the Chinese state" is the state named, no description
    traits = [m.lower_ for m in mods if m.lower_ in words.state_traits]
    if lemma in words.state_traits:
        traits.append(lemma)
    if not traits:
        return None
    fitting = {
        code
        for code in _states_before(ctx, tok)
        if all(code in words.state_traits[t] for t in traits)
    }
    return state_actor(ctx, fitting.pop()) if len(fitting) == 1 else None


def _part_of(prep: Token) -> bool:
    """An "of" phrase naming what the noun is a part of ("the side of the border"); not the
    verb's own complement that the parser hangs on the noun ("accused the kingdom of hosting")."""
    return (
        prep.dep_ == "prep"
        and prep.lower_ == "of"
        and not any(c.dep_ == "pcomp" for c in prep.children)
    )


def _states_before(ctx: DocContext, tok: Token) -> set[str]:
    """The countries the article names before `tok`: states, actors of a country ("Thai
    diplomats" name Thailand too) and country places."""
    found: set[str] = set()
    for i in range(tok.i):
        key = ctx.links.actor[i]
        if key is not None:
            found.add(ctx.actors.by_key[key].country or "")
        place = ctx.links.place[i] if key is None else None
        if place is not None and ctx.places.by_key[place].kind == "country":
            found.add(ctx.places.by_key[place].country or "")
    return {c for c in found if c in knowledge.countries().by_code}
