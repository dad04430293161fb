"""Date and place anchoring: when and where an event happened.

Date: the time expression of the event's own sentence that dates it (attached to the trigger,
else the first in the sentence that dates no other clause), skipping those that are no point in
time for it (deadlines, durations, anniversaries, years inside names: `dates.not_the_event_time`);
resolved by `dates.settle`, which keeps non-hypothetical events on or before their article. None
in reach: the article's date, marked `date_source="article"`.

Place, in order (`place_source`): a location attached to the event in its own sentence ("in
Kharkiv", "the Ukrainian city of Kharkiv", "near Sibi") -> `text`; one carried from the sentence
before in the same paragraph when this sentence names no place of its own -> `context`; the
article's dateline or dominant place -> `article`. A place that stands for an actor ("Tehran
said", "if Tehran does not") is never the event's place; a broad region ("Middle East") only when
nothing finer is named.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import dates, knowledge
from app.extract.events.carry import referred_place
from app.extract.places import dominant_place, is_broad, is_locative
from app.vocab import Provenance

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from app.extract.context import DocContext

# "the Ukrainian city of Kharkiv", "the province of Anbar": the place the noun names.
PLACE_NOUNS = frozenset(
    {
        "city",
        "town",
        "village",
        "province",
        "region",
        "district",
        "capital",
        "state",
        "county",
        "area",
        "port",
        "suburb",
        "governorate",
        "municipality",
    }
)


def event_date(ctx: DocContext, trigger: Token, *, hypothetical: bool) -> dates.EventDate:
    """The event's date, its precision and where it came from (see the module docstring)."""
    future = _speaks_of_future(trigger)
    chosen = None
    for e in ctx.time_ents[ctx.sent_of[trigger.i]]:
        if dates.not_the_event_time(e) is not None:
            continue
        if ctx.resolved_date(e, future) is None:
            continue
        if any(a.i == trigger.i for a in e.root.ancestors):
            chosen = e
            break
        if _dates_another_clause(e.root, trigger):
            continue
        chosen = chosen or e
    if chosen is None:
        return dates.settle(None, ctx.article.date)
    return dates.settle(
        chosen.text,
        ctx.article.date,
        future=future,
        hypothetical=hypothetical,
        source=Provenance.TEXT,
    )


def _dates_another_clause(time_root: Token, trigger: Token) -> bool:
    """True when the time expression modifies a verb that neither is the trigger nor governs it:
    in "ready to sign …, to disband the committee formed earlier this year", the year dates
    "formed", not "sign"."""
    for anc in time_root.ancestors:
        if anc.pos_ in ("VERB", "AUX"):
            return anc.i != trigger.i and not any(a.i == anc.i for a in trigger.ancestors)
    return False


FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})


def _speaks_of_future(trigger: Token) -> bool:
    """ "will meet on Monday", "is due to visit in January": dates lie ahead of the article."""
    cur = trigger
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in cur.children):
            return True
        if (
            cur.dep_ in ("xcomp", "acomp")
            and cur.head.lemma_.lower() in knowledge.event_lexicon().future_heads
        ):
            return True
        if cur.dep_ not in ("xcomp", "acomp", "conj"):
            return False
        cur = cur.head
    return False


# Prepositions after which a name is where something happens even when it also names an actor:
# nothing happens "in" a government, so "talks in Saudi Arabia" are placed there.
INSIDE_PREPS = frozenset({"in", "inside", "into", "near", "across", "throughout", "within"})


def _is_event_location(tok: Token) -> bool:
    """ "in Kharkiv", "near Sibi", "strikes on Gaza", "the city of Kharkiv", "in Syria's coastal
    region", "in the Middle Shabelle region"."""
    if is_locative(tok) or (tok.dep_ == "pobj" and tok.head.lower_ in ("on", "against")):
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ == "of":
        return tok.head.head.lemma_.lower() in PLACE_NOUNS
    if tok.dep_ in ("poss", "compound", "amod") and tok.head.lemma_.lower() in PLACE_NOUNS | {
        "border",
        "coast",
        "outskirts",
        "north",
        "south",
        "east",
        "west",
        "part",
        "camp",
    }:
        return is_locative(tok.head)
    return False


def _stands_for_actor(ctx: DocContext, tok: Token) -> bool:
    """ "Tehran said", "fired rockets at Israel": a place name linked to an actor, unless the
    preposition puts something inside it ("talks in Saudi Arabia")."""
    if ctx.links.actor[tok.i] is None:
        return False
    return not (tok.dep_ == "pobj" and tok.head.lower_ in INSIDE_PREPS)


def _sentence_places(
    ctx: DocContext, sent: Span, trigger: Token | None, *, words_only: bool = False
) -> list[str]:
    """Place keys written as locations in `sent`, those attached to `trigger` first, broad
    regions last; places standing for actors left out."""
    attached: list[str] = []
    others: list[str] = []
    for tok in sent:
        key = ctx.links.place[tok.i]
        if key is not None and trigger is not None and _destination(tok, trigger):
            attached.insert(0, key)  # "Rubio's visit to Saudi Arabia", "visited Taiwan"
            continue
        if key is None or not _is_event_location(tok) or _stands_for_actor(ctx, tok):
            continue
        if key in attached or key in others:
            continue
        if trigger is not None and any(a.i == trigger.i for a in tok.ancestors):
            if not (words_only and _topic_place(tok, trigger)):
                attached.append(key)
        elif trigger is None or not _in_other_clause(tok, trigger):
            others.append(key)
    found = attached + others
    return [k for k in found if not is_broad(ctx, k)] + [k for k in found if is_broad(ctx, k)]


def _destination(tok: Token, trigger: Token) -> bool:
    """The place a visit or a trip goes to: its "to" phrase or a visiting verb's object. It is
    also the one visited, yet the visit happens there ("Rubio's visit to Saudi Arabia")."""
    if trigger.lemma_.lower() not in knowledge.event_lexicon().travel_words:
        return False
    if tok.dep_ == "dobj" and tok.head.i == trigger.i:
        return trigger.pos_ == "VERB"
    return tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.i == trigger.i


# acts done somewhere, whose "over"/"about" phrase may still be where they happen ("fighting over
# the town"); the other types are words or gatherings, whose topic is elsewhere
_ACTS_ON_PLACES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "SANCTION"})
_TOPIC_PREPS = frozenset({"over", "about", "regarding", "concerning"})


def _topic_place(tok: Token, trigger: Token) -> bool:
    """A place inside the topic of a protest or a statement ("protests over the war in Gaza"
    were held elsewhere)."""
    cur = tok.head
    while cur.i != trigger.i:
        if cur.dep_ == "prep" and cur.lower_ in _TOPIC_PREPS:
            return True
        cur = cur.head
    return False


def _in_other_clause(tok: Token, trigger: Token) -> bool:
    """A place inside a clause of its own, apart from the trigger's: "China never condemned
    Russia's invasion of Ukraine, and their joint flights near Alaska have helped the Kremlin"
    does not put the invasion in Alaska. A verb on the way up from the place to the trigger's
    line of heads opens that clause, as does a phrase joined to a verb (the parser may take
    "and their partnership ..." for a conjunct of "condemned")."""
    line = {trigger.i, *(a.i for a in trigger.ancestors)}
    cur = tok.head
    while cur.i not in line:
        if cur.pos_ in ("VERB", "AUX") or (cur.dep_ == "conj" and cur.head.pos_ in ("VERB", "AUX")):
            return True
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


CONTEXT_REACH = 3


def _names_a_place(ctx: DocContext, sent: Span) -> bool:
    """True when `sent` writes some place as a location (its own, not one to carry)."""
    return any(
        ctx.links.place[t.i] is not None and _is_event_location(t) and not _stands_for_actor(ctx, t)
        for t in sent
    )


def event_place(
    ctx: DocContext, sent: Span, trigger: Token, plover: str = ""
) -> tuple[str | None, Provenance]:
    """The event's place key and where it came from (see the module docstring)."""
    own = _sentence_places(ctx, sent, trigger, words_only=plover not in _ACTS_ON_PLACES)
    if own:
        return own[0], Provenance.TEXT
    # The story goes on where the last sentences put it: carried from the nearest of the
    # CONTEXT_REACH sentences before that placed something, unless this one names another place.
    referred = referred_place(ctx, sent)  # "there", "in the city": named before
    if referred is not None:
        return referred, Provenance.CONTEXT
    si = ctx.sent_of[trigger.i]
    if not _names_a_place(ctx, sent):
        for back in range(si - 1, max(si - 1 - CONTEXT_REACH, -1), -1):
            carried = _sentence_places(ctx, ctx.sents[back], None)
            if carried:
                if not is_broad(ctx, carried[0]):
                    return carried[0], Provenance.CONTEXT
                break
    return dominant_place(ctx), Provenance.ARTICLE
