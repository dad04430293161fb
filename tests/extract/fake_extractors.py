"""Extractor factories for the extraction pool's tests: picklable (module level), quick to start
(no spaCy), each misbehaving on texts that carry its marker word.

- SLOW: sleeps far past any test budget;  WAIT:<path>: touches <path>.started, then blocks
  until <path> exists;
- GREEDY: allocates 2 GB;                 POISON: raises;        CRASH: the process dies.
`churning` (a factory of its own) allocates and frees 40 MB per article.
Any other text gets an empty extraction (no records), which stores as an article."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

from app.extract.pool import Extractor
from app.extract.records import ArticleInput, Extraction
from app.extract.version import EXTRACTOR_VERSION


def _one(article: ArticleInput) -> Extraction:
    text = article.text
    if "SLOW" in text:
        time.sleep(600)
    if "WAIT:" in text:
        flag = Path(text.split("WAIT:", 1)[1].split()[0])
        Path(f"{flag}.started").touch()
        deadline = time.monotonic() + 120
        while not flag.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    if "GREEDY" in text:
        hog = bytearray(2 * 1024**3)
        hog[::4096] = b"x" * len(hog[::4096])
    if "POISON" in text:
        raise ValueError("the parser choked on a poison article")
    if "CRASH" in text:
        os._exit(3)
    return Extraction(extractor_version=EXTRACTOR_VERSION, article=article)


def _run(articles: list[ArticleInput]) -> Iterator[Extraction]:
    for article in articles:
        yield _one(article)


def misbehaving() -> Extractor:
    return _run


def real_but_poisoned() -> Extractor:
    """Dyad's extractor, except that a text holding POISON raises."""
    from app.extract.pool import default_factory

    real = default_factory()

    def run(articles: list[ArticleInput]) -> Iterator[Extraction]:
        if any("POISON" in a.text for a in articles):
            raise ValueError("the parser choked on a poison article")
        return real(articles)

    return run


def broken() -> Extractor:
    raise RuntimeError("no model")


def churning() -> Extractor:
    """Each article allocates and frees 40 blocks of 1 MB, touched, the way a batch's arrays
    come and go in spaCy; an empty extraction otherwise."""
    return _churn


def _churn(articles: list[ArticleInput]) -> Iterator[Extraction]:
    for article in articles:
        blocks = [bytearray(1 << 20) for _ in range(40)]
        for block in blocks:
            block[::4096] = b"x" * len(block[::4096])
        del blocks
        yield Extraction(extractor_version=EXTRACTOR_VERSION, article=article)
