"""Modality: negation, hypothetical and intended events (beliefs and the complements frame
verbs absorb are in `frames`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.object_doers import relied_on
from app.extract.plan_owners import plan_noun

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


_CONDITION_MARKS = frozenset({"if", "unless", "whether"})
# Auxiliaries of the future (and of the future seen from the past: "said it would meet").
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "would", "'d"})


@dataclass(frozen=True)
class Mode:
    negated: bool
    hypothetical: bool
    intent: bool  # "ready to", "seeks to": the act is only intended
    future: bool  # "will meet", "would support": the act lies ahead
    unless: bool  # "will withdraw ... unless": a condition put to someone else


def modality(tok: Token, lex: knowledge.EventLexicon) -> Mode:
    """How an event trigger is asserted: negated, hypothetical, intended, future."""
    negated = any(
        c.dep_ == "neg" or (c.lower_ == "longer" and any(g.lower_ == "no" for g in c.children))
        for c in tok.children
    )
    negated = negated or _forgone(tok, lex)
    hypothetical = False
    intent = False
    future = False
    unless = False
    cur = tok
    for depth in range(4):
        for c in cur.children:
            if c.dep_ == "aux" and c.lower_ in lex.modal_markers:
                hypothetical = True
            if c.dep_ == "aux" and c.lower_ in _FUTURE_AUX:
                future = True
            # its own clause is a condition, or it has one ("if the appeals fail, the person
            # is deported": only then)
            if (c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS) or (
                depth == 0 and _if_clause(c)
            ):
                hypothetical = True
            if c.dep_ in ("nsubj", "nsubjpass") and nobody(c, lex):
                negated = True  # "no other country had offered to ...", "none of them met"
            if c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ == "unless" for m in c.children
            ):
                unless = True
            if (
                depth > 0
                and c.dep_ == "neg"
                and cur.lemma_.lower() in lex.intent_adjectives | lex.intent_verbs
            ):
                negated = True
        if cur.dep_ == "xcomp":
            head = cur.head
            hl = head.lemma_.lower()
            if hl in lex.intent_adjectives or hl in lex.intent_verbs:
                intent = True
                hypothetical = True
            elif hl in lex.attempt_verbs:
                hypothetical = hypothetical or hl in ("try", "attempt", "prepare")
            cur = head
            continue
        up = _enclosing(cur, lex)
        if up is not None:
            cur, wished = up
            intent = intent or wished
            hypothetical = hypothetical or wished
            continue
        if cur.dep_ == "acl" and cur.head.lemma_.lower() in lex.intent_nouns:
            hypothetical = True  # "efforts to impose sanctions", "on the condition that ..."
        break
    denied, intended = _noun_mode(tok, lex)
    denied = denied or _no_sign(tok, lex)
    hypothetical = hypothetical or intended or _planned(tok, lex) or _judged_in_general(tok)
    return Mode(negated or denied, hypothetical, intent, future, unless)


def _noun_mode(tok: Token, lex: knowledge.EventLexicon) -> tuple[bool, bool]:
    """(negated, hypothetical) of an act told as what a noun is for: "its refusal to endorse"
    is not done, "a plan for supporting Ukraine" only intended."""
    noun = plan_noun(tok)
    lemma = noun.lemma_.lower() if noun is not None else ""
    if lemma in lex.negating_nouns:
        return True, False
    return False, lemma in lex.intent_nouns or lemma in lex.doer_nouns


def _enclosing(verb: Token, lex: knowledge.EventLexicon) -> tuple[Token, bool] | None:
    """The clause whose mode `verb` shares ("may overreach and start threatening", "can end it by
    withdrawing"), and whether it only intends the act ("interested in talking")."""
    if verb.dep_ == "advcl" and _infinitive(verb) and verb.head.lemma_.lower() in lex.intent_verbs:
        return verb.head, True
    if _bare_conjunct(verb) or verb.dep_ == "acomp":
        return verb.head, False
    by, act = verb.head, verb.head.head  # not the means of a denied act: "can't stop us by banning"
    means = verb.dep_ == "pcomp" and by.lower_ == "by" and act.pos_ == "VERB"
    means = means and not any(c.dep_ == "neg" for c in act.children)
    if _intended_gerund(verb, lex) or means:
        return verb.head.head, not means
    return None


def _intended_gerund(verb: Token, lex: knowledge.EventLexicon) -> bool:
    """A gerund an intent adjective takes through "in" or "on": "interested in talking"."""
    prep = verb.head
    return (
        verb.dep_ == "pcomp"
        and prep.lower_ in ("in", "on")
        and prep.head.lemma_.lower() in lex.intent_adjectives
    )


def _no_sign(tok: Token, lex: knowledge.EventLexicon) -> bool:
    """An act a "no sign" noun denies: "no sign that Oslo will mediate", "no evidence of ..."."""
    cur = tok
    for _ in range(5):
        head = cur.head  # the root's own dep ("ROOT") stops the climb below
        if (cur.dep_ == "acl" or (cur.dep_ == "pcomp" and head.lower_ == "of")) and _no_noun(
            head.head if cur.dep_ == "pcomp" else head, lex
        ):
            return True
        if cur.dep_ not in ("pcomp", "prep", "acomp", "xcomp", "ccomp") and not _bare_conjunct(cur):
            return False
        cur = head
    return False


def _no_noun(noun: Token, lex: knowledge.EventLexicon) -> bool:
    return noun.lemma_.lower() in lex.evidence_nouns and any(
        c.dep_ == "det" and c.lower_ in lex.nobody_determiners for c in noun.children
    )


def _forgone(tok: Token, lex: knowledge.EventLexicon) -> bool:
    """An act the sentence says was not done: the object of "without", or of "instead of" /
    "rather than" ("instead of calling for an Asian NATO, Japan will ...")."""
    if tok.dep_ not in ("pcomp", "pobj"):
        return False
    prep = tok.head
    if prep.lower_ in lex.forgone_preps:
        return True
    near = [*prep.children, *(prep.doc[prep.i - 1 : prep.i] if prep.i else [])]
    return any(t.lower_ in lex.alternative_adverbs for t in near)


def _planned(tok: Token, lex: knowledge.EventLexicon) -> bool:
    """An act only scheduled, expected or proposed: "Modi is expected to discuss ...", "were
    supposed to sign", "the next step will be for Zelenskyy to come ... to sign" (a clause opened
    by "for X to" states what should happen). PLOVER codes a future act as AGREE only when the
    actor pledges it; a schedule or a forecast is no event yet. Purpose clauses ("to sign") share
    the status of the act they are the purpose of (`_acting`); so is an act expected of someone
    ("counting on Poland to block")."""
    cur = tok
    for _ in range(4):
        if any(c.dep_ == "mark" and c.lower_ == "for" for c in cur.children) and _infinitive(cur):
            return True
        if cur.dep_ == "xcomp" and cur.head.lower_ in lex.planned_heads:
            return True
        if relied_on(cur) is not None:  # "is counting on Poland to block": only expected
            return True
        if (
            cur.dep_ == "xcomp"
            or _bare_conjunct(cur)
            or (cur.dep_ == "advcl" and _infinitive(cur) and _acting(cur.head))
        ):
            cur = cur.head
            continue
        return False
    return False


def _bare_conjunct(verb: Token) -> bool:
    """A bare infinitive that shares its first conjunct's "to" ("for Chile to reopen the border and
    help Peru"), not a finite verb of its own ("is expected to meet X and signed a deal")."""
    return (
        verb.dep_ == "conj"
        and verb.tag_ == "VB"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in verb.children)
    )


def _own_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "mark", "poss") for c in verb.children)


def _clause_head(tok: Token) -> Token:
    cur = tok
    while cur.dep_ == "conj" and cur.head.i != cur.i:
        cur = cur.head
    return cur


def judged_only(tok: Token) -> bool:
    """An act named as the subject of a judgement, done by no one: "to collaborate with a
    terrorist makes you one", "to attack Iran would be a disaster". No act is reported."""
    cur = _clause_head(tok)
    return cur.dep_ == "csubj" and _infinitive(cur) and not _own_subject(cur)


def _judged_in_general(tok: Token) -> bool:
    """An act judged after an empty "it", in the present or with a modal: "it is important to
    support Ukraine", "it would be a mistake to attack Iran" says what should (not) be done, not
    that anyone did it ("it was a mistake to support them" tells a past act, kept)."""
    cur = _clause_head(tok)
    if not _infinitive(cur) or _own_subject(cur) or cur.dep_ not in ("xcomp", "advcl", "relcl"):
        return False
    cop = cur.head.head if cur.dep_ == "relcl" and cur.head.dep_ == "attr" else cur.head
    if cop.lemma_ != "be" or not any(c.dep_ == "nsubj" and c.lower_ == "it" for c in cop.children):
        return False
    return cop.tag_ != "VBD" and not any(c.tag_ == "VBD" for c in cop.children if c.dep_ == "aux")


def _acting(verb: Token) -> bool:
    """A head an infinitive can be the purpose of: not a passive reaction ("lawmakers are likely
    to be angered by a ruling ... to continue to imprison him": the ruling's content, which the
    parser hangs on "angered")."""
    return not any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _if_clause(clause: Token) -> bool:
    """An adverbial clause that is a condition, opened by "if" (not "as if", "even if")."""
    if clause.dep_ != "advcl":
        return False
    marks = [m.lower_ for m in clause.children if m.dep_ in ("mark", "advmod")]
    lead = clause.doc[clause.left_edge.i - 1].lower_ if clause.left_edge.i > 0 else ""
    return "if" in marks and not {"as", "even"} & {*marks, lead}


def has_condition(tok: Token) -> bool:
    """The clause of `tok` is itself a condition: "if the court convicts him", "unless it
    withdraws" (the act is not asserted, whatever its frame)."""
    return any(c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS for c in tok.children)


def frame_hedged(tok: Token, lex: knowledge.EventLexicon) -> bool:
    """A request, threat or accusation not made, only conditioned or told as possible: its clause
    is a condition (`has_condition`) or the verb has a modal, its own or one it shares ("they can
    appeal to the board", "may lose patience and start threatening") or expected of someone by a
    verb of relying ("is counting on Cairo to condemn them"); what a real threat or demand
    names is never real, but the threat or demand itself is, only without these."""
    if has_condition(tok):
        return True
    cur = tok
    for _ in range(4):
        if any(c.dep_ == "aux" and c.lower_ in lex.modal_markers for c in cur.children):
            return True
        if relied_on(cur) is not None:  # "counting on Cairo to condemn": expected, not made
            return True
        if cur.dep_ != "xcomp" and not _bare_conjunct(cur):
            return False
        cur = cur.head
    return False


def nobody(subj: Token, lex: knowledge.EventLexicon) -> bool:
    """A subject or event noun that denies the act: "no country", "nobody", "held no talks"."""
    if subj.lower_ in lex.nobody_words:
        return True
    return any(c.dep_ == "det" and c.lower_ in lex.nobody_determiners for c in subj.children)
