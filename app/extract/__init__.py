"""Dyad extraction engine: English news text in, events, actors, statements and places out.

Pure text processing: this package never touches the database or HTTP. Importing it is
cheap; spaCy and the gazetteer are loaded on first use (`get_nlp()`), never at import time.

Public interface::

    extract(article: ArticleInput) -> Extraction
    extract_many(articles, *, batch_size=32) -> Iterator[Extraction]   # in this process
    pool.ExtractionPool                # the same in worker processes, within budgets
    to_dict(extraction) -> dict        # JSON-ready; see `app.extract.serialize` for the shape
    get_nlp()                          # the process-wide spaCy pipeline
    EXTRACTOR_VERSION                  # stored with every record produced
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.extract.records import ArticleInput, Extraction
from app.extract.version import EXTRACTOR_VERSION

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable, Iterator

    from spacy.language import Language

__all__ = [
    "EXTRACTOR_VERSION",
    "ArticleInput",
    "Extraction",
    "extract",
    "extract_many",
    "get_nlp",
    "to_dict",
]


def get_nlp() -> Language:
    """The process-wide spaCy pipeline with Dyad's entity ruler (loaded on first call)."""
    from app.extract.nlp import get_nlp as _get_nlp

    return _get_nlp()


def extract(article: ArticleInput) -> Extraction:
    """Extract actors, places, events and statements from one article."""
    from app.extract.pipeline import extract as _extract

    return _extract(article)


def extract_many(articles: Iterable[ArticleInput], *, batch_size: int = 32) -> Iterator[Extraction]:
    """Extract many articles with `nlp.pipe` underneath; results come back in input order."""
    from app.extract.pipeline import extract_many as _extract_many

    return _extract_many(articles, batch_size=batch_size)


def to_dict(extraction: Extraction) -> dict[str, Any]:
    """JSON-ready dict of an extraction (dates as ISO strings); shape in `app.extract.serialize`."""
    from app.extract.serialize import to_dict as _to_dict

    return _to_dict(extraction)
