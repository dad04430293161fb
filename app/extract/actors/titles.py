"""Titles: a title before or after a person's name gives an affiliation with a role
("Palestinian President Mahmoud Abbas" -> Abbas, affiliated with Palestine, role "president")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.actors.registry import state_actor
from app.extract.records import AffiliationRecord

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext

_TITLE_STOP_POS = frozenset(
    {"VERB", "AUX", "CCONJ", "PUNCT", "SCONJ", "PRON", "NUM", "SYM", "SPACE"}
)


def titled_person_before(ctx: DocContext, tok: Token) -> str | None:
    """The most recent person whose title contains this title noun ("the minister"), or, for a
    title with its portfolio ("the Commerce chief"), that portfolio ("Commerce Secretary X")."""
    if not any(c.lower_ == "the" for c in tok.lefts) or tok.tag_ in ("NNS", "NNPS"):
        return None
    portfolio = knowledge.actor_words().portfolio_words
    words = {c.lower_ for c in tok.lefts if c.dep_ == "compound" and c.lower_ in portfolio}
    words = words or {tok.lemma_.lower()}
    seen: set[str] = set()
    for i in range(tok.i - 1, -1, -1):
        key = ctx.links.actor[i]
        if key is None or key in seen:
            continue
        seen.add(key)
        rec = ctx.actors.by_key[key]
        if rec.kind == "person" and rec.description and words <= set(rec.description.split()):
            return key
    return None


def titled_member(ctx: DocContext, tok: Token, org: str) -> str | None:
    """ "the UNICEF director" after "UNICEF Executive Director Catherine Russell": the one person
    named before whose title in that body holds the word, not the body itself."""
    if tok.tag_ != "NN" or not any(c.lower_ == "the" for c in tok.lefts):
        return None
    word = tok.lemma_.lower()
    named = {ctx.links.actor[i] for i in range(tok.i)}
    found = {
        a.person
        for a in ctx.affiliations
        if a.organization == org
        and a.person in named
        and ctx.kind_of(a.person) == "person"
        and word in (a.role or "").lower().split()
    }
    return found.pop() if len(found) == 1 else None


TITLE_REACH = 8  # sentences back for "the spokesperson" to be the one named so before


def same_title_before(ctx: DocContext, tok: Token) -> str | None:
    """ "the spokesperson said" after "A Foreign Office spokesperson told reporters": the actor the
    same title word stood for last, a few paragraphs back at most."""
    if not any(c.lower_ == "the" for c in tok.lefts) or tok.tag_ in ("NNS", "NNPS"):
        return None
    word = tok.lemma_.lower()
    first = ctx.sents[max(0, ctx.sent_of[tok.i] - TITLE_REACH)].start
    for i in range(tok.i - 1, first - 1, -1):
        key = ctx.links.actor[i]
        if key is not None and ctx.doc[i].lemma_.lower() == word:
            return key
    return None


def names_person(tok: Token) -> bool:
    """True when a title noun is attached to a person's name ("minister Khaled Fawzi")."""
    for child in tok.children:
        if child.dep_ in ("appos", "compound") and child.ent_type_ == "PERSON":
            return True
    nxt = tok.i + 1
    return nxt < len(tok.doc) and tok.doc[nxt].ent_type_ == "PERSON"


def titles_conjoined_name(tok: Token) -> bool:
    """A singular role noun joined by "and" to a name that has a role word of its own: both are
    the one person's titles ("the Iranian American journalist and VOA host Masih Alinejad"), no
    second actor."""
    if tok.tag_ != "NN":
        return False
    return any(
        c.dep_ == "conj"
        and c.ent_type_ == "PERSON"
        and any(g.dep_ == "compound" and g.pos_ == "NOUN" for g in c.children)
        for c in tok.children
    )


def _title_tokens(ctx: DocContext, start: int) -> list[Token]:
    """Tokens of the title written just before a name ("Palestinian President")."""
    doc = ctx.doc
    sent_start = ctx.sents[ctx.sent_of[start]].start
    out: list[Token] = []
    i = start - 1
    others = knowledge.others_of_the_named(knowledge.actor_words())
    while i >= sent_start and len(out) < 10:
        t = doc[i]
        if t.lemma_.lower() in others and out and out[-1].lower_ == "of":
            break  # "the son of President Zuma" is not Zuma: the title starts after "of"
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
    for ent in ctx.ents:
        if ent.label_ != "PERSON":
            continue
        key = ctx.links.actor[ent.start]
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


def _affiliate(  # noqa: C901 - ordered rule cascade, see [tool.ruff.lint.mccabe]
    ctx: DocContext, person: str, tokens: list[Token], titles: list[knowledge.AgentTerm]
) -> None:
    org_key = None
    country = None
    role_words: list[str] = []
    skip = -1
    for n, t in enumerate(tokens):
        if n == skip:
            continue
        if n + 1 < len(tokens) and country is None and not ctx.links.actor[t.i]:
            pair = knowledge.country_of(f"{t.text} {tokens[n + 1].text}")
            if pair and tokens[n + 1].i == t.i + 1:  # "North Korean leader", "South Korean"
                country, skip = pair.alpha3, n + 1
                continue
        if _based_in(t):
            continue  # "the Germany-based center": the body's seat, not the person's country
        k = ctx.links.actor[t.i]
        if k and ctx.kind_of(k) in ("organization", "group"):
            org_key = org_key or k
            continue
        if k and ctx.kind_of(k) == "state":
            country = country or ctx.actors.by_key[k].country
            continue
        c = knowledge.country_of(t.text) if t.pos_ in ("ADJ", "PROPN", "NOUN") else None
        if c:
            country = country or c.alpha3
            continue
        if t.tag_ == "POS" or t.text in ("'", "'s"):
            continue
        role_words.append(t.lower_)
    while role_words and role_words[-1] in ("of", "the", "for"):
        role_words.pop()
    role = " ".join(role_words) or None
    code_part = next((t.code for t in reversed(titles) if t.code), None)
    rec = ctx.actors.by_key[person]
    if org_key:
        org = ctx.actors.by_key[org_key]
        target = org_key
        # "Communist Party ... Chinese President Xi": the title's country when the body has none
        rec.country = rec.country or org.country or country
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
        and doc[tok.i + 2].lower_ in knowledge.actor_words().location_participles
    )


def _bare_country_code(code: str) -> bool:
    """A code that names only a country ("DEU"): a person's code needs a role too."""
    return len(code) == 3 and code in knowledge.countries().by_code
