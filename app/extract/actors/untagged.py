"""Names the entity recogniser left untagged: well-known surnames ("Trump imposed ..."), a
country's own name acting in the sentence, and acronyms the text defined earlier ("the PA")."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from spacy.symbols import NOUN, PROPN

from app.extract import knowledge
from app.extract.actors.registry import person_actor, state_actor
from app.extract.knowledge import norm

if TYPE_CHECKING:  # pragma: no cover
    from app.extract.context import DocContext


def link_famous_surnames(ctx: DocContext) -> None:
    """Well-known surnames ("Trump imposed tariffs on Canada") and country names ("Nigeria
    announced ...") that the NER left untagged."""
    famous = knowledge.famous_people()
    doc = ctx.doc
    n = len(doc)
    table = ctx.table
    # ("Trump" at the start of a sentence is often parsed NOUN)
    for i in table.where(table.pos_in(PROPN, NOUN) & table.outside_ents()):
        tok = doc[i]
        if not tok.text[:1].isupper() or ctx.links.actor[i] is not None:
            continue
        if tok.lower_ not in famous:
            _link_untagged_country(ctx, tok.i)
            continue
        prev = doc[tok.i - 1] if tok.i else None
        nxt = doc[tok.i + 1] if tok.i + 1 < n else None
        if (prev is not None and prev.pos_ == "PROPN" and prev.text[:1].isupper()) or (
            nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper()
        ):
            continue  # part of a longer name ("Trump Tower", "Eric Trump")
        ctx.mention_actor(person_actor(ctx, tok.i, tok.i + 1), tok.i, tok.i + 1)


@functools.lru_cache(maxsize=1)
def _country_first_words() -> frozenset[str]:
    """Every word a country's name or alias can start with (as written and as looked up)."""
    names = knowledge.countries().by_name
    raw = [n for c in knowledge.countries().by_code.values() for n in (c.name, *c.aliases)]
    return frozenset([k.split()[0] for k in names if k] + [n.split()[0].casefold() for n in raw])


def _link_untagged_country(ctx: DocContext, i: int) -> None:
    """A country's own name (one to three words) acting in the sentence but missed by the NER."""
    doc = ctx.doc
    if doc[i].text.casefold() not in _country_first_words():
        return  # no country's name starts so (most capitalised words)
    by_name = knowledge.countries().by_name
    for size in (3, 2, 1):
        end = i + size
        if end > len(doc) or any(t.ent_type_ for t in doc[i:end]):
            continue
        country = by_name.get(norm(doc[i:end].text))
        if country is None:
            continue
        root = doc[i:end].root
        if root.dep_ in ("nsubj", "nsubjpass", "dobj", "poss", "conj") or (
            root.dep_ == "pobj" and root.head.lower_ in ("with", "by", "against", "on", "to")
        ):
            ctx.country_context[country.alpha3] += 1
            ctx.mention_actor(state_actor(ctx, country.alpha3), i, end)
        return


def link_known_acronyms(ctx: DocContext) -> None:
    """Bare acronyms defined earlier in the text but missed by NER ("the PA said")."""
    if not ctx.actors.alias_index:
        return
    for i in ctx.table.where(ctx.table.upper()):
        tok = ctx.doc[i]
        if ctx.links.actor[i] is None and len(tok) > 1:
            key = ctx.actors.alias_index.get(norm(tok.text))
            if key:
                ctx.mention_actor(key, tok.i, tok.i + 1)
