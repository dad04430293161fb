"""A reaction to a thing the story has just named with its maker: "Oslo is drafting a treaty on
fishing quotas, and Reykjavik said it could back the treaty" backs Oslo.

A reaction (backing, blame, refusal, demand ...) with no target whose object is a definite noun
that names no owner where it stands ("the treaty", "the vaccines", "this law") and no act (those
are `referred_acts`' and `answers`' nouns) refers to the latest earlier mention of the same noun,
in its own sentence or at most `REACH` sentences back. When that mention names whose thing it is
- a possessor or an actor compound ("Chile's plan", "a Kremlin proposal"), a "by"/"from" phrase,
a "with"/"between" phrase of the parties ("a pact with Tonga"), or the subject of the verb that
makes it ("Oslo is drafting a treaty": `thing_making_verbs`) - the reaction is aimed at them.
PLOVER codes the recipient of a backing or a refusal of a policy, action or agreement as the actor
whose policy it is (manual l.413 SUPPORT "approve policy, action, or actor"; l.618 ACCUSE
"condemn, decry a policy or an action"). A mention that names no owner, or only the reaction's
own side, gives no target: the nearest mention is the one the noun refers to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.events.owners import REACTION_TYPES
from app.extract.events.retold import same_side
from app.extract.mentions import actors_of
from app.extract.records import ParticipantRecord
from app.extract.syntax import definite, first_child, subject_of, trigger_token
from app.vocab import ParticipantRole

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext

REACH = 2  # sentences back: a definite noun refers to a thing told just before
_SOURCE, _TARGET = ParticipantRole.SOURCE, ParticipantRole.TARGET


def named_thing_targets(ctx: DocContext) -> None:
    lex = knowledge.event_lexicon()
    skip = set(lex.act_reference_nouns) | set(lex.answered_nouns)
    for ev in ctx.events:
        if ev.plover_type not in REACTION_TYPES or ev.actors_in(_TARGET):
            continue
        sources = set(ev.actors_in(_SOURCE))
        trigger = trigger_token(ctx, ev)
        obj = first_child(trigger, "dobj") or first_child(trigger, "nsubjpass")
        if not sources or obj is None or obj.pos_ != "NOUN" or obj.lemma_.lower() in skip:
            continue
        if ctx.links.actor[obj.i] is not None or not definite(obj) or _owners(ctx, obj):
            continue  # an actor itself, "a deal" (none told), "Chile's plan" (read already)
        mention = _earlier_mention(ctx, obj)
        if mention is None:
            continue
        keys = [k for t in _owners(ctx, mention) for k in actors_of(ctx, t)]
        if keys and not same_side(ctx, sources, set(keys)):
            ev.participants += [
                ParticipantRecord(actor=k, role=_TARGET) for k in dict.fromkeys(keys)
            ]


def _earlier_mention(ctx: DocContext, noun: Token) -> Token | None:
    """The latest noun before `noun` with its lemma, within `REACH` sentences."""
    first = ctx.sent_of[noun.i] - REACH
    for t in reversed(ctx.doc[: noun.i]):
        if ctx.sent_of[t.i] < first:
            return None
        if t.pos_ == "NOUN" and t.lemma_.lower() == noun.lemma_.lower():
            return t
    return None


def _owners(ctx: DocContext, noun: Token) -> list[Token]:
    """The words that say whose thing `noun` is where it stands (see the module docstring)."""
    out: list[Token] = []
    for c in noun.children:
        if (c.dep_ == "poss" and c.pos_ != "PRON") or (
            c.dep_ == "compound" and ctx.links.actor[c.i] is not None
        ):
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ in ("by", "from", "with", "between"):
            out.extend(p for p in c.children if p.dep_ == "pobj")
    verb = noun.head
    making = knowledge.event_lexicon().thing_making_verbs
    if noun.dep_ == "dobj" and verb.lemma_.lower() in making:
        subj, _ = subject_of(verb)
        if subj is not None and subj.pos_ != "PRON":
            out.append(subj)
    return out
