"""Input streams against real `dyad` processes: a line far over the size limit is refused
while it is read (never held), /dev/zero ends, and `dyad extract --jsonl` streams with
per-record errors."""

from __future__ import annotations

import io
import json
import os
import select
import subprocess
import sys
import tracemalloc

from sqlalchemy.engine import Engine

from app.ingest.readers import MAX_LINE_BYTES, read_jsonl_stream
from tests.ingest.corpus import article_text


def _env(db: Engine) -> dict[str, str]:
    return {**os.environ, "DYAD_DATABASE_URL": db.url.render_as_string(hide_password=False)}


def test_an_oversized_line_is_refused_without_being_held() -> None:
    good = json.dumps({"text": article_text(1), "date": "2024-03-01"}).encode() + b"\n"
    huge = b'{"text": "' + b"x" * (30 * 1024 * 1024) + b'", "date": "2024-03-01"}\n'
    stream = io.BytesIO(good + huge + good)
    del huge
    tracemalloc.start()
    try:
        items = list(read_jsonl_stream(stream, "mem"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [i.error is None for i in items] == [True, False, True]
    assert "over the size limit" in str(items[1].error)
    assert peak < 4 * MAX_LINE_BYTES, peak  # the 30 MB line was never held


def test_ingest_from_dev_zero_ends_with_one_record_error(db: Engine) -> None:
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run(
            [sys.executable, "-m", "app.cli", "ingest", "-"],
            stdin=zero,
            capture_output=True,
            text=True,
            timeout=300,
            env=_env(db),
            check=False,
        )
    assert done.returncode == 1, done.stderr[-2000:]
    assert "the rest of this input is not read" in done.stderr
    assert "Traceback" not in done.stderr


def _readline(proc: subprocess.Popen[str], timeout: float) -> str:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    assert ready, "no output line in time"
    return proc.stdout.readline()


def test_extract_jsonl_streams_with_per_record_errors(db: Engine) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "extract", "--jsonl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(db),
    )
    assert proc.stdin is not None
    try:
        proc.stdin.write(json.dumps({"id": "a", "text": article_text(1), "date": "2024-03-01"}))
        proc.stdin.write("\n")
        proc.stdin.flush()
        # The first answer comes while stdin is still open: nothing waits for the end of input.
        first = json.loads(_readline(proc, 300))
        assert first["id"] == "a" and first["events"]
        proc.stdin.write('{"text": "no date"}\n')
        proc.stdin.write(json.dumps({"id": "c", "text": article_text(2), "date": "2024-03-02"}))
        proc.stdin.write("\n")
        proc.stdin.flush()
        proc.stdin.close()
        proc.stdin = None
        rest, errors = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 1
    assert [json.loads(line)["id"] for line in rest.splitlines()] == ["c"]
    assert "<stdin>:2" in errors and "missing date" in errors
