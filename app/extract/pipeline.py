"""The extraction pipeline: parse with spaCy, then run Dyad's steps on each parsed article.

`extract` handles one article; `extract_many` streams many through `nlp.pipe`, in this process.
Extraction for the CLI, jobs and HTTP runs these in worker processes: `app.extract.pool`.
"""

from __future__ import annotations

import gc
import itertools
from typing import TYPE_CHECKING

from app.extract.actors import find_actors, find_entity_actors
from app.extract.context import DocContext
from app.extract.coreference import resolve_roles
from app.extract.events import find_events
from app.extract.events.uncoded import drop_uncoded
from app.extract.events.unidentified import unidentified_sources
from app.extract.nlp import get_nlp, normalize_text, parse, parse_many
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
        # (quotes: a possessive pronoun's owner is resolved as the events step resolves pronouns)
        requires=["parse", "quotes", "actors", "links.actor", "country_context"],
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
    # pronoun and definite-description roles, once every actor and speaker is known
    step(
        "coreference",
        resolve_roles,
        requires=[
            "parse",
            "quotes",
            "actors",
            "links.actor",
            "affiliations",
            "events",
            "statements",
        ],
        assigns=["events"],
    ),
    # PLOVER's unidentified actor, only where no step above found the weapon's author
    step(
        "unidentified",
        unidentified_sources,
        requires=["parse", "links.actor", "events"],
        assigns=["events", "actors"],
    ),
    # PLOVER codes no event whose actor the text leaves implicit: last, after every source step
    step(
        "uncoded",
        drop_uncoded,
        requires=["parse", "links.actor", "events", "statements"],
        assigns=["events", "statements"],
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


_frozen = False


def warm_up() -> None:
    """Load the model, the gazetteer and the lexicons (done once per process)."""
    global _frozen
    get_nlp()
    gazetteer()
    from app.extract import knowledge

    knowledge.event_lexicon()
    knowledge.agents()
    knowledge.organizations()
    if not _frozen:
        from app.extract.dates.resolver import load_dateparser

        load_dateparser()
        # The ~300,000 objects loaded here live as long as the process: out of the collector's
        # reach, a full collection no longer walks them all (~0.15 s each, about one per 90
        # articles). Done once: a later call would also pin an article's garbage for good.
        _frozen = True
        gc.freeze()


def extract(article: ArticleInput) -> Extraction:
    """Extract one article."""
    warm_up()
    text = _prepare(article)
    return build_extraction(article, parse(get_nlp(), text), text)


def _extract_batch(articles: list[ArticleInput], batch_size: int) -> Iterator[Extraction]:
    texts = [_prepare(a) for a in articles]
    docs = parse_many(get_nlp(), texts, batch_size)
    for a, d, t in zip(articles, docs, texts, strict=True):
        yield build_extraction(a, d, t)


def extract_many(articles: Iterable[ArticleInput], *, batch_size: int = 32) -> Iterator[Extraction]:
    """Extract many articles in this process, in input order, `batch_size` at a time."""
    warm_up()
    it = iter(articles)
    while chunk := list(itertools.islice(it, batch_size)):
        yield from _extract_batch(chunk, batch_size)
