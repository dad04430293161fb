"""Named-entity actors: PERSON, ORG, GPE countries and nominal NORP become actors; known
organisations and acronyms resolve through the knowledge files; acronyms defined in the text
("Palestinian Authority (PA)") become aliases; surname mentions link to the full name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.actors.names import (
    clean_name,
    counted,
    is_acronym,
    is_nominal,
    past_particles,
    person_after_body,
    portfolio_in_title,
    relative_before,
    social_or_media,
    title_before,
)
from app.extract.actors.place_names import (
    known_place,
    looks_like_place,
    only_a_place,
    place_by_own_name,
    place_in_context,
)
from app.extract.actors.registry import (
    agent_actor,
    known_surname,
    org_actor,
    person_actor,
    state_actor,
)
from app.extract.actors.shared_alias import chosen_organization
from app.extract.actors.things import a_thing_named, thing_names
from app.extract.actors.untagged import link_famous_surnames, link_known_acronyms
from app.extract.knowledge import norm
from app.extract.place_spans import written_lower
from app.identity import named_key
from app.vocab import ActorKind

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from app.extract.context import DocContext

_NAME_LABELS = frozenset({"ORG", "PERSON", "GPE", "LOC", "NORP", "FAC"})


def _work_title(doc: Doc, start: int, end: int, words: knowledge.ActorWords) -> bool:
    """A quoted name set beside a noun for a work: the title of a book or a film ("the book,
    "Siyasi Jaj" or ...", "the film "Green Zone""), which names nobody who acts."""
    quoted = (start > 0 and doc[start - 1].is_quote) or (end < len(doc) and doc[end].is_quote)
    if not quoted:
        return False
    root = doc[start:end].root
    return (
        root.dep_ in ("appos", "compound", "attr") and root.head.lemma_.lower() in words.work_nouns
    )


def find_entity_actors(ctx: DocContext) -> None:  # noqa: C901 - ordered rule cascade, see [tool.ruff.lint.mccabe]
    words = knowledge.actor_words()
    doc = ctx.doc
    ents = ctx.ents
    things, thing_tokens = thing_names(doc)
    for ent in ents:
        label = ent.label_
        start, end = clean_name(ent)
        text = ctx.span_text(start, end)
        if label == "LOC" and knowledge.countries().by_name.get(norm(text)):
            label = "GPE"  # NER's "Ivory Coast" as LOC: a country
        if ctx.links.actor[start] is not None:
            continue  # already part of a longer name ("Ursula von der" + "Leyen")
        if a_thing_named(ent, text, things, thing_tokens):
            continue  # "the Jaffar Express, a train", "the S-400 missile system": no actor
        if label in ("ORG", "PERSON") and not any(
            doc[i].text[:1].isupper() for i in range(start, end)
        ):
            continue  # "national police force", "fentanyl": no name is all lower-case
        if label in _NAME_LABELS:
            if social_or_media(ctx, ent, start, end) or _work_title(doc, start, end, words):
                continue
            lone = label in ("ORG", "PERSON") and end - start == 1 and not ent.ent_id_
            if lone and label == "ORG" and (key := _named_before(ctx, doc[start])):
                ctx.mention_actor(key, start, end, alias=False)  # "the Council", "the Times"
                continue
            if lone and _common_word(ctx, doc[start]):
                continue  # "Math was a sore subject", "Media watchdog ...": no name
            if label != "PERSON":
                key = known_surname(ctx, start, end)
                if key and label in ("GPE", "LOC") and place_by_own_name(ctx, text):
                    key = None  # "Ankara" stays a place even after a garbled "Erdogan Ankara"
                if key:  # "Al-Sharaa" tagged LOC, "Trump" tagged ORG after the full name
                    ctx.mention_actor(key, start, end)
                    continue
                if (
                    end - start <= 3
                    and (
                        title_before(ctx, start)
                        or relative_before(ctx, start, end)
                        or norm(text) in knowledge.famous_people()
                    )
                    and all(t.pos_ == "PROPN" for t in doc[start:end])
                    and not ent.ent_id_
                    and not knowledge.country_of(text)
                    and not knowledge.organizations().get(norm(text))
                ):
                    # "President Trump" with "Trump" tagged ORG: a title names a person
                    key = person_actor(ctx, start, end)
                    if relative_before(ctx, start, end):
                        ctx.actors.relatives.add(key)
                    ctx.mention_actor(key, start, end)
                    continue
        if label == "ORG" and portfolio_in_title(ctx, start, end):
            continue  # "Secretary of State Marco Rubio", "Defense Minister Katz": a title
        if label == "ORG" and not ent.ent_id_ and (k := person_after_body(doc, start, end)):
            # "Peru's Council of Ministers Rosa Quispe": the body, then the person
            pkey = person_actor(ctx, k, end)
            ctx.mention_actor(pkey, k, end)
            if start > 1 and doc[start - 1].tag_ == "POS":  # the body's country is the member's
                owner = possessor_country(doc, start - 1)
                rec = ctx.actors.by_key[pkey]
                rec.country = rec.country or (owner.alpha3 if owner else None)
            end = k
            text = ctx.span_text(start, end)
        if label == "ORG":
            if text.lower() in words.generic_bodies:
                continue
            if not ent.ent_id_ and looks_like_place(ctx, text):
                continue  # NER's "Copenhagen" as ORG: a place (found by the place step)
            if not ent.ent_id_ and knowledge.countries().by_demonym.get(norm(text)):
                continue  # NER's "Guatemalan" as ORG: a demonym (composite agents use it)
            first = doc[start]
            country = knowledge.country_of(first.text) if end - start > 1 else None
            foreign = None if country else _foreign_body(doc, start, end, ent.ent_id_ or text)
            if foreign is not None:  # "the Sudanese Congress Party": not the U.S. Congress
                start, end, country = foreign
                text = ctx.span_text(start, end)
            if country and end - start > 2 and doc[start + 1].tag_ == "POS":
                start += 2  # "Malawi's Department of Disaster Management": Malawi's own body
                text = ctx.span_text(start, end)
            key = None
            if ent.ent_id_ and foreign is None:  # "RSF": the one meant, of those sharing it
                key = org_actor(ctx, chosen_organization(doc, text, ent.ent_id_))
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
                key = ctx.actors.ensure(
                    named_key(ActorKind.ORGANIZATION, text),
                    text,
                    "organization",
                    country=country.alpha3,
                    code=code,
                )
                ctx.country_context[country.alpha3] += 1
            else:
                key = org_actor(ctx, text)
            ctx.mention_actor(key, start, end)
            # "Palestinian Authority (PA)": the bracketed acronym is an alias.
            if (
                end + 2 < len(doc)
                and doc[end].text == "("
                and doc[end + 2].text == ")"
                and is_acronym(doc[end + 1].text)
            ):
                acr = doc[end + 1].text
                ctx.actors.alias_index[norm(acr)] = key
                ctx.actors.add_alias(key, acr)
                ctx.mention_actor(key, end + 1, end + 2)
        elif label == "PERSON":
            if knowledge.country_of(text) or knowledge.organizations().get(norm(text)):
                continue
            prev = doc[start - 1].lower_ if start else ""
            if doc[start].lower_ in words.not_person_words or prev in words.not_person_words:
                continue  # "Cyclone Jude"
            if prev in words.clause_openers and place_by_own_name(ctx, text):
                continue  # "Beyond Gaza, ministers ...": a place after the clause's preposition
            if end - start <= 3 and place_in_context(ctx, text):
                continue  # NER's "Rafah", "Banja Luka" as PERSON in an article about the country
            end = past_particles(ctx, start, end)
            key = person_actor(ctx, start, end)
            if relative_before(ctx, start, end):
                ctx.actors.relatives.add(key)
            ctx.mention_actor(key, start, end)
        elif label == "GPE":
            c = knowledge.country_of(text)
            acting = ent.root.dep_ in ("nsubj", "nsubjpass", "dobj") or (
                ent.root.dep_ == "pobj" and ent.root.head.lower_ in ("with", "by", "against")
            )
            if c is None and acting and not known_place(text):
                # NER's "Erdogan" as GPE: no such place, and it acts or is acted on: a person
                key = person_actor(ctx, start, end)
                ctx.mention_actor(key, start, end)
                continue
            if c:
                ctx.country_context[c.alpha3] += 1
                if only_a_place(ent.root):
                    continue  # "in Egypt": a place, not an actor
                ctx.mention_actor(state_actor(ctx, c.alpha3), start, end)
        elif label == "NORP":
            c = knowledge.country_of(text)
            if c:
                ctx.country_context[c.alpha3] += 1
                if is_nominal(ent.root):  # "the Egyptians said" (not "Egyptian officials")
                    # "thousands of Sudanese", "200 Afghans": people counted are its civilians
                    key = (
                        agent_actor(ctx, c.alpha3, "CVL")
                        if counted(ent.root)
                        else state_actor(ctx, c.alpha3)
                    )
                    ctx.mention_actor(key, start, end)
            elif (
                is_nominal(ent.root)
                and ent.root.tag_ in ("NNS", "NNPS")
                and not ent.text.lower().startswith("non")
            ):  # ("non-Italians" are nobody in particular)
                while end - start > 1 and (doc[start].like_num or doc[start].pos_ == "DET"):
                    start += 1  # "eight Uyghurs": the group, not the count
                text = ctx.span_text(start, end)
                key = ctx.actors.ensure(named_key(ActorKind.GROUP, text), text, "group")
                ctx.mention_actor(key, start, end)
    link_known_acronyms(ctx)
    link_famous_surnames(ctx)


def _foreign_body(
    doc: Doc, start: int, end: int, name: str
) -> tuple[int, int, knowledge.Country] | None:
    """A known body's name (its own or the entity ruler's `name`) after another country's
    adjective ("the Sudanese Congress Party", "the Indian Congress"): that country's own body,
    named by the whole phrase (the proper nouns the name heads into included)."""
    org = knowledge.organizations().get(norm(name))
    prev = doc[start - 1] if start else None
    if org is None or not org.country or prev is None or prev.dep_ not in ("amod", "compound"):
        return None
    c = knowledge.country_of(prev.text)
    if c is None or c.alpha3 == org.country:
        return None
    while end < len(doc) and doc[end - 1].head.i == end and doc[end].pos_ == "PROPN":
        end += 1
    if not start <= prev.head.i < end:
        return None  # "Israeli Hezbollah clashes": the adjective is the clashes'
    return start - 1, end, c


def _common_word(ctx: DocContext, tok: Token) -> bool:
    """A lone capitalised word that the article also writes in lower case is a common word
    ("Math", "Healthcare", "World"), unless an actor already has that name."""
    low = tok.lower_
    if tok.is_upper or not tok.is_alpha or not written_lower(tok):
        return False
    return norm(tok.text) not in ctx.actors.alias_index and low not in knowledge.famous_people()


def _named_before(ctx: DocContext, tok: Token) -> str | None:
    """The organisation mentioned earlier whose name ends with this word ("the Council" for
    "the U.N. Security Council", "the Times" for "The New York Times")."""
    low = tok.lower_
    body = low in knowledge.actor_words().body_words
    for i in range(tok.i - 1, -1, -1):
        key = ctx.links.actor[i]
        # "the Council"; "the Post" for a newspaper ("Trump" after "the Washington Post Trump"
        # is no body)
        if key and ctx.kind_of(key) == "organization" and (body or key in ctx.actors.media):
            rec = ctx.actors.by_key[key]
            if any(n.lower().split()[-1:] == [low] for n in (rec.name, *rec.aliases)):
                return key
    return None


def possessor_country(doc: Doc, pos: int) -> knowledge.Country | None:
    """The country named right before the possessive marker at `pos`, of one to three words
    ("Chile's", "South Korea's", "the Dominican Republic's"): the longest name that is one."""
    for size in (3, 2, 1):
        if pos - size < 0:
            continue
        words = doc[pos - size : pos]
        if words[0].lower_ == "the" and size > 1:
            words = words[1:]
        if (country := knowledge.country_of(words.text)) is not None:
            return country
    return None
