"""Who does what a plan or an effort is for, when the infinitive or gerund that says it has no
subject of its own: "its refusal to withdraw", "efforts by Turkey to improve ties", "the EU
proposed a plan for supporting Ukraine". The nouns and the verbs that author them are listed in
events.yaml (doer_nouns, authoring_verbs); a call or a demand is not among them, since there the
one called on acts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from app.extract import knowledge

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


def plan_owner(
    clause: Token, subject_of: Callable[[Token], tuple[Token | None, bool]]
) -> Token | None:
    """The owner of the plan noun `clause` hangs on (an infinitive "to ..." or a "for" phrase
    with a gerund): its possessor or its "by" phrase; else the subject (by `subject_of`, which
    syntax passes in) of the verb that authors it ("proposed a plan", "launched a bid"). None
    when `clause` is no such complement."""
    lex = knowledge.event_lexicon()
    noun = clause.head
    infinitive = clause.dep_ == "acl" and any(
        a.dep_ == "aux" and a.lower_ == "to" for a in clause.children
    )
    purpose = (
        clause.dep_ == "prep"
        and clause.lower_ == "for"
        and any(c.dep_ == "pcomp" and c.tag_ == "VBG" for c in clause.children)
    )  # "a plan for rearming Europe"; not "a plan for Gaza"
    if not (infinitive or purpose) or noun.lemma_.lower() not in lex.doer_nouns:
        return None
    for c in noun.children:
        if c.dep_ == "poss":
            return c
        if c.dep_ == "prep" and c.lower_ == "by":
            return next((p for p in c.children if p.dep_ == "pobj"), None)
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in lex.authoring_verbs:
        return subject_of(noun.head)[0]
    return None


def plan_noun(act: Token) -> Token | None:
    """The noun an act is the infinitive or "for"-gerund of, through coordination: "its refusal
    to endorse", "a plan for rearming Europe and supporting Ukraine" (the plan). Its modality is
    the act's: a plan's act is only intended, a refusal's is not done."""
    cur = act
    for _ in range(4):
        if cur.dep_ != "conj":
            break
        cur = cur.head
    if cur.dep_ == "acl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in cur.children):
        return cur.head
    prep = cur.head
    if cur.dep_ == "pcomp" and cur.tag_ == "VBG" and prep.dep_ == "prep" and prep.lower_ == "for":
        return prep.head
    return None
