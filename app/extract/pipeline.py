"""The extraction pipeline: parse with spaCy, then run Dyad's steps on each parsed article.

`extract` handles one article; `extract_many` streams many through `nlp.pipe`. With
`n_process > 1` the articles are split into batches handed to a pool of worker processes,
each of which parses *and* extracts its batch, so only the small records travel back; the
model is loaded in the parent first and inherited by forked workers.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing as mp
import os
from typing import TYPE_CHECKING

from app.extract.actors import find_actors, find_entity_actors
from app.extract.context import DocContext
from app.extract.events import find_events
from app.extract.nlp import get_nlp, normalize_text
from app.extract.places import find_places, gazetteer
from app.extract.records import ArticleInput, Extraction, SentenceRecord
from app.extract.statements import find_statements, quote_spans
from app.extract.steps import Step, check_order, step
from app.extract.version import EXTRACTOR_VERSION

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable, Iterator

    from spacy.tokens import Doc

MAX_CHARS = 200_000  # longer texts are cut: an article, not a book


def _prepare(article: ArticleInput) -> str:
    return normalize_text(article.text[:MAX_CHARS])


def _statements(ctx: DocContext) -> None:
    find_statements(ctx, ctx.text)


STEPS: tuple[Step, ...] = (
    # named actors first: their countries steer the gazetteer
    step(
        "entity_actors",
        find_entity_actors,
        requires=["parse"],
        assigns=["actors", "links.actor", "mentions", "country_context"],
    ),
    step(
        "places",
        find_places,
        requires=["parse", "actors", "links.actor", "country_context"],
        assigns=["places", "links.place", "mentions", "country_context"],
    ),
    # titles, composite agents, referring nouns
    step(
        "actors",
        find_actors,
        requires=["parse", "actors", "links.actor", "country_context"],
        assigns=["actors", "links.actor", "mentions", "affiliations"],
    ),
    step(
        "events",
        find_events,
        requires=["parse", "quotes", "actors", "links.actor", "places", "links.place"],
        assigns=["events", "actors"],
    ),
    step(
        "statements",
        _statements,
        # reads the events to link speech acts to what was said (and back)
        requires=["parse", "quotes", "actors", "links.actor", "links.place", "events"],
        assigns=["statements", "actors", "links.actor", "mentions", "events"],
    ),
)
check_order(STEPS)


def build_extraction(article: ArticleInput, doc: Doc, norm_text: str) -> Extraction:
    """Run the extraction steps on an already parsed article."""
    # quotes are paired on the original text: its curly marks say which way they face
    quotes = quote_spans(article.text[: len(norm_text)])
    ctx = DocContext.create(article, doc, quotes, norm_text)
    for s in STEPS:
        s.run(ctx)
    return Extraction(
        extractor_version=EXTRACTOR_VERSION,
        article=article,
        sentences=[SentenceRecord(i, s.start_char, s.end_char) for i, s in enumerate(ctx.sents)],
        actors=ctx.actors.records,
        affiliations=ctx.affiliations,
        places=ctx.places.records,
        mentions=sorted(ctx.mentions, key=lambda m: (m.start, m.end)),
        events=ctx.events,
        statements=ctx.statements,
    )


def warm_up() -> None:
    """Load the model, the gazetteer and the lexicons (done once per process)."""
    get_nlp()
    gazetteer()
    from app.extract import knowledge

    knowledge.event_lexicon()
    knowledge.agents()
    knowledge.organizations()


def extract(article: ArticleInput) -> Extraction:
    """Extract one article."""
    warm_up()
    text = _prepare(article)
    return build_extraction(article, get_nlp()(text), text)


def _extract_batch(articles: list[ArticleInput], batch_size: int) -> list[Extraction]:
    nlp = get_nlp()
    texts = [_prepare(a) for a in articles]
    docs = nlp.pipe(texts, batch_size=batch_size)
    return [build_extraction(a, d, t) for a, d, t in zip(articles, docs, texts, strict=True)]


def _worker(args: tuple[list[ArticleInput], int]) -> list[Extraction]:
    articles, batch_size = args
    return _extract_batch(articles, batch_size)


def _chunks(articles: Iterable[ArticleInput], size: int) -> Iterator[list[ArticleInput]]:
    it = iter(articles)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def extract_many(
    articles: Iterable[ArticleInput], *, n_process: int = 1, batch_size: int = 32
) -> Iterator[Extraction]:
    """Extract many articles, in input order. `n_process=-1` uses every CPU."""
    warm_up()
    if n_process < 0:
        n_process = os.cpu_count() or 1
    if n_process <= 1:
        for chunk in _chunks(articles, batch_size):
            yield from _extract_batch(chunk, batch_size)
        return
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    ctx = mp.get_context(method)
    if method == "fork":
        # Keep the model and gazetteer shared copy-on-write: without this the children's garbage
        # collector walks (and so copies) every object the parent had loaded.
        gc.collect()
        gc.freeze()
    # Small chunks keep both workers busy to the end; each worker still batches inside nlp.pipe.
    chunk_size = max(1, min(batch_size, 8))
    try:
        with ctx.Pool(n_process) as pool:
            jobs = ((chunk, batch_size) for chunk in _chunks(articles, chunk_size))
            for result in pool.imap(_worker, jobs):
                yield from result
    finally:
        if method == "fork":
            gc.unfreeze()
