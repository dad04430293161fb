"""Dependency-parse helpers shared by the steps: children, subjects, passives."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.lost_subjects import subject_left_behind
from app.extract.object_doers import handed_purpose, reason_object
from app.extract.plan_owners import plan_owner

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.records import EventRecord


RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom"})
_CLIMB_DEPS = frozenset({"xcomp", "conj", "pcomp", "prep", "advcl", "acomp", "ccomp"})
_SUBJ_DEPS = frozenset({"nsubj", "csubj"})


def first_child(tok: Token, *deps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def trigger_token(ctx: DocContext, ev: EventRecord) -> Token:
    """The head token of an event's trigger (its sentence's root if the offsets fit no tokens)."""
    span = ctx.doc.char_span(ev.trigger_start, ev.trigger_end, alignment_mode="expand")
    return span.root if span is not None and len(span) else ctx.sents[ev.sentence].root


def definite(tok: Token) -> bool:
    """A noun with a definite determiner: it names something the story told before."""
    words = knowledge.event_lexicon().definite_determiners
    return any(c.dep_ == "det" and c.lower_ in words for c in tok.children)


def prep_objects(tok: Token, preps: tuple[str, ...]) -> list[Token]:
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("prep", "dative", "agent", "prt") and c.lower_ in preps:
            out.extend(p for p in c.children if p.dep_ == "pobj")
    clause = for_to_clause(tok) if "for" in preps else None
    if clause is not None:  # "called for the Taliban to lift the ban": the Taliban
        out.extend(c for c in clause.children if c.dep_ == "nsubj")
    return out


def for_to_clause(tok: Token) -> Token | None:
    """The verb of the "for X to act" clause of `tok`, the act asked for: "called for the
    Taliban to lift the ban", which the parser attaches either as a clause marked by "for"
    (X its subject) or as a "for X" phrase followed by a subjectless infinitive."""
    for_phrase = any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children)
    for c in tok.children:
        marks = {m.lower_ for m in c.children if m.dep_ in ("mark", "aux")}
        if c.dep_ not in ("advcl", "ccomp", "xcomp") or "to" not in marks:
            continue
        if "for" in marks:
            return c
        if for_phrase and c.dep_ == "advcl" and not any(s.dep_ == "nsubj" for s in c.children):
            return c
    return None


def direct_object(verb: Token) -> Token | None:
    """The verb's direct object, also when a long object follows its "as" phrase ("denounced as
    a crime Serbia's crackdown on ..."): the parser hangs it on the "as" noun as an apposition."""
    dobj = first_child(verb, "dobj")
    if dobj is not None:
        return dobj
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"):
        for noun in (c for c in prep.children if c.dep_ == "pobj"):
            shifted = first_child(noun, "appos")
            if shifted is not None and shifted.pos_ == "NOUN" and shifted.i > noun.i:
                return shifted
    return None


def antecedent(tok: Token | None) -> Token | None:
    """The noun a relative pronoun stands for ("hostages who were kidnapped": hostages)."""
    if tok is not None and tok.lower_ in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok


def clause_verb(tok: Token) -> Token:
    cur = tok
    for _ in range(6):
        if cur.pos_ in ("VERB", "AUX") or cur.dep_ == "ROOT":
            return cur
        cur = cur.head
    return cur


def subject_of(tok: Token) -> tuple[Token | None, bool]:
    """Subject of a verb, climbing to the controlling clause when it has none.
    Returns (token, inherited)."""
    cur = tok
    for depth in range(6):
        subj = first_child(cur, *_SUBJ_DEPS) or _stray_subject(cur)
        if subj is None and depth == 0 and is_stative(cur):
            subj = first_child(cur, "nsubjpass")  # "Iran is committed to ...": Iran
        if subj is not None:
            if subj.lower_ in RELATIVE_PRONOUNS and cur.dep_ == "relcl":
                return cur.head, True
            return _reduced_relative_subject(subj), depth > 0
        if depth > 0:
            subjpass = first_child(cur, "nsubjpass")
            if subjpass is not None:
                return subjpass, True
        found = _owner(cur, depth)
        if found is not None:
            return found
        if cur.dep_ == "acl" and cur.tag_ == "VBG":
            issuer = _issuer(cur.head)
            if issuer is not None:  # "issued a declaration demanding ...": the declaration's issuer
                cur = issuer
                continue
            return cur.head, True
        # only the purpose's own verb: a phrase hung on it ("in a move to strengthen ties
        # after meeting X") is often the parser's misplaced attachment
        purposed = _purpose_of(cur) if depth == 0 else None
        if purposed is not None:  # "tested missiles in an effort to pressure the U.S."
            cur = purposed
            continue
        if cur.dep_ == "relcl":
            return cur.head, True
        if cur.dep_ == "ccomp" and cur.pos_ != "AUX":
            break  # a reported clause has its own subject; only a stray copula borrows one
        obj = reason_object(cur)
        if obj is not None:  # "attacked the newspaper for refusing to ...": the newspaper refused
            return obj, True
        if _climbs(cur):
            cur = cur.head
            continue
        break
    return None, False


def _owner(cur: Token, depth: int) -> tuple[Token | None, bool] | None:
    """Who does an act a plan or a thing handed over names ("its refusal to withdraw", "gave the
    guards powers to search"); (None, False) when no one named does ("supplied drones to
    attack"); None when neither tells or the giver's subject does (see `_purpose_of`)."""
    owner = plan_owner(cur, subject_of)
    if owner is not None:
        return owner, True
    handed = handed_purpose(cur) if depth == 0 else None
    if handed is None or handed[1] is not None:
        return None
    return handed[0], handed[0] is not None


def _climbs(verb: Token) -> bool:
    """Whether a verb with no subject takes the one of the clause it hangs on."""
    return verb.dep_ in _CLIMB_DEPS and verb.head.i != verb.i and not subject_left_behind(verb)


def _purpose_of(clause: Token) -> Token | None:
    """The verb an "in an effort/a bid to ..." phrase is the purpose of: whoever acts does the
    infinitive too ("North Korea tested missiles in an effort to pressure the U.S."); so does
    whoever hands over a thing when its handing is the act, see `handed_purpose`."""
    handed = handed_purpose(clause)
    if handed is not None and handed[1] is not None:
        return handed[1]
    noun = clause.head
    if clause.dep_ != "acl" or clause.tag_ != "VB" or noun.dep_ != "pobj":
        return None
    prep = noun.head
    if prep.lower_ != "in" or prep.dep_ != "prep" or prep.head.pos_ != "VERB":
        return None
    return prep.head if noun.lemma_.lower() in knowledge.event_lexicon().intent_nouns else None


def _reduced_relative_subject(subj: Token) -> Token:
    """The noun a subject's participle clause describes: the parser takes "The Red Cross
    operating in Iraq said" for a gerund subject ("operating") with its own subject."""
    if subj.tag_ != "VBG" or first_child(subj, "dobj") is not None:
        return subj  # "Russia shelling the town angered Kyiv": an act is the subject
    inner = first_child(subj, "nsubj")
    return inner if inner is not None and inner.i < subj.i and inner.pos_ == "PROPN" else subj


def _stray_subject(verb: Token) -> Token | None:
    """A subject the parser hung elsewhere."""
    for aux in verb.children:  # "Iran is defying" with Iran hanging off "is"
        if aux.dep_ in ("aux", "auxpass") and aux.i < verb.i:
            subj = first_child(aux, *_SUBJ_DEPS)
            if subj is not None:
                return subj
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return None
    # "Sweden suspended aid" with Sweden as npadvmod of the verb
    return next(
        (
            c
            for c in verb.children
            if c.dep_ == "npadvmod"
            and c.i < verb.i
            and c.ent_type_ in ("GPE", "ORG", "PERSON", "NORP")
        ),
        None,
    )


def _issuer(noun: Token) -> Token | None:
    """The verb whose subject issued a message noun: "issued a statement", "said in a letter"."""
    if noun.lemma_.lower() not in knowledge.event_lexicon().message_nouns:
        return None
    if noun.dep_ == "dobj":
        return noun.head
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ == "VERB":
        return noun.head.head
    return None


def passive_run_head(verb: Token) -> Token | None:
    """The passive verb a run of coordinated participles hangs from ("were beaten, robbed and
    abducted": "beaten" for "robbed" and "abducted"), when none has a subject of its own."""
    cur = verb
    for _ in range(6):
        if cur.dep_ != "conj" or cur.tag_ != "VBN" or first_child(cur, "nsubj", "nsubjpass"):
            return None
        cur = cur.head
        if is_passive(cur):
            return cur
    return None


def borrowed_patient(verb: Token) -> Token | None:
    """The passive subject a bare participle borrows across a clause the parser put between
    them: "journalists have been harassed while covering events and detained": "detained" hangs
    from "covering", yet the journalists were detained, not detaining."""
    if verb.tag_ != "VBN" or verb.dep_ != "conj" or first_child(verb, "aux", "auxpass", "nsubj"):
        return None
    subj, inherited = subject_of(verb)
    return subj if inherited and subj is not None and subj.dep_ == "nsubjpass" else None


def shared_agent(verb: Token) -> Token | None:
    """The "by" phrase closing a run of coordinated passives: "were shot and killed by
    soldiers": the soldiers shot them too. Only a later verb's phrase scopes back over the run
    ("arrested by police and charged with murder": not charged by the police)."""
    for c in verb.children:
        if c.dep_ == "conj" and c.tag_ == "VBN" and first_child(c, "nsubj", "nsubjpass") is None:
            return first_child(c, "agent") or shared_agent(c)
    return None


def displaced_agent(verb: Token) -> Token | None:
    """The "by" phrase of a passive that the parser hung on the active gerund of its own
    prepositional phrase: "was accused of stealing state money by the new government". An active
    gerund takes no agent, so the phrase belongs to the passive; a "by" with a clause ("by forging
    papers") is a means, not an agent."""
    for prep in verb.children:
        if prep.dep_ != "prep":
            continue
        for gerund in prep.children:
            if gerund.dep_ != "pcomp" or gerund.tag_ != "VBG":
                continue
            if first_child(gerund, "nsubj", "nsubjpass", "auxpass") is not None:
                continue
            for by in gerund.children:
                if by.lower_ == "by" and by.dep_ in ("prep", "agent") and first_child(by, "pobj"):
                    return by
    return None


def is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) and not is_stative(tok)


def is_stative(tok: Token) -> bool:
    """A participle that states the subject's own stance, parsed as a passive: "Iran is
    committed to the talks", "they are determined to fight" (Iran commits itself; nobody
    commits Iran), unless a "by" agent makes it a true passive."""
    return tok.lower_ in knowledge.event_lexicon().intent_adjectives and not any(
        c.dep_ == "agent" for c in tok.children
    )


def is_passive_participle(tok: Token) -> bool:
    """ "Asked by VOA, Rubio said ...": a bare past participle clause is passive; so is one that
    completes a verb of standing ("Lai stands accused of sedition": Lai is the accused), and one
    joined to a clause with its own "by" agent ("a theory floated by one lawyer, but rejected by
    the envoy": the envoy rejects, the theory is rejected)."""
    if tok.tag_ != "VBN" or any(c.dep_ in ("aux", "nsubj", "dobj") for c in tok.children):
        return False
    stance = knowledge.event_lexicon().passive_stance_verbs
    return (
        tok.dep_ in ("advcl", "acl")
        or (tok.dep_ == "acomp" and tok.head.lemma_.lower() in stance)
        or (tok.dep_ == "conj" and any(c.dep_ == "agent" for c in tok.children))
    )
