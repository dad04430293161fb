"""Benchmark the extractor against bare spaCy on the same texts.

    python bench/extract.py                       # 200 generated articles
    python bench/extract.py --corpus ../shared/corpus/voa_stories.jsonl
    python bench/extract.py -n 400 --batch-size 32 --repeat 2

Prints words/s and articles/s for the extractor at 1 and 2 processes, the ratio of extraction
time to the bare `nlp.pipe` time of the full default `en_core_web_sm` pipeline (no Dyad
components) at one process, and the speed-up of 2 processes over 1. Model loading is excluded
from every timing; each timed pass is preceded by a short warm-up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.extract import ArticleInput, extract_many
from app.extract.nlp import model_name, normalize_text
from app.extract.pipeline import warm_up

_ACTORS = [
    "Egyptian intelligence officials",
    "Hamas",
    "the Palestinian Authority",
    "Israeli police",
    "President Joe Biden",
    "Russian troops",
    "the United Nations",
    "Iranian Foreign Minister Abbas Araghchi",
    "Turkish security forces",
    "the European Union",
    "Houthi rebels",
    "Indian Prime Minister Narendra Modi",
    "Chinese officials",
    "the Taliban",
    "Sudanese army commanders",
    "NATO",
    "French President Emmanuel Macron",
    "Ukrainian forces",
    "Kenyan police",
    "protesters in Nairobi",
    "the Pakistani government",
    "Hezbollah",
]
_CLAUSES = [
    "{a} met with {b} in {city} on {day} to discuss a ceasefire",
    "{a} accused {b} of violating the agreement",
    "{a} said it was ready to sign a deal with {b}",
    "{a} threatened to impose sanctions on {b}",
    "{a} called on {b} to release the prisoners",
    "{a} rejected a proposal from {b}",
    "{a} attacked positions held by {b} near {city}",
    "{a} arrested dozens of supporters of {b} last week",
    "{a} deployed troops along the border with {b}",
    "{b} was criticized by {a} for its handling of the crisis",
    "{a} pledged to send humanitarian aid to {b}",
    "{a} and {b} held talks in {city} earlier this month",
    "{a} praised {b} for its role in the negotiations",
    "{a} would never allow {b} to take control of {city}",
    "{a} withdrew its ambassador from {b}",
]
_CITIES = [
    "Cairo",
    "Gaza",
    "Kyiv",
    "Khartoum",
    "Istanbul",
    "Doha",
    "Nairobi",
    "Tehran",
    "Kabul",
    "Beirut",
    "Rafah",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_FILLER = [
    "The talks come amid growing concern over the humanitarian situation in the region.",
    "Officials did not say when a final decision would be made.",
    "\u201cWe will not accept any conditions that harm our people,\u201d a spokesman said.",
    "Analysts said the move could complicate efforts to end the conflict.",
    "The statement gave no further details.",
    "Thousands of people have been displaced by the fighting in recent months.",
]


def generated(n: int, seed: int = 7) -> list[ArticleInput]:
    """`n` synthetic news-like articles of 300-500 words (deterministic)."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        paras = []
        while sum(len(p.split()) for p in paras) < rng.randint(300, 500):
            a, b = rng.sample(_ACTORS, 2)
            clause = rng.choice(_CLAUSES).format(
                a=a, b=b, city=rng.choice(_CITIES), day=rng.choice(_DAYS)
            )
            sent = clause[0].upper() + clause[1:] + "."
            paras.append(sent + " " + rng.choice(_FILLER))
        date = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 365))
        out.append(ArticleInput(text="\n\n".join(paras), date=date, id=f"gen-{k}"))
    return out


def from_corpus(path: Path, n: int | None) -> list[ArticleInput]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            raw_date = str(rec.get("published") or rec.get("date") or "")[:10]
            try:
                date = dt.date.fromisoformat(raw_date)
            except ValueError:
                date = dt.date.today()
            out.append(
                ArticleInput(
                    text=rec["text"], date=date, title=rec.get("title"), id=str(rec.get("id"))
                )
            )
            if n and len(out) >= n:
                break
    return out


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

    if args.interleave:
        # Bare and extract take turns on the same chunk of articles, so a change of load during
        # the run weighs on both sides alike (on a shared machine the two whole passes, minutes
        # apart, can see very different loads).
        k = args.interleave
        t_bare = c_bare = t_one = c_one = 0.0
        for i in range(0, len(articles), k):
            some_texts, some = texts[i : i + k], articles[i : i + k]
            tb, cb = _time(lambda t=some_texts: list(bare.pipe(t, batch_size=args.batch_size)))
            te, ce = _time(lambda a=some: list(extract_many(a, batch_size=k)))
            t_bare, c_bare, t_one, c_one = t_bare + tb, c_bare + cb, t_one + te, c_one + ce
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
