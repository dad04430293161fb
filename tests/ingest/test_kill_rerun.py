"""A `dyad ingest` SIGKILLed mid-run leaves only whole articles; the rerun ends where a clean run
does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import Engine, func, select

from app.db import get_sessionmaker
from app.models import Actor, Article, Event, Mention, Place, Statement
from tests.conftest import _empty_tables
from tests.ingest.corpus import write_jsonl

TOTAL = 60


def dyad_ingest(path: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "app.cli", "ingest", "--batch-size", "2", str(path)]
    log = (path.parent / f"run-{time.monotonic_ns()}.log").open("wb")
    return subprocess.Popen(
        cmd, cwd=Path(__file__).resolve().parents[2], env=os.environ.copy(), stdout=log, stderr=log
    )


def logs(tmp: Path) -> str:
    return "\n".join(p.read_text(errors="replace")[-2000:] for p in sorted(tmp.glob("run-*.log")))


def article_count() -> int:
    with get_sessionmaker()() as s:
        return s.execute(select(func.count()).select_from(Article)).scalar_one()


def snapshot() -> dict[str, object]:
    """Per article (by text hash): how many events, statements and mentions; plus entity totals."""
    with get_sessionmaker()() as s:
        per_article = {}
        for article in s.execute(select(Article)).scalars():
            per_article[article.content_sha256] = tuple(
                s.execute(
                    select(func.count()).select_from(m).where(m.article_id == article.id)
                ).scalar_one()
                for m in (Event, Statement, Mention)
            )
        totals = {
            m.__name__: s.execute(select(func.count()).select_from(m)).scalar_one()
            for m in (Actor, Place)
        }
    return {"articles": per_article, **totals}


def test_sigkill_mid_run_then_rerun_equals_clean_run(tmp_path: Path, db: Engine) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", TOTAL)

    proc = dyad_ingest(corpus)
    deadline = time.monotonic() + 120
    while article_count() < 4 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = snapshot()
    stored = len(partial["articles"])  # type: ignore[arg-type]
    assert 4 <= stored < TOTAL, f"the kill must land mid-run ({stored} stored)\n{logs(tmp_path)}"
    # Every stored article is whole: the corpus texts all name someone, so each has mentions.
    assert all(mentions > 0 for _, _, mentions in partial["articles"].values())  # type: ignore[attr-defined]

    assert dyad_ingest(corpus).wait(timeout=300) == 0, logs(tmp_path)
    resumed = snapshot()

    _empty_tables(db)
    assert dyad_ingest(corpus).wait(timeout=300) == 0, logs(tmp_path)
    clean = snapshot()

    assert len(clean["articles"]) == TOTAL  # type: ignore[arg-type]
    assert resumed == clean
