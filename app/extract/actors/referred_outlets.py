"""A news outlet told by a description instead of its name: "the outlet", "the media outlet",
"the broadcaster" is the outlet the story named just before: the one named earlier in the same
sentence, else the only one named in the sentences before (`referring.KIND_REACH`). Two
candidates at the same distance leave it unresolved: a wrong outlet is worse than none."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext


def referred_outlet(ctx: DocContext, tok: Token, reach: int) -> str | None:
    """The media actor "the (media/news) outlet" stands for, or None."""
    words = knowledge.actor_words()
    if tok.tag_ != "NN" or tok.lemma_.lower() not in words.outlet_nouns:
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
        return None
    mods = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod", "poss")]
    if any(m.lower_ not in words.outlet_modifiers for m in mods):
        return None  # "the state broadcaster", "the Kenyan outlet": a description of its own
    sent = ctx.sent_of[tok.i]
    for si in range(sent, max(sent - reach, 0) - 1, -1):
        start = ctx.sents[si].start
        end = tok.i if si == sent else ctx.sents[si].end
        found = {k for i in range(start, end) if (k := ctx.links.actor[i]) in ctx.actors.media}
        if found:
            return found.pop() if len(found) == 1 else None
    return None
