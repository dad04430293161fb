"""Dyad's closed vocabularies, each written once.

Extraction records, ORM columns (their CHECK constraints are generated from these classes by
`app.models.base.check_in`), Pydantic schemas and API query parameters all take their values
from here, so a new value is added in one place. Bottom of the stack, like `app.identity`: this
module imports nothing from Dyad.

`StrEnum` members are strings: they compare equal to the plain values stored in the database
and serialise as those values in JSON.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class PloverType(StrEnum):
    """The 16 PLOVER event types, in quad order (PLOVER manual, summary of event categories)."""

    AGREE = "AGREE"
    CONSULT = "CONSULT"
    SUPPORT = "SUPPORT"
    CONCEDE = "CONCEDE"
    COOPERATE = "COOPERATE"
    AID = "AID"
    RETREAT = "RETREAT"
    REQUEST = "REQUEST"
    ACCUSE = "ACCUSE"
    REJECT = "REJECT"
    THREATEN = "THREATEN"
    PROTEST = "PROTEST"
    SANCTION = "SANCTION"
    MOBILIZE = "MOBILIZE"
    COERCE = "COERCE"
    ASSAULT = "ASSAULT"


class QuadClass(IntEnum):
    VERBAL_COOPERATION = 1
    MATERIAL_COOPERATION = 2
    VERBAL_CONFLICT = 3
    MATERIAL_CONFLICT = 4


# PLOVER's quad class is a function of the event type alone. The CAMEO code and Goldstein score
# stay on the event as finer detail.
QUAD_CLASS: dict[PloverType, QuadClass] = {
    t: q
    for q, types in (
        (QuadClass.VERBAL_COOPERATION, ("AGREE", "CONSULT", "SUPPORT", "CONCEDE")),
        (QuadClass.MATERIAL_COOPERATION, ("COOPERATE", "AID", "RETREAT")),
        (QuadClass.VERBAL_CONFLICT, ("REQUEST", "ACCUSE", "REJECT", "THREATEN")),
        (QuadClass.MATERIAL_CONFLICT, ("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")),
    )
    for t in map(PloverType, types)
}

# The types whose codebook section says "Requires recipient: Yes" (PLOVER manual, one
# subsection per type). Every other type may be coded with a source alone: a protest, a
# mobilisation, a reciprocal meeting. The manual's summary table disagrees on two (it marks
# PROTEST and not AID); the per-type sections, which give the reasons, are followed here.
# The extractor emits no verb event of these types without a recipient.
REQUIRES_RECIPIENT: frozenset[PloverType] = frozenset(
    {PloverType.COOPERATE, PloverType.AID, PloverType.SANCTION}
)


class ActorKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    STATE = "state"
    GROUP = "group"
    AGENT = "agent"


class PlaceKind(StrEnum):
    CITY = "city"
    REGION = "region"
    TERRITORY = "territory"
    COUNTRY = "country"
    CONTINENT = "continent"
    OTHER = "other"


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class Provenance(StrEnum):
    """Where an event's date or place came from (`date_source`, `place_source`): its own
    sentence, the clause or sentence it continues, or the article (its date, dateline or
    dominant place) by default."""

    TEXT = "text"
    CONTEXT = "context"
    ARTICLE = "article"


class ParticipantRole(StrEnum):
    SOURCE = "source"
    TARGET = "target"
    OTHER = "other"


class RoleFilter(StrEnum):
    """The role an actor filter asks for (`actor_role`): a participant role, or any."""

    SOURCE = "source"
    TARGET = "target"
    ANY = "any"


class StatementKind(StrEnum):
    DIRECT = "direct"
    INDIRECT = "indirect"


class EntityType(StrEnum):
    """What a mention names."""

    ACTOR = "actor"
    PLACE = "place"


class EventSort(StrEnum):
    """Orders of event lists; `-` is descending, ties are broken by id in the same direction."""

    DATE = "date"
    DATE_DESC = "-date"
    CONFIDENCE = "confidence"
    CONFIDENCE_DESC = "-confidence"


class Interval(StrEnum):
    """Bucket width of a timeline."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class Grain(StrEnum):
    """Period of a rollup row (`actor_period_counts.grain`); weeks start on Monday."""

    WEEK = "week"
    MONTH = "month"


class StatsBy(StrEnum):
    """What a timeline or count is split by."""

    TYPE = "type"
    QUAD = "quad"


class KeyScope(StrEnum):
    """API key scopes, weakest first: each scope allows everything the ones before it allow."""

    READ = "read"
    WRITE = "write"
    ADMIN = "admin"


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class BatchState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    DEAD = "dead"


# States nothing moves on from: a job that ended, a batch stored or dead-lettered.
JOB_ENDED: tuple[JobState, ...] = (JobState.SUCCEEDED, JobState.FAILED)
BATCH_SETTLED: tuple[BatchState, ...] = (BatchState.DONE, BatchState.DEAD)


def values(vocabulary: type[StrEnum]) -> tuple[str, ...]:
    """The plain string values of a vocabulary, in declaration order."""
    return tuple(member.value for member in vocabulary)
