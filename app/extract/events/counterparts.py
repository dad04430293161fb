"""The counterpart of talks the story is following: a consultation told without the party met
("Islamabad is negotiating a loan program", "his ongoing talks with the global lender") is held
with whoever the same talks were had with a few sentences before ("Pakistan said discussions with
the IMF are progressing").

PLOVER codes the party met as CONSULT's recipient. The counterpart is taken only from talks this
source's side had, told at most `REACH` sentences before: the latest consultation there decides -
an event with this side on one end gives its other end, one between others gives nothing ("Mali
held talks with Algeria. Niger is negotiating ..." is no talk with Algeria); a word for talks with
a "with" phrase counts only when this side holds, owns or tells of those talks ("Ghana said
discussions with the IMF ...") or no actor does ("talks with Eritrea resumed") and they are tied
to this source: its side is named in their sentence, or both talks are on the same thing. A
state's side is its organs and the office holders it names ("Zambian Energy Minister Grace
Phiri"). Only talks continue talks: a visit is hosted where it goes. A consultation whose own
"with" phrase names someone the text leaves unnamed ("meetings with counterparts") is left
alone, and so is one told with two sides as sources (PLOVER: a meeting of equals has no
recipient); a definite description there ("talks with the global lender") refers back, up to
`DESCRIBED_REACH` sentences.

An accord reached or signed as the purpose of talks the same clause tells is made with the party
met there (`agreed_in_talks`: "held talks with the rebels to reach a truce").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.events.retold import same_side, state_country
from app.extract.mentions import SPEECH_VERBS, actors_of
from app.extract.records import ParticipantRecord
from app.extract.syntax import definite, first_child, prep_objects, subject_of, trigger_token
from app.vocab import ParticipantRole, PloverType

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.records import EventRecord

REACH = 2  # sentences back: a story follows the same talks closely
DESCRIBED_REACH = 8  # sentences back for the party a description ("the lender") refers to
_SOURCE, _TARGET = ParticipantRole.SOURCE, ParticipantRole.TARGET
# acts on an accord: agreeing to it, signing it, a truce
_ACCORD_TYPES = frozenset({PloverType.AGREE, PloverType.SUPPORT, PloverType.CONCEDE})


def talks_counterparts(ctx: DocContext) -> None:
    """Give a one-sided consultation told with a word for talks and no target the counterpart
    of the talks told before, in story order (so talks told three times pass it on)."""
    for ev in sorted(ctx.events, key=lambda e: (e.sentence, e.trigger_start)):
        if ev.plover_type != PloverType.CONSULT or ev.actors_in(_TARGET):
            continue
        sources = set(ev.actors_in(_SOURCE))
        trigger = trigger_token(ctx, ev)
        talk = _talk(trigger)
        if len(sources) != 1 or talk is None:
            continue  # none, a meeting of equals, or a visit (hosted where it goes)
        named = _with_phrase(trigger) + _with_phrase(talk)
        if named and not all(_described(t) for t in named):
            continue  # "meetings with counterparts": held with someone the text leaves unnamed
        # "his talks with the global lender": a description that refers back reaches further
        reach = DESCRIBED_REACH if named else REACH
        found = _latest_counterpart(ctx, ev, sources, reach)
        if found:
            ev.participants += [ParticipantRecord(actor=k, role=_TARGET) for k in found]


def agreed_in_talks(ctx: DocContext) -> None:
    """An accord a side reaches or signs as the purpose of talks is made with the party met:
    "led talks with the rebels to reach a truce", "met Putin to sign the accord". Only an act
    on an accord noun (`counterpart_nouns`), and only talks the same clause tells, with a party
    other than the source."""
    accords = knowledge.event_lexicon().counterpart_nouns
    for ev in ctx.events:
        if ev.plover_type not in _ACCORD_TYPES or ev.actors_in(_TARGET):
            continue
        sources = set(ev.actors_in(_SOURCE))
        trigger = trigger_token(ctx, ev)
        obj = first_child(trigger, "dobj")
        if not sources or not _purpose(trigger) or obj is None:
            continue
        if obj.lemma_.lower() not in accords:
            continue
        inner = {t.i for t in trigger.subtree}
        for talk in (t for t in trigger.head.subtree if t.i not in inner and _consult_word(t)):
            met = _with_phrase(talk)
            if talk.pos_ == "VERB":  # "met Putin to sign ..."
                met += [c for c in talk.children if c.dep_ == "dobj"]
            found = _other_side(ctx, [k for p in met for k in actors_of(ctx, p)], sources)
            if found:
                ev.participants += [ParticipantRecord(actor=k, role=_TARGET) for k in found]
                break


def _purpose(verb: Token) -> bool:
    """A verb told as what its head clause is done for: "... to reach the agreement"."""
    return verb.dep_ in ("advcl", "xcomp") and any(
        c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children
    )


def _talk(trigger: Token) -> Token | None:
    """The word for talks the consultation is told with: the trigger ("negotiating", "talks")
    or the object of its light verb ("held talks")."""
    if _consult_word(trigger):
        return trigger
    obj = first_child(trigger, "dobj")
    return obj if obj is not None and _consult_word(obj) else None


def _with_phrase(trigger: Token) -> list[Token]:
    """What the consultation's "with" phrase names, an actor or not."""
    heads = [trigger]
    if trigger.dep_ in ("dobj", "pobj"):  # "held talks with ...", "for the talks with ..."
        heads.append(trigger.head)
    return [p for h in heads for p in prep_objects(h, ("with",))]


def _described(tok: Token) -> bool:
    """A definite singular description with no name of its own ("the U.S.-based global
    lender"): it refers back to a party the story named."""
    if tok.pos_ != "NOUN" or tok.tag_ != "NN" or not definite(tok):
        return False
    return not any(c.pos_ == "PROPN" or c.dep_ in ("conj", "appos") for c in tok.children)


def _latest_counterpart(
    ctx: DocContext, ev: EventRecord, sources: set[str], reach: int
) -> list[str]:
    """The counterpart of the latest consultation told before `ev` within `reach` sentences."""
    first = ctx.sents[max(ev.sentence - reach, 0)].start
    last = ctx.doc.char_span(ev.trigger_start, ev.trigger_end, alignment_mode="expand")
    stop = last.start if last is not None and len(last) else ctx.sents[ev.sentence].start
    by_trigger = {
        e.trigger_start: e
        for e in ctx.events
        if e.plover_type == PloverType.CONSULT and e is not ev and not e.negated
    }
    for i in range(stop - 1, first - 1, -1):
        tok = ctx.doc[i]
        other = by_trigger.get(tok.idx)
        if other is not None and other.actors_in(_TARGET):
            # the latest talks told as an event: this side's, or someone else's (then none)
            return _event_counterpart(ctx, other, sources) or []
        if _consult_word(tok):
            named = [k for p in prep_objects(tok, ("with",)) for k in actors_of(ctx, p)]
            if named:
                # "Ghana said discussions with the IMF ...": only talks this side had or told;
                # talks no one is told to hold ("talks with Eritrea resumed after the rains")
                # are the ones the story follows
                side = set(_talks_side(ctx, tok))
                if side and not same_side_or_office(ctx, sources, side):
                    return []
                if not side and not _tied(ctx, tok, trigger_token(ctx, ev), sources):
                    return []  # unowned talks are no third side's: "talks with X stalled. Y ..."
                return _other_side(ctx, named, sources)
    return []


def _talks_side(ctx: DocContext, talk: Token) -> list[str]:
    """Who had the talks a word for them names: the possessor ("its talks with ..."), the
    subject that holds them ("Ghana held talks with ...", "Ghana is negotiating with ..."), the
    speaker who tells how they go ("Ghana said discussions with ... were going well") or the
    agent of a passive they are the subject of; none when only things act on them."""
    if talk.pos_ == "VERB":
        return actors_of(ctx, subject_of(talk)[0])
    owner = first_child(talk, "poss")
    if owner is not None:
        return actors_of(ctx, owner)
    verb = talk.head
    if talk.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    if talk.dep_ in ("nsubj", "nsubjpass"):
        # the talks are the subject of the clause a speaker tells
        if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in SPEECH_VERBS:
            return actors_of(ctx, subject_of(verb.head)[0])
        # "talks with Eritrea were praised by Sudan": told by someone else
        return [k for p in prep_objects(verb, ("by",)) for k in actors_of(ctx, p)]
    return actors_of(ctx, subject_of(verb)[0]) if verb.pos_ in ("VERB", "AUX") else []


def _tied(ctx: DocContext, talk: Token, trigger: Token, sources: set[str]) -> bool:
    """Unowned talks are this source's when their sentence names its side ("a strike in
    Chad delayed the talks with ...": Chad's) or both tell talks on the same thing."""
    sent = ctx.sents[ctx.sent_of[talk.i]]
    named = {k for k in ctx.links.actor[sent.start : sent.end] if k}
    if same_side_or_office(ctx, sources, named):
        return True
    later = _topics(trigger) | _topics(_talk(trigger) or trigger)
    return bool(_topics(talk) & later)


def _topics(tok: Token) -> set[str]:
    """What talks are about: the object negotiated or an "on/over/about/for" phrase, also
    one the parser hung on the verb they are the object of ("held talks on the loan")."""
    heads = [tok, tok.head] if tok.dep_ == "dobj" else [tok]
    objs = [p for h in heads for p in prep_objects(h, ("on", "over", "about", "for"))]
    if tok.pos_ == "VERB":
        objs += [c for c in tok.children if c.dep_ == "dobj" and not _consult_word(c)]
    return {o.lemma_.lower() for o in objs}


def _event_counterpart(ctx: DocContext, other: EventRecord, sources: set[str]) -> list[str]:
    """The other side of an earlier consultation this one's source took part in (none when
    the source had no part in it: "Mali held talks with Algeria. Niger is negotiating ...")."""
    theirs, met = set(other.actors_in(_SOURCE)), set(other.actors_in(_TARGET))
    if same_side_or_office(ctx, sources, theirs):
        return _other_side(ctx, sorted(met), sources)
    if same_side_or_office(ctx, sources, met):
        return _other_side(ctx, sorted(theirs), sources)
    return []


def _other_side(ctx: DocContext, keys: list[str], sources: set[str]) -> list[str]:
    """The actors that are not this consultation's own side."""
    return [k for k in keys if not same_side_or_office(ctx, sources, {k})]


def _consult_word(tok: Token) -> bool:
    """A word for talks ("talks", "discussions", "negotiating"): its "with" phrase names the
    party met."""
    words = knowledge.event_lexicon().talks_words
    return tok.pos_ in ("NOUN", "VERB") and (tok.lemma_.lower() in words or tok.lower_ in words)


def same_side_or_office(ctx: DocContext, mine: set[str], theirs: set[str]) -> bool:
    """The same actors, a state and its organs, or a state and one of its office holders
    ("Zambian Energy Minister Grace Phiri" talks for Zambia)."""
    if same_side(ctx, mine, theirs):
        return True
    return bool(_officials_countries(ctx, mine) & _state_countries(ctx, theirs)) or bool(
        _officials_countries(ctx, theirs) & _state_countries(ctx, mine)
    )


def _officials_countries(ctx: DocContext, keys: set[str]) -> set[str]:
    """Countries of the people among `keys` who hold an office there (a title was stated)."""
    out = set()
    for k in keys:
        rec = ctx.actors.by_key[k]
        if rec.kind == "person" and rec.country and rec.description:
            out.add(rec.country)
    return out


def _state_countries(ctx: DocContext, keys: set[str]) -> set[str]:
    """Countries of the states and state organs among `keys`, and of office holders."""
    return {c for k in keys if (c := state_country(ctx, k))} | _officials_countries(ctx, keys)
