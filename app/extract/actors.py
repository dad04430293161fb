"""Find actors: people, organisations, states, composite agents ("Egyptian intelligence officials").

Steps, each over the whole parsed article:

1. `find_entity_actors` — named entities (PERSON, ORG, GPE countries, nominal NORP) become
   actors; known organisations and acronyms resolve through the knowledge file; acronyms
   defined in the text ("Palestinian Authority (PA)") become aliases; surname mentions
   ("Abbas") link to the full name seen earlier.
2. `find_agent_actors` — noun phrases headed by an agent noun (police, officials, troops ...)
   become CAMEO-style composite actors from their country modifier (`EGYSPY`), or refer to the
   organisation that modifies them ("Hamas leadership", "the Hamas delegation"), or, when bare
   ("the delegation"), to the organisation most recently mentioned.
3. `find_titles` — titles before or after a person's name give an affiliation with a role
   ("Palestinian President Mahmoud Abbas" -> Abbas, affiliated with Palestine, role "president").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.knowledge import AGENT_NAMES, GENERIC_AGENT_TERMS, name_words, norm
from app.extract.records import AffiliationRecord

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from app.extract.context import DocContext

# Nouns that refer back to a collective actor named earlier ("the delegation said").
REFERRING_NOUNS = frozenset(
    {
        "delegation",
        "movement",
        "group",
        "organization",
        "organisation",
        "leadership",
        "side",
        "faction",
        "militia",
        "party",
        "team",
        "camp",
        "bloc",
        "coalition",
        "alliance",
    }
)
MEMBER_NOUNS = frozenset(
    {
        "member",
        "official",
        "leader",
        "leadership",
        "delegation",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "representative",
        "fighter",
        "militant",
        "supporter",
        "activist",
        "negotiator",
        "envoy",
        "commander",
        "chief",
        "head",
        "movement",
        "wing",
        "faction",
        "cadre",
    }
)
NOT_PERSON_WORDS = frozenset(
    {
        "cyclone",
        "cyclones",
        "hurricane",
        "typhoon",
        "storm",
        "tropical",
        "operation",
        "camp",
        "mount",
        "lake",
        "fort",
        "port",
        "cape",
        "saint",
        "st.",
        "san",
        "santa",
    }
)
# Agent nouns that name an actor only with an owner ("Egyptian intelligence") or "the".
NEEDS_OWNER = frozenset(
    {"intelligence", "media", "business", "company", "firm", "court", "union", "force", "people"}
)
# Agents that are often foreign to the place an article is about: no country is guessed for them.
NO_GUESSED_COUNTRY = frozenset({"REF", "CRM", "MED"})
FOREIGN_MODIFIERS = frozenset(
    {
        "international",
        "foreign",
        "coalition",
        "multinational",
        "western",
        "allied",
        "regional",
        "global",
        "world",
        "peacekeeping",
        "overseas",
        "outside",
        "neighboring",
        "neighbouring",
        "rival",
        "enemy",
        # regional adjectives name no single country
        "european",
        "african",
        "asian",
        "arab",
        "latin",
        "gulf",
        "nordic",
        "baltic",
        "balkan",
        "middle",
    }
)
_TITLE_STOP_POS = frozenset(
    {"VERB", "AUX", "CCONJ", "PUNCT", "SCONJ", "PRON", "NUM", "SYM", "SPACE"}
)
_NOMINAL_DEPS = frozenset(
    {
        "nsubj",
        "nsubjpass",
        "dobj",
        "pobj",
        "conj",
        "appos",
        "dative",
        "attr",
        "ROOT",
        "oprd",
        "npadvmod",
    }
)
_ACRONYM_MAX = 8
_NAME_LABELS = frozenset({"ORG", "PERSON", "GPE", "LOC", "NORP", "FAC"})


def _clean_name(span: Span) -> tuple[int, int]:
    """Token range of an entity without a leading 'the' and a trailing possessive."""
    start, end = span.start, span.end
    doc = span.doc
    if doc[start].lower_ == "the" and end - start > 1:
        start += 1
    for i in range(start + 1, end):
        if doc[i].text in ("(", ",", ";"):
            end = i
            break
    while (
        end - start > 1
        and doc[end - 1].tag_ == "POS"
        or (end - start > 1 and doc[end - 1].text in ("'", "'s"))
    ):
        end -= 1
    return start, end


def _is_acronym(text: str) -> bool:
    t = text.replace(".", "")
    return 1 < len(t) <= _ACRONYM_MAX and t.isupper() and t.isalpha()


def _org_actor(ctx: DocContext, name: str) -> str:
    kb = knowledge.organizations().get(norm(name))
    if kb:
        key = ctx.actor(f"org:{kb.name}", kb.name, kb.kind, country=kb.country, code=kb.code)
        if kb.country:
            ctx.country_context[kb.country] += 1
        return key
    key = ctx.alias_index.get(norm(name))
    if key:
        return key
    return ctx.actor(f"org:{norm(name)}", name, "organization")


def state_actor(ctx: DocContext, alpha3: str) -> str:
    c = knowledge.countries().by_code[alpha3]
    return ctx.actor(f"state:{alpha3}", c.name, "state", country=alpha3, code=alpha3)


def agent_actor(ctx: DocContext, alpha3: str | None, code: str) -> str:
    label = AGENT_NAMES.get(code, code.lower())
    if alpha3:
        c = knowledge.countries().by_code[alpha3]
        name = f"{c.adjective} {label}"
        return ctx.actor(
            f"agent:{alpha3}{code}", name, "agent", country=alpha3, code=f"{alpha3}{code}"
        )
    return ctx.actor(f"agent:{code}", label, "agent", code=code)


def known_surname(ctx: DocContext, start: int, end: int) -> str | None:
    """The person a bare family name refers to ("Sharaa", "Al-Sharaa" after "Ahmed al-Sharaa").

    Particles (al-, bin, von der ...) and case are ignored; the most recent person with that
    family name wins, so two people sharing a surname keep their own full-name mentions.
    """
    span = ctx.doc[start:end]
    words = name_words(span.text)
    if not words or len(words) > 3 or not knowledge.is_particle_name(words):
        return None
    sk = knowledge.surname_key(words)
    cands = ctx.surnames.get(sk) if sk else None
    return cands[-1] if cands else None


def person_actor(ctx: DocContext, start: int, end: int) -> str:
    doc = ctx.doc
    span = doc[start:end]
    full = " ".join(ctx.article.text[span.start_char : span.end_char].split())
    words = name_words(full)
    key = known_surname(ctx, start, end)
    if key:
        return key
    if len(words) == 1:
        cands = ctx.given_names.get(words[0].casefold())
        if cands:
            return cands[-1]  # family-first names ("Xi" after "Xi Jinping")
    key = ctx.identity.get(f"person:{norm(full)}")
    if key:
        return key
    canonical = knowledge.famous_people().get(norm(full)) if len(words) <= 3 else None
    if canonical and norm(canonical) != norm(full):  # "Macron" alone: Emmanuel Macron
        key = ctx.identity.get(f"person:{norm(canonical)}")
        if key:
            return key
        full, words = canonical, name_words(canonical)
    sk = knowledge.surname_key(words)
    particle_only = knowledge.is_particle_name(words)
    if len(words) > 1 and sk and not particle_only and sk in ctx.bare_surnames:
        # "Putin said ... Vladimir Putin": the person first named by surname gets the full name
        key = ctx.bare_surnames.pop(sk)
        rec = ctx.actor_by_key[key]
        rec.name = full
        ctx.identity[f"person:{norm(full)}"] = key
    else:
        key = ctx.actor(f"person:{norm(full)}", full, "person")
    if len(words) > 1 and sk and not particle_only:
        ctx.surnames.setdefault(sk, []).append(key)
        ctx.given_names.setdefault(words[0].casefold(), []).append(key)
    elif sk and particle_only and sk not in ctx.surnames:
        ctx.bare_surnames.setdefault(sk, key)
    return key


def _past_particles(ctx: DocContext, start: int, end: int) -> int:
    """End of a name NER cut inside its particles ("Ursula von" + "der Leyen")."""
    doc = ctx.doc
    j = end
    limit = min(len(doc), end + 3)
    while j < limit and doc[j].lower_ in knowledge.NAME_PARTICLES:
        j += 1
    if (
        (j > end or doc[end - 1].lower_ in knowledge.NAME_PARTICLES)
        and j < len(doc)
        and ctx.sent_of[j] == ctx.sent_of[start]
        and doc[j].pos_ == "PROPN"
        and doc[j].text[:1].isupper()
        and end - start > 0
        and doc[j].ent_type_ in ("", "PERSON", "GPE", "ORG", "NORP", "LOC")
    ):
        return j + 1
    return end


# Portfolios that NER tags ORG inside a minister's title ("Defense Minister Israel Katz").
PORTFOLIO_WORDS = frozenset(
    {
        "state",
        "defense",
        "defence",
        "interior",
        "finance",
        "foreign",
        "justice",
        "health",
        "education",
        "treasury",
        "commerce",
        "trade",
        "energy",
        "labor",
        "labour",
        "agriculture",
        "transport",
        "transportation",
        "homeland security",
        "information",
        "culture",
        "economy",
        "foreign affairs",
        "home affairs",
        "internal affairs",
        "war",
        "industry",
        "environment",
    }
)


def _portfolio_in_title(ctx: DocContext, start: int, end: int) -> bool:
    """An ORG that is only the portfolio of a title written next to a person's name."""
    doc = ctx.doc
    if norm(doc[start:end].text) not in PORTFOLIO_WORDS:
        return False
    # "Secretary of State Marco Rubio"
    if start >= 2 and doc[start - 1].lower_ == "of" and _title_before(ctx, start - 1):
        return end < len(doc) and doc[end].ent_type_ == "PERSON"
    # "Defense Minister Katz", "Foreign Minister Wang Yi"
    if end + 1 < len(doc):
        term = _agent_term(doc[end])
        return term is not None and term.kind == "title" and doc[end + 1].ent_type_ == "PERSON"
    return False


def _is_modifier(ent: Span) -> bool:
    """ "Alawite community", "Kurdish fighters": the entity only modifies the noun after it."""
    root = ent.root
    doc = ent.doc
    if ent.end < len(doc) and doc[ent.end].text == "-":
        return True  # "Muslim-led rebels", "Kurdish-majority towns"
    return root.dep_ in ("amod", "compound", "nmod") and root.head.i >= ent.end


def _title_before(ctx: DocContext, start: int) -> bool:
    """A person's title right before a name ("President Trump", "Prime Minister Carney")."""
    if start == 0 or ctx.sent_of[start - 1] != ctx.sent_of[start]:
        return False
    prev = ctx.doc[start - 1]
    if not prev.text[:1].isupper():
        return False
    term = _agent_term(prev)
    return term is not None and term.kind == "title"


def _social_or_media(ctx: DocContext, ent: Span, start: int, end: int) -> bool:
    """Religions (skipped), religious/ethnic groups and news outlets; True when handled."""
    text = ctx.doc[start:end].text
    key_text = norm(text)
    groups = knowledge.social_groups()
    if key_text in groups.religions:
        return True  # "Islam", "Judaism": faiths, not actors
    group = groups.by_form.get(key_text)
    if group and not ent.ent_id_:
        if not _is_modifier(ent):
            key = ctx.actor(f"group:{norm(group)}", group, "group")
            ctx.mention_actor(key, start, end)
        return True
    outlet = knowledge.media_outlet(text)
    if outlet:
        key = ctx.actor(f"media:{norm(outlet)}", outlet, "organization", code="MED")
        ctx.media.add(key)
        ctx.mention_actor(key, start, end)
        return True
    return False


def _is_nominal(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in _NOMINAL_DEPS


def find_entity_actors(ctx: DocContext) -> None:
    doc = ctx.doc
    ents = list(doc.ents)
    for ent in ents:
        label = ent.label_
        start, end = _clean_name(ent)
        text = doc[start:end].text
        if ctx.tok_actor[start] is not None:
            continue  # already part of a longer name ("Ursula von der" + "Leyen")
        if label in _NAME_LABELS:
            if _social_or_media(ctx, ent, start, end):
                continue
            if label != "PERSON":
                key = known_surname(ctx, start, end)
                if key and label in ("GPE", "LOC") and _place_by_own_name(ctx, text):
                    key = None  # "Ankara" stays a place even after a garbled "Erdogan Ankara"
                if key:  # "Al-Sharaa" tagged LOC, "Trump" tagged ORG after the full name
                    ctx.mention_actor(key, start, end)
                    continue
                if (
                    end - start <= 3
                    and (_title_before(ctx, start) or norm(text) in knowledge.famous_people())
                    and all(t.pos_ == "PROPN" for t in doc[start:end])
                    and not ent.ent_id_
                    and not knowledge.country_of(text)
                    and not knowledge.organizations().get(norm(text))
                ):
                    # "President Trump" with "Trump" tagged ORG: a title names a person
                    ctx.mention_actor(person_actor(ctx, start, end), start, end)
                    continue
        if label == "ORG" and _portfolio_in_title(ctx, start, end):
            continue  # "Secretary of State Marco Rubio", "Defense Minister Katz": a title
        if label == "ORG":
            if text.lower() in ("politburo", "government", "cabinet", "parliament"):
                continue
            if not ent.ent_id_ and _looks_like_place(ctx, text):
                continue  # NER's "Copenhagen" as ORG: a place (found by the place step)
            if not ent.ent_id_ and knowledge.countries().by_demonym.get(norm(text)):
                continue  # NER's "Guatemalan" as ORG: a demonym (composite agents use it)
            first = doc[start]
            country = knowledge.country_of(first.text) if end - start > 1 else None
            if country and end - start > 2 and doc[start + 1].tag_ == "POS":
                start += 2  # "Malawi's Department of Disaster Management": Malawi's own body
                text = doc[start:end].text
            key = None
            if ent.ent_id_:
                key = _org_actor(ctx, ent.ent_id_)
            elif country:
                term = knowledge.agents().get(doc[end - 1].lemma_.lower()) or next(
                    (
                        knowledge.agents()[t.lemma_.lower()]
                        for t in doc[start:end]
                        if t.lemma_.lower() in knowledge.agents()
                    ),
                    None,
                )
                code = f"{country.alpha3}{term.code}" if term and term.code else country.alpha3
                key = ctx.actor(
                    f"org:{norm(text)}", text, "organization", country=country.alpha3, code=code
                )
                ctx.country_context[country.alpha3] += 1
            else:
                key = _org_actor(ctx, text)
            ctx.mention_actor(key, start, end)
            # "Palestinian Authority (PA)": the bracketed acronym is an alias.
            if (
                end + 2 < len(doc)
                and doc[end].text == "("
                and doc[end + 2].text == ")"
                and _is_acronym(doc[end + 1].text)
            ):
                acr = doc[end + 1].text
                ctx.alias_index[norm(acr)] = key
                ctx.add_alias(key, acr)
                ctx.mention_actor(key, end + 1, end + 2)
        elif label == "PERSON":
            if knowledge.country_of(text) or knowledge.organizations().get(norm(text)):
                continue
            if doc[start].lower_ in NOT_PERSON_WORDS or (
                start and doc[start - 1].lower_ in NOT_PERSON_WORDS
            ):
                continue  # "Cyclone Jude"
            if end - start <= 3 and _place_in_context(ctx, text):
                continue  # NER's "Rafah", "Banja Luka" as PERSON in an article about the country
            end = _past_particles(ctx, start, end)
            key = person_actor(ctx, start, end)
            ctx.mention_actor(key, start, end)
        elif label == "GPE":
            c = knowledge.country_of(text)
            acting = ent.root.dep_ in ("nsubj", "nsubjpass", "dobj") or (
                ent.root.dep_ == "pobj" and ent.root.head.lower_ in ("with", "by", "against")
            )
            if c is None and acting and not _known_place(text):
                # NER's "Erdogan" as GPE: no such place, and it acts or is acted on: a person
                key = person_actor(ctx, start, end)
                ctx.mention_actor(key, start, end)
                continue
            if c:
                ctx.country_context[c.alpha3] += 1
                if _only_a_place(ent.root):
                    continue  # "in Egypt": a place, not an actor
                ctx.mention_actor(state_actor(ctx, c.alpha3), start, end)
        elif label == "NORP":
            c = knowledge.country_of(text)
            if c:
                ctx.country_context[c.alpha3] += 1
                if _is_nominal(ent.root):  # "the Egyptians said" (not "Egyptian officials")
                    ctx.mention_actor(state_actor(ctx, c.alpha3), start, end)
            elif _is_nominal(ent.root) and ent.root.tag_ in ("NNS", "NNPS"):
                key = ctx.actor(f"group:{norm(text)}", text, "group")
                ctx.mention_actor(key, start, end)
    _link_known_acronyms(ctx)
    _link_famous_surnames(ctx)


def _link_famous_surnames(ctx: DocContext) -> None:
    """Well-known surnames the NER left untagged ("Trump imposed tariffs on Canada")."""
    famous = knowledge.famous_people()
    doc = ctx.doc
    n = len(doc)
    for tok in doc:
        if (
            tok.pos_ not in ("PROPN", "NOUN")
            or not tok.text[:1].isupper()
            or tok.ent_type_
            or ctx.tok_actor[tok.i] is not None
        ):
            continue  # ("Trump" at the start of a sentence is often parsed NOUN)
        if tok.lower_ not in famous:
            continue
        prev = doc[tok.i - 1] if tok.i else None
        nxt = doc[tok.i + 1] if tok.i + 1 < n else None
        if (prev is not None and prev.pos_ == "PROPN" and prev.text[:1].isupper()) or (
            nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper()
        ):
            continue  # part of a longer name ("Trump Tower", "Eric Trump")
        ctx.mention_actor(person_actor(ctx, tok.i, tok.i + 1), tok.i, tok.i + 1)


_LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "inside", "outside", "across", "throughout", "around", "within"}
)
_MOTION_PREPS = frozenset({"from", "into", "to"})


def _only_a_place(root: Token) -> bool:
    """ "in Egypt", "withdrew from Syria": a location; "an offer from Syria" names an actor."""
    if root.dep_ != "pobj":
        return False
    prep = root.head.lower_
    if prep in _LOCATIVE_PREPS:
        return True
    return prep in _MOTION_PREPS and root.head.head.pos_ in ("VERB", "AUX")


def _looks_like_place(ctx: DocContext, text: str) -> bool:
    from app.extract.places import gazetteer

    if knowledge.organizations().get(norm(text)) or ctx.alias_index.get(norm(text)):
        return False
    entry = gazetteer().lookup(text)
    return entry is not None and (entry.kind != "city" or entry.population >= 100_000)


def _place_by_own_name(ctx: DocContext, text: str) -> bool:
    """A real place under its own name ("Ankara"), not an alternate name ("Khalil" = Hebron)."""
    from app.extract.places import gazetteer

    if knowledge.country_of(text):
        return True
    entry = gazetteer().lookup(text, ctx.country_context)
    return entry is not None and norm(entry.name) == norm(text)


def _known_place(text: str) -> bool:
    from app.extract.places import gazetteer

    return gazetteer().lookup(text) is not None


def _place_in_context(ctx: DocContext, text: str) -> bool:
    from app.extract.places import gazetteer

    sk = knowledge.surname_key(name_words(text))
    if sk and ctx.surnames.get(sk):
        return False
    entry = gazetteer().lookup(text, ctx.country_context)
    return (
        entry is not None
        and entry.kind == "city"
        and ctx.country_context.get(entry.country or "", 0) > 0
    )


def _link_known_acronyms(ctx: DocContext) -> None:
    """Bare acronyms defined earlier in the text but missed by NER ("the PA said")."""
    if not ctx.alias_index:
        return
    for tok in ctx.doc:
        if ctx.tok_actor[tok.i] is None and tok.is_upper and len(tok) > 1:
            key = ctx.alias_index.get(norm(tok.text))
            if key:
                ctx.mention_actor(key, tok.i, tok.i + 1)


def _modifiers(tok: Token) -> list[Token]:
    out = []
    for child in tok.lefts:
        if child.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod"):
            out.append(child)
            out.extend(c for c in child.lefts if c.dep_ in ("compound", "amod", "poss", "npadvmod"))
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            out.extend(c for c in child.children if c.dep_ == "pobj")
            for pobj in child.children:  # "the leader of opposition in Tanzania"
                out.extend(_country_in(pobj))
        out.extend(_country_in(tok))
    return out


def _country_in(tok: Token) -> list[Token]:
    """Country named in an "in X"/"from X" phrase of a noun ("security forces in Somalia")."""
    out = []
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ == "in":
            out.extend(c for c in child.children if c.dep_ == "pobj" and c.ent_type_ == "GPE")
        elif child.dep_ == "prep" and child.lower_ == "from":  # "militants from the BLA"
            out.extend(
                c
                for c in child.children
                if c.dep_ == "pobj" and c.ent_type_ in ("GPE", "ORG", "NORP")
            )
    return out


def _agent_term(tok: Token) -> knowledge.AgentTerm | None:
    lex = knowledge.agents()
    lemma = tok.lemma_.lower()
    if tok.i > 0:
        prev = tok.doc[tok.i - 1]
        bigram = lex.get(f"{prev.lemma_.lower()} {lemma}") or lex.get(f"{prev.lower_} {tok.lower_}")
        if bigram:
            return bigram
    return lex.get(lemma) or lex.get(tok.lower_)


def _last_org(ctx: DocContext, before: int) -> str | None:
    for i in range(before - 1, -1, -1):
        key = ctx.tok_actor[i]
        if key and ctx.kind_of(key) in ("organization", "group"):
            return key
    return None


def find_agent_actors(ctx: DocContext) -> None:
    doc = ctx.doc
    for tok in doc:
        if (
            tok.pos_ not in ("NOUN", "PROPN")
            or ctx.tok_actor[tok.i] is not None
            or tok.ent_type_ == "PERSON"
        ):
            continue
        if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i > tok.i:
            continue  # the head of the noun phrase decides
        lemma = tok.lemma_.lower()
        term = _agent_term(tok)
        refers_back = lemma in REFERRING_NOUNS
        if term is None and not refers_back and lemma not in MEMBER_NOUNS:
            continue
        country = None
        org_key = None
        codes: list[str] = []
        start = tok.i
        owner_unknown = False
        group_key = None
        country_after = False  # the country came from "in Iraq" after the noun, not before it
        mods = _modifiers(tok)
        for mod in mods:
            key = ctx.tok_actor[mod.i]
            if key and ctx.kind_of(key) in ("organization", "group"):
                org_key = org_key or key
            elif key and ctx.kind_of(key) == "state":
                country_after = country_after or (country is None and mod.i > tok.i)
                country = country or ctx.actor_by_key[key].country
            elif key and ctx.kind_of(key) == "person":
                # "the Trump administration": the person's country, never the article's
                country = country or ctx.actor_by_key[key].country
                owner_unknown = owner_unknown or not ctx.actor_by_key[key].country
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
                    mterm = _agent_term(mod)
                    if mterm and mterm.code:
                        codes.append(mterm.code)
                    elif mod.pos_ == "PROPN" and mod.dep_ in ("compound", "poss"):
                        owner_unknown = True
            if mod.i < start and mod.i >= tok.i - 6:
                start = mod.i
        if org_key is None and group_key and (country is None or country_after):
            # "Kurdish militants" (but "Syrian Kurdish forces" stay Syrian)
            gkey = ctx.actor(f"group:{norm(group_key)}", group_key, "group")
            ctx.mention_actor(gkey, start, tok.i + 1, alias=False)
            continue
        if org_key and (refers_back or lemma in MEMBER_NOUNS or term is not None):
            ctx.link_token(org_key, tok.i)  # "Hamas leadership" is Hamas; the mention is "Hamas"
            continue
        if term is not None and term.kind == "title" and _names_person(tok):
            continue  # "minister Khaled Fawzi": the person is the actor
        if (
            term is not None
            and term.kind == "title"
            and country is None
            and org_key is None
            and not codes
        ):
            key = _titled_person_before(ctx, tok)
            if key:  # "the minister said" after "Finance Minister Ishaq Dar"
                ctx.mention_actor(key, tok.i, tok.i + 1, alias=False)
            continue
        title_code = codes[0] if term is not None and not term.code and codes else None
        if (term is None or not term.code) and title_code is None:
            if refers_back and any(c.lower_ == "the" for c in tok.lefts) and not country:
                key = _last_org(ctx, tok.i)
                if key:
                    first = tok.i - 1 if tok.i and tok.doc[tok.i - 1].lower_ == "the" else tok.i
                    ctx.mention_actor(key, first, tok.i + 1, alias=False)
            continue
        assert term is not None
        code = term.code or title_code or ""
        if title_code:  # "the opposition leader": the office comes from its modifier
            term = knowledge.AgentTerm(term.term, title_code, "group")
        if lemma in GENERIC_AGENT_TERMS or tok.lower_ in GENERIC_AGENT_TERMS or code == "GOV":
            specific = [c for c in codes if c != "GOV"]
            if specific:
                code = specific[0]
        explicit = country is not None
        if country is None and owner_unknown:
            continue  # owned by someone we cannot place: better no actor than the wrong country
        nearby = [*tok.lefts, *mods]  # "European military and political leaders"
        if tok.dep_ in ("amod", "conj", "compound"):
            nearby += list(tok.head.lefts)
        if country is None and any(m.lower_ in FOREIGN_MODIFIERS for m in nearby):
            continue  # "international forces": not the article's country
        if country is None and code == "GOV" and tok.tag_ in ("NNS", "NNPS"):
            continue  # "governments", "authorities" in general
        if (
            country is None
            and term.term in NEEDS_OWNER
            and not any(c.lower_ == "the" for c in tok.lefts)
        ):
            continue  # "share military intelligence", "business as usual": not an actor
        if country is None and code in NO_GUESSED_COUNTRY:
            ctx.mention_actor(agent_actor(ctx, None, code), start, tok.i + 1, alias=False)
            continue
        if country is None:
            if (
                term.kind == "title"
                or lemma in GENERIC_AGENT_TERMS
                or tok.lower_ in GENERIC_AGENT_TERMS
            ):
                continue  # a bare "officials" or "the minister" names nobody in particular
            country = ctx.dominant_country()
        ctx.mention_actor(agent_actor(ctx, country, code), start, tok.i + 1, alias=explicit)


def _titled_person_before(ctx: DocContext, tok: Token) -> str | None:
    """The most recent person whose title contains this title noun ("the minister")."""
    if not any(c.lower_ == "the" for c in tok.lefts) or tok.tag_ in ("NNS", "NNPS"):
        return None
    word = tok.lemma_.lower()
    seen: set[str] = set()
    for i in range(tok.i - 1, -1, -1):
        key = ctx.tok_actor[i]
        if key is None or key in seen:
            continue
        seen.add(key)
        rec = ctx.actor_by_key[key]
        if rec.kind == "person" and rec.description and word in rec.description.split():
            return key
    return None


def _names_person(tok: Token) -> bool:
    """True when a title noun is attached to a person's name ("minister Khaled Fawzi")."""
    for child in tok.children:
        if child.dep_ in ("appos", "compound") and child.ent_type_ == "PERSON":
            return True
    nxt = tok.i + 1
    return nxt < len(tok.doc) and tok.doc[nxt].ent_type_ == "PERSON"


def _title_tokens(ctx: DocContext, start: int) -> list[Token]:
    """Tokens of the title written just before a name ("Palestinian President")."""
    doc = ctx.doc
    sent_start = ctx.sents[ctx.sent_of[start]].start
    out: list[Token] = []
    i = start - 1
    while i >= sent_start and len(out) < 10:
        t = doc[i]
        if t.pos_ in _TITLE_STOP_POS and t.tag_ != "POS" and t.text not in ("-", "'"):
            break
        if t.pos_ == "ADP" and t.lower_ not in ("of", "for"):
            break
        if t.ent_type_ == "PERSON" or (t.pos_ == "DET" and t.lower_ not in ("the",)):
            break
        out.append(t)
        i -= 1
    out.reverse()
    while out and (out[0].lower_ in ("the", "of", "for") or out[0].tag_ == "POS"):
        out.pop(0)
    return out


def _appositive_title(ctx: DocContext, end: int) -> list[Token]:
    """Tokens of ", Egypt's intelligence minister," written right after a name."""
    doc = ctx.doc
    if end >= len(doc) or doc[end].text != ",":
        return []
    sent_end = ctx.sents[ctx.sent_of[end]].end
    out: list[Token] = []
    for i in range(end + 1, min(sent_end, end + 12)):
        t = doc[i]
        if t.text in (",", ".", ";", "(", ")") or t.pos_ in ("VERB", "AUX", "PRON"):
            break
        out.append(t)
    else:
        return []
    while out and out[0].lower_ in ("the", "a", "an"):
        out.pop(0)
    return out


def find_titles(ctx: DocContext) -> None:
    lex = knowledge.agents()
    seen: set[str] = set()
    for ent in ctx.doc.ents:
        if ent.label_ != "PERSON":
            continue
        key = ctx.tok_actor[ent.start]
        if key is None or ctx.kind_of(key) != "person" or key in seen:
            continue
        for tokens in (_title_tokens(ctx, ent.start), _appositive_title(ctx, ent.end)):
            terms = [lex.get(t.lemma_.lower()) or lex.get(t.lower_) for t in tokens]
            titles = [t for t in terms if t is not None]
            if not titles:
                continue
            _affiliate(ctx, key, tokens, titles)
            for t in tokens:
                ctx.link_token(key, t.i)
            seen.add(key)
            break


def _affiliate(
    ctx: DocContext, person: str, tokens: list[Token], titles: list[knowledge.AgentTerm]
) -> None:
    org_key = None
    country = None
    role_words: list[str] = []
    for t in tokens:
        if _based_in(t):
            continue  # "the Germany-based center": the body's seat, not the person's country
        k = ctx.tok_actor[t.i]
        if k and ctx.kind_of(k) in ("organization", "group"):
            org_key = org_key or k
            continue
        if k and ctx.kind_of(k) == "state":
            country = country or ctx.actor_by_key[k].country
            continue
        c = knowledge.country_of(t.text) if t.pos_ in ("ADJ", "PROPN", "NOUN") else None
        if c:
            country = country or c.alpha3
            continue
        if t.tag_ == "POS" or t.text in ("'", "'s"):
            continue
        if k and ctx.kind_of(k) == "agent":
            pass
        role_words.append(t.lower_)
    while role_words and role_words[-1] in ("of", "the", "for"):
        role_words.pop()
    role = " ".join(role_words) or None
    code_part = next((t.code for t in reversed(titles) if t.code), None)
    rec = ctx.actor_by_key[person]
    if org_key:
        org = ctx.actor_by_key[org_key]
        target = org_key
        rec.country = rec.country or org.country
        if org.code and not _bare_country_code(org.code):
            rec.code = rec.code or org.code
    elif country:
        target = state_actor(ctx, country)
        rec.country = rec.country or country
        if code_part:  # "Syrian President X" -> SYRGOV; "Syrian lawyer X" -> no code
            rec.code = rec.code or (country + code_part)
    else:
        rec.description = rec.description or role
        return
    rec.description = rec.description or role
    ctx.affiliations.append(AffiliationRecord(person=person, organization=target, role=role))


def _based_in(tok: Token) -> bool:
    doc = tok.doc
    return (
        tok.i + 2 < len(doc)
        and doc[tok.i + 1].text == "-"
        and doc[tok.i + 2].lower_ in ("based", "headquartered", "registered", "funded")
    )


def _bare_country_code(code: str) -> bool:
    """A code that names only a country ("DEU"): a person's code needs a role too."""
    return len(code) == 3 and code in knowledge.countries().by_code


def find_actors(ctx: DocContext) -> None:
    """Run the actor steps in order (after `find_entity_actors` and places, see pipeline)."""
    find_titles(ctx)
    find_agent_actors(ctx)
