"""Whose unnamed agent: the modifiers that name its owner ("Egyptian", "Hamas", "in Iraq",
"his"), the country "authorities" or "the government" belong to when no word says it, and the
collectives whose members the text names."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

# the module, not the name: mentions imports the actors package (its registry), whose steps
# import this module, so whichever of the two is imported first finds the other half-loaded
from app.extract import knowledge, mentions
from app.extract.actors.agent_phrases import agent_term

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.records import ActorRecord


# The role codes of a state's own organs (actor_words.yaml, state_organs), for the modules that
# ask which agents act for their state (events/retold.py).
STATE_ORGANS = knowledge.actor_words().state_organs


def local_authorities(tok: Token, code: str, modified: bool) -> bool:
    """ "authorities arrested him", "the authorities said": with no owner, no other modifier and
    no phrase saying where ("authorities at home and abroad"), the authorities of the country
    the article is about, as a news story writes them. So are a state's rulers below the state
    ("local authorities", "provincial governments", "county officials"): the word that puts
    them below the state says they are the country's, whichever level they govern."""
    words = knowledge.actor_words()
    if modified:
        return False
    mods = [c for c in tok.children if c.dep_ in ("prep", "amod", "compound", "poss")]
    if code == "GOV" and len(mods) == 1 and mods[0].lower_ in words.subnational_modifiers:
        mods = []
    elif tok.lower_ not in words.local_authorities:
        return False
    if mods:
        return False
    nxt = tok.nbor() if tok.i + 1 < len(tok.doc) else None
    # "urged authorities at home and abroad": a place phrase the parser hung on the verb
    return not (
        nxt is not None
        and nxt.pos_ == "ADP"
        and not any(c.ent_type_ in ("DATE", "TIME") for c in nxt.children)
    )


def state_body_code(ctx: DocContext, tok: Token, country_after: bool, code: str) -> str:
    """A commission, committee or council (`state_bodies`) is a state's when the state itself
    owns it - its name, demonym, "its" or "the country's" right on the body, not an "in Chile"
    after it - and each other word on it says which of the state's bodies it is
    (`state_body_fields`: "electoral", "human rights"): a bank's, club's or sports body's
    committee is no government's ("a Kenyan bank's risk committee", "Kenya's Olympic
    committee"). The role code is the organ's a word names ("a parliamentary committee", "the
    Senate committee": LEG), else the body's own; "" when the body is no state's."""
    words = knowledge.actor_words()
    if country_after:
        return ""
    for m in tok.children:
        if m.dep_ not in ("amod", "compound", "poss", "nmod") or m.pos_ == "PRON":
            continue
        key = ctx.links.actor[m.i]
        if key is not None and ctx.kind_of(key) == "state":
            continue
        if m.lower_ in words.state_body_organs:
            code = words.state_body_organs[m.lower_]
        elif m.lower_ not in words.state_body_fields and not knowledge.country_of(m.text):
            return ""
    return code


def acts_in_event(tok: Token) -> bool:
    """The noun does an act of the event lexicon: its verb's subject ("a court sentenced him")
    or its passive agent ("attacked by government forces"). A noun that needs an owner to name
    an actor ("court", "force") names one when it acts: a place or a manner never does. Only
    bare: the country of "forces in Somalia's Puntland" lies in a phrase not read here."""
    if tok.dep_ == "nsubj":
        verb = tok.head
    elif tok.dep_ == "pobj" and tok.head.dep_ == "agent":
        verb = tok.head.head
    else:
        return False
    if any(c.dep_ == "prep" for c in tok.children):
        return False
    return verb.pos_ == "VERB" and verb.lemma_.lower() in knowledge.event_lexicon().verbs


def acts_for_state(rec: ActorRecord) -> bool:
    """A state, or an organ of one (its government, army, police ...): what can act for it."""
    return rec.kind == "state" or (rec.kind == "agent" and (rec.code or "")[3:] in STATE_ORGANS)


def local_country(ctx: DocContext, tok: Token, *, places: bool) -> str | None:
    """Whose "authorities": the country of the state or state organ named last before them, in
    their sentence or the one before, else (with `places`) of the place named last ("Farmers in
    Chad marched after authorities banned the rally": Chad's)."""
    si = ctx.sent_of[tok.i]
    window = range(tok.i - 1, ctx.sents[max(si - 1, 0)].start - 1, -1)
    countries = knowledge.countries().by_code
    for i in window:
        key = ctx.links.actor[i]
        rec = ctx.actors.by_key[key] if key is not None else None
        if rec is not None and acts_for_state(rec):
            # (not "beat Malian migrants, whom authorities accuse": no organ of Mali)
            country = rec.country
        elif places and key is None and (place := ctx.links.place[i]) is not None:
            country = ctx.places.by_key[place].country
        else:
            continue
        if country in countries:
            return country
    return None


def acting_country(ctx: DocContext, tok: Token) -> tuple[str | None, bool]:
    """Whose bare "the government": the country of the state or state organ named last before
    it, in its sentence or the one before, when nothing of another country lies between them
    ("Nepalese police have guarded the border since May, when the government closed it":
    Nepal's). Returns (country, named): named is True when an organ was found, even if the
    answer is then None because a place, state or people of another country lie between ("Eritrean
    troops shelled villages in Ethiopia. The government protested": Ethiopia's as likely as
    Eritrea's, so nobody's rather than a confident wrong one)."""
    si = ctx.sent_of[tok.i]
    window = range(tok.i - 1, ctx.sents[max(si - 1, 0)].start - 1, -1)
    countries = knowledge.countries().by_code
    between: set[str] = set()
    for i in window:
        key = ctx.links.actor[i]
        rec = ctx.actors.by_key[key] if key is not None else None
        if rec is not None and acts_for_state(rec) and rec.country in countries:
            return (rec.country if between <= {rec.country} else None), True
        if rec is not None and rec.kind in ("state", "agent") and rec.country:
            # another state's people or organs; not an organisation, whose country a name
            # lookup gave ("the National Congress Party" is no sign of the US Congress)
            between.add(rec.country)
        elif (place := ctx.links.place[i]) is not None and (
            where := ctx.places.by_key[place].country
        ):
            between.add(where)
    return None, False


def place_country(ctx: DocContext) -> str | None:
    """The country the article's places lie in when it leads clearly (half as many place words
    again as the next): the story's own ground, not the country of whoever comments on it ("A
    Foreign Office spokesperson ... the junta must step down": not the British junta)."""
    counts: Counter[str] = Counter()
    for place in ctx.links.place:
        if place is not None and (country := ctx.places.by_key[place].country):
            counts[country] += 1
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] * 2 < ranked[1][1] * 3):
        return None
    return ranked[0][0] if ranked[0][0] in knowledge.countries().by_code else None


def members_named(ctx: DocContext, tok: Token) -> bool:
    """ "groups, including the ACLU, ...": a collective whose members the text names."""
    return any(
        ctx.links.actor[p.i] is not None
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "including"
        for p in c.children
        if p.dep_ == "pobj"
    )


def modifiers(tok: Token) -> list[Token]:
    out = []
    for child in tok.lefts:
        if child.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod"):
            out.append(child)
            out.extend(c for c in child.lefts if c.dep_ in ("compound", "amod", "poss", "npadvmod"))
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            out.extend(c for c in child.children if c.dep_ == "pobj")
            for pobj in child.children:  # "the head of opposition in Zambia"
                out.extend(country_in(pobj))
                if pobj.dep_ == "pobj" and agent_term(pobj) is not None:
                    # "a member of a Russian crime group": the group's country is the member's
                    out.extend(c for c in pobj.lefts if c.dep_ == "amod")
        out.extend(country_in(tok))
    return out


def country_in(tok: Token) -> list[Token]:
    """Country named in an "in X"/"from X" phrase of a noun ("security forces in Somalia")."""
    out: list[Token] = []
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ == "in":
            out.extend(c for c in child.children if c.dep_ == "pobj" and c.ent_type_ == "GPE")
        elif child.dep_ == "prep" and child.lower_ == "from":  # "militants from the BLA"
            out.extend(
                c
                for c in child.children
                if c.dep_ == "pobj"
                and (
                    c.ent_type_ in ("GPE", "ORG", "NORP")
                    # "activists from the Fatah Party": the name ends before its head word
                    or any(g.dep_ == "compound" and g.ent_type_ == "ORG" for g in c.children)
                )
            )
    return out


def pronoun_owner(ctx: DocContext, pron: Token, noun: Token) -> str | None:
    """The owner a possessive pronoun of `noun` stands for ("his forces", "its ambassador");
    "their" only for a collective ("both countries withdrew their ambassadors": not one of the
    two); never for a counterpart ("his counterpart" is the other side's)."""
    if noun.lemma_.lower() in knowledge.actor_words().other_side_nouns:
        return None
    key = mentions.resolve_pronoun(ctx, pron)
    if key is None or (pron.lower_ == "their" and ctx.kind_of(key) in ("state", "person")):
        return None
    return key


def locative(tok: Token) -> bool:
    """The object of an "in" phrase."""
    return tok.dep_ == "pobj" and tok.head.lower_ == "in"
