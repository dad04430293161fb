"""Ingest jobs through Dramatiq on RabbitMQ (DYAD_BROKER_URL=amqp://…).

A job's batches become one message each on the `<DYAD_QUEUE_PREFIX>.ingest` queue; `dyad worker`
runs Dramatiq worker processes (one spaCy model each, in its extraction worker; two threads, so
one batch is stored while the next is extracted) on any machine that reaches the broker and the
database. Delivery is at least once: Dramatiq acknowledges a message only after
its batch is stored, RabbitMQ hands an unacknowledged message to another consumer when its worker
dies, and `app.ingest.batches` makes a second delivery add nothing twice. A batch that raises is
retried with a growing delay; after DYAD_BATCH_MAX_RETRIES it is failed into the dead-letter queue
(`….ingest.XQ`) and its error is written on the job, while the other batches go on.
"""

from __future__ import annotations

import logging
from typing import Any

import dramatiq
from dramatiq.broker import MessageProxy
from dramatiq.middleware import Middleware, Retries

from app.config import get_settings

log = logging.getLogger("dyad.broker")

ACTOR_NAME = "ingest_batch"
_actor: dramatiq.Actor[[str, int], None] | None = None


def queue_name() -> str:
    return f"{get_settings().queue_prefix}.ingest"


def ingest_batch(job_id: str, batch: int) -> None:
    """The actor: ingest one batch of a job (a no-op when an earlier delivery settled it)."""
    from app.db import get_sessionmaker
    from app.ingest.batches import run_batch

    run_batch(get_sessionmaker(), job_id, batch, max_chars=get_settings().max_article_chars)


class DeadLetters(Middleware):
    """Writes a batch's error on its job when Dramatiq gives up on the message (it then goes to
    the dead-letter queue). Placed before Retries in the list: `after_*` hooks run in reverse
    order, so Retries has decided `message.failed` by the time this one looks."""

    def after_process_message(  # Dramatiq's hook signature: it passes all of these
        self,
        broker: dramatiq.Broker,  # noqa: ARG002
        message: MessageProxy,
        *,
        result: Any | None = None,  # noqa: ARG002
        exception: BaseException | None = None,
    ) -> None:
        if exception is None or not message.failed or message.actor_name != ACTOR_NAME:
            return
        from app.db import get_sessionmaker
        from app.ingest.batches import mark_dead

        job_id, batch = message.args
        reason = f"{exception.__class__.__name__}: {exception}".strip().rstrip(":")
        log.error("ingest job %s batch %s dead-lettered: %s", job_id, batch, reason)
        mark_dead(get_sessionmaker(), job_id, int(batch), reason)


def use_broker(broker: dramatiq.Broker) -> dramatiq.Actor[[str, int], None]:
    """Make `broker` the one Dyad sends to and works from, with the ingest actor declared on it."""
    global _actor
    settings = get_settings()
    broker.add_middleware(DeadLetters(), before=Retries)
    dramatiq.set_broker(broker)
    declare = dramatiq.actor(
        actor_name=ACTOR_NAME,
        queue_name=queue_name(),
        broker=broker,
        max_retries=settings.batch_max_retries,
        min_backoff=settings.batch_retry_backoff_ms,
        max_backoff=max(settings.batch_retry_backoff_ms, 300_000),
    )
    _actor = declare(ingest_batch)
    return _actor


def rabbitmq_broker(url: str) -> dramatiq.Broker:
    from dramatiq.brokers.rabbitmq import RabbitmqBroker

    return RabbitmqBroker(url=url)


def get_actor() -> dramatiq.Actor[[str, int], None]:
    """The ingest actor on the configured broker (connected on first use)."""
    if _actor is None:
        url = get_settings().broker_url
        if not url:
            raise RuntimeError("no broker configured (DYAD_BROKER_URL)")
        return use_broker(rabbitmq_broker(url))
    return _actor


def send_job(job_id: str, batches: int) -> None:
    """One message per batch of a committed job."""
    actor = get_actor()
    for batch in range(1, batches + 1):
        actor.send(job_id, batch)
