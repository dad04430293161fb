"""Names the entity recogniser left untagged: well-known surnames ("Trump imposed ..."), the
surname of a person the article named in full before ("Jovenel Moise ... slammed Moise for the
jailbreak"), a country's own name acting in the sentence, and acronyms the text defined earlier
("the PA")."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from spacy.symbols import NOUN, PROPN

from app.extract import knowledge
from app.extract.actors.registry import known_surname, person_actor, state_actor
from app.extract.knowledge import norm
from app.extract.place_spans import written_lower

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

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
            if not _link_article_surname(ctx, tok):
                _link_untagged_country(ctx, tok.i)
            continue
        prev = doc[tok.i - 1] if tok.i else None
        nxt = doc[tok.i + 1] if tok.i + 1 < n else None
        if (prev is not None and prev.pos_ == "PROPN" and prev.text[:1].isupper()) or (
            nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper()
        ):
            continue  # part of a longer name ("Trump Tower", "Eric Trump")
        ctx.mention_actor(person_actor(ctx, tok.i, tok.i + 1), tok.i, tok.i + 1)


# roles in which a lone capitalised word is a participant, not a heading or a label
_ARGUMENT_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "pobj", "poss", "conj", "appos", "dative"}
)


def _link_article_surname(ctx: DocContext, tok: Token) -> bool:
    """News style names a person in full once and then by surname alone; the small model leaves
    some of those surnames untagged ("slammed Moise", "Wood spoke ..."). A lone capitalised word
    that is the surname of a person named in full earlier in the article, standing as an
    argument, is that person. Not a word the article also writes in lower case ("Wood" beside
    "wood"), nor one beside another name ("Moise Avenue")."""
    doc = ctx.doc
    if tok.dep_ not in _ARGUMENT_DEPS or written_lower(tok) or not tok.is_alpha:
        return False
    if any(
        0 <= j < len(doc)
        and ctx.sent_of[j] == ctx.sent_of[tok.i]  # not the name ending the sentence before
        and doc[j].pos_ == "PROPN"
        and doc[j].text[:1].isupper()
        for j in (tok.i - 1, tok.i + 1)
    ):
        return False
    key = known_surname(ctx, tok.i, tok.i + 1)
    if key is None or ctx.kind_of(key) != "person":
        return False
    if not any(ctx.links.actor[j] == key for j in range(tok.i)):
        return False  # named in full only later: no antecedent yet
    ctx.mention_actor(key, tok.i, tok.i + 1)
    return True


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
