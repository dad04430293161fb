"""Argument resolution: which actors an argument token stands for (names, pronouns,
capitals, possessors, coordinated phrases), and the fallbacks that find a target elsewhere."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.actors.registry import agent_actor, state_actor
from app.extract.events.syntax import RELATIVE_PRONOUNS, clause_verb, prep_objects, subject_of
from app.extract.places import is_locative

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from app.extract.context import DocContext
    from app.extract.knowledge import EventPattern

SPEECH_VERBS = knowledge.speech_verbs()
_COUNTERPART_NOUNS = knowledge.event_lexicon().counterpart_nouns
PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
THING_PRONOUNS = frozenset({"it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})


def _compatible(ctx: DocContext, key: str, pron: str) -> bool:
    kind = ctx.kind_of(key)
    if pron in PERSON_PRONOUNS:
        return kind == "person"
    if pron in THING_PRONOUNS:
        return kind in ("organization", "state", "group", "agent")
    return kind in ("organization", "state", "group", "agent", "person")


def _speaker_for(ctx: DocContext, verb: Token, depth: int) -> str | None:
    subj, _ = subject_of(verb)
    if subj is None:
        return None
    keys = _actors_of(ctx, subj, depth + 1)
    return keys[0] if keys else None


def resolve_pronoun(ctx: DocContext, tok: Token, depth: int = 0) -> str | None:  # noqa: C901 - ordered rule cascade, see [tool.ruff.lint.mccabe]
    """Antecedent of a third-person pronoun: the speaker whose reported clause it is in, else the
    nearest compatible actor before it (subjects first; same or previous sentence)."""
    low = tok.lower_
    if low not in PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS or depth > 3:
        return None
    quote = ctx.quote_at(tok.idx)
    if quote is not None:
        # Inside a quotation "he" is not the speaker: only an antecedent quoted before it will do.
        for i in range(tok.i - 1, -1, -1):
            if ctx.doc[i].idx < quote[0]:
                return None
            key = ctx.links.actor[i]
            if key and _compatible(ctx, key, low):
                return key
        return None
    cur = clause_verb(tok)
    own = _own_subject(ctx, tok, cur, depth)
    for _ in range(5):
        if cur.dep_ == "ROOT" or cur.head is cur:
            break
        head = cur.head
        if (
            head.pos_ == "VERB"
            and head.lemma_.lower() in SPEECH_VERBS
            and cur.dep_ in ("ccomp", "dobj", "xcomp", "conj")
        ):
            key = _speaker_for(ctx, head, depth)
            if key and _compatible(ctx, key, low):
                return key
        cur = head
    si = ctx.sent_of[tok.i]
    nearest = None
    for lo in (ctx.sents[si].start, ctx.sents[si - 1].start if si > 0 else ctx.sents[si].start):
        for i in range(tok.i - 1, lo - 1, -1):
            key = ctx.links.actor[i]
            if key and key not in own and _compatible(ctx, key, low):
                t = ctx.doc[i]
                if t.dep_ in ("nsubj", "nsubjpass") or (
                    t.head.dep_ in ("nsubj", "nsubjpass") and t.dep_ in ("compound", "poss")
                ):
                    return key
                nearest = nearest or key
        if nearest:  # same sentence first, then the one before
            return nearest
    lo = ctx.sents[si - 1].start if si > 0 else 0
    if low not in PERSON_PRONOUNS:
        return None
    # "..., he said." after a run of quotes: the last person who was quoted speaking
    far = ctx.sents[max(0, si - 5)].start
    for i in range(lo - 1, far - 1, -1):
        key = ctx.links.actor[i]
        t = ctx.doc[i]
        if (
            key
            and ctx.kind_of(key) == "person"
            and t.dep_ == "nsubj"
            and t.head.lemma_.lower() in SPEECH_VERBS
        ):
            return key
    return None


def _own_subject(ctx: DocContext, tok: Token, verb: Token, depth: int) -> set[str]:
    """The subject of the pronoun's own clause when the pronoun is its object: "Pakistan blamed
    India, accusing it of ...": "it" is not Pakistan (that would be "itself")."""
    if tok.dep_ not in ("dobj", "dative", "iobj") or tok.head.i != verb.i or depth > 2:
        return set()
    subj, _ = subject_of(verb)
    if subj is None or subj.i == tok.i:
        return set()
    return set(_actors_of(ctx, subj, depth + 1))


def actor_of(
    ctx: DocContext, tok: Token, *, allow_pronoun: bool = True, depth: int = 0
) -> str | None:
    """The actor a noun-phrase head stands for, if any."""
    key, _ = _actor_via(ctx, tok, allow_pronoun=allow_pronoun, depth=depth)
    return key


def _actor_via(  # noqa: C901 - ordered rule cascade, see [tool.ruff.lint.mccabe]
    ctx: DocContext, tok: Token, *, allow_pronoun: bool = True, depth: int = 0
) -> tuple[str | None, Token]:
    """(actor, token that named it) for a noun-phrase head."""
    key = ctx.links.actor[tok.i]
    if key:
        return key, tok
    if tok.pos_ == "PRON":
        if tok.lower_ in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
            return _actor_via(ctx, tok.head.head, allow_pronoun=allow_pronoun, depth=depth)
        return (resolve_pronoun(ctx, tok, depth) if allow_pronoun else None), tok
    place = ctx.links.place[tok.i]
    if place:  # a capital standing for its government ("relations with Cairo")
        rec = ctx.places.by_key[place]
        if rec.kind == "country" and rec.country:
            key = state_actor(ctx, rec.country)
            ctx.actors.add_alias(key, name_span(tok).text)  # "Great Britain": a name of the UK
            return key, tok
        a3 = ctx.places.capital_of.get(place)
        if a3 and a3 in knowledge.countries().by_code and not is_locative(tok):
            key = state_actor(ctx, a3)
            ctx.actors.add_alias(key, tok.text)  # "Moscow demanded": Russia, called Moscow here
            return key, tok
        return None, tok
    for child in tok.children:  # "Pakistan's foreign minister, Ishaq Dar": the person named
        named = ctx.links.actor[child.i] if child.dep_ == "appos" else None
        if named and ctx.kind_of(named) == "person":
            return named, child
    for child in tok.children:
        if child.dep_ in ("poss", "compound", "nmod"):
            key = ctx.links.actor[child.i]
            if key:
                return key, tok
            if child.dep_ == "poss" and ctx.links.place[child.i] and _names_people(tok):
                key, _ = _actor_via(ctx, child, allow_pronoun=False, depth=depth + 1)
                if key:  # "Washington's envoy", "Moscow's forces": the capital's state
                    return key, tok
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                if ctx.links.actor[pobj.i]:
                    return ctx.links.actor[pobj.i], pobj
                for g in pobj.children:  # "the leader of the Taliban insurgency"
                    if g.dep_ in ("poss", "compound") and ctx.links.actor[g.i]:
                        return ctx.links.actor[g.i], pobj
                if depth < 3 and _is_quantity(tok):
                    # "tens of thousands of students", "a group of Chechen refugees": the people
                    key, via = _actor_via(ctx, pobj, allow_pronoun=False, depth=depth + 1)
                    if key:
                        return key, via
    return None, tok


def _names_people(tok: Token) -> bool:
    """An agent noun or title ("envoy", "forces", "officials"), not a thing ("streets")."""
    lemma = tok.lemma_.lower()
    return (
        knowledge.agents().get(lemma) is not None or lemma in knowledge.actor_words().member_nouns
    )


def _is_quantity(tok: Token) -> bool:
    """A head that counts or groups what its "of" phrase names."""
    return tok.pos_ == "NUM" or tok.lemma_.lower() in knowledge.event_lexicon().quantity_nouns


def actors_of(ctx: DocContext, tok: Token | None) -> list[str]:
    """Actors of an argument and of everything coordinated with it."""
    return _actors_of(ctx, tok, 0) if tok is not None else []


def _actors_of(ctx: DocContext, tok: Token, depth: int) -> list[str]:
    out: list[str] = []
    stack = [tok]
    seen: set[int] = set()
    while stack:
        t = stack.pop()
        if t.i in seen:
            continue
        seen.add(t.i)
        key, via = _actor_via(ctx, t, depth=depth)
        if key and key not in out:
            out.append(key)
        nodes = {t, via}
        for child in t.children:  # "Head of ... Ismail Haniyeh and other members": conj of the pobj
            if child.dep_ == "prep" and child.lower_ == "of":
                nodes.update(
                    p for p in child.children if p.dep_ == "pobj" and ctx.links.actor[p.i] == key
                )
        for node in nodes:
            for child in node.children:
                if child.dep_ == "conj" or (child.dep_ == "appos" and not key):
                    stack.append(child)
    return out


# Reactions to someone's act: the act's author is the target ("criticized the decision by Japan").
_REACTION_TYPES = frozenset({"ACCUSE", "SUPPORT", "REJECT", "REQUEST", "THREATEN", "CONCEDE"})


def object_owners(ctx: DocContext, verb: Token, dobj: Token, pattern: EventPattern) -> list[Token]:
    """Whose thing the object is, when the object itself is no actor.

    "dismissed Putin's response", "rejected Russia's demands": the possessor; "criticized the
    decision by Japan", "condemned the attack ... by Kurdish militants": the author after "by".
    """
    if ctx.links.actor[dobj.i] is not None or pattern.plover not in _REACTION_TYPES:
        return []
    out: list[Token] = []
    if pattern.no_dobj_target:  # otherwise the object's possessor is already read
        out.extend(
            c
            for c in dobj.children
            if (c.dep_ == "poss" and c.pos_ != "PRON")
            or (c.dep_ == "compound" and ctx.links.actor[c.i])  # "a United Nations appeal"
        )
    for head in (dobj, verb):
        for prep in head.children:
            # "calls by Belarus's rulers", "a fresh offer from Afghanistan"
            if prep.dep_ == "prep" and (
                prep.lower_ == "by" or (prep.lower_ == "from" and head is dobj)
            ):
                out.extend(p for p in prep.children if p.dep_ == "pobj")
    return out


def thing_owners(ctx: DocContext, tok: Token | None, sources: list[str]) -> list[str]:
    """Whose thing an argument is when it names no actor: "conceded to demands from UNITA",
    "complained about Israel's raids", "rejected calls by the Kremlin"."""
    if tok is None or ctx.links.actor[tok.i] is not None:
        return []
    out: list[str] = []
    for c in tok.children:
        owners: list[Token] = []
        if (c.dep_ == "poss" and c.pos_ != "PRON") or (
            c.dep_ == "compound" and ctx.links.actor[c.i]
        ):
            owners = [c]
        elif c.dep_ == "prep" and c.lower_ in ("by", "from", "for"):
            owners = [p for p in c.children if p.dep_ == "pobj"]
        for o in owners:
            out.extend(k for k in actors_of(ctx, o) if k not in sources and k not in out)
    if not out and tok.lemma_.lower() in _COUNTERPART_NOUNS:
        # "reneged on his commitment to the Zambian people", "demanded a truce with X": the
        # other party of a commitment or an accord
        for p in prep_objects(tok, ("to", "with")):
            out.extend(k for k in actors_of(ctx, p) if k not in sources and k not in out)
    return out


def demonym_owner(ctx: DocContext, tok: Token | None, sources: list[str]) -> str | None:
    """The state whose demonym modifies an argument that names no actor: "rejected an Indian
    proposal", "demolished Palestinian homes" (the demonym becomes an alias of the state)."""
    if tok is None or ctx.links.actor[tok.i] is not None:
        return None
    src_countries = {ctx.actors.by_key[k].country for k in sources}
    for c in tok.children:
        if c.dep_ not in ("amod", "compound", "nmod") or c.i > tok.i or ctx.links.actor[c.i]:
            continue
        if c.pos_ not in ("ADJ", "PROPN"):
            continue
        text = ctx.doc[c.left_edge.i : c.i + 1].text if c.left_edge.i < c.i else c.text
        country = knowledge.country_of(text) or knowledge.country_of(c.text)
        if country is None or country.alpha3 in src_countries:
            continue
        key = state_actor(ctx, country.alpha3)
        ctx.actors.add_alias(key, text)
        return key
    return None


def places_among(ctx: DocContext, toks: Sequence[Token | None]) -> list[str]:
    """Places named by argument tokens or their "of" phrase ("the town of Goma"), then those
    where an argument that names no actor is ("troops to a force in Liberia")."""
    out = []
    for t in toks:
        if t is None:
            continue
        cands = [t] + [
            g for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
        ]
        if ctx.links.actor[t.i] is None:  # "in Idlib province"
            cands += [c for c in t.children if c.dep_ == "compound"]
            cands += [
                g
                for c in t.children
                if c.dep_ == "prep" and c.lower_ == "in"
                for g in c.children
                if g.dep_ == "pobj"
            ]
        for c in cands:
            key = ctx.links.place[c.i]
            if key and ctx.links.actor[c.i] is None:
                out.append(key)
    return out


def complement_target(ctx: DocContext, verb: Token, sources: list[str]) -> list[str]:
    """For pledge/threaten/refuse frames without an object: the first other actor in the
    complement ("refused to meet X"), else the country of a place it names ("refused to deploy
    peacekeepers in Iraq")."""
    src_countries = {ctx.actors.by_key[k].country for k in sources}
    for c in verb.children:
        if c.dep_ in ("xcomp", "ccomp", "advcl"):
            for t in _nearest_first(c):
                key = ctx.links.actor[t.i]
                place = ctx.links.place[t.i] if key is None else None
                if place and ctx.places.by_key[place].kind == "country":
                    country = ctx.places.by_key[place].country
                    if country and country not in src_countries and country in _COUNTRIES:
                        key = state_actor(ctx, country)  # "offered to hand over to Britain"
                        ctx.actors.add_alias(key, name_span(t).text)
                if not key:
                    continue
                rec = ctx.actors.by_key[key]
                if key in sources or (rec.kind == "agent" and not rec.country):
                    continue  # "refused to deploy troops": the source's own, unnamed forces
                return [key]
            for t in c.subtree:  # "threatened to impose restrictions against German goods"
                if t.pos_ == "NOUN" and t.dep_ in ("dobj", "pobj"):
                    owner = demonym_owner(ctx, t, sources)
                    if owner:
                        return [owner]
            for t in c.subtree:
                place = ctx.links.place[t.i]
                key = place_state(ctx, place, sources) if place else None
                if key:
                    return [key]
    return []


def place_state(ctx: DocContext, place: str, sources: list[str]) -> str | None:
    """The state a place stands for as an event's target ("airstrikes on Gaza", "curfew in
    Baghdad"), unless it is the source's own country. A capital named for its state becomes one
    of the state's names here, as in "Moscow demanded"."""
    rec = ctx.places.by_key[place]
    country = rec.country
    if not country or country not in _COUNTRIES:
        return None
    if country in {ctx.actors.by_key[k].country for k in sources}:
        return None
    key = state_actor(ctx, country)
    if ctx.places.capital_of.get(place) == country:
        ctx.actors.add_alias(key, rec.name)
    return key


_COUNTRIES = knowledge.countries().by_code


def _nearest_first(root: Token) -> list[Token]:
    """A clause's tokens, those closest to its verb in the tree first ("offered to hand over to
    Britain two nationals suspected of blowing up a Pan Am plane": Britain before Pan Am)."""
    out: list[Token] = []
    later: list[Token] = []  # "... unless the Kremlin closed its base": the condition comes last
    level = [root]
    while level:
        out.extend(level)
        nxt = [c for t in level for c in t.children]
        later.extend(c for c in nxt if c.dep_ == "advcl")
        level = sorted((c for c in nxt if c.dep_ != "advcl"), key=lambda t: t.i)
    for clause in later:
        out.extend(t for t in _nearest_first(clause) if t not in out)
    return out


def name_span(tok: Token) -> Span:
    """The named entity a token is part of ("Great Britain" for "Britain"), else the token."""
    doc = tok.doc
    if not tok.ent_type_:
        return doc[tok.i : tok.i + 1]
    start, end = tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def protested(verb: Token) -> list[Token]:
    """What an act is "in protest against/of/over"."""
    out: list[Token] = []
    for noun in prep_objects(verb, ("in",)):
        if noun.lemma_.lower() == "protest":
            out.extend(prep_objects(noun, ("against", "of", "over", "at")))
    return out


def victims(
    ctx: DocContext,
    verb: Token,
    args: Sequence[Token | None],
    sources: list[str],
    *,
    sites: bool = False,
) -> list[str]:
    """Unnamed people hurt or detained ("killed 23 people", "arrested dozens of villagers"), or a
    place of civilians attacked when `sites` ("stormed a hotel"):
    the civilians of the country where it happened, else of the country the article is about."""
    lex = knowledge.event_lexicon()
    people = [
        t
        for t in args
        if t is not None
        and ctx.links.actor[t.i] is None
        and (t.lemma_.lower() in lex.victim_nouns or (sites and sources and _civilian_site(t)))
    ]
    if not people:
        return []
    places = places_among(ctx, [*prep_objects(verb, ("in",)), *people])
    country = ctx.places.by_key[places[0]].country if places else ctx.dominant_country()
    if country not in _COUNTRIES:
        country = None
    key = agent_actor(ctx, country, "CVL")
    return [] if key in sources else [key]


def _civilian_site(tok: Token) -> bool:
    """A place of civilians ("stormed a hotel"), unless the text says who was in it ("a bus
    transporting soldiers")."""
    lex = knowledge.event_lexicon()
    return tok.lemma_.lower() in lex.civilian_sites and not any(
        c.dep_ == "acl" for c in tok.children
    )
