"""Plain records that the extractor produces and the ingester stores.

This module is the contract between `app.extract` (pure text processing) and the rest of
Dyad. Nothing here knows about databases or HTTP. Every record that comes from the text
carries its sentence index and character offsets into the *original* article text, so a
reader can always go back to the words it was made from.

Keys (`ActorRecord.key`, `PlaceRecord.key`) are local to one extraction: they link
events, statements, mentions and affiliations to the actor or place they name. The
ingester maps them to database ids.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.vocab import (
    ActorKind,
    DatePrecision,
    EntityType,
    ParticipantRole,
    PlaceKind,
    PloverType,
    Provenance,
    QuadClass,
    StatementKind,
)


@dataclass(frozen=True)
class ArticleInput:
    """One article as it arrives: text plus the publication date everything is resolved against."""

    text: str
    date: dt.date
    title: str | None = None
    url: str | None = None
    source: str | None = None
    id: str | None = (
        None  # caller's own identifier (e.g. a JSONL `id`), echoed back, never stored as a key
    )


@dataclass
class SentenceRecord:
    index: int
    start: int
    end: int


@dataclass
class ActorRecord:
    key: str
    name: str  # canonical name, e.g. "Ismail Haniyeh", "Hamas", "Egypt", "Egyptian intelligence"
    kind: ActorKind
    country: str | None = None  # ISO 3166-1 alpha-3
    code: str | None = None  # CAMEO-style actor code, e.g. "EGYSPY"
    description: str | None = None
    aliases: list[str] = field(default_factory=list)  # every surface form seen or known


@dataclass
class AffiliationRecord:
    person: str  # actor key of the person, agent or organ (role "organ": the Security Council)
    organization: str  # actor key of the organisation or state
    role: str | None = None  # title as written, e.g. "head of the politburo"


@dataclass
class PlaceRecord:
    key: str
    name: str
    kind: PlaceKind
    country: str | None = None  # alpha-3
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    parent: str | None = None  # key of the containing place in the same extraction


@dataclass
class MentionRecord:
    entity: str  # actor or place key
    entity_type: EntityType
    sentence: int
    start: int
    end: int
    text: str


@dataclass
class ParticipantRecord:
    actor: str  # actor key
    role: ParticipantRole


@dataclass
class EventRecord:
    sentence: int
    start: int  # span of the sentence (or clause) the event was read from
    end: int
    trigger: str
    trigger_start: int
    trigger_end: int
    plover_type: PloverType
    cameo_code: str  # 2 to 4 digits, e.g. "04", "057"
    quad_class: QuadClass
    goldstein: float
    date: dt.date
    date_precision: DatePrecision
    place: str | None = None  # place key
    date_source: Provenance = Provenance.ARTICLE
    place_source: Provenance | None = None  # None when the event has no place
    negated: bool = False
    hypothetical: bool = False
    confidence: float = 0.5
    participants: list[ParticipantRecord] = field(default_factory=list)
    statement_id: int | None = None  # index into `Extraction.statements`: what a speech act said

    def actors_in(self, role: ParticipantRole) -> list[str]:
        """The keys of the actors that take part in `role`, in the order they were added."""
        return [p.actor for p in self.participants if p.role == role]


@dataclass
class StatementRecord:
    sentence: int
    start: int  # span of the quoted or reported text
    end: int
    text: str
    kind: StatementKind
    cue: str | None = None  # "said", "told", "according to", ...
    speaker: str | None = None  # actor key; None when the text does not say who spoke
    date: dt.date | None = None
    # the speaker's own words in the text ("he", "the newspaper", "Pence"), even with no actor
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_text: str | None = None
    event_id: int | None = (
        None  # index into `Extraction.events`: the speech act it is the content of
    )


@dataclass
class Extraction:
    extractor_version: str
    article: ArticleInput
    sentences: list[SentenceRecord] = field(default_factory=list)
    actors: list[ActorRecord] = field(default_factory=list)
    affiliations: list[AffiliationRecord] = field(default_factory=list)
    places: list[PlaceRecord] = field(default_factory=list)
    mentions: list[MentionRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    statements: list[StatementRecord] = field(default_factory=list)
