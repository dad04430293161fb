"""The recipient the codebook requires (COOPERATE, AID, SANCTION: "Requires recipient: Yes")
when an event noun's own phrase names none, read from three links the sentence makes to it:

- a condition of failing to comply on the clause the noun is in names who must comply:
  "Japanese sanctions will return if Pyongyang fails to free the fishermen" fall on North Korea
  (not "if France agrees": consent is a third party's; verbs in events.yaml,
  noncompliance_verbs);
- the noun is the means of pressing someone: "Tokyo hopes to deter Pyongyang with new
  sanctions" (pressing verbs in events.yaml, pressure_purposes);
- a state's thing suffers the act, as the subject of a clause of harm or decline the noun is the
  cause of: "the Iranian rial fell after new EU sanctions" falls on Iran (the predicates in
  events.yaml, harm_predicates; "Japanese cars were shipped to Iran despite American sanctions"
  names no sufferer, and a clause that names another state as well names none).
Only a state other than the source's country, and only one (two linked leave it unknown);
a time clause ("took effect while the Serbian premier was touring Geneva"), a speaker ("a
Latvian institute said") or a critic ("condemned by the Chinese ministry") is no such link.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.actors.registry import state_actor
from app.extract.mentions import SPEECH_VERBS
from app.extract.places import is_locative
from app.extract.syntax import first_child

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext

_SUBJECTS = ("nsubj", "nsubjpass")


def linked_state(ctx: DocContext, noun: Token, sources: list[str]) -> list[str]:
    """The state a condition, a pressing purpose or a suffering subject links the noun to."""
    taken = {ctx.actors.by_key[k].country for k in sources} - {None}
    lex = knowledge.event_lexicon()
    clause = _clause_of(noun)
    found: list[tuple[str, str | None]] = []
    if clause is not None:
        for c in clause.children:
            marked = any(m.dep_ == "mark" and m.lower_ == "if" for m in c.children)
            if c.dep_ == "advcl" and marked and _failing(c, lex):
                found += _named(ctx, first_child(c, *_SUBJECTS))
    found += _pressed(ctx, noun, lex)
    if clause is not None and _suffers(ctx, noun, clause, lex):
        subj = first_child(clause, *_SUBJECTS)
        if subj is not None and ctx.links.actor[subj.i] is None:  # "the Kenyan and Ugandan ..."
            mods = [m for m in subj.children if m.dep_ in ("amod", "poss")]
            mods += [c for m in mods for c in m.conjuncts]
            found += [named for m in mods for named in _named(ctx, m)]
    codes = {code for code, _ in found} - taken
    if len(codes) != 1:
        return []  # none, or two states linked: which one is meant is not said
    (code,) = codes
    if code not in knowledge.countries().by_code:
        return []
    return [next((k for c, k in found if c == code and k), None) or state_actor(ctx, code)]


def _pressed(
    ctx: DocContext, noun: Token, lex: knowledge.EventLexicon
) -> list[tuple[str, str | None]]:
    """The object of a pressing verb the noun is the means of ("deter Pyongyang with sanctions"),
    climbing only verbs that share the noun's clause: the first verb with a subject of its own
    closes it, so sanctions another actor announced in a time clause serve no purpose above it."""
    for verb in noun.ancestors:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        if verb.lemma_.lower() in lex.pressure_purposes:
            return _named(ctx, first_child(verb, "dobj"))
        if first_child(verb, *_SUBJECTS) is not None:
            return []
    return []


def _suffers(ctx: DocContext, noun: Token, clause: Token, lex: knowledge.EventLexicon) -> bool:
    """Whether the clause says its subject was harmed by the noun's act: a predicate of harm or
    decline, the noun outside the subject, and no other state among the phrases of the clause or
    of its subject (a "to Iran" or "from Japan" leaves whose loss it is unsaid)."""
    if clause.lemma_.lower() not in lex.harm_predicates or _inside_subject(noun, clause):
        return False
    subj = first_child(clause, *_SUBJECTS)
    phrases = [*clause.children, *(subj.children if subj is not None else ())]
    for child in phrases:
        if child.dep_ not in ("prep", "dative", "dobj", "agent"):
            continue
        if child.left_edge.i <= noun.i <= child.right_edge.i:
            continue  # the phrase of the cause itself ("after new EU sanctions")
        if any(_is_state(ctx, t) for t in child.subtree):
            return False
    return True


def _is_state(ctx: DocContext, tok: Token) -> bool:
    key = ctx.links.actor[tok.i]
    if key is not None:
        return ctx.actors.by_key[key].kind == "state"
    place = ctx.links.place[tok.i]
    return place is not None and ctx.places.by_key[place].kind == "country"


def _failing(cond: Token, lex: knowledge.EventLexicon) -> bool:
    """A condition of failing to comply ("if Pyongyang does not free", "if Minsk fails to ...");
    not one of consent ("if France agrees", "if Italy joins"): a third party's, not the target's."""
    return first_child(cond, "neg") is not None or cond.lemma_.lower() in lex.noncompliance_verbs


def _clause_of(noun: Token) -> Token | None:
    """The nearest verb above the noun with a subject of its own; none past a speech verb."""
    for verb in noun.ancestors:
        if verb.pos_ in ("VERB", "AUX") and first_child(verb, *_SUBJECTS) is not None:
            return None if verb.lemma_.lower() in SPEECH_VERBS else verb
    return None


def _inside_subject(noun: Token, clause: Token) -> bool:
    subj = first_child(clause, *_SUBJECTS)
    return subj is not None and subj.left_edge.i <= noun.i <= subj.right_edge.i


def _named(ctx: DocContext, tok: Token | None) -> list[tuple[str, str | None]]:
    """[(country, actor)] a token names: a state, a capital standing for its government
    ("unless Pyongyang frees ..."; not "in Pyongyang": a location), a demonym ("the Iranian
    rial": the state, made only when chosen)."""
    if tok is None:
        return []
    key = ctx.links.actor[tok.i]
    if key is not None:
        rec = ctx.actors.by_key[key]
        return [(rec.country, key)] if rec.kind == "state" and rec.country else []
    place = ctx.links.place[tok.i]
    if place is not None:
        where = ctx.places.by_key[place]
        code = where.country if where.kind == "country" else ctx.places.capital_of.get(place)
        return [(code, None)] if code and not is_locative(tok) else []
    if tok.pos_ in ("ADJ", "PROPN"):
        demonym = knowledge.countries().by_demonym.get(knowledge.norm(tok.text))
        if demonym is not None:
            return [(demonym.alpha3, None)]
    return []
