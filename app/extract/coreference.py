"""Roles left open by the events step that the rest of the article settles.

The events step reads each event from its own clause while the article's actors are still being
found; the statements step adds speakers that NER missed. Once both have run, this step fills:

- a source given as a pronoun: "we" or "I" inside a quotation is the quotation's speaker ("we"
  the organisation the speaker speaks for, when the text gives one); "he", "they" and "it" are
  resolved again against the now complete actors (same rules as the events step);
- a source given as a definite description ("the group", "the organization") that names the
  fitting actor named before it, or as a collective with one named member ("rights groups,
  including the ACLU");
- the target of a bare refusal ("... but the Iranian side declined"): the author of the offer or
  request it answers, told just before, when that act was addressed to the refuser or to nobody;
  and the answers to earlier acts (`answers`) again, now that more of those acts have a source;
  a denial of an accusation that answers nothing told takes whom the same side denied before
  (`denials`).

An agentless passive ("was arrested") takes a source only when the story told the same act on
the same target before with its author (`retold.retold_sources`), or when it counts the toll of
an attack told just before on the victims' side (`aftermath`); nothing else is guessed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract.events.aftermath import toll_sources
from app.extract.events.answers import answer_targets
from app.extract.events.denials import repeated_denial_targets
from app.extract.events.filings import filer_sources
from app.extract.events.retold import retold_sources
from app.extract.mentions import SPEECH_VERBS, actors_of, resolve_pronoun
from app.extract.records import ParticipantRecord
from app.extract.statements.speakers import refer_back
from app.extract.syntax import (
    definite,
    first_child,
    is_passive,
    is_passive_participle,
    subject_of,
)
from app.vocab import ParticipantRole, PloverType

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.records import EventRecord

FIRST_PERSON = frozenset({"i", "me", "we", "us"})
PLURAL_FIRST_PERSON = frozenset({"we", "us"})
THIRD_PERSON = frozenset({"he", "she", "they", "it"})
EXPLETIVES = frozenset({"it", "this", "that", "there", "what", "these", "those"})
# acts a bare refusal can answer, and how far back (sentences) the answered act may be told
ANSWERABLE = frozenset({PloverType.REQUEST, PloverType.AGREE})
REFUSAL_REACH = 1
_SOURCE, _TARGET = ParticipantRole.SOURCE, ParticipantRole.TARGET


def resolve_roles(ctx: DocContext) -> None:
    """Fill the sources and targets that coreference gives (see the module docstring)."""
    for ev in ctx.events:
        trigger = _trigger(ctx, ev)
        if trigger is None:
            continue
        if not ev.actors_in(_SOURCE):
            targets = ev.actors_in(_TARGET)
            found = [k for k in _sources(ctx, trigger) if k not in targets]
            if found and not any(k in ctx.actors.media for k in found):
                ev.participants[:0] = [ParticipantRecord(actor=k, role=_SOURCE) for k in found]
        if ev.plover_type == PloverType.REJECT and not ev.actors_in(_TARGET):
            for key in _refused(ctx, ev, trigger):
                ev.participants.append(ParticipantRecord(actor=key, role=_TARGET))
    retold_sources(ctx)  # "al-Rufay'i was killed": by whoever the story said killed him
    toll_sources(ctx)  # "... launched an assault on the base. Three Americans were killed."
    filer_sources(ctx)  # "groups filed lawsuits against X ... one lawsuit alleged": the groups
    # "denied the allegations" once the accusers found here are known ("groups, including X,
    # filed lawsuits ... DHS denied the allegations")
    answer_targets(ctx)
    repeated_denial_targets(ctx)  # a denial answered nothing told: whom this side denied before


def _trigger(ctx: DocContext, ev: EventRecord) -> Token | None:
    span = ctx.doc.char_span(ev.trigger_start, ev.trigger_end, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _sources(ctx: DocContext, trigger: Token) -> list[str]:
    """The actors a pronoun or definite-description subject of the trigger stands for."""
    if is_passive(trigger) or is_passive_participle(trigger):
        return []  # the passive subject is the one acted on, not the actor
    subj, _ = subject_of(trigger)
    if subj is None:
        return []
    said = identified(ctx, subj)
    if said is not subj and said.pos_ != "PRON":
        return actors_of(ctx, said)  # "Diallo is the one who ..."
    subj = said
    low = subj.lower_
    key = None
    if subj.pos_ == "PRON" and low in FIRST_PERSON:
        key = quote_speaker(ctx, subj, collective=low in PLURAL_FIRST_PERSON)
    elif subj.pos_ == "PRON" and low in THIRD_PERSON:
        key = resolve_pronoun(ctx, subj)
    elif subj.pos_ == "NOUN":
        key = refer_back(ctx, subj)
        if key is None:
            return _named_members(ctx, subj)
    return [key] if key else []


def identified(ctx: DocContext, noun: Token) -> Token:
    """ "He is the one who can end it", "Diallo is the man who ordered it": the relative clause
    tells what the copula's subject did, so its subject acts. Not an expletive "it"/"that" ("it is
    the decree that bans ...": the decree), nor an attribute that names an actor itself."""
    head = noun.head
    if (
        noun.dep_ != "attr"
        or head.lemma_ != "be"
        or ctx.links.actor[noun.i] is not None
        or not any(c.dep_ == "relcl" for c in noun.children)
    ):
        return noun
    subj = first_child(head, "nsubj")
    if subj is None or subj.lower_ in EXPLETIVES:
        return noun
    return subj


def _named_members(ctx: DocContext, noun: Token) -> list[str]:
    """ "Rights groups, including the ACLU, filed ...": the members the text names."""
    return [
        k
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ == "including"
        for p in c.children
        if p.dep_ == "pobj"
        for k in actors_of(ctx, p)
    ]


def quote_speaker(ctx: DocContext, tok: Token, *, collective: bool) -> str | None:
    """Who speaks the quotation that holds `tok`: the subject of a speech verb outside the
    quotation, in the sentences the quotation spans or the one right after it ("...," Khan told
    reporters). For a collective "we", the organisation the speaker speaks for when known."""
    quote = ctx.quote_at(tok.idx)
    if quote is None:
        return None  # outside quotation marks "we" is the writer, no actor
    first = ctx.sent_of[tok.i]
    last = first
    while last + 1 < len(ctx.sents) and ctx.sents[last + 1].start_char < quote[1]:
        last += 1
    while first > 0 and ctx.sents[first].start_char > quote[0]:
        first -= 1
    speaker = None
    for si in range(first, min(last + 2, len(ctx.sents))):
        for t in ctx.sents[si]:
            inside = quote[0] <= t.idx < quote[1]
            if inside or t.pos_ != "VERB" or t.lemma_.lower() not in SPEECH_VERBS:
                continue
            subj = first_child(t, "nsubj")
            if subj is not None and subj.pos_ == "PRON" and subj.lower_ in THIRD_PERSON:
                before = _named_before_quote(ctx, subj, quote)  # ", they said": not in it
                keys = [before] if before else []
            else:
                keys = actors_of(ctx, subj) if subj is not None else []
                if not keys and subj is not None:  # "Top diplomats from the G7 ... the diplomats"
                    keys = _described_before(ctx, subj)
            if len(keys) == 1:
                speaker = keys[0]
                break
        if speaker or si > last:
            break
    if speaker is None:  # a quotation that goes on from an attributed one: its statement's
        speaker = next(
            (st.speaker for st in ctx.statements if st.start <= tok.idx < st.end and st.speaker),
            None,
        )
    if speaker is None or not collective or ctx.kind_of(speaker) != "person":
        return speaker
    org = next((a.organization for a in ctx.affiliations if a.person == speaker), None)
    return org or speaker


def _described_before(ctx: DocContext, subj: Token) -> list[str]:
    """The speaker a definite description repeats ("the diplomats said" after "Top diplomats
    from the Group of Seven urged ..."): the latest earlier statement whose speaker's words end
    in the same noun."""
    if subj.pos_ != "NOUN" or not definite(subj):
        return []
    for st in sorted(ctx.statements, key=lambda st: st.start, reverse=True):
        if st.speaker is None or st.speaker_start is None or st.speaker_start >= subj.idx:
            continue
        words = (st.speaker_text or "").lower().split()
        if words and words[-1] == subj.lower_ and words != [subj.lower_]:
            return [st.speaker]
    return []


def _named_before_quote(ctx: DocContext, pron: Token, quote: tuple[int, int]) -> str | None:
    """Who "they" in '"...," they said' stands for: the subject named last before the quotation
    opens (its sentence or the one before), never an actor quoted inside it ("We urge Guatemalan
    authorities ...," they said: not the authorities)."""
    doc = ctx.doc
    opening = ctx.quote_tokens(quote)
    if opening is None:
        return None
    start = opening[0].i
    si = ctx.sent_of[start]
    person = pron.lower_ in ("he", "she")
    for i in range(start - 1, ctx.sents[max(si - 1, 0)].start - 1, -1):
        key = ctx.links.actor[i]
        t = doc[i]
        if key is None or ctx.quote_at(t.idx) is not None:
            continue
        subject = t.dep_ in ("nsubj", "nsubjpass") or (
            t.head.dep_ in ("nsubj", "nsubjpass") and t.dep_ in ("compound", "poss", "amod")
        )
        if subject and (ctx.kind_of(key) == "person") == person:
            return key
    return None


def _refused(ctx: DocContext, ev: EventRecord, trigger: Token) -> list[str]:
    """Authors of the offer or request a refusal with no object answers."""
    if first_child(trigger, "dobj", "xcomp", "ccomp", "prep") is not None:
        return []  # "refused to attend", "rejected the idea": it says what was refused
    sources = set(ev.actors_in(_SOURCE))
    if not sources:
        return []
    for other in reversed(ctx.events):
        if other.trigger_start >= ev.trigger_start or other.plover_type not in ANSWERABLE:
            continue
        if ev.sentence - other.sentence > REFUSAL_REACH:
            continue
        authors = [k for k in other.actors_in(_SOURCE) if k not in sources]
        addressed = set(other.actors_in(_TARGET))
        if authors and (not addressed or addressed & sources):
            return authors
    return []
