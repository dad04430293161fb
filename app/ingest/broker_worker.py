"""The module the `dramatiq` command imports in every worker process `dyad worker` starts: the
configured RabbitMQ broker with Dyad's ingest actor declared on it."""

from app.ingest.broker import get_actor

broker = get_actor().broker
