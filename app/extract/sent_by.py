"""The body that acts through people it sends: "lawyers from Amnesty International accused the
police", "nurses from two aid groups delivered vaccines". PLOVER codes such people as their
organisation's actor (its sector), just as "leaders of the coalition" are the coalition; the
"from" phrase of a person noun names that organisation. A state there names only where the
people come from ("doctors from Cuba", "workers from Nepal"): no actor of their own is told,
so none is taken."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext


def sending_body(ctx: DocContext, head: Token, prep: Token) -> tuple[str, Token] | None:
    """(organisation, token naming it) for `head` "from" an organisation or a group agent."""
    if (
        prep.lower_ != "from"
        or head.lemma_.lower() not in knowledge.actor_words().sent_people_nouns
    ):
        return None
    for pobj in (c for c in prep.children if c.dep_ == "pobj"):
        key = ctx.links.actor[pobj.i]
        if key is None:  # "from two aid groups": the agent its modifier names
            key = next((ctx.links.actor[c.i] for c in pobj.children if ctx.links.actor[c.i]), None)
        rec = ctx.actors.by_key.get(key) if key else None
        if rec is not None and rec.kind not in ("state", "person") and not _civilians(rec.code):
            return rec.key, pobj
    return None


def _civilians(code: str | None) -> bool:
    """People of a country at large send no one ("workers from Nepalese villages")."""
    return code is not None and code[-3:] in ("CVL", "REF")
