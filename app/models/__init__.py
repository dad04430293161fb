"""ORM tables, one module per aggregate. Importing this package registers them all on Base."""

from app.models.actor import Actor, ActorAffiliation, ActorAlias
from app.models.api_key import ApiKey
from app.models.article import Article
from app.models.base import Base
from app.models.event import Event, EventDyad, EventParticipant
from app.models.ingest_job import IngestBatch, IngestJob, IngestRecord
from app.models.mention import Mention
from app.models.place import Place
from app.models.rate_bucket import RateBucket
from app.models.rollup import ActorPeriodCount, DyadPeriodCount, DyadTotal
from app.models.statement import Statement

__all__ = [
    "Actor",
    "ActorAffiliation",
    "ActorAlias",
    "ActorPeriodCount",
    "ApiKey",
    "Article",
    "Base",
    "DyadPeriodCount",
    "DyadTotal",
    "Event",
    "EventDyad",
    "EventParticipant",
    "IngestBatch",
    "IngestJob",
    "IngestRecord",
    "Mention",
    "Place",
    "RateBucket",
    "Statement",
]
