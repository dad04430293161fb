"""Answers to earlier acts: "Beijing denies the allegations" answers whoever made them.

An event with no target whose object is a noun for an earlier act is aimed at the source of an
earlier event of that act's type a few sentences before (an accusation, a request, an offer):
- a definite noun ("the allegations", "those claims", "the arrest warrant") refers back to the
  latest such act, one aimed at this source first;
- a noun that says what was claimed or whom it was against ("claims that their ventures harm
  ...", "the charges against him"), and a denial of a deed ("denied involvement", "deny
  providing sanctuary", "denied that ..."), answer only an act aimed at this source: such a
  claim may be anyone's, so without that act the answer stays without a target. A denied deed
  also answers an accusation aimed at someone the deed itself names: "Pakistan blamed the
  militants ... the Taliban deny giving sanctuary to the militants" answers Pakistan.
An accusation told only as reported speech ("Blinken said Berisha was involved in corrupt acts")
is answered too: the speaker of the latest statement that tells, as fact, what the source did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from app.extract import knowledge
from app.extract.events.acted_on import acted_on_targets
from app.extract.events.claims import claimants
from app.extract.events.earlier import earlier_acts
from app.extract.events.retold import same_side
from app.extract.records import ParticipantRecord
from app.extract.syntax import first_child
from app.vocab import ParticipantRole, PloverType, QuadClass

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.records import EventRecord

_REACH = 6  # sentences back: an answer follows the act it answers closely in a news story


class _Answered(NamedTuple):
    kind: PloverType  # the type of the act answered
    noun: str  # the word that names it ("" for a denied deed)
    aimed: bool  # only an act aimed at the answer's source will do
    # only an act on the answer's source, real or not ("rejected the arrest warrant": his)
    on_source: bool = False
    # the actors a denied deed names ("deny sheltering the militants"): an accusation of them
    # is one the denial answers
    named: frozenset[str] = frozenset()
    # the thing a claim is about, as (noun lemma, its possessor's word): "accusations that Lai's
    # trial is unfair" is ("trial", "lai")
    about: tuple[str, str] | None = None


def answer_targets(ctx: DocContext) -> None:
    if not ctx.events:
        return
    for ev in ctx.events:
        if ev.actors_in(ParticipantRole.TARGET):
            continue
        span = ctx.doc.char_span(ev.trigger_start, ev.trigger_end)
        if span is None or not len(span):
            continue
        act = _answered_act(ctx, span[0])
        if act is None:
            continue
        sources = set(ev.actors_in(ParticipantRole.SOURCE))
        earlier = _answered_event(ctx, ev, act, sources)
        if earlier is not None:
            ev.participants += [
                ParticipantRecord(actor=k, role=ParticipantRole.TARGET)
                for k in earlier.actors_in(ParticipantRole.SOURCE)
                if k not in sources
            ]
        elif act.kind == PloverType.ACCUSE and (speaker := _said_of(ctx, ev, sources, act.about)):
            ev.participants.append(ParticipantRecord(actor=speaker, role=ParticipantRole.TARGET))
        elif not act.aimed and act.noun:  # "condemned the attack" that someone claimed
            ev.participants += [
                ParticipantRecord(actor=k, role=ParticipantRole.TARGET)
                for k in claimants(ctx, span[0], act.kind, sources)
            ]
    acted_on_targets(ctx)  # "condemned Mhlanga's arrest": whoever arrested him


def _answered_act(ctx: DocContext, trigger: Token) -> _Answered | None:
    """The act the trigger answers, from its object noun or, for a denial, its complement."""
    lex = knowledge.event_lexicon()
    answered = lex.answered_nouns
    obj = first_child(trigger, "dobj") or first_child(trigger, "nsubjpass")
    if obj is not None and not _owned(ctx, obj):
        # "the arrest warrant": the compound names the act the warrant is for
        word = next(
            (w for w in (obj.lemma_.lower(), *_compounds(ctx, obj)) if w in answered),
            None,
        )
        if word is not None:
            if word != obj.lemma_.lower():  # a warrant is for the arrest of whoever rejects it
                return _Answered(PloverType(answered[word]), word, aimed=False, on_source=True)
            words = lex.definite_determiners | lex.referring_determiners
            if any(c.dep_ in ("det", "predet") and c.lower_ in words for c in obj.children):
                return _Answered(PloverType(answered[word]), word, aimed=False)
            if _says_what(obj):
                about = _claimed_thing(ctx, obj)
                return _Answered(PloverType(answered[word]), word, aimed=True, about=about)
            return None  # "denied allegations of corruption": nobody's in particular
    if trigger.lemma_.lower() in lex.denial_verbs and _denied_deed(trigger, obj, lex):
        return _Answered(PloverType.ACCUSE, "", aimed=True, named=_named_in_deed(ctx, trigger))
    return None


def _named_in_deed(ctx: DocContext, trigger: Token) -> frozenset[str]:
    """The actors the denied deed names (in its object or clause) as ones it would have helped
    or dealt with: not the target of a hostile act told inside it ("denied shelling the
    gunmen" answers no accusation of the gunmen)."""
    named: set[str] = set()
    for c in trigger.children:
        if c.dep_ not in ("dobj", "xcomp", "ccomp"):
            continue
        words = list(c.subtree)
        named |= {k for t in words if (k := ctx.links.actor[t.i])}
        begin, end = words[0].idx, words[-1].idx + len(words[-1])
        named -= {
            k
            for e in ctx.events
            if e.quad_class >= QuadClass.VERBAL_CONFLICT and begin <= e.trigger_start < end
            for k in e.actors_in(ParticipantRole.TARGET)
        }
    return frozenset(named)


def _owned(ctx: DocContext, obj: Token) -> bool:
    """The object names its owner where it stands: "rejected Russia's demands", "a United
    Nations appeal", "calls by the Kremlin", "an offer from Kabul"."""
    return any(
        c.dep_ == "poss"
        or (c.dep_ == "compound" and (ctx.links.actor[c.i] or c.pos_ == "PROPN"))
        or (c.dep_ == "prep" and c.lower_ in ("by", "from"))
        for c in obj.children
    )


def _compounds(ctx: DocContext, obj: Token) -> list[str]:
    return [
        c.lemma_.lower()
        for c in obj.children
        if c.dep_ == "compound" and not ctx.links.actor[c.i] and c.pos_ != "PROPN"
    ]


def _says_what(obj: Token) -> bool:
    """The noun states what was claimed or whom it was against: "claims that X ...",
    "accusations it is getting weapons", "the charges against him"."""
    return any(
        (c.dep_ in ("acl", "ccomp") and _finite_clause(c))
        or (c.dep_ == "prep" and c.lower_ == "against")
        for c in obj.children
    )


def _finite_clause(verb: Token) -> bool:
    """A clause with its own subject or "that" ("that its troops fired", "it is arming"), not a
    reduced relative ("claims made on Monday")."""
    return any(
        c.dep_ in ("nsubj", "nsubjpass") or (c.dep_ == "mark" and c.lower_ == "that")
        for c in verb.children
    )


def _denied_deed(trigger: Token, obj: Token | None, lex: knowledge.EventLexicon) -> bool:
    """A denial of a deed, which answers an accusation: "denied involvement", "deny providing
    sanctuary", "denied that its troops fired". Not "denied entry visas": a refusal."""
    if obj is not None:
        return obj.lemma_.lower() in lex.denied_nouns or obj.tag_ == "VBG"
    return any(
        (c.dep_ == "xcomp" and c.tag_ == "VBG") or (c.dep_ == "ccomp" and _finite_clause(c))
        for c in trigger.children
    )


def _answered_event(
    ctx: DocContext, ev: EventRecord, act: _Answered, sources: set[str]
) -> EventRecord | None:
    """The latest earlier event of that kind by someone else: one aimed at these sources first,
    then one told with the noun's own word ("attacked" for "the attack"); when the answer names
    the claim's content, only one aimed at these sources."""
    told = earlier_acts(ctx, act.kind, ev.trigger_start, ev.sentence, _REACH)
    found = []
    # `n` breaks ties between acts told at the same place: the one found last
    for n, other in enumerate(told):
        authors = set(other.actors_in(ParticipantRole.SOURCE))
        if not authors or sources & authors:
            continue
        aimed_at = set(other.actors_in(ParticipantRole.TARGET))
        aimed = (bool(sources) and same_side(ctx, sources, aimed_at)) or bool(act.named & aimed_at)
        if act.aimed and (not aimed or other.negated or other.hypothetical):
            continue
        if act.on_source and not aimed:
            continue
        found.append(
            (aimed, bool(act.noun) and _lemma(ctx, other) == act.noun, other.trigger_start, n)
        )
    return told[max(found)[3]] if found else None


def _said_of(
    ctx: DocContext, ev: EventRecord, sources: set[str], about: tuple[str, str] | None
) -> str | None:
    """With no accusation told as an event, the speaker of the latest statement shortly before
    that tells what the answer's source did: 'Blinken said Berisha "was involved in corrupt
    acts" ... Berisha rejected the allegations' answers Blinken. The source must be the subject
    of a clause told as fact there: "called for Lai's release", "Lai should be freed" say
    nothing Lai did. A claim about a thing ("rejected claims that Chad's census was rigged")
    is also told by a statement with that thing as its subject ("Chad's census was a sham")."""
    if not sources:
        return None
    for st in sorted(ctx.statements, key=lambda s: s.start, reverse=True):
        if st.sentence >= ev.sentence or ev.sentence - st.sentence > _REACH:
            continue
        if st.speaker is None or st.speaker in sources or st.speaker in ctx.actors.media:
            continue
        span = ctx.doc.char_span(st.start, st.end, alignment_mode="expand") or ()
        subjects = {
            k
            for t in span
            if t.dep_ in ("nsubj", "nsubjpass")
            and not any(a.tag_ == "MD" for a in t.head.children)  # "should be freed": a wish
            and (k := ctx.links.actor[t.i]) is not None
        }
        if same_side(ctx, sources, subjects) or (
            about is not None and any(_is_thing(t, about) for t in span)
        ):
            return st.speaker
    return None


def _claimed_thing(ctx: DocContext, claim: Token) -> tuple[str, str] | None:
    """The owned thing a claim's clause is about: its subject noun with a possessor that is no
    pronoun ("that Lai's trial is unfair"), when the noun is no actor itself."""
    for clause in claim.children:
        subj = (
            first_child(clause, "nsubj", "nsubjpass") if clause.dep_ in ("acl", "ccomp") else None
        )
        if subj is None or subj.pos_ != "NOUN" or ctx.links.actor[subj.i] is not None:
            continue
        poss = first_child(subj, "poss")
        if poss is not None and poss.pos_ != "PRON":
            return subj.lemma_.lower(), poss.lower_
    return None


def _is_thing(tok: Token, about: tuple[str, str]) -> bool:
    """`tok` is the claimed thing as a subject told as fact: the same noun, the same possessor."""
    if tok.dep_ not in ("nsubj", "nsubjpass") or tok.lemma_.lower() != about[0]:
        return False
    if any(a.tag_ == "MD" for a in tok.head.children):
        return False
    return any(c.dep_ == "poss" and c.lower_ == about[1] for c in tok.children)


def _lemma(ctx: DocContext, ev: EventRecord) -> str:
    span = ctx.doc.char_span(ev.trigger_start, ev.trigger_end, alignment_mode="expand")
    return span[0].lemma_.lower() if span is not None and len(span) else ""
