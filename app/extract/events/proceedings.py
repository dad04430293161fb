"""A refusal to attend a court's proceedings is aimed at the court: "the tribunal opened its
hearing on the border case, and Chile refused to attend the hearing" rejects the tribunal.

A REJECT with a source and no target whose refused act is taking part in a proceeding ("refused
to attend the hearing", "declined to appear at the trial"; `proceeding_nouns` and
`proceeding_verbs` in events.yaml) that names no holder of its own (no possessor, no "by"/"of"
phrase, no word that gives it to another body: "the parliamentary hearing") is aimed at the
court the story names for it: a judicial body (CAMEO role JUD) other than the source, in the
same sentence or the one before (the nearest first). With no court named, the refusal keeps no
target.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.records import ParticipantRecord
from app.extract.syntax import first_child, prep_objects, trigger_token
from app.vocab import ParticipantRole, PloverType

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext

REACH = 1  # sentences back: the court is named where the proceeding is told
_SOURCE, _TARGET = ParticipantRole.SOURCE, ParticipantRole.TARGET
_JUDICIAL = "JUD"


def proceeding_holders(ctx: DocContext) -> None:
    lex = knowledge.event_lexicon()
    for ev in ctx.events:
        if ev.plover_type != PloverType.REJECT or ev.actors_in(_TARGET):
            continue
        sources = set(ev.actors_in(_SOURCE))
        noun = _refused_proceeding(trigger_token(ctx, ev), lex) if sources else None
        if noun is None:
            continue
        court = _court_told(ctx, noun, sources)
        if court is not None:
            ev.participants.append(ParticipantRecord(actor=court, role=_TARGET))


def _refused_proceeding(verb: Token, lex: knowledge.EventLexicon) -> Token | None:
    """The proceeding the refused act attends: the object of "attend", or what one appears at,
    in or before; None if it names its holder where it stands."""
    act = first_child(verb, "xcomp")
    if act is None or act.lemma_.lower() not in lex.proceeding_verbs:
        return None
    nouns = [c for c in act.children if c.dep_ == "dobj"]
    nouns += prep_objects(act, ("at", "in", "before"))
    for n in nouns:
        if n.lemma_.lower() not in lex.proceeding_nouns:
            continue
        if any(
            c.dep_ == "poss"
            or (c.dep_ == "prep" and c.lower_ in ("by", "of"))
            or (c.dep_ in ("amod", "compound") and c.lower_ in lex.non_judicial_modifiers)
            for c in n.children
        ):
            return None  # "Ghana's hearing", "the parliamentary hearing": not a court's
        return n
    return None


def _court_told(ctx: DocContext, noun: Token, sources: set[str]) -> str | None:
    """The judicial body named nearest the proceeding, in its sentence or the one before."""
    si = ctx.sent_of[noun.i]
    lo = ctx.sents[max(0, si - REACH)].start
    hi = ctx.sents[si].end
    order = sorted(range(lo, hi), key=lambda i: (i > noun.i, abs(i - noun.i)))
    for i in order:
        key = ctx.links.actor[i]
        if key is None or key in sources:
            continue
        if (ctx.actors.by_key[key].code or "").endswith(_JUDICIAL):
            return key
    return None
