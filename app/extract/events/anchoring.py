"""Date and place anchoring: when and where an event happened, from its sentence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import dates, knowledge
from app.extract.places import dominant_place, is_locative

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from app.extract.context import DocContext


def sentence_date(
    ctx: DocContext, sent: Span, trigger: Token
) -> tuple[dates.Resolved | None, bool]:
    cands = ctx.time_ents[ctx.sent_of[trigger.i]]
    if not cands:
        return None, False
    best = None
    future = _speaks_of_future(trigger)
    for e in cands:
        res = ctx.resolved_date(e, future)
        if res is None:
            continue
        attached = any(a.i == trigger.i for a in e.root.ancestors)
        if attached:
            return res, True  # type: ignore[return-value]
        if _dates_another_clause(e.root, trigger):
            continue
        if best is None:
            best = res
    return best, False


def _dates_another_clause(time_root: Token, trigger: Token) -> bool:
    """True when the time expression modifies a verb that neither is the trigger nor governs it:
    in "ready to sign …, to disband the committee formed earlier this year", the year dates
    "formed", not "sign"."""
    for anc in time_root.ancestors:
        if anc.pos_ in ("VERB", "AUX"):
            return anc.i != trigger.i and not any(a.i == anc.i for a in trigger.ancestors)
    return False


FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})


def _speaks_of_future(trigger: Token) -> bool:
    """ "will meet on Monday", "is due to visit in January": dates lie ahead of the article."""
    cur = trigger
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in cur.children):
            return True
        if (
            cur.dep_ in ("xcomp", "acomp")
            and cur.head.lemma_.lower() in knowledge.event_lexicon().future_heads
        ):
            return True
        if cur.dep_ not in ("xcomp", "acomp", "conj"):
            return False
        cur = cur.head
    return False


def event_place(
    ctx: DocContext, sent: Span, trigger: Token, participants: set[str]
) -> tuple[str | None, bool]:
    first = None
    for tok in sent:
        key = ctx.links.place[tok.i]
        if key is None or ctx.links.actor[tok.i] is not None:
            continue  # not a place, or a place standing for an actor ("fired rockets at Israel")
        if not (is_locative(tok) or (tok.dep_ == "pobj" and tok.head.lower_ in ("on", "against"))):
            continue
        if any(a.i == trigger.i for a in tok.ancestors):
            return key, True
        first = first or key
    if first:
        return first, True
    return dominant_place(ctx), False
