"""Checks on a verb event's clause and arguments: how far its clause is from the main one, and
whether a subject is an act, a thing or a situation rather than an actor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.actors.things import document_name
from app.extract.events.indirect_questions import wh_fronted

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext

# subjects that stand for a situation, not an actor, with a verb that needs an actor subject
_THING_PRONOUNS = frozenset({"this", "that", "which"})

# PLOVER: PROTEST is civilians' collective action; a state's or government's protest is a
# diplomatic one, coded ACCUSE (manual, ACCUSE ambiguities: "used for diplomatic protests")
_DIPLOMATIC_PROTEST = knowledge.EventPattern(
    lemma="protest", cameo="114", plover="ACCUSE", preps=("against", "to", "with")
)


def diplomatic_protest(
    ctx: DocContext, pattern: knowledge.EventPattern, sources: list[str]
) -> knowledge.EventPattern:
    """The pattern of "protest" when all who protest are states or their governments."""
    if pattern.lemma != "protest" or pattern.plover != "PROTEST" or not sources:
        return pattern
    recs = [ctx.actors.by_key[k] for k in sources]
    if all(r.kind == "state" or (r.kind == "agent" and (r.code or "")[3:] == "GOV") for r in recs):
        return _DIPLOMATIC_PROTEST
    return pattern


# Clauses whose event is background to the sentence's main one: time, reason and purpose
# clauses ("when Idi Amin expelled them", "resigned to allow elections"), relative clauses and
# noun modifiers ("the man who attacked ...", "sanctions imposed on Iran").
_BACKGROUND_DEPS = frozenset({"advcl", "relcl", "acl", "pcomp", "csubj", "npadvmod"})


def clause_penalty(tok: Token) -> float:
    """How far a trigger's clause is from the main clause: the main predicate outranks
    background clauses, so its event comes first among a sentence's events."""
    cur = tok
    while cur.dep_ == "conj" and cur.head.i != cur.i:
        cur = cur.head
    if cur.dep_ in _BACKGROUND_DEPS or (cur.dep_ == "prep" or cur.head.dep_ == "prep"):
        return 0.1
    if cur.dep_ == "xcomp":
        return 0.05 if cur.head.dep_ in _BACKGROUND_DEPS else 0.0
    return 0.0


def discussed_topic(pattern: knowledge.EventPattern) -> bool:
    """What a consultation discusses or negotiates is a topic, and its owner no counterpart:
    "discussed China's role" is no consultation with China."""
    return pattern.plover == "CONSULT" and pattern.no_dobj_target


def two_sided(tok: Token, lex: knowledge.EventLexicon) -> bool:
    """Fighting or a clash has two sides: the place it is "in" is where it happens, never the side
    fought ("fighting in Sudan has displaced millions" is no attack on Sudan)."""
    return tok.lemma_.lower() in lex.battle_nouns or tok.lower_ in lex.battle_nouns


def is_act(tok: Token, lex: knowledge.EventLexicon) -> bool:
    """A noun that names an act someone carried out ("operation", "airstrikes", "raid")."""
    lemma = tok.lemma_.lower()
    return lemma in lex.nouns or lemma in lex.act_nouns


def thing_subject(subj: Token | None, lex: knowledge.EventLexicon) -> bool:
    """A subject that is a thing or an act, not someone: "this approach", "ending the war"."""
    if subj is None:
        return False
    if subj.ent_type_ == "LAW" or document_name(subj):
        return True  # "the Exclusion Act allowed ...", "the Dayton Accords created ..."
    if subj.pos_ not in ("NOUN", "VERB"):
        return False
    lemma = subj.lemma_.lower()
    return lemma not in lex.victim_nouns and knowledge.agents().get(lemma) is None


def situation_subject(subj: Token | None, lex: knowledge.EventLexicon) -> bool:
    """A pronoun subject that stands for a situation: "this will allow ...", and "it" after a
    clause whose subject is a thing ("as the network was weakened, it allows them to ...";
    but "Iraq said it would allow ...")."""
    if subj is None:
        return False
    if subj.lower_ in _THING_PRONOUNS:
        return True
    if subj.lower_ != "it":
        return False
    before = [
        t
        for t in subj.sent
        if t.i < subj.i and t.dep_ in ("nsubj", "nsubjpass") and t.lower_ not in ("it", "they")
    ]
    return bool(before) and thing_subject(before[-1], lex)


def direct_argument(arg: Token, verb: Token, dobj: Token | None) -> bool:
    """The verb's own object or passive subject, or the "of", "on" or "against" phrase of its
    object."""
    if arg.head.i == verb.i:
        return True
    prep = arg.head
    if dobj is not None and prep.head.i == dobj.i and prep.lower_ in ("on", "against"):
        return True  # "imposed sanctions on Iranian banks": what the act is aimed at
    if dobj is None:  # "complained over Israeli raids": the act's object follows a preposition
        return prep.head.i == verb.i and prep.dep_ == "prep"
    return prep.lower_ == "of" and prep.head.i == dobj.i


def asked_about(tok: Token, lex: knowledge.EventLexicon) -> bool:
    """An act inside an indirect question ("asked Lai if he agreed", "unclear whether Russia will
    agree", "a question of if children will be abducted"): asked about, not reported."""
    cur = tok
    while cur.dep_ == "conj" and cur.head.i != cur.i:
        cur = cur.head
    mark = next((c.lower_ for c in cur.children if c.dep_ == "mark"), None)
    if mark == "whether" or wh_fronted(cur, lex):
        return True
    if mark != "if" or cur.dep_ not in ("ccomp", "advcl", "pcomp"):
        return False
    head = cur.head.head if cur.dep_ == "pcomp" else cur.head
    return head.lemma_.lower() in lex.question_words


def hostile_purpose(verb: Token, lex: knowledge.EventLexicon) -> bool:
    """An attack whose purpose clause says whom it is against ("launched an operation to flush
    out al-Shabab", "an offensive to drive the rebels from the town"); not one to help someone
    ("airstrikes to support Kurdish fighters"). The purpose may be told through an aim
    ("bombings ..., aiming to topple the government"; `purpose_verbs`)."""
    clauses = [c for c in verb.children if c.dep_ in ("advcl", "xcomp")]
    clauses += [
        g
        for c in clauses
        if c.lemma_.lower() in lex.purpose_verbs
        for g in c.children
        if g.dep_ == "xcomp"
    ]
    return any(
        c.lemma_.lower() in lex.hostile_purposes
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for c in clauses
    )


def question_asked(verb: Token, lex: knowledge.EventLexicon) -> list[Token]:
    """The question a request verb asks (see `asks_a_question`), whose own acts are only asked
    about: the "about"/"on" phrase, or the clause that opens with a question word or holds the
    "?". Never a time or cause clause ("asked ... after police arrested ten": told, not asked)."""
    return [
        c
        for c in verb.children
        if _asked_phrase(c, verb, lex) or (_asked_clause(c, lex) and not _circumstance(c, lex))
    ]


def _circumstance(clause: Token, lex: knowledge.EventLexicon) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in lex.circumstance_marks for c in clause.children)


def _asked_phrase(prep: Token, verb: Token, lex: knowledge.EventLexicon) -> bool:
    """ "asked about the talks"; "pressed on when talks resume" (a wh-clause: "pressed China on
    human rights" is pressure, no question); not "asked on Friday that ...": a date."""
    if prep.dep_ != "prep" or prep.lower_ not in ("about", "on"):
        return False
    if any(g.ent_type_ in ("DATE", "TIME") for g in prep.children):
        return False
    if verb.lemma_.lower() in lex.inquiry_verbs:
        return True
    return any(
        g.dep_ == "pcomp" and next(g.subtree).lower_ in lex.question_openers for g in prep.children
    )


def _asked_clause(clause: Token, lex: knowledge.EventLexicon) -> bool:
    if clause.dep_ not in ("ccomp", "advcl"):  # ("asked Lai if he agreed": an advcl to the parser)
        return False
    words = list(clause.subtree)
    if clause.dep_ == "ccomp" and any(t.text == "?" for t in words):
        return True
    return words[0].lower_ in lex.question_openers


def asks_a_question(verb: Token, lex: knowledge.EventLexicon) -> bool:
    """A request verb that asks a question ("asked whether he would resign", "What now? she
    asked", "pressed on when talks resume", "asked about the talks"): no request of anyone. Asking
    someone to act ("asked him to leave", "asked for aid", "asked if they could take them")
    is."""
    if verb.lemma_.lower() not in lex.inquiry_verbs | lex.wh_inquiry_verbs or any(
        c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "for") for c in verb.children
    ):
        return False
    doc, start = verb.doc, verb.sent.start
    if start > 1 and doc[start - 1].is_quote and doc[start - 2].text == "?":
        return True  # '"Who will pay?" she asked the minister': the quoted question before it
    if any(c.dep_ == "punct" and c.text == "?" for c in verb.children):
        return True
    for c in verb.children:
        if _asked_phrase(c, verb, lex):
            return True
        if not _asked_clause(c, lex) or _circumstance(c, lex):
            continue
        if next(c.subtree).lower_ in lex.question_openers:
            # "asked if they could take them": asking for an act, politely
            return not any(a.dep_ == "aux" and a.lower_ in lex.ability_modals for a in c.children)
        return True
    return False


def suffered_of(noun: Token, plover: str, lex: knowledge.EventLexicon) -> bool:
    """Whether the "of" phrase of a reaction's object is only the one who suffers the act, not
    whom the reaction is aimed at: "demanded the release of X", "condemned the killing of X"
    (aimed at the captor, the killer). Asking for an act against X is aimed at X: "demanded the
    dismissal of the police chief", "called for the prosecution of X"."""
    word = noun.lemma_.lower()
    return word in lex.patient_nouns and (plover != "REQUEST" or word in lex.release_nouns)


def asked_against(nouns: list[Token], plover: str, lex: knowledge.EventLexicon) -> list[Token]:
    """Whom a request for an act against someone is aimed at: X in "called for the prosecution
    of X" and in "demanded X's ouster" (see `suffered_of`); the noun itself stands for no actor
    (`mentions`)."""
    out: list[Token] = []
    # with what is coordinated: "demanded reforms and X's ouster"
    for n in [*nouns, *(c for noun in nouns for c in noun.conjuncts)]:
        if n.lemma_.lower() not in lex.patient_nouns or suffered_of(n, plover, lex):
            continue
        for c in n.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                out.extend(g for g in c.children if g.dep_ == "pobj")
            elif c.dep_ == "poss" and plover == "REQUEST":
                out.append(c)  # (a possessor of a reaction's act is its author: `owners`)
    return out


def opinion_agreement(tok: Token, lex: knowledge.EventLexicon) -> bool:
    """ "Agree" that shares an opinion rather than accepting terms: agreeing that something is so
    or with a quote ('"the danger is not over," agreed Yusuf'), or with a remark or a view
    ("agreed with Biden's remark"). Agreeing to, on or with a proposal, or that troops would
    withdraw, that the ceasefire takes effect on Sunday, that monitors should oversee it, is
    PLOVER AGREE."""
    if tok.lemma_.lower() != "agree":
        return False
    if any(
        c.dep_ == "xcomp"
        or (
            c.dep_ == "prep"
            and c.lower_ in ("to", "on", "upon")
            and not any(g.ent_type_ in ("DATE", "TIME") for g in c.children)  # "on Monday"
        )
        for c in tok.children
    ):
        return False
    for c in tok.children:
        if c.dep_ == "ccomp" and (_quoted(c) or _states_so(c, lex)):
            return True
        if c.dep_ == "prep" and c.lower_ == "with":
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs and all(g.lemma_.lower() in lex.opinion_nouns for g in objs):
                return True
    return False


def _quoted(clause: Token) -> bool:
    """A clause inside quotation marks (the words of whoever agreed)."""
    doc = clause.doc
    lo, hi = max(clause.left_edge.i - 1, 0), min(clause.right_edge.i + 2, len(doc))
    return any(t.is_quote for t in doc[lo:hi])


def _states_so(clause: Token, lex: knowledge.EventLexicon) -> bool:
    """A clause that says something is so ("that the plan was flawed", "that the region remains
    unstable") or that a deed was already done ("that Iran had violated the accord", "that the
    army fired first"): a copula or a stative verb, or a past or perfect verb, without a modal.
    Terms are agreed for what is still to happen, so a done deed is a view of it, not PLOVER
    AGREE; an act agreed on is present or modal ("that the ceasefire takes effect", "that
    monitors should oversee the withdrawal")."""
    auxes = [a for a in clause.children if a.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in lex.modal_markers for a in auxes):
        return False
    if clause.lemma_.lower() in lex.stative_verbs:
        return True
    done = clause.tag_ == "VBD" or any(a.lemma_.lower() == "have" for a in auxes)
    return done or any(a.tag_ == "VBD" for a in auxes if a.dep_ == "auxpass")
