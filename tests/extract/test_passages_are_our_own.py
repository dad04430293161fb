"""Test passages are our own words: none shares a run of words with the VOA corpus or a dev set.

A passage fitted by swapping the names in a dev-set or VOA sentence tests that sentence, not the
rule, and the project takes no text from elsewhere. The texts live beside the repository
(../shared in the team's checkouts); on a machine without them the check is skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.extract.passage_files import load_passages

RUN = 7  # consecutive words; shorter runs are names and stock phrases ("the U.N. Security Council")
_WORD = re.compile(r"[a-z0-9]+")


def _shared_dir() -> Path | None:
    """The team's shared folder: a "shared" sibling of the repository or of a folder above it."""
    for parent in Path(__file__).resolve().parents:
        shared = parent / "shared"
        if (shared / "corpus" / "voa_stories.jsonl").is_file() or (
            shared / "devsets" / "data"
        ).is_dir():
            return shared
    return None


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _strings(value: Any) -> Iterator[str]:
    """Every string in a JSON record (texts, titles, quoted spans)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _outside_runs(shared: Path) -> set[tuple[str, ...]]:
    files = [shared / "corpus" / "voa_stories.jsonl"]
    files += sorted((shared / "devsets" / "data").glob("*.jsonl"))
    runs: set[tuple[str, ...]] = set()
    for path in (f for f in files if f.is_file()):
        for line in path.read_text("utf-8", errors="replace").splitlines():
            if not line.strip():
                continue
            for text in _strings(json.loads(line)):
                w = _words(text)
                runs.update(tuple(w[i : i + RUN]) for i in range(len(w) - RUN + 1))
    return runs


def _longest_shared(words: list[str], runs: set[tuple[str, ...]]) -> str | None:
    """The longest stretch of the passage covered by shared runs, for the failure message."""
    hits = [i for i in range(len(words) - RUN + 1) if tuple(words[i : i + RUN]) in runs]
    if not hits:
        return None
    best: tuple[int, int] = (hits[0], hits[0])
    start = prev = hits[0]
    for i in hits[1:] + [-2]:
        if i != prev + 1:
            if prev - start > best[1] - best[0]:
                best = (start, prev)
            start = i
        prev = i
    return " ".join(words[best[0] : best[1] + RUN])


def test_no_passage_shares_a_run_of_words_with_outside_texts() -> None:
    shared = _shared_dir()
    if shared is None:
        pytest.skip("no ../shared folder (VOA corpus, dev sets) beside the repository")
    runs = _outside_runs(shared)
    if not runs:
        pytest.skip(f"{shared} holds neither the VOA corpus nor the dev sets")
    passages = load_passages()
    copied = {
        case["id"]: found
        for case in passages
        if (found := _longest_shared(_words(case["text"]), runs)) is not None
    }
    assert not copied, f"passages sharing {RUN}+ words with the VOA corpus or a dev set: {copied}"


def test_a_copied_sentence_would_be_caught() -> None:
    """The check itself: a run of seven shared words is found, six are not."""
    runs = {("a", "b", "c", "d", "e", "f", "g")}
    assert _longest_shared(_words("x A b c d e f g y"), runs) == "a b c d e f g"
    assert _longest_shared(_words("x a b c d e f y g"), runs) is None
