"""Benchmark the extractor against bare spaCy on the same texts.

    python bench/extract.py                       # 200 generated articles
    python bench/extract.py --corpus ../shared/corpus/voa_stories.jsonl
    python bench/extract.py -n 400 --batch-size 32 --repeat 2
    python bench/extract.py --corpus FILE --interleave 10 --one-process --rounds 5
    python bench/extract.py --corpus FILE --profile   # CPU per spaCy component and per step

Prints words/s and articles/s for the extractor at 1 and 2 processes, the ratio of extraction
time to the bare `nlp.pipe` time of the full default `en_core_web_sm` pipeline (no Dyad
components) at one process, and the speed-up of 2 processes over 1. Model loading is excluded
from every timing; each timed pass is preceded by a short warm-up. With `--rounds N` the
interleaved comparison is run N times, alternating which side goes first, and every round's
ratio is printed with the median: on a shared machine one run's ratio moves by +-0.05.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extract_inputs import from_corpus, generated

from app.extract import ArticleInput, extract_many
from app.extract.nlp import model_name, normalize_text
from app.extract.pipeline import warm_up


def _load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _time(fn) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(wall seconds, CPU seconds of this process and its reaped children)."""
    t0, c0 = time.perf_counter(), _cpu()
    fn()
    return time.perf_counter() - t0, _cpu() - c0


def _interleaved(  # type: ignore[no-untyped-def]
    bare,
    texts: list[str],
    articles: list[ArticleInput],
    k: int,
    batch_size: int,
    extract_first: bool,
) -> tuple[float, float, float, float]:
    """(bare wall, bare CPU, extract wall, extract CPU) over all articles, the two sides taking
    turns on the same K articles, so a change of load during the run weighs on both alike (on a
    shared machine two whole passes, minutes apart, can see very different loads). Which side
    goes first in each turn is given, so that rounds can alternate it."""
    t_bare = c_bare = t_one = c_one = 0.0
    for i in range(0, len(articles), k):
        some_texts, some = texts[i : i + k], articles[i : i + k]
        if extract_first:
            te, ce = _time(lambda a=some: list(extract_many(a, batch_size=k)))
        tb, cb = _time(lambda t=some_texts: list(bare.pipe(t, batch_size=batch_size)))
        if not extract_first:
            te, ce = _time(lambda a=some: list(extract_many(a, batch_size=k)))
        t_bare, c_bare, t_one, c_one = t_bare + tb, c_bare + cb, t_one + te, c_one + ce
    return t_bare, c_bare, t_one, c_one


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--corpus", type=Path, help="JSONL file with text and published/date fields")
    ap.add_argument(
        "-n", type=int, default=200, help="number of generated articles (or max from corpus)"
    )
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument(
        "--repeat", type=int, default=1, help="timed passes per measurement (best is kept)"
    )
    ap.add_argument(
        "--interleave",
        type=int,
        default=0,
        metavar="K",
        help="time bare and extract in turns, K articles at a time (a ratio robust to load)",
    )
    ap.add_argument(
        "--one-process",
        action="store_true",
        help="skip the 2-process pool (only the extract/bare ratio, in half the time)",
    )
    ap.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="with --interleave: whole interleaved passes, alternating which side goes first; "
        "each round's ratio is printed, then the median",
    )
    ap.add_argument(
        "--profile",
        action="store_true",
        help="print CPU per spaCy component (bare vs Dyad) and per extraction step, then stop",
    )
    args = ap.parse_args()

    articles = (
        from_corpus(args.corpus, args.n if args.corpus and args.n != 200 else None)
        if args.corpus
        else generated(args.n)
    )
    words = sum(len(a.text.split()) for a in articles)
    texts = [normalize_text(a.text) for a in articles]

    import spacy

    name = model_name()
    bare = spacy.load(name)
    warm_up()
    list(bare.pipe(texts[:8]))
    list(extract_many(articles[:8]))

    def best(fn) -> tuple[float, float]:  # type: ignore[no-untyped-def]
        return min(_time(fn) for _ in range(args.repeat))

    if args.profile:
        from extract_profile import print_profile

        print_profile(bare, texts, articles, args.batch_size)
        return 0
    if args.interleave:
        rounds = [
            _interleaved(bare, texts, articles, args.interleave, args.batch_size, r % 2 == 1)
            for r in range(args.rounds)
        ]
        for r, (tb, cb, te, ce) in enumerate(rounds):
            print(
                f"round {r + 1} ({'extract' if r % 2 else 'bare'} first): CPU bare {cb:.2f} "
                f"extract {ce:.2f} overhead {ce - cb:+.2f} s  ratio {te / tb:.3f} wall, "
                f"{ce / cb:.3f} CPU  load {_load()}"
            )
        # the round of median CPU ratio (the upper one of an even count) stands for the run below
        t_bare, c_bare, t_one, c_one = sorted(rounds, key=lambda x: x[3] / x[1])[len(rounds) // 2]
        if len(rounds) > 1:
            overhead = statistics.median(ce - cb for _, cb, _, ce in rounds)
            print(
                f"median of {len(rounds)} rounds: CPU ratio "
                f"{statistics.median(ce / cb for _, cb, _, ce in rounds):.3f}, "
                f"overhead (extract - bare) {overhead:+.2f} s CPU"
            )
    else:
        t_bare, c_bare = best(lambda: list(bare.pipe(texts, batch_size=args.batch_size)))
        t_one, c_one = best(lambda: list(extract_many(articles, batch_size=args.batch_size)))
    t_two = 0.0
    if not args.one_process:
        # Two worker processes of the extraction pool (started and warmed before the clock runs).
        from app.extract.pool import ExtractionPool

        with ExtractionPool(workers=2) as pool:
            list(pool.imap([(0, articles[:1]), (1, articles[1:2])]))
            chunks = [articles[i : i + 8] for i in range(0, len(articles), 8)]
            t_two, _ = best(lambda: list(pool.imap(enumerate(chunks))))

    print(
        f"corpus: {args.corpus or 'generated'}  articles={len(articles)}  words={words}  "
        f"model={name}"
    )
    print(
        f"bare nlp.pipe (1 proc):   {t_bare:7.2f} s  {words / t_bare:8.0f} words/s  "
        f"{len(articles) / t_bare:6.1f} articles/s"
    )
    print(
        f"extract (1 proc):         {t_one:7.2f} s  {words / t_one:8.0f} words/s  "
        f"{len(articles) / t_one:6.1f} articles/s"
    )
    if t_two:
        print(
            f"extract (2 procs):        {t_two:7.2f} s  {words / t_two:8.0f} words/s  "
            f"{len(articles) / t_two:6.1f} articles/s"
        )
    # The pool's workers are alive while timed, so their CPU is not in this process's
    # children times: only the one-process runs have a CPU figure.
    print(f"CPU seconds: bare {c_bare:.2f}  extract-1 {c_one:.2f}")
    print(
        f"ratio extract/bare (1 proc): {t_one / t_bare:.2f} wall, {c_one / c_bare:.2f} CPU   "
        "(target <= 1.15)"
    )
    if t_two:
        print(f"speed-up 2 procs vs 1:       {t_one / t_two:.2f}x  (target >= 1.7)")
        print("(wall-clock speed-up needs two free cores)")
    print(f"load now: {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
