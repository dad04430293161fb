"""Recipients of cooperative acts that the act's own arguments leave unnamed but its clause
states: the parties of the accord a conditional consent is about, the party a proposed plan is
for, the body whose meeting a consultation is convened in.

- "once Ecuador agrees, the fishing accord with Peru takes effect": Ecuador agrees to the
  accord the main clause names, made with its other party (Peru). Only an accord noun
  (`counterpart_nouns`) whose "between"/"with" phrase names the parties, and only parties not
  on the source's side.
- "the Swiss pledged funding for assisting Nepal": the pledge is to the party its object's
  purpose names (PLOVER AGREE: an offer to cooperate is made to whom it helps).
- "to weigh the floods, Kenya summoned a sitting of the AU": the consultation is held in the
  body convened (PLOVER CONSULT, multilateral); `convened_nouns` in events.yaml.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.events.counterparts import same_side_or_office
from app.extract.mentions import actors_of
from app.extract.records import ParticipantRecord
from app.extract.syntax import first_child, prep_objects, trigger_token
from app.vocab import QUAD_CLASS, ParticipantRole, PloverType, QuadClass

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Sequence

    from spacy.tokens import Token

    from app.extract.context import DocContext

_ACCORD_ARGS = ("nsubj", "nsubjpass", "dobj")
_TARGET = ParticipantRole.TARGET


def consented_accord(ctx: DocContext, verb: Token, sources: list[str]) -> list[str]:
    """An objectless consent in an adverbial clause ("if the junta agrees") is to the accord
    its head clause names as subject or object: the accord's parties other than the source."""
    if not sources or verb.dep_ != "advcl" or first_child(verb, "dobj", "xcomp") is not None:
        return []
    accords = knowledge.event_lexicon().counterpart_nouns
    for c in verb.head.children:
        if c.dep_ in _ACCORD_ARGS and c.lemma_.lower() in accords:
            found = _others(ctx, prep_objects(c, ("between", "with")), sources)
            if found:
                return found
    return []


def purpose_of_object(ctx: DocContext, dobj: Token | None, sources: list[str]) -> list[str]:
    """The party a proposed or offered thing is for: the actor the object's purpose names
    ("funding for assisting Nepal", "a loan to aid Nepal")."""
    if dobj is None or not sources:
        return []
    clauses = [
        g
        for c in dobj.children
        if c.dep_ == "prep" and c.lower_ == "for"
        for g in c.children
        if g.dep_ in ("pcomp", "pobj") and g.pos_ == "VERB"
    ]
    clauses += [c for c in dobj.children if c.dep_ == "acl" and _infinitive(c)]
    for clause in clauses:
        verbs = [clause, *(c for c in clause.children if c.dep_ == "conj" and c.pos_ == "VERB")]
        if any(_hostile(v) for v in verbs):
            return []  # "a plan for striking X": X is the plan's victim, not the one helped
        for v in verbs:
            found = _others(ctx, [first_child(v, "dobj", "dative")], sources)
            if found:
                return found
    return []


def convened_bodies(ctx: DocContext) -> None:
    """A consultation told as a convened meeting ("summoned a sitting of the AU") or as its
    purpose ("to weigh the floods, ...") is held in the body whose meeting it is. Run before dedupe:
    the meeting and its purpose are then one event."""
    for ev in ctx.events:
        if ev.plover_type != PloverType.CONSULT or ev.actors_in(_TARGET):
            continue
        sources = ev.actors_in(ParticipantRole.SOURCE)
        found = _convened(ctx, trigger_token(ctx, ev), sources) if sources else []
        ev.participants += [ParticipantRecord(actor=k, role=_TARGET) for k in found]


def _convened(ctx: DocContext, trigger: Token, sources: list[str]) -> list[str]:
    """The body a convened meeting is of, for the meeting noun or the verb it is convened for."""
    if trigger.pos_ == "VERB":
        if trigger.dep_ not in ("advcl", "xcomp") or not _infinitive(trigger):
            return []
        head = trigger.head
    elif trigger.dep_ == "dobj":
        head = trigger.head
    else:
        return []
    meeting = first_child(head, "dobj")
    if meeting is None or meeting.lemma_.lower() not in knowledge.event_lexicon().convened_nouns:
        return []
    # the parser may hang the "of" phrase on the verb when a word splits it from its noun
    bodies = prep_objects(meeting, ("of",)) or prep_objects(head, ("of",))
    return _others(ctx, bodies, sources)


def _hostile(verb: Token) -> bool:
    """A verb of conflict: a hostile purpose or a conflict event in the lexicon."""
    lex = knowledge.event_lexicon()
    lemma = verb.lemma_.lower()
    conflict = any(
        QUAD_CLASS[PloverType(p.plover)] >= QuadClass.VERBAL_CONFLICT
        for p in lex.verbs.get(lemma, ())
    )
    return conflict or lemma in lex.hostile_purposes


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


def _others(ctx: DocContext, toks: Sequence[Token | None], sources: list[str]) -> list[str]:
    """The actors `toks` name that are not on the source's side."""
    keys = [k for t in toks for k in actors_of(ctx, t)]
    return list(dict.fromkeys(k for k in keys if not same_side_or_office(ctx, set(sources), {k})))
