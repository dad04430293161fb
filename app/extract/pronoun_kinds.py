"""Third-person pronouns by what they can stand for, shared by `mentions` and `quoted_pronouns`
(a leaf module: it imports neither, only the parse helpers of `syntax`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.syntax import subject_of

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable

    from spacy.tokens import Token

    from app.extract.context import DocContext

PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
THING_PRONOUNS = frozenset({"it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
_TOWARD = frozenset({"on", "upon", "to", "against"})
_NAME_PARTS = frozenset({"compound", "amod", "poss", "conj", "appos"})  # "Kenya and Uganda"


def compatible(ctx: DocContext, key: str, pron: str) -> bool:
    """Whether the actor `key` can be what `pron` stands for: "he" a person, "it" a body."""
    kind = ctx.kind_of(key)
    if pron in PERSON_PRONOUNS:
        return kind == "person"
    if pron in THING_PRONOUNS:
        return kind in ("organization", "state", "group", "agent")
    return kind in ("organization", "state", "group", "agent", "person")


def object_pronoun_actors(tok: Token, resolve: Callable[[Token], str | None]) -> set[str]:
    """Whom a person pronoun object of a subject "they"'s verb, or of its infinitive, stands
    for: "they want to kill her": "they" is not the woman "her" is ("themselves" would be)."""
    if tok.dep_ != "nsubj" or tok.lower_ not in PLURAL_PRONOUNS:
        return set()
    verbs = [tok.head, *(c for c in tok.head.children if c.dep_ == "xcomp")]
    objs = [
        c for v in verbs for c in v.children if c.dep_ == "dobj" and c.lower_ in PERSON_PRONOUNS
    ]
    return {k for o in objs if (k := resolve(o)) is not None}


def told_before(ctx: DocContext, tok: Token, own: set[str]) -> bool:
    """A plural object pronoun with a fitting actor before it in its own sentence, other than its
    clause's subject: "Trump kept tariffs on Mexico and China to pressure them, officials said"
    is about Mexico and China, not the officials who speak (they would say "us")."""
    if tok.dep_ not in ("dobj", "dative", "iobj", "pobj") or tok.lower_ not in PLURAL_PRONOUNS:
        return False
    start = tok.sent.start
    return any(
        (key := ctx.links.actor[i]) is not None and key not in own and compatible(ctx, key, "they")
        for i in range(start, tok.i)
        if ctx.doc[i].dep_ not in ("compound", "amod")
    )


def plural_thing(ctx: DocContext, tok: Token, pron: Token) -> bool:
    """A plural noun phrase naming no actor, nearer a "they"/"them" than any actor: what the
    pronoun most likely stands for ("green card holders can be deported if they ...", "imposed
    sanctions and later lifted them"), so no farther actor is taken for it. Likewise a singular
    thing subject before an "it" (`_singular_thing`)."""
    return _singular_thing(ctx, tok, pron) or (
        pron.lower_ in PLURAL_PRONOUNS
        and tok.tag_ in ("NNS", "NNPS")
        # subjects only ("came with dogs" is a bystander; "seized weapons ..., and they attacked"
        # is the seizer), or an object that is its infinitive's subject ("urged owners to ...")
        and (tok.dep_ in ("nsubj", "nsubjpass") or _controller(tok))
        and ctx.links.actor[tok.i] is None
        and knowledge.agents().get(tok.lemma_.lower()) is None  # "officials": an actor's people
        and not any(ctx.links.actor[c.i] for c in tok.children)  # "the G7 countries"
        and not parallel_actor_subject(ctx, pron)
    )


def _singular_thing(ctx: DocContext, tok: Token, pron: Token) -> bool:
    """A singular subject noun naming no actor before an "it" in its sentence: "the vessel was
    sitting as deep as when it arrived" is the vessel. Not a speaker's noun ("the report said it
    ..." may be its author's), nor a word for a body or a state ("the country", "the group")
    unless a thing owns it ("the river's bank")."""
    words = knowledge.actor_words()
    lemma = tok.lemma_.lower()
    return (
        pron.lower_ == "it"
        and tok.tag_ == "NN"
        and tok.dep_ in ("nsubj", "nsubjpass")
        and tok.head.lemma_.lower() not in knowledge.speech_verbs()
        and ctx.links.actor[tok.i] is None
        and knowledge.agents().get(lemma) is None
        and (
            (
                lemma not in words.referring_nouns
                and lemma not in words.body_words
                and lemma not in words.referring_states
            )
            or _part_of_a_thing(tok)
        )
        and not any(ctx.links.actor[c.i] for c in tok.subtree)
    )


def _part_of_a_thing(tok: Token) -> bool:
    """A body word owned by a common noun is a part of that thing, no body: "the river's bank",
    "the storm's front" (a possessor naming an actor, "the ruling party's office", is checked by
    the caller)."""
    return any(c.dep_ == "poss" and c.pos_ == "NOUN" for c in tok.children)


def parallel_actor_subject(ctx: DocContext, tok: Token) -> bool:
    """A subject pronoun of a verb conjoined with one whose subject names an actor: "troops
    shelled the village while farmers harvested, and they arrested the chief" are the troops,
    whatever plural noun lies between (parallel subjects)."""
    if tok.dep_ not in ("nsubj", "nsubjpass") or tok.lower_ not in PLURAL_PRONOUNS:
        return False
    verb = tok.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
        if any(c.dep_ == "cc" and c.lower_ == "or" for c in verb.children):
            return False  # "ordered them to disarm or they would be arrested": a consequence
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            near = [subj, *(c for c in subj.children if c.dep_ in _NAME_PARTS)]
            return any(ctx.links.actor[t.i] is not None for t in near)
    return False


def _controller(tok: Token) -> bool:
    """An object that is the subject of its verb's infinitive (object control): "ordered
    landowners to surrender their rifles or they would be arrested": the landowners."""
    return tok.dep_ == "dobj" and any(c.dep_ == "xcomp" for c in tok.head.children)


def clause_names(ctx: DocContext, tok: Token) -> set[str]:
    """Actors named as objects of the verb a subject pronoun governs: "They called on China to
    ...": "they" is not China; nor the pronoun's own conjuncts ("She and Lockyear urged ...": not
    Lockyear). Only the verb's own objects: a reported clause may name its speaker ("she said
    Clinton would ...")."""
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return set()
    objects = [c for c in tok.head.children if c.dep_ in ("dobj", "dative", "iobj", "prep")]
    return {
        key
        for c in [*objects, *(c for c in tok.children if c.dep_ == "conj")]
        for t in c.subtree
        if (key := ctx.links.actor[t.i]) is not None
    }


def plural_speaker(ctx: DocContext, verb: Token, pron: str) -> bool:
    """A "they" in what a speech verb reports: it is the verb's own plural subject ("ministers
    say they hope ...": the ministers, unnamed or not, never an actor farther back), or, after one
    named person ("Abanda says they are negotiating"), not that person (number agreement)."""
    if pron not in PLURAL_PRONOUNS:
        return False
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or any(c.dep_ == "conj" for c in subj.children):
        return False
    key = ctx.links.actor[subj.i]
    if key is not None and ctx.kind_of(key) == "person":
        return subj.tag_ == "NNP"
    # an indefinite plural ("ministers", "Government ministers") is new people, told nowhere
    # before; "the officials" may refer back to officials named before
    definite = any(c.dep_ == "det" for c in subj.children)
    return subj.tag_ == "NNS" and subj.pos_ == "NOUN" and not definite


def speakers_body(ctx: DocContext, key: str) -> str | None:
    """What a "they" in a speaker's words stands for: the speaker, when a body or a group; for
    one person, the body the text says the person works for ("a ministry official says they
    ..."), else nothing."""
    if ctx.kind_of(key) != "person":
        return key
    return next((a.organization for a in ctx.affiliations if a.person == key), None)


def predicative(tok: Token) -> Token | None:
    """The verb of an "as" phrase that only says what its object is taken for ("recognized the
    Taliban as the legitimate government"), when `tok` is that phrase's noun or one of its words."""
    noun = tok.head if tok.dep_ in ("amod", "compound") else tok  # "legitimate", "government"
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "as" or prep.dep_ != "prep":
        return None
    return prep.head if any(c.dep_ == "dobj" for c in prep.head.children) else None


def taken_as(ctx: DocContext, verb: Token, pron: Token) -> str | None:
    """Whom a pronoun after "recognized X as the government" stands for: no second actor (the
    government is X); X when it is an actor that fits and the verb's subject is none that does
    ("No country has recognized X as ... since they ..."), else nobody (two compete, or X is
    no actor: "Egypt recognized the council as ... after it ...")."""
    low = pron.lower_
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    key = ctx.links.actor[obj.i] if obj is not None else None
    rival = ctx.links.actor[subj.i] if subj is not None else None
    if key is None or not compatible(ctx, key, low):
        return None
    return None if rival is not None and compatible(ctx, rival, low) else key


# the subject form of a person pronoun's gender: "her" and "she" may be one woman
_SUBJECT_FORM = {"he": "he", "him": "he", "his": "he", "she": "she", "her": "she"}


def same_person_subject(ctx: DocContext, tok: Token, pron: Token) -> bool:
    """A "he"/"she" subject outside quotation marks before a person pronoun of its gender: whom
    that subject stands for is whom the pronoun most likely does ("she received a note telling
    her the army had seized her car"), rather than an actor named farther back. (Inside a quote
    "she" is read by the quote's own rules.)"""
    return (
        tok.dep_ in ("nsubj", "nsubjpass")
        and tok.lower_ == _SUBJECT_FORM.get(pron.lower_)
        and ctx.quote_at(tok.idx) is None
    )


def own_clause_subject(tok: Token, verb: Token) -> Token | None:
    """The subject of the pronoun's own clause when the pronoun is its object: "Pakistan blamed
    India, accusing it of ...": "it" is not Pakistan (that would be "itself"); nor "calling on
    them" its caller (an "on"/"to"/"against" phrase: "with them" may be the subject's own)."""
    head = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ in _TOWARD else tok.head
    if tok.dep_ not in ("dobj", "dative", "iobj", "pobj") or head.i != verb.i:
        return None
    subj, _ = subject_of(verb)
    return None if subj is None or subj.i == tok.i else subj
