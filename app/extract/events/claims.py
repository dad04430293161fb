"""Who claimed an act: "the Rift Front took responsibility for the bombing ... the governor
denounced the bombing" is aimed at the Rift Front.

An answer to an act named by a definite noun ("the attack") with no such act told as an event
before it (the story told it passively: "the depot was wrecked by explosives") is aimed at whoever
the story said claimed that act, at most `CLAIM_REACH` sentences before: a claim of
responsibility names the act's author (violence.yaml `claimed_nouns`). Only acts of violence
(`CLAIMABLE`) are claimed so. The claim must be made and be of this act: not negated ("did not
claim"), not told as false (`false_claim_adverbs`: "falsely claimed"), and of a definite act
("the bombing", "Sunday's attack") that no modifier sets apart as another act or a kind of act
(`other_act_modifiers`, `kind_modifiers`: "a separate bombing", "similar attacks"). The latest
claim decides; one by the answer's own side, or with no actor as claimant, gives no target.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.events.retold import same_side
from app.extract.mentions import actors_of
from app.extract.syntax import definite, first_child, prep_objects
from app.extract.violence_words import violence_words
from app.vocab import PloverType

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext

# sentences back: a claim is told once, early, and the story goes on calling it "the attack"
# (VOA: the claim 8 sentences before "condemning the attack")
CLAIM_REACH = 10
# the acts a claim of responsibility names the author of
CLAIMABLE = frozenset({PloverType.ASSAULT})


def claimants(ctx: DocContext, answer: Token, kind: PloverType, sources: set[str]) -> list[str]:
    """The actors who claimed, shortly before `answer`, the act of type `kind` it answers."""
    if kind not in CLAIMABLE:
        return []
    claimed = violence_words().claimed_nouns
    lo = ctx.sents[max(0, ctx.sent_of[answer.i] - CLAIM_REACH)].start
    for tok in reversed(ctx.doc[lo : answer.i]):
        verbs = claimed.get(tok.lemma_.lower())
        if not verbs or tok.head.lemma_.lower() not in verbs:
            continue
        if not any(_this_act(a, kind) for a in prep_objects(tok, ("for",))):
            continue  # "responsibility for the bombing"
        if _denied(tok.head):
            return []
        subj = first_child(tok.head, "nsubj")
        found = [k for k in actors_of(ctx, subj) if k not in sources] if subj is not None else []
        return [] if same_side(ctx, sources, set(found)) else found
    return []


def _this_act(noun: Token, kind: PloverType) -> bool:
    """A definite noun for one act of that kind, set apart by no modifier."""
    if knowledge.event_lexicon().answered_nouns.get(noun.lemma_.lower()) != kind:
        return False
    if not (definite(noun) or first_child(noun, "poss") is not None):
        return False
    words = violence_words()
    apart = words.other_act_modifiers | words.kind_modifiers
    return not any(c.dep_ in ("amod", "det") and c.lower_ in apart for c in noun.children)


def _denied(verb: Token) -> bool:
    """The claim is negated or told as false: "did not claim", "falsely claimed"."""
    false = violence_words().false_claim_adverbs
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in false) for c in verb.children)
