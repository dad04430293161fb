"""Ingestion throughput: articles/s of `dyad ingest` (workers 1 and 2) next to extraction alone
and bare spaCy `nlp.pipe`, on SQLite and PostgreSQL.

    .venv/bin/python bench/ingest.py --corpus /work/shared/corpus/voa_stories.jsonl --copies 3
    .venv/bin/python bench/ingest.py --generate 400 --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/dyad_bench

The corpus is read where it lies, never copied. `--copies k` repeats it with a marker sentence so
every text is distinct (the deduplication would otherwise skip the copies). Rates are taken in
steady state: model loading (in this process or the worker pool) is timed separately and not
counted, so the numbers compare work per article. Targets: storing adds ≤ 10 % to extraction;
two workers ≥ 1.7 × one.

Storing is measured two ways. "interleaved": extraction and storing of each batch timed in turn
in one process (wall and CPU; on a local PostgreSQL also its server process's CPU), i.e. what
storing would add if nothing overlapped. "dyad ingest … adds": the pipeline as users run it
(extraction in the pool's worker processes, storing in this one, a window of batches in flight)
against the same pool extracting the same batches with nothing stored; the two take turns for
`--rounds` rounds (3) and the median round is printed, since one pair alone moved from +5 % to
+40 % with the machine's load.
`--steps split,ingest --skip-sqlite` measures just that on PostgreSQL.

`--broker amqp://…` also runs the corpus as one ingest job through RabbitMQ with 1 and 2
`dyad worker` processes in each round, right after `dyad ingest` (each warmed up on small jobs
until every process has worked a batch, so model loading is not counted), and compares with the
embedded pool of that round: targets broker overhead ≤ 5 %, 2 workers ≥ 1.8 × one, both read on
the rate over the whole job, from sending it to seeing it finished. Beside it: the rate after
every process has settled its first batch (informative only: batches in flight then were partly
worked before, so it reads high), and the CPU the workers spent per article (their processes,
and the PostgreSQL server's). At the end: each round's 2 ÷ 1 ratio (its two jobs ran back to
back) and their median, beside the ceiling the CPU spent allows on two cores, 2·e₁ / (e₂ + s)
(`ingest_broker.speedup_report`), and for each job the cores all its processes got (on a shared
machine far below 2: then no rate means anything) and how often the extraction workers were
moved between cores or preempted.

    .venv/bin/python bench/ingest.py --generate 200 --broker amqp://guest:guest@127.0.0.1:5672/%2F \
        --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/dyad_bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from app.extract.records import ArticleInput
from bench.ingest_broker import BrokerRun, bench_broker, describe, rate, speedup_report
from bench.ingest_embedded import (
    bench_ingest,
    bench_pool_extract,
    bench_split,
    fresh_factory,
    storing_cpu,
)


def load_corpus(path: Path | None, generate: int, copies: int) -> list[ArticleInput]:
    base: list[ArticleInput] = []
    if path is not None:
        for line in path.open(encoding="utf-8"):
            if line.strip():
                rec = json.loads(line)
                base.append(
                    ArticleInput(
                        text=rec["text"],
                        date=dt.date.fromisoformat(rec["published"][:10]),
                        title=rec.get("title"),
                        url=None,
                        source="bench",
                    )
                )
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from tests.ingest.corpus import article_text

        base = [
            ArticleInput(
                text=" ".join(article_text(i * 10 + k) for k in range(8)), date=dt.date(2024, 3, 1)
            )
            for i in range(generate)
        ]
    out = []
    for copy in range(copies):
        for i, a in enumerate(base):
            marker = f" Bench copy {copy} of item {i}." if copies > 1 else ""
            out.append(
                ArticleInput(text=a.text + marker, date=a.date, title=a.title, source=a.source)
            )
    return out


def bench_bare_spacy(texts: list[str]) -> tuple[float, float]:
    import spacy

    from app.extract.nlp import model_name

    t0 = time.perf_counter()
    nlp = spacy.load(model_name())
    load = time.perf_counter() - t0
    list(nlp.pipe(texts[:8]))  # warm caches
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return rate(len(texts), time.perf_counter() - t0), load


def bench_extract(articles: list[ArticleInput]) -> float:
    from app.extract import extract_many, get_nlp

    get_nlp()
    list(extract_many(articles[:8]))
    t0 = time.perf_counter()
    for _ in extract_many(articles, batch_size=32):
        pass
    return rate(len(articles), time.perf_counter() - t0)


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def measure_rounds(
    name: str,
    url: str,
    articles: list[ArticleInput],
    args: argparse.Namespace,
    workers_list: list[int],
    *,
    embedded: bool,
) -> None:
    """Rounds of the embedded measurements (`embedded`: pool alone, `dyad ingest`) and the job
    through the broker (with --broker), for each worker count; the medians and the ratios."""
    # The pool alone, `dyad ingest` and (with --broker) the job through `dyad worker` take
    # turns, and so do the worker counts, round after round: a change in the machine's load
    # weighs on all of them; the median round is the number to read.
    adds: dict[int, list[float]] = {w: [] for w in workers_list}
    cpu_adds: dict[int, list[float]] = {w: [] for w in workers_list}  # storing CPU ÷ extraction
    steadies: dict[int, list[float]] = {w: [] for w in workers_list}
    wholes: dict[int, list[float]] = {w: [] for w in workers_list}  # whole run, warm pool
    brokered: dict[int, list[BrokerRun]] = {w: [] for w in workers_list}
    overheads: dict[int, list[float]] = {w: [] for w in workers_list}
    for r in range(args.rounds):
        for workers in workers_list:
            whole = float("nan")
            if embedded:
                alone, alone_cpu = bench_pool_extract(articles, workers, args.batch_size)
                steady, whole, warmup, waiting, cpu = bench_ingest(
                    url, articles, workers, args.batch_size
                )
                adds[workers].append(100 * (alone / steady - 1))
                share, in_words = storing_cpu(len(articles), cpu, alone_cpu)
                cpu_adds[workers].append(share)
                steadies[workers].append(steady)
                wholes[workers].append(whole)
                print(
                    f"round {r + 1}: pool alone workers={workers}: {alone:6.1f} articles/s; "
                    f"dyad ingest {name}: {steady:6.1f} articles/s steady, {whole:6.1f} over "
                    f"the whole run (warm-up {warmup:.1f} s; {100 * waiting:.0f} % of the time "
                    f"waiting for extraction); storing adds {adds[workers][-1]:+.1f} %   "
                    f"{_load()}\n    {in_words}"
                )
            if args.broker:
                run = bench_broker(
                    url, args.broker, articles, workers, args.broker_batch_size, fresh_factory
                )
                brokered[workers].append(run)
                overheads[workers].append(100 * (whole / run.job - 1))
                print(
                    f"round {r + 1}: broker {name} dyad worker processes={workers}: "
                    f"{run.job:6.1f} articles/s over the whole job, from sending it "
                    f"({run.steady:.1f} after every process settled its first batch), "
                    f"{run.cpu_ms:.0f} ms CPU per article (workers"
                    f"{' + PostgreSQL' if name == 'postgresql' else ''}); overhead vs dyad "
                    f"ingest this round {overheads[workers][-1]:+.1f} %   {_load()}\n"
                    f"{describe(run)}"
                )
    results: dict[int, float] = {}
    through: dict[int, float] = {}
    for workers in workers_list:
        if embedded:
            results[workers] = statistics.median(steadies[workers])
            print(
                f"dyad ingest {name:10} workers={workers}: {results[workers]:7.1f} articles/s "
                f"(median of {args.rounds}); storing adds {statistics.median(adds[workers]):+.1f}"
                " % to the pool's extraction alone (median round; target ≤ 10 %); "
                f"{statistics.median(wholes[workers]):.1f} articles/s over the whole run; "
                f"storing's CPU {statistics.median(cpu_adds[workers]):.1f} % of extraction's "
                "(median round; what storing adds once every core is busy)"
            )
        if brokered[workers]:
            through[workers] = statistics.median(run.job for run in brokered[workers])
            print(
                f"broker {name:10} dyad worker processes={workers}: "
                f"{through[workers]:7.1f} articles/s whole job (median of {args.rounds}); "
                f"overhead {statistics.median(overheads[workers]):+.1f} % vs the embedded pool "
                "over its whole run (median round; target ≤ 5 %)"
            )
    if 1 in results and 2 in results:
        print(f"  {name}: 2 workers = {results[2] / results[1]:.2f} × 1 worker (target ≥ 1.7 ×)")
        w1, w2 = statistics.median(wholes[1]), statistics.median(wholes[2])
        print(f"  {name}: over the whole run, 2 workers = {w2 / w1:.2f} × 1 worker")
    if 1 in through and 2 in through:
        print(f"  {name}: broker 2 workers = {through[2] / through[1]:.2f} × 1 (ratio of medians)")
        print(speedup_report(name, brokered[1], brokered[2]))


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--corpus", type=Path, help="JSONL with text and published (default: generated texts)"
    )
    ap.add_argument("--generate", type=int, default=300, help="generated articles when no --corpus")
    ap.add_argument(
        "--copies", type=int, default=1, help="repeat the corpus k times (each copy made distinct)"
    )
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--sqlite", default=None, help="SQLite URL (default: a temporary file)")
    ap.add_argument(
        "--pg-url",
        default=os.environ.get("DYAD_BENCH_PG_URL"),
        help="PostgreSQL URL of a throw-away database (its schema is dropped!); omit to skip",
    )
    ap.add_argument("--workers", default="1,2")
    ap.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="pool-alone / dyad-ingest pairs per worker count, taken in turns (median printed)",
    )
    ap.add_argument(
        "--broker", default=None, help="amqp://… of a RabbitMQ: also measure `dyad worker` jobs"
    )
    ap.add_argument("--broker-batch-size", type=int, default=16, help="articles per broker message")
    ap.add_argument(
        "--steps",
        default="spacy,extract,split,ingest",
        help="which measurements to run (comma-separated): spacy, extract, split, ingest, broker "
        "(broker without ingest: only the jobs through --broker)",
    )
    ap.add_argument("--skip-sqlite", action="store_true", help="measure PostgreSQL only")
    args = ap.parse_args()
    steps = set(args.steps.split(","))

    articles = load_corpus(args.corpus, args.generate, args.copies)
    chars = sum(len(a.text) for a in articles)
    print(
        f"corpus: {len(articles)} articles, {chars / len(articles):.0f} characters each on "
        "average; "
        f"{os.cpu_count()} CPUs"
    )
    if "spacy" in steps:
        bare, load = bench_bare_spacy([a.text for a in articles])
        print(
            f"bare spaCy nlp.pipe:             {bare:7.1f} articles/s   (model load {load:.1f} s)"
        )
    if "extract" in steps:
        extract = bench_extract(articles)
        print(f"Dyad extraction only (1 process): {extract:7.1f} articles/s   {_load()}")
    dbs = {}
    if not args.skip_sqlite:
        dbs["sqlite"] = (
            args.sqlite or f"sqlite:///{tempfile.mkdtemp(prefix='dyad-bench-')}/bench.sqlite3"
        )
    if args.pg_url:
        dbs["postgresql"] = args.pg_url
    for name, url in dbs.items() if "split" in steps else ():
        split = bench_split(url, articles, args.batch_size)
        server = (
            f", {100 * (split['store_cpu'] + split['server_cpu']) / split['extract_cpu']:.1f} % "
            f"with the server's CPU ({1000 * split['server_cpu'] / len(articles):.1f} ms per "
            "article)"
            if name == "postgresql"
            else ""
        )
        print(
            f"{name:10} interleaved: storing = "
            f"{100 * split['store_wall'] / split['extract_wall']:.1f} % of extraction "
            f"wall time, {100 * split['store_cpu'] / split['extract_cpu']:.1f} % of its CPU "
            f"time{server} ({1000 * split['store_wall'] / len(articles):.1f} ms wall, "
            f"{1000 * split['store_cpu'] / len(articles):.1f} ms CPU per article stored)   "
            f"{_load()}"
        )
    workers_list = [int(w) for w in args.workers.split(",")] if steps & {"ingest", "broker"} else []
    for name, url in dbs.items():
        measure_rounds(name, url, articles, args, workers_list, embedded="ingest" in steps)


if __name__ == "__main__":
    main()
