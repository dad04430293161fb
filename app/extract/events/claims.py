"""Who claimed an act: "the Rift Front claimed responsibility for the bombing ... the governor
condemned the bombing" is aimed at the Rift Front.

An answer to an act named by a definite noun ("the attack") with no such act told as an event
before it (the story told it passively: "the convoy came under attack") is aimed at whoever the
story said claimed an act of that kind, at most `CLAIM_REACH` sentences before: a claim of
responsibility names the act's author (word list: violence.yaml `claimed_nouns`). The latest
claim decides; one by the answer's own side, or with no actor as claimant, gives no target.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.events.retold import same_side
from app.extract.mentions import actors_of
from app.extract.syntax import first_child, prep_objects
from app.extract.violence_words import violence_words

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.vocab import PloverType

# sentences back: a claim is told once, early, and the story goes on calling it "the attack"
CLAIM_REACH = 10


def claimants(ctx: DocContext, answer: Token, kind: PloverType, sources: set[str]) -> list[str]:
    """The actors who claimed, shortly before `answer`, an act of type `kind`."""
    claimed = violence_words().claimed_nouns
    answered = knowledge.event_lexicon().answered_nouns
    lo = ctx.sents[max(0, ctx.sent_of[answer.i] - CLAIM_REACH)].start
    for tok in reversed(ctx.doc[lo : answer.i]):
        verbs = claimed.get(tok.lemma_.lower())
        if not verbs or tok.head.lemma_.lower() not in verbs:
            continue
        acts = prep_objects(tok, ("for",))  # "responsibility for the bombing"
        if not any(answered.get(a.lemma_.lower()) == kind for a in acts):
            continue
        subj = first_child(tok.head, "nsubj")
        found = [k for k in actors_of(ctx, subj) if k not in sources] if subj is not None else []
        if same_side(ctx, sources, set(found)):
            return []
        return found
    return []
