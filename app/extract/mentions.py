"""Which actors a mention stands for: names, pronouns, capitals, possessors, coordinated
phrases. Shared by the actor step (whose "his forces" are they), the event step (its arguments)
and the later steps; whose thing an event argument is lives in `events.owners`, the fallbacks
that find a target elsewhere in `events.targets`."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.actors.agent_phrases import other_sides
from app.extract.actors.referring import PAIR_ORDER, one_of_pair
from app.extract.actors.registry import state_actor
from app.extract.places import is_locative
from app.extract.pronoun_kinds import (
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    THING_PRONOUNS,
    clause_names,
    compatible,
    object_pronoun_actors,
    own_clause_subject,
    plural_speaker,
    plural_thing,
    predicative,
    same_person_subject,
    speakers_body,
    taken_as,
    told_before,
)
from app.extract.quoted_pronouns import quoted_antecedent, shared_object
from app.extract.represented import represented_party
from app.extract.sent_by import sending_body
from app.extract.syntax import RELATIVE_PRONOUNS, clause_verb, prep_objects, subject_of

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from app.extract.context import DocContext

SPEECH_VERBS = knowledge.speech_verbs()
_RESOLVED_PRONOUNS = PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS


def _speaker_for(ctx: DocContext, verb: Token, depth: int) -> str | None:
    subj, _ = subject_of(verb)
    if subj is None:
        return None
    keys = _actors_of(ctx, subj, depth + 1)
    return keys[0] if keys else None


def _unnamed_official(ctx: DocContext, verb: Token, key: str, pron: str) -> bool:
    """A speaker named only by an office ("the Afghan army chief said his forces ..."), linked
    to the body that office heads: "he" in what the official says acts for that body."""
    subj, _ = subject_of(verb)
    if pron not in PERSON_PRONOUNS or subj is None or ctx.kind_of(key) != "agent":
        return False
    term = knowledge.agents().get(subj.lemma_.lower())
    return term is not None and term.kind == "title"


def resolve_pronoun(ctx: DocContext, tok: Token, depth: int = 0) -> str | None:  # noqa: C901 - ordered rule cascade, see [tool.ruff.lint.mccabe]
    """Antecedent of a third-person pronoun: the speaker whose reported clause it is in, else the
    nearest compatible actor before it (subjects first; same or previous sentence)."""
    low = tok.lower_
    if low not in _RESOLVED_PRONOUNS or depth > 3:
        return None
    shared = shared_object(tok)
    if shared is not None:  # "picked out ten people and shot them": the people
        return ctx.links.actor[shared.i]
    again = functools.partial(resolve_pronoun, ctx, depth=depth + 1)
    others = object_pronoun_actors(tok, again) if depth <= 2 else set()  # "they ... kill her"
    quote = ctx.quote_at(tok.idx)
    if quote is not None:
        return quoted_antecedent(ctx, tok, quote, again, others)
    cur = clause_verb(tok)
    subj = own_clause_subject(tok, cur) if depth <= 2 else None
    own = clause_names(ctx, tok) | others
    if subj is not None:
        own |= set(_actors_of(ctx, subj, depth + 1))
    told = told_before(ctx, tok, own)  # "officials said X put tariffs on Mexico to press them"
    for _ in range(0 if told else 5):
        if cur.dep_ == "ROOT" or cur.head.i == cur.i:
            break
        head = cur.head
        if (
            head.pos_ == "VERB"
            and head.lemma_.lower() in SPEECH_VERBS
            and cur.dep_ in ("ccomp", "dobj", "xcomp", "conj")
        ):
            key = _speaker_for(ctx, head, depth)
            if plural_speaker(ctx, head, low):  # "ministers say they ...", "X says they ..."
                return key and speakers_body(ctx, key)
            if key and (compatible(ctx, key, low) or _unnamed_official(ctx, head, key, low)):
                return key
        cur = head
    si = ctx.sent_of[tok.i]
    nearest = None
    for lo in (ctx.sents[si].start, ctx.sents[si - 1].start if si > 0 else ctx.sents[si].start):
        for i in range(tok.i - 1, lo - 1, -1):
            key = ctx.links.actor[i]
            t = ctx.doc[i]
            if t.dep_ in ("amod", "compound") and ctx.links.actor[t.head.i] in own:
                continue  # "the separatist group ..., accusing it": a word of the subject's name
            if key and nearest is None and (verb := predicative(t)) is not None:
                return taken_as(ctx, verb, tok)  # "recognized X as the government since they"
            if nearest is None and lo == ctx.sents[si].start and plural_thing(ctx, t, tok):
                return None  # "the 48 Uyghurs it held since arresting them": no actor named
            if key is None and depth < 2 and same_person_subject(ctx, t, tok):
                key = again(t)  # "she received ... telling her ... her book": the same woman
            if key and key not in own and compatible(ctx, key, low):
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
            and key not in own
            and ctx.kind_of(key) == "person"
            and t.dep_ == "nsubj"
            and t.head.lemma_.lower() in SPEECH_VERBS
        ):
            return key
    return None


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
            head = tok.head.head
            if tok.lower_ in ("who", "whom") and _patient_noun(head):
                # "the arrest of X, who led ...": the parser hangs "who" on the act; it is X
                head = next(iter(prep_objects(head, ("of",))), head)
            return _actor_via(ctx, head, allow_pronoun=allow_pronoun, depth=depth)
        return (resolve_pronoun(ctx, tok, depth) if allow_pronoun else None), tok
    if tok.lower_ in PAIR_ORDER:  # "the latter's refusal"
        return one_of_pair(ctx, tok), tok
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
    if (party := represented_party(ctx, tok)) is not None:
        return party, tok  # "his client" in a lawyer's words: the party, not the lawyer
    # "Berisha's opponents", "Lai's son", "supporters of Khan" are not the one named ("Hamas
    # supporters" are linked to Hamas before this); "Mhlanga's arrest" is no act of Mhlanga's
    words = knowledge.actor_words()
    other_side = tok.lemma_.lower() in knowledge.others_of_the_named(words)
    for child in tok.children if not (other_side or suffered(tok)) else ():
        if child.dep_ in ("poss", "compound", "nmod"):
            key = ctx.links.actor[child.i]
            if key:
                return key, tok
            if child.dep_ == "poss" and ctx.links.place[child.i] and _names_people(tok):
                key, _ = _actor_via(ctx, child, allow_pronoun=False, depth=depth + 1)
                if key:  # "Washington's envoy", "Moscow's forces": the capital's state
                    return key, tok
    # "the release of X", "the killing of X": X suffered the act, it stands for no actor
    for child in tok.children if not _patient_noun(tok) else ():
        if child.dep_ == "prep" and (sent := sending_body(ctx, tok, child)):
            return sent  # "lawyers from Amnesty International": the body acting through them
        if child.dep_ == "prep" and child.lower_ == "of" and not other_side:
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                if ctx.links.actor[pobj.i]:
                    return ctx.links.actor[pobj.i], pobj
                if (owner := _group_owner(ctx, pobj)) is not None:
                    return owner, pobj
                if depth < 3 and _is_quantity(tok):
                    # "tens of thousands of students", "a group of Chechen refugees": the people
                    key, via = _actor_via(ctx, pobj, allow_pronoun=False, depth=depth + 1)
                    if key:
                        return key, via
    return None, tok


def _patient_noun(tok: Token) -> bool:
    """An act someone suffers ("arrest", "release", "killing")."""
    return tok.lemma_.lower() in knowledge.event_lexicon().patient_nouns


def _group_owner(ctx: DocContext, pobj: Token) -> str | None:
    """Whose the group in "the leader of the Taliban insurgency" is: the actor its name or
    possessor names; the group's own name before its state ("the leader of Afghanistan's Taliban
    insurgency" leads the Taliban, not Afghanistan)."""
    named = [
        (g.dep_, key)
        for g in pobj.children
        if g.dep_ in ("poss", "compound") and (key := ctx.links.actor[g.i]) is not None
    ]
    for dep, key in named:
        if dep == "compound" and ctx.kind_of(key) != "state":
            return key
    return named[0][1] if named else None


def suffered(tok: Token) -> bool:
    """An act its possessor suffers ("Mhlanga's arrest", "his release"): the possessor is no
    author of it. Not when the act names its patient after "of"/"against" or its author after
    "by": in "Russia's expulsion of diplomats" the possessor did the expelling."""
    if tok.lemma_.lower() not in knowledge.event_lexicon().patient_nouns:
        return False
    return not any(c.dep_ == "prep" and c.lower_ in ("of", "against", "by") for c in tok.children)


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
        stack.extend(other_sides(ctx, t, key))  # "Kenyan and Ugandan officials"
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
