"""Where extraction's CPU goes: each spaCy component of bare and Dyad's pipelines, and each of
Dyad's own steps (used by `bench/extract.py --profile`).

The components are run one after another over the whole batch (as `nlp.pipe` runs them, but
each to the end before the next starts), so each one's CPU can be read apart. The steps are
run as `pipeline.build_extraction` runs them, with a clock around each. Times are CPU seconds
of this process (`time.process_time`).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from app.extract.context import DocContext
from app.extract.nlp import get_nlp, parse_many
from app.extract.pipeline import STEPS, _prepare
from app.extract.records import SentenceRecord
from app.extract.statements import quote_spans

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

    from app.extract import ArticleInput


def component_times(nlp: Language, texts: list[str], batch_size: int) -> dict[str, float]:
    """CPU seconds of the tokenizer and of each pipeline component over `texts`."""
    out: dict[str, float] = {}
    c0 = time.process_time()
    docs = [nlp.make_doc(t) for t in texts]
    out["tokenizer"] = time.process_time() - c0
    for name, proc in nlp.pipeline:
        c0 = time.process_time()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch_size))
        else:
            docs = [proc(d) for d in docs]
        out[name] = time.process_time() - c0
    return out


class _Clock:
    """CPU seconds per name, summed over every `with clock(name):` block."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self._name = ""
        self._start = 0.0

    def __call__(self, name: str) -> _Clock:
        self._name = name
        return self

    def __enter__(self) -> None:
        self._start = time.process_time()

    def __exit__(self, *exc: object) -> None:
        spent = time.process_time() - self._start
        self.totals[self._name] = self.totals.get(self._name, 0.0) + spent


def step_times(articles: list[ArticleInput], batch_size: int) -> dict[str, float]:
    """CPU seconds of the parse and of each part of `build_extraction` over `articles`."""
    clock = _Clock()
    texts = [_prepare(a) for a in articles]
    with clock("(parse)"):
        docs = list(parse_many(get_nlp(), texts, batch_size))
    for article, doc, text in zip(articles, docs, texts, strict=True):
        with clock("quote_spans"):
            quotes = quote_spans(article.text[: len(text)])
        with clock("DocContext.create"):
            ctx = DocContext.create(article, doc, quotes, text)
        for s in STEPS:
            with clock(s.name):
                s.run(ctx)
        with clock("records"):
            [SentenceRecord(i, s.start_char, s.end_char) for i, s in enumerate(ctx.sents)]
            sorted(ctx.mentions, key=lambda m: (m.start, m.end))
    return clock.totals


def print_profile(
    bare: Language, texts: list[str], articles: list[ArticleInput], batch_size: int
) -> None:
    """Print the per-component table (bare vs Dyad) and the per-step table."""
    b = component_times(bare, texts, batch_size)
    d = component_times(get_nlp(), texts, batch_size)
    print(f"{'component':24s} {'bare':>7s} {'dyad':>7s} {'dyad-bare':>9s}   (CPU s)")
    for name in [*d, *(n for n in b if n not in d)]:
        bs, ds = b.get(name), d.get(name, 0.0)
        extra = ds - (bs or 0.0)
        print(f"{name:24s} {'-' if bs is None else f'{bs:7.2f}':>7s} {ds:7.2f} {extra:+9.2f}")
    print(
        f"{'total':24s} {sum(b.values()):7.2f} {sum(d.values()):7.2f} "
        f"{sum(d.values()) - sum(b.values()):+9.2f}"
    )
    s = step_times(articles, batch_size)
    print(f"\n{'extraction step':24s} {'CPU s':>7s}")
    for name, secs in s.items():
        print(f"{name:24s} {secs:7.2f}")
    print(f"{'steps (no parse)':24s} {sum(v for k, v in s.items() if k != '(parse)'):7.2f}")
