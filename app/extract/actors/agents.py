"""Composite agents: noun phrases headed by an agent noun (police, officials, troops ...)
become CAMEO-style actors from their country modifier (`EGYSPY`), or refer to the organisation
that modifies them ("Hamas leadership"), or, when bare ("the delegation"), to the organisation
most recently mentioned."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.symbols import NOUN, PROPN

from app.extract import knowledge
from app.extract.actors.agent_country import (
    acting_country,
    acts_in_event,
    local_authorities,
    local_country,
    locative,
    members_named,
    modifiers,
    place_country,
    pronoun_owner,
    state_body_code,
)
from app.extract.actors.agent_phrases import agent_term, mention_sides, of_phrase_term
from app.extract.actors.referring import definite_singular, referred_actor
from app.extract.actors.registry import agent_actor, region_agent, unidentified_actor
from app.extract.actors.titles import (
    names_person,
    same_title_before,
    titled_member,
    titled_person_before,
    titles_conjoined_name,
)
from app.extract.knowledge import GENERIC_AGENT_TERMS, norm
from app.extract.violence_words import violence_words
from app.identity import named_key
from app.vocab import ActorKind

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext


# Agents that are often foreign to the place an article is about: no country is guessed for them.
NO_GUESSED_COUNTRY = frozenset({"REF", "CRM", "MED", "NGO"})


_REACH = 2  # sentences before the one with "the group" where its organisation may be named


def _last_org(ctx: DocContext, tok: Token, roles: list[str]) -> str | None:
    """The organisation "the group" refers back to: named in this sentence or the two before
    (a news story names it again when it comes back to it later), and of a kind the noun can
    stand for ("the group" is no intergovernmental body). With a role word ("the rebel group")
    a community named on the way ("Christian militias") is passed over, and when no
    organisation is found, an actor in that role ("3R rebels") is taken."""
    words = knowledge.actor_words()
    not_igo = tok.lemma_.lower() in words.not_intergovernmental
    sent = ctx.sent_of[tok.i]
    first = ctx.sents[max(sent - _REACH, 0)].start
    keys = [k for i in range(tok.i - 1, first - 1, -1) if (k := ctx.links.actor[i])]
    for key in keys:
        rec = ctx.actors.by_key[key]
        if rec.kind not in ("organization", "group") or (
            roles and rec.kind == "group" and not rec.code
        ):
            continue
        if not (not_igo and (rec.code or "").startswith("IGO")):
            return key
    for key in keys if roles else ():
        rec = ctx.actors.by_key[key]
        if rec.kind == "agent" and any((rec.code or "").endswith(r) for r in roles):
            return key
    return None


def _armed_group_title(
    term: knowledge.AgentTerm | None, codes: list[str]
) -> knowledge.AgentTerm | None:
    """ "A militant commander", "rebel officers": a state force's office under an armed group's
    word is the group's (never the state's military where the commander was killed)."""
    words = violence_words()
    armed = [c for c in codes if c in words.armed_group_codes]
    if term is None or term.kind != "title" or term.code not in words.state_force_codes:
        return term  # only offices: "fighter jets" are no fighters' jets
    if not armed:
        return term
    return knowledge.AgentTerm(term.term, armed[0], term.kind)


def find_agent_actors(ctx: DocContext) -> None:  # noqa: C901 - ordered rule cascade, see [tool.ruff.lint.mccabe]
    words = knowledge.actor_words()
    doc = ctx.doc
    for i in ctx.table.where(ctx.table.pos_in(NOUN, PROPN)):
        tok = doc[i]
        if ctx.links.actor[i] is not None or tok.ent_type_ == "PERSON":
            continue
        if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i > tok.i:
            continue  # the head of the noun phrase decides
        referred = referred_actor(ctx, tok)
        if referred is not None:  # "the council" after "the U.N. Security Council"
            start = min(c.i for c in tok.children if c.dep_ == "det")
            ctx.mention_actor(referred, start, tok.i + 1, alias=False)
            continue
        lemma = tok.lemma_.lower()
        if lemma in words.described_not_acting and (
            tok.dep_ == "poss" or any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.lefts)
        ):  # "women's rights", "children's hospital", "my children": no actor
            continue
        term = agent_term(tok) or of_phrase_term(tok)
        refers_back = lemma in words.referring_nouns
        if term is None and not refers_back and lemma not in words.member_nouns:
            continue
        country = None
        org_key = None
        codes: list[str] = []
        start = tok.i
        owner_unknown = False
        group_key = None
        country_after = False  # the country came from "in Iraq" after the noun, not before it
        mods = modifiers(tok)
        abroad = lemma in words.serving_abroad or any(
            m.lower_ in words.foreign_modifiers for m in tok.lefts
        )
        if abroad:  # "peacekeepers in Iraq", "an international force in Liberia": not theirs
            mods = [m for m in mods if m.i < tok.i or not locative(m)]
        pronoun = None
        for mod in mods:
            key = ctx.links.actor[mod.i]
            if key is None and mod.pos_ == "PRON" and mod.dep_ == "poss":
                # "his forces", "its ambassador": the owner the pronoun stands for (after any
                # country a word gives: "his Turkish counterpart")
                pronoun = mod
                continue
            if key and ctx.kind_of(key) in ("organization", "group"):
                org_key = org_key or key
            elif key and ctx.kind_of(key) == "state":
                country_after = country_after or (country is None and mod.i > tok.i)
                country = country or ctx.actors.by_key[key].country
            elif key and ctx.kind_of(key) == "person":
                # "the Trump administration": the person's country, never the article's
                country = country or ctx.actors.by_key[key].country
                owner_unknown = owner_unknown or not ctx.actors.by_key[key].country
            else:
                c = knowledge.country_of(mod.text) if mod.pos_ in ("ADJ", "PROPN", "NOUN") else None
                group = knowledge.social_groups().by_form.get(norm(mod.text))
                if c:
                    country_after = country_after or (country is None and mod.i > tok.i)
                    country = country or c.alpha3
                elif (
                    group
                    and mod.pos_ in ("ADJ", "PROPN", "NOUN")
                    and not (mod.i + 1 < len(doc) and doc[mod.i + 1].text == "-")
                ):
                    # "Kurdish militants", "Druze fighters": the community, not the article's state
                    # (but "Muslim-led rebels" are not Muslims as such)
                    group_key = group_key or group
                else:
                    mterm = agent_term(mod)
                    if mterm and mterm.code:
                        codes.append(mterm.code)
                    elif mod.pos_ == "PROPN" and mod.dep_ in ("compound", "poss"):
                        owner_unknown = owner_unknown or not mod.text[:1].islower()  # "human": none
            if mod.i < start and mod.i >= tok.i - 6:
                start = mod.i
        owner = pronoun_owner(ctx, pronoun, tok) if pronoun is not None else None
        if owner and org_key is None and (country is None or country_after):
            if ctx.kind_of(owner) in ("organization", "group"):
                org_key = owner  # "the group said its fighters": the group's
            else:  # "its forces" after "the Kenyan army": Kenya's; "recalled its ambassador
                # from Togo": the owner's, not the place's
                country = ctx.actors.by_key[owner].country or country
        region = next((m for m in tok.lefts if m.lower_ in words.region_modifiers), None)
        if org_key is None and group_key and (country is None or country_after):
            # "Kurdish militants" (but "Syrian Kurdish forces" stay Syrian)
            gkey = ctx.actors.ensure(named_key(ActorKind.GROUP, group_key), group_key, "group")
            ctx.mention_actor(gkey, start, tok.i + 1)  # "Kurdish fighters": an alias of the Kurds
            continue
        body = term is not None and term.term in words.state_bodies
        if (
            org_key
            and (refers_back or lemma in words.member_nouns or term)
            and not (body and country)
        ):
            # "Hamas leadership" is Hamas (the mention is "Hamas"); "the UNICEF director" its head
            ctx.link_token(titled_member(ctx, tok, org_key) or org_key, tok.i)
            continue
        if term is not None and term.kind == "title" and names_person(tok):
            continue  # "minister Khaled Fawzi": the person is the actor
        if titles_conjoined_name(tok):
            continue  # "the journalist and VOA host Masih Alinejad": one person
        if (
            term is not None
            and term.kind == "title"
            and country is None
            and region is None
            and org_key is None
            and not codes
        ):
            key = titled_person_before(ctx, tok) or same_title_before(ctx, tok)
            if key:  # "the minister said" after "Finance Minister Ishaq Dar"
                ctx.mention_actor(key, tok.i, tok.i + 1, alias=False)
            continue
        term = _armed_group_title(term, codes)
        title_code = codes[0] if term is not None and not term.code and codes else None
        if (
            term is not None
            and term.kind == "title"
            and not term.code
            and not codes
            and (country is not None or region is not None)
            and tok.tag_ in ("NNS", "NNPS")
        ):  # "Palestinian leaders": the country's leadership ("European leaders": the region's)
            term = knowledge.AgentTerm(term.term, "GOV", "group")
        if (term is None or not term.code) and title_code is None:
            if refers_back and definite_singular(tok) and not country:
                key = _last_org(ctx, tok, codes)
                if key:
                    first = tok.i - 1 if tok.i and tok.doc[tok.i - 1].lower_ == "the" else tok.i
                    ctx.mention_actor(key, first, tok.i + 1, alias=False)
            continue
        assert term is not None
        code = term.code or title_code or ""
        if title_code:  # "the opposition leader": the office comes from its modifier
            term = knowledge.AgentTerm(term.term, title_code, "group")
        if lemma in GENERIC_AGENT_TERMS or tok.lower_ in GENERIC_AGENT_TERMS or code == "GOV":
            specific = [c for c in codes if c != "GOV" and (not body or c in words.state_organs)]
            if specific:
                code = specific[0]
        explicit = country is not None
        if country is None and owner_unknown:
            # owned by someone we cannot place ("Shona rebels"): that group, with no country
            # rather than the wrong one
            # the owner's whole name ("Prime Minister X's administration", not "Minister X's")
            first = min([start, *(m.left_edge.i for m in tok.lefts if m.dep_ == "poss")])
            text = doc[first : tok.i + 1].text
            key = ctx.actors.ensure(f"agent:?{norm(text)}", text, "agent", code=code or None)
            ctx.mention_actor(key, tok.i, tok.i + 1, alias=False)  # the owner keeps its words
            continue
        nearby = [*tok.lefts, *mods]  # "European military and political leaders"
        if tok.dep_ in ("amod", "conj", "compound"):
            nearby += list(tok.head.lefts)
        if country is None and any(m.lower_ in words.unidentified_modifiers for m in nearby):
            # "unknown gunmen": somebody the text cannot name, never the article's state
            key = unidentified_actor(ctx, code)
            ctx.mention_actor(key, start, tok.i + 1, alias=True)
            continue
        if members_named(ctx, tok):
            continue  # "rights groups, including the ACLU": the members named are the actors
        if country is None and code in words.borderless_roles:
            ctx.mention_actor(agent_actor(ctx, None, code), start, tok.i + 1, alias=False)
            continue
        if country is None and region is not None and code in words.state_organs:
            # "Western politicians", "European leaders": the region's (CAMEO WST, EUR ...), as
            # far as they are states' organs ("European citizens" are nobody's in particular)
            rcode = words.region_modifiers[region.lower_]
            ctx.mention_actor(region_agent(ctx, rcode, region.text, code), start, tok.i + 1)
            continue
        foreign = abroad or any(m.lower_ in words.foreign_modifiers for m in nearby)
        if country is None and foreign and code not in NO_GUESSED_COUNTRY:
            continue  # "international forces": not the article's ("foreign bloggers": media)
        if country is None and term.term in words.marked_only:
            continue  # bare "snipers" shoot for any side: only "Israeli snipers" are a state's
        if body and not (code := state_body_code(ctx, tok, country_after, code) if country else ""):
            continue  # nobody's by guess, and a company's committee is no government's
        local = local_authorities(tok, code, owner_unknown or bool(codes))
        if country is None and code == "GOV" and tok.tag_ in ("NNS", "NNPS") and not local:
            continue  # "governments", "authorities at home and abroad" in general
        if (
            country is None
            and term.term in words.needs_owner
            and not any(c.lower_ == "the" for c in tok.lefts)
            and not ((codes or acts_in_event(tok)) and ctx.dominant_country())
        ):  # ("government forces", "a court sentenced": the article's, if it has a country)
            continue  # "share military intelligence", "business as usual": not an actor
        if country is None and code in NO_GUESSED_COUNTRY:
            ctx.mention_actor(agent_actor(ctx, None, code), start, tok.i + 1, alias=False)
            continue
        if country is None:
            if not local and (
                term.kind == "title"
                or lemma in GENERIC_AGENT_TERMS
                or tok.lower_ in GENERIC_AGENT_TERMS
            ):
                continue  # a bare "officials" or "the minister" names nobody in particular
            if local:
                country = local_country(ctx, tok, places=True) or place_country(ctx)
            elif lemma in words.acting_state_nouns and not any(c.dep_ == "poss" for c in tok.lefts):
                country, named = acting_country(ctx, tok)
                if not named:
                    country = ctx.dominant_country()
            else:
                country = ctx.dominant_country()
            if country is None and local:
                continue  # "authorities" in a story about several countries: whose, unsaid
        ctx.mention_actor(agent_actor(ctx, country, code), start, tok.i + 1, alias=explicit)
        if explicit:  # "Kenyan and Ugandan officials": the Ugandan ones are a side of their own
            mention_sides(ctx, tok, country, code)
