"""Test passages are our own words: none shares a run of words with the VOA corpus or a dev set.

A passage fitted by swapping the names in a dev-set or VOA sentence tests that sentence, not the
rule, and the project takes no text from elsewhere. Two checks: no run of seven words in common,
and no run of nine words in common once every capitalised word or number is read as a name slot
(so "the Kenyan journalist and BBC host Achieng" and "the Somali journalist and TV host Ali" have
one shape); and a third for a frame with a word or two swapped for a synonym: no eleven-token
shape run that differs from an outside one in at most two places. The texts live beside the
repository
(../shared in the team's checkouts); on a machine without them the check is skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.extract.passage_files import load_passages

_Found = TypeVar("_Found", set[tuple[str, ...]], list[list[str]])

RUN = 7  # consecutive words; shorter runs are names and stock phrases ("the U.N. Security Council")
_WORD = re.compile(r"[a-z0-9]+")
# Shape runs are longer: with names reduced to one slot, eight-token frames such as "X is due to
# meet X in X" are common news idiom; nine catch a re-skinned sentence (review R4-R15 of session 7).
SHAPE_RUN = 9
_TOKEN = re.compile(r"[A-Za-z0-9'’.-]+")
# "was criticized by X and X envoys at a X meeting" against "... representatives at a X meeting":
# eleven tokens with at most two swapped words flagged one re-skinned passage among 610 and no
# stock phrase (ten tokens flagged "that the X of X and the X of X"); a window must also hold
# seven ordinary words, so runs of names and numbers never match.
GAP_RUN, GAP_SWAPS, GAP_WORDS = 11, 2, 7
_BLOCK = 3  # a window with at most two swaps keeps one of its first three blocks of 3 intact


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


def _shape(text: str) -> list[str]:
    """Lower-case words; each stretch of capitalised words or numbers is one name slot X."""
    out: list[str] = []
    for raw in _TOKEN.findall(text):
        word = raw.strip(".'’-")
        if not word:
            continue
        token = "X" if word[0].isupper() or word[0].isdigit() else word.lower()
        if token == "X" and out and out[-1] == "X":
            continue
        out.append(token)
    return out


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


def _outside_texts(shared: Path) -> Iterator[str]:
    files = [shared / "corpus" / "voa_stories.jsonl"]
    files += sorted((shared / "devsets" / "data").glob("*.jsonl"))
    for path in (f for f in files if f.is_file()):
        for line in path.read_text("utf-8", errors="replace").splitlines():
            if line.strip():
                yield from _strings(json.loads(line))


def _runs(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def _outside_runs(shared: Path) -> set[tuple[str, ...]]:
    runs: set[tuple[str, ...]] = set()
    for text in _outside_texts(shared):
        runs |= _runs(_words(text), RUN)
    return runs


def _outside_shapes(shared: Path) -> set[tuple[str, ...]]:
    shapes: set[tuple[str, ...]] = set()
    for text in _outside_texts(shared):
        shapes |= _runs(_shape(text), SHAPE_RUN)
    return shapes


def _outside_shape_lists(shared: Path) -> list[list[str]]:
    return [_shape(text) for text in _outside_texts(shared)]


def _block_index(texts: list[list[str]]) -> dict[tuple[str, ...], list[tuple[int, int]]]:
    """Where each run of _BLOCK shape tokens starts: (text, offset)."""
    index: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    for t, shape in enumerate(texts):
        for i in range(len(shape) - _BLOCK + 1):
            index.setdefault(tuple(shape[i : i + _BLOCK]), []).append((t, i))
    return index


def _near_frame(
    shape: list[str],
    texts: list[list[str]],
    index: dict[tuple[str, ...], list[tuple[int, int]]],
) -> tuple[str, str] | None:
    """A GAP_RUN window of `shape` within GAP_SWAPS tokens of an outside one, with that one."""
    for i in range(len(shape) - GAP_RUN + 1):
        window = shape[i : i + GAP_RUN]
        if sum(tok != "X" for tok in window) < GAP_WORDS:
            continue
        for b in range(0, (GAP_SWAPS + 1) * _BLOCK, _BLOCK):
            for t, j in index.get(tuple(window[b : b + _BLOCK]), ()):
                other = texts[t][j - b : j - b + GAP_RUN]
                if j - b < 0 or len(other) < GAP_RUN:
                    continue
                if sum(x != y for x, y in zip(window, other, strict=True)) <= GAP_SWAPS:
                    return " ".join(window), " ".join(other)
    return None


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


def _outside_or_skip(collect: Callable[[Path], _Found]) -> _Found:
    """What `collect` finds in the outside texts; skips the test where there is nothing."""
    shared = _shared_dir()
    if shared is None:
        pytest.skip("no ../shared folder (VOA corpus, dev sets) beside the repository")
    found = collect(shared)
    if not found:
        pytest.skip(f"{shared} holds neither the VOA corpus nor the dev sets")
    return found


def test_no_passage_shares_a_run_of_words_with_outside_texts() -> None:
    runs = _outside_or_skip(_outside_runs)
    passages = load_passages()
    copied = {
        case["id"]: found
        for case in passages
        if (found := _longest_shared(_words(case["text"]), runs)) is not None
    }
    assert not copied, f"passages sharing {RUN}+ words with the VOA corpus or a dev set: {copied}"


def test_no_passage_is_an_outside_sentence_with_other_names() -> None:
    shapes = _outside_or_skip(_outside_shapes)
    reskinned = {
        case["id"]: " ".join(found)
        for case in load_passages()
        for found in [next(iter(_runs(_shape(case["text"]), SHAPE_RUN) & shapes), None)]
        if found is not None
    }
    assert not reskinned, f"passages with a {SHAPE_RUN}-token frame of an outside text: {reskinned}"


def test_no_passage_is_an_outside_frame_with_a_word_or_two_swapped() -> None:
    texts = _outside_or_skip(_outside_shape_lists)
    index = _block_index(texts)
    near = {
        case["id"]: found
        for case in load_passages()
        if (found := _near_frame(_shape(case["text"]), texts, index)) is not None
    }
    assert not near, (
        f"passages within {GAP_SWAPS} words of an outside {GAP_RUN}-token frame: {near}"
    )


def test_a_frame_with_swapped_words_would_be_caught() -> None:
    """The gapped check itself: two swapped words are the same frame, three are not."""
    outside = [_shape("Earlier he was criticized by Dutch and Belgian delegates at a NATO summit.")]
    index = _block_index(outside)
    two = _shape("Then the minister was scolded by Dutch and Belgian envoys at a NATO summit.")
    three = _shape("Then the minister was scolded by Dutch and Belgian envoys at a NATO dinner.")
    assert _near_frame(two, outside, index) is not None
    assert _near_frame(three, outside, index) is None


def test_a_reskinned_sentence_would_be_caught() -> None:
    """The shape check itself: other names and numbers in the same frame are the same shape."""
    outside = _runs(_shape("Police in Lagos arrested 12 members of the Ogoni Movement."), SHAPE_RUN)
    same = _runs(_shape("Police in Accra arrested 40 members of the Ashanti Front."), SHAPE_RUN)
    other = _runs(_shape("Police in Accra detained 40 members of the Ashanti Front."), SHAPE_RUN)
    assert same & outside
    assert not other & outside


def test_a_copied_sentence_would_be_caught() -> None:
    """The check itself: a run of seven shared words is found, six are not."""
    runs = {("a", "b", "c", "d", "e", "f", "g")}
    assert _longest_shared(_words("x A b c d e f g y"), runs) == "a b c d e f g"
    assert _longest_shared(_words("x a b c d e f y g"), runs) is None
