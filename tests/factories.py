"""Small builders for extraction records, so storage and API tests don't need spaCy."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator

from app.extract.records import (
    ActorRecord,
    AffiliationRecord,
    ArticleInput,
    EventRecord,
    Extraction,
    MentionRecord,
    ParticipantRecord,
    PlaceRecord,
    StatementRecord,
)

_counter = itertools.count(1)

QUAD = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "CONCEDE": 1,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "REQUEST": 3,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "PROTEST": 4,
    "SANCTION": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}

HAMAS = ActorRecord(
    "hamas",
    "Hamas",
    "organization",
    "PSE",
    "PSEHAM",
    aliases=["Hamas", "Islamic Resistance Movement"],
)
FATAH = ActorRecord("fatah", "Fatah", "organization", "PSE", "PSEFTH", aliases=["Fatah"])
EGYPT = ActorRecord("egy", "Egypt", "state", "EGY", "EGY", aliases=["Egypt"])
EGYSPY = ActorRecord(
    "egyspy",
    "Egyptian intelligence",
    "agent",
    "EGY",
    "EGYSPY",
    aliases=["Egyptian intelligence officials"],
)
QATAR = ActorRecord("qat", "Qatar", "state", "QAT", "QAT", aliases=["Qatar"])

EGYPT_PLACE = PlaceRecord("p-egy", "Egypt", "country", "EGY", 27.0, 30.0, 357994)
CAIRO = PlaceRecord("p-cairo", "Cairo", "city", "EGY", 30.06263, 31.24967, 360630, parent="p-egy")
PSE_PLACE = PlaceRecord("p-pse", "Palestine", "country", "PSE", 31.9, 35.2, 6254930)
GAZA_STRIP = PlaceRecord(
    "p-gaza", "Gaza Strip", "territory", "PSE", 31.4, 34.4, None, parent="p-pse"
)
GAZA_CITY = PlaceRecord(
    "p-gazacity", "Gaza City", "city", "PSE", 31.50161, 34.46672, 281133, parent="p-gaza"
)


def event(
    kind: str,
    source: ActorRecord | None,
    target: ActorRecord | None,
    *,
    date: dt.date,
    place: PlaceRecord | None = None,
    sentence: int = 0,
    start: int = 0,
    end: int = 10,
    cameo: str | None = None,
    negated: bool = False,
    hypothetical: bool = False,
    confidence: float = 0.9,
) -> EventRecord:
    parts = []
    if source:
        parts.append(ParticipantRecord(source.key, "source"))
    if target:
        parts.append(ParticipantRecord(target.key, "target"))
    return EventRecord(
        sentence=sentence,
        start=start,
        end=end,
        trigger=kind.lower(),
        trigger_start=start,
        trigger_end=min(end, start + 4),
        plover_type=kind,
        cameo_code=cameo or "04",
        quad_class=QUAD[kind],
        goldstein=1.0,
        date=date,
        date_precision="day",
        place=place.key if place else None,
        negated=negated,
        hypothetical=hypothetical,
        confidence=confidence,
        participants=parts,
    )


def extraction(
    *,
    text: str | None = None,
    date: dt.date = dt.date(2017, 9, 12),
    actors: list[ActorRecord] | None = None,
    places: list[PlaceRecord] | None = None,
    events: list[EventRecord] | None = None,
    statements: list[StatementRecord] | None = None,
    affiliations: list[AffiliationRecord] | None = None,
    mentions: list[MentionRecord] | None = None,
    url: str | None = None,
) -> Extraction:
    """An extraction with a unique text unless one is given."""
    body = (
        text
        or f"Article number {next(_counter)}: Hamas met Egyptian intelligence officials in Cairo."
    )
    return Extraction(
        extractor_version="test-1",
        article=ArticleInput(text=body, date=date, title="Test", url=url),
        actors=list(actors or []),
        places=list(places or []),
        events=list(events or []),
        statements=list(statements or []),
        affiliations=list(affiliations or []),
        mentions=list(mentions or []),
    )


def one_consult_each(articles: Iterable[ArticleInput]) -> Iterator[Extraction]:
    """One Hamas CONSULT event per article, the article kept as posted: what the pool's test
    workers yield in place of spaCy's extraction."""
    for a in articles:
        ex = extraction(
            text=a.text,
            date=a.date,
            actors=[HAMAS],
            events=[event("CONSULT", HAMAS, None, date=a.date)],
        )
        ex.article = a
        yield ex
