"""`bench/ingest.py`'s embedded measurements: the extraction pool alone, `dyad ingest` through it
(each timed in steady state and over the whole run, with the CPU each process spent), and
extraction and storing interleaved batch by batch in one process.

CPU beside the wall rates: on a machine whose cores other programs share, the wall rate of the
pool alone and of `dyad ingest`, run one after the other, moves with the load by more than
storing costs (the same pair read +3.7, +9.4 and +35.6 % in three runs). What storing costs in
CPU does not move with it: `dyad ingest`'s own process (reading, the known-text lookups,
unpickling the results, storing) plus its PostgreSQL server processes, less what the same
process spent beside the pool alone (reading and unpickling), per article, against the pool
workers' extraction CPU per article in the same run. With every core busy (2 workers on 2
cores) that CPU is what storing adds to the job's time; with a core to spare it adds less."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from app import migrate
from app.extract.records import ArticleInput
from app.ingest.readers import ReadItem
from bench.ingest_broker import rate
from bench.proc_cpu import cpu_seconds


@dataclass
class PoolCpu:
    """CPU seconds over a timed run: the pool's extraction workers, this process, and (on a
    local PostgreSQL) the server processes of this process's connections."""

    extract: float = 0.0
    own: float = 0.0
    server: float = 0.0


def fresh_factory(url: str) -> sessionmaker:  # type: ignore[type-arg]
    from app.db import make_engine
    from app.models import Base

    engine = make_engine(url)
    if url.startswith("postgresql"):
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    migrate.upgrade(url)
    with engine.begin() as conn:  # empty every table (fresh schema already is; belt and braces)
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
    return sessionmaker(bind=engine, expire_on_commit=False)


def _watch_backends(engine: Engine, url: str) -> set[int]:
    """The PostgreSQL server processes of `engine`'s connections from now on (filled as they
    connect); empty on SQLite."""
    engine.dispose()
    pids: set[int] = set()
    if url.startswith("postgresql"):
        event.listen(engine, "connect", lambda conn, _rec: pids.add(conn.info.backend_pid))
    return pids


def _cpu_now(workers: set[int], backends: set[int]) -> PoolCpu:
    return PoolCpu(
        sum(cpu_seconds(p) for p in workers), time.process_time(), _backend_cpu(backends)
    )


def _cpu_since(before: PoolCpu, workers: set[int], backends: set[int]) -> PoolCpu:
    now = _cpu_now(workers, backends)
    return PoolCpu(now.extract - before.extract, now.own - before.own, now.server - before.server)


def bench_ingest(
    url: str, articles: list[ArticleInput], workers: int, batch_size: int
) -> tuple[float, float, float, float, PoolCpu]:
    """Articles/s of the ingestion pipeline in steady state and over the whole run, seconds of
    warm-up, the share of the steady-state time this process spent waiting for the pool's
    results (when it waits before every batch, storing is off the critical path: it only costs
    the CPU it takes from extraction), and the CPU of the whole timed run.

    The pool is warmed up first, the way `bench_broker` warms its worker processes: a smaller
    ingest of distinct texts, two batches per worker, so every worker has loaded spaCy and this
    process has stored (its caches and connections are warm). The whole-run rate is then timed
    from calling `ingest_items` to its return, like a broker job from sending it to its end:
    the comparison the broker's bars are read on. The steady rate starts after the first batch
    is stored, which with W workers excludes one batch while W first batches were extracted,
    so it reads high with 2 workers (about 16 articles in 178); it stays for `storing adds`,
    where the pool alone is read on the same window."""
    from app.ingest.extraction import make_pool
    from app.ingest.service import ingest_items

    factory = fresh_factory(url)
    backends = _watch_backends(factory.kw["bind"], url)
    marks: list[float] = []
    waits: list[tuple[float, float]] = []  # (when the wait ended, how long it was)
    t0 = time.perf_counter()
    with make_pool(workers) as pool:
        warm = [
            ReadItem(f"warm:{i}", article=ArticleInput(text=f"{a.text} Warm-up {i}.", date=a.date))
            for i, a in enumerate(articles[: 2 * workers * batch_size])
        ]
        ingest_items(factory, iter(warm), pool=pool, batch_size=batch_size)
        warmed = time.perf_counter()
        imap = pool.imap

        def timed_imap(batches: Any) -> Any:
            results = imap(batches)
            while True:
                start = time.perf_counter()
                item = next(results, None)
                waits.append((time.perf_counter(), time.perf_counter() - start))
                if item is None:
                    return
                yield item

        pool.imap = timed_imap  # type: ignore[method-assign]
        pids = pool.pids()
        cpu = _cpu_now(pids, backends)
        began = time.perf_counter()
        summary = ingest_items(
            factory,
            (ReadItem(f"bench:{i}", article=a) for i, a in enumerate(articles)),
            pool=pool,
            batch_size=batch_size,
            on_outcome=lambda _o: marks.append(time.perf_counter()),
        )
        used = _cpu_since(cpu, pids, backends)
    assert summary.ingested == len(articles), summary
    first_batch = min(batch_size, len(marks))
    start, end = marks[first_batch - 1], marks[-1]
    steady = rate(len(marks) - first_batch, end - start)
    whole = rate(len(marks), end - began)
    waited = sum(w for at, w in waits if start < at <= end)
    factory.kw["bind"].dispose()
    return steady, whole, warmed - t0, waited / (end - start), used


def _backend_cpu(pids: set[int]) -> float:
    """CPU seconds used so far by the PostgreSQL server processes `pids` (a local server: their
    /proc entries are readable), 0.0 for those that are gone."""
    return sum(cpu_seconds(pid) for pid in pids)


def bench_split(url: str, articles: list[ArticleInput], batch_size: int) -> dict[str, float]:
    """Extraction and storing timed batch by batch in one process, interleaved, so that load from
    other processes on the machine weighs on both alike: wall and CPU seconds of each, and on a
    local PostgreSQL the CPU its server process spent on the stores."""
    from app.extract import extract_many, get_nlp
    from app.ingest.service import store_one

    get_nlp()
    factory = fresh_factory(url)
    engine = factory.kw["bind"]
    backends = _watch_backends(engine, url)
    out = {
        "extract_wall": 0.0,
        "extract_cpu": 0.0,
        "store_wall": 0.0,
        "store_cpu": 0.0,
        "server_cpu": 0.0,
    }
    for i in range(0, len(articles), batch_size):
        batch = articles[i : i + batch_size]
        w, c = time.perf_counter(), time.process_time()
        extractions = list(extract_many(batch, batch_size=len(batch)))
        out["extract_wall"] += time.perf_counter() - w
        out["extract_cpu"] += time.process_time() - c
        w, c, s = time.perf_counter(), time.process_time(), _backend_cpu(backends)
        for a, ex in zip(batch, extractions, strict=True):
            assert store_one(factory, ReadItem("bench", article=a), ex).error is None
        out["store_wall"] += time.perf_counter() - w
        out["store_cpu"] += time.process_time() - c
        out["server_cpu"] += _backend_cpu(backends) - s  # a backend started mid-batch: 0 start
    engine.dispose()
    return out


def bench_pool_extract(
    articles: list[ArticleInput], workers: int, batch_size: int
) -> tuple[float, PoolCpu]:
    """Steady-state articles/s of the extraction pool alone (what `dyad ingest` would reach if
    storing cost nothing): same batches, same window, results dropped; and its CPU."""
    from app.ingest.extraction import make_pool

    marks: list[float] = []
    batches = ((None, articles[i : i + batch_size]) for i in range(0, len(articles), batch_size))
    with make_pool(workers) as pool:
        for future in [pool.submit(articles[i : i + 1]) for i in range(workers)]:
            future.result()  # every worker is up (its pid known) before the CPU is read
        pids = pool.pids()
        cpu = _cpu_now(pids, set())
        for _, results in pool.imap(batches):
            marks.extend(time.perf_counter() for _ in results)
        used = _cpu_since(cpu, pids, set())
    first_batch = min(batch_size, len(marks))
    return rate(len(marks) - first_batch, marks[-1] - marks[first_batch - 1]), used


def storing_cpu(n: int, ingest: PoolCpu, alone: PoolCpu) -> tuple[float, str]:
    """What storing cost in CPU per article, as a share (%) of the extraction's CPU in the same
    run, and in words, from one round's pair (pool alone, `dyad ingest`)."""
    extract = 1000 * ingest.extract / n
    own = 1000 * (ingest.own - alone.own) / n
    server = 1000 * ingest.server / n
    share = 100 * (own + server) / extract
    return share, (
        f"storing CPU {own + server:.1f} ms per article (dyad ingest's process beyond the pool "
        f"alone's {own:.1f}, its PostgreSQL {server:.1f}) = {share:.1f} % of extraction's "
        f"{extract:.1f} ms (pool alone {1000 * alone.extract / n:.1f})"
    )
