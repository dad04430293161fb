"""A worry or a belief waved off is a view, not a refusal: "brushed off worries that the harvest
would fail", "rejected the idea that sanctions work".

PLOVER REJECT refuses what someone proposed, demanded, offered or alleged. Waving off a worry
that the text gives to no one, or a belief that something is so, answers no party: it is the
speaker's own assessment, like agreeing that something is so (`opinion_agreement`). A worry with
an owner ("dismissed Japan's concerns", "fears voiced by Seoul", "Western concerns") is a stance
toward that party and stays an event, and so does the idea of an act ("rejected the idea of
talks": a proposal), and a clause about the source's own conduct ("rejected the notion that its
navy entered the strait", "the idea that they harbour rebels"): a denial of an allegation.
Word lists: `worry_nouns` and `belief_nouns` in events.yaml.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.syntax import RELATIVE_PRONOUNS, first_child

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.knowledge import EventLexicon

_LEAD_POS = frozenset({"DET", "ADJ", "ADV"})  # "the", "new", "growing" before the noun


def dismissed_view(ctx: DocContext, verb: Token, lex: EventLexicon) -> bool:
    """The rejecting verb's object is an unowned worry, or a belief stated as a clause."""
    if not any(p.plover == "REJECT" for p in lex.verbs.get(verb.lemma_.lower(), ())):
        return False
    noun, clause = _waved_off(verb)
    if noun is None or _owned(ctx, noun):
        return False
    clause = clause or next(
        (c for c in noun.children if c.dep_ in ("acl", "ccomp") and c.pos_ in ("VERB", "AUX")),
        None,
    )
    if clause is not None and (_done(clause) or _own_conduct(clause)):
        return False  # "rejected the notion that its navy had entered ...": a deed denied
    lemma = noun.lemma_.lower()
    if lemma in lex.worry_nouns:
        return True
    return lemma in lex.belief_nouns and not any(
        c.dep_ == "prep" and c.lower_ == "of" for c in noun.children
    )


def _waved_off(verb: Token) -> tuple[Token | None, Token | None]:
    """The object noun, and the clause that says what the worry or belief is when the parser
    took "rejected the idea tourism can ..." or "dismissed concerns that a strike would ..." for
    a reported clause whose subject starts with the noun (then the first noun after the verb)."""
    obj = first_child(verb, "dobj") or first_child(verb, "nsubjpass")
    if obj is not None:
        return obj, None
    clause = first_child(verb, "ccomp")
    subj = first_child(clause, "nsubj") if clause is not None else None
    if clause is None or subj is None or subj.left_edge.i <= verb.i:
        return None, None
    for t in verb.doc[verb.i + 1 : subj.i + 1]:
        if t.pos_ == "NOUN":
            return t, clause
        if t.pos_ not in _LEAD_POS:
            break
    return None, None


def _done(clause: Token) -> bool:
    """The clause tells a deed as done (a past or perfect verb): denying it answers whoever
    alleged it ("dismissed concerns that the vote was rigged"). A worry of what may come
    ("would cause a recession") or a general belief ("can lead to ...") is no such deed."""
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in clause.children):
        return False
    return clause.tag_ == "VBD" or any(
        c.dep_ in ("aux", "auxpass") and (c.tag_ == "VBD" or c.lemma_ == "have")
        for c in clause.children
    )


def _own_conduct(clause: Token) -> bool:
    """The clause's subject is a pronoun or a pronoun's thing ("that they harbour rebels", "that
    its spy agency backs the militants"): the source's own conduct, as the story tells it."""
    subj = first_child(clause, "nsubj") or first_child(clause, "nsubjpass")
    if subj is None:
        return False
    return subj.pos_ == "PRON" or any(c.dep_ == "poss" and c.pos_ == "PRON" for c in subj.children)


def _owned(ctx: DocContext, noun: Token) -> bool:
    """Whose worry or belief it is, stated where the noun stands: a possessor, an actor or a
    state's adjective before it, "by"/"from"/"of"/"among" someone, a participle with its agent
    ("concerns raised by ..."), or a relative clause ("the concerns that Japan raised")."""
    for c in noun.children:
        if c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("by", "from")):
            return True
        if (
            c.dep_ in ("compound", "amod", "nmod")
            and c.i < noun.i
            and (
                ctx.links.actor[c.i] is not None
                or knowledge.country_of(c.text) is not None
                or (c.pos_ in ("ADJ", "PROPN") and c.text[:1].isupper())  # "Western", "Arab"
            )
        ):
            return True
        if (
            c.dep_ == "prep"
            and c.lower_ in ("of", "among")  # an actor's, not "fears of a shortage"
            and any(ctx.links.actor[g.i] is not None for g in c.children if g.dep_ == "pobj")
        ):
            return True
        if c.dep_ == "acl" and any(g.dep_ == "agent" for g in c.children):
            return True
        if c.dep_ == "relcl" and any(
            g.lower_ in RELATIVE_PRONOUNS and g.dep_ in ("nsubj", "dobj", "pobj")
            for g in c.children
        ):
            return True
    return False
