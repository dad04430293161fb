"""Pattern matching: which lexicon pattern (sense) of a verb or noun fits its use here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.events.noun_args import infinitives
from app.extract.syntax import first_child, for_to_clause, prep_objects

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.knowledge import EventPattern


def match_verbs(tok: Token, patterns: list[EventPattern]) -> list[EventPattern]:  # noqa: C901 - ordered rule cascade, see [tool.ruff.lint.mccabe]
    """Patterns of a verb that fit this use of it, most specific first."""
    prts = {c.lower_ for c in tok.children if c.dep_ == "prt"}
    preps = {
        c.lower_
        for c in tok.children
        if c.dep_ in ("prep", "prt", "dative")
        and not any(g.ent_type_ in ("DATE", "TIME") for g in c.children)  # not "on Wednesday"
    }
    if for_to_clause(tok) is not None:
        preps.add("for")  # "called for the Taliban to lift the ban"
    obj = first_child(tok, "dobj") or first_child(tok, "nsubjpass")
    obj_lemmas: set[str] = set()
    if obj is not None:
        obj_lemmas = {obj.lemma_.lower(), obj.lower_}
        for c in obj.children:
            # "aid deliveries", "martial law", "tons of food aid", "under a defence aid package"
            if c.dep_ in ("conj", "compound", "amod"):
                obj_lemmas.add(c.lemma_.lower())
            elif c.dep_ == "prep" and c.lower_ == "of":
                for pobj in c.children:
                    if pobj.dep_ == "pobj":
                        obj_lemmas.add(pobj.lemma_.lower())
                        obj_lemmas.update(
                            g.lemma_.lower() for g in pobj.children if g.dep_ == "compound"
                        )
        # "signed a constitutional declaration": a modifier gives the object a sense that is no
        # object of the act (the same word lists as noun events' `not_event_modifiers`)
        other = knowledge.event_lexicon().not_event_modifiers.get(obj.lemma_.lower(), frozenset())
        if any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in other for c in obj.children):
            obj_lemmas -= {obj.lemma_.lower(), obj.lower_}
    if tok.dep_ == "acl":  # "sanctions imposed on Iran"
        obj_lemmas.update({tok.head.lemma_.lower(), tok.head.lower_})
    subj_lemmas: set[str] = set()
    if any(p.subjs for p in patterns):
        subj = first_child(tok, "nsubj")
        agent = first_child(tok, "agent")
        if subj is None and agent is not None:  # "forces backed by Djiboutian soldiers"
            subj = first_child(agent, "pobj")
        if subj is not None:  # "troops arrived", "the first deployment of troops arrived"
            subj_lemmas = {subj.lemma_.lower()}
            for c in subj.children:
                if c.dep_ in ("compound", "amod"):
                    subj_lemmas.add(c.lemma_.lower())
                elif c.dep_ == "prep" and c.lower_ == "of":
                    subj_lemmas.update(p.lemma_.lower() for p in c.children if p.dep_ == "pobj")
    from_acts = {
        g.lemma_.lower()
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "from"
        for g in c.children
        if g.dep_ == "pcomp" and _into_territory(g)
    }
    out: list[EventPattern] = []
    for p in patterns:
        if p.subjs and not (p.subjs & subj_lemmas):
            continue
        if p.from_acts and not (p.from_acts & from_acts):
            continue
        if p.prt and p.prt not in prts:
            continue
        if p.objs and not (p.objs & obj_lemmas):
            continue
        if p.require_prep and not any(pp in preps for pp in p.preps):
            continue
        out.append(p)
    return out


def _into_territory(act: Token) -> bool:
    """ "from entering", "from entering Iran", "from visiting the country": a territory, not a
    park or a gym ("barred from visiting parks" restricts freedoms, it bars no one from a state)."""
    obj = first_child(act, "dobj")
    if obj is None:
        return True
    return obj.pos_ == "PROPN" or obj.lemma_.lower() in knowledge.event_lexicon().territory_nouns


def light_verb(tok: Token, plover: str) -> Token | None:
    """The light verb governing a noun of a `plover` act directly or through one preposition
    ("went on strike"); "have" only for a consultation ("had talks with")."""
    lex = knowledge.event_lexicon()
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("on", "in"):
        head = head.head  # "went on strike", "are in talks with"
    elif tok.dep_ not in ("dobj", "attr"):
        return None
    if head.pos_ not in ("VERB", "AUX"):
        return None
    lemma = head.lemma_.lower()
    if lemma in lex.light_verbs or (plover == "CONSULT" and lemma in lex.meeting_light_verbs):
        return head
    return None


def noun_pattern(tok: Token, pattern: EventPattern) -> EventPattern | None:
    """The sense of a lexicon noun here: "phone call" is a consultation, "call for" a request."""
    compounds = {c.lemma_.lower() for c in tok.children if c.dep_ == "compound"}
    for word, code in pattern.compound_codes:
        if word in compounds:
            info = knowledge.cameo_info(code)
            return knowledge.EventPattern(
                lemma=pattern.lemma, cameo=code, plover=info.plover, preps=("with", "between")
            )
    if pattern.require_prep and not prep_objects(tok, pattern.preps):
        has_prep = any(c.dep_ == "prep" and c.lower_ in pattern.preps for c in tok.children)
        if not has_prep and not infinitives(tok):  # "a call to free the journalists"
            return None
    return pattern
