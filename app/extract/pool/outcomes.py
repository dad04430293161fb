"""What a pool runs and what it gives back: the extractor each worker builds from a picklable
factory, and one result per article (its extraction, or why it has none)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from app.extract.records import ArticleInput, Extraction

Extractor = Callable[[list[ArticleInput]], Iterator[Extraction]]
ExtractorFactory = Callable[[], Extractor]
FailureKind = Literal["time", "memory", "died", "error", "unavailable"]


@dataclass(frozen=True)
class Failed:
    """Why one article has no extraction."""

    kind: FailureKind
    reason: str


Result = Extraction | Failed


class ExtractionFailed(Exception):
    """Raised by `ExtractionPool.extract` for a single article that failed."""

    def __init__(self, failed: Failed) -> None:
        super().__init__(failed.reason)
        self.failed = failed


def model_factory(model: str) -> Extractor:
    """Dyad's own extractor on the spaCy package `model` ("" = the first installed one); with
    `functools.partial` it is a factory a spawned worker can run."""
    from app.extract.nlp import use_model

    use_model(model)
    return default_factory()


def default_factory() -> Extractor:
    """Dyad's own extractor: the model and lexicons loaded, then `nlp.pipe` over each batch."""
    from app.extract.pipeline import extract_many, warm_up

    warm_up()

    def run(articles: list[ArticleInput]) -> Iterator[Extraction]:
        return extract_many(articles, batch_size=max(1, len(articles)))

    return run
