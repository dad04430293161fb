"""Count what a reader of Dyad's statements would see on a corpus of real news.

    python bench/statements.py                                    # the VOA stories
    python bench/statements.py --corpus other.jsonl --show 20     # and list 20 short ones

Input: JSONL with "text" and optionally "published"/"date" and "title". Prints the number of
statements (direct/indirect), how many are shorter than three words without being a whole quoted
sentence, and the share with a speaker: a speaker actor, and a speaker named in the text (span).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.extract import ArticleInput, extract_many

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "voa_stories.jsonl"
_WORD = re.compile(r"[\w'’-]+")


def _articles(path: Path) -> list[ArticleInput]:
    out = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        raw = str(rec.get("published") or rec.get("date") or "2020-01-01")[:10]
        out.append(ArticleInput(text=rec["text"], date=dt.date.fromisoformat(raw)))
    return out


def whole_sentence(text: str) -> bool:
    """A quoted text that is a sentence of its own ("No," / "Never!"), not a fragment."""
    t = text.strip()
    return bool(t) and t[0].isupper() and t[-1] in ".!?,"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--show", type=int, default=0, help="list this many short statements")
    args = ap.parse_args()
    arts = _articles(args.corpus)
    total = direct = with_actor = with_span = 0
    short: list[str] = []
    for ex in extract_many(arts):
        for s in ex.statements:
            total += 1
            direct += s.kind == "direct"
            with_actor += s.speaker is not None
            with_span += getattr(s, "speaker_start", None) is not None or s.speaker is not None
            if len(_WORD.findall(s.text)) < 3 and not (
                s.kind == "direct" and whole_sentence(s.text)
            ):
                short.append(f"{s.kind}: {s.text!r}")
    n = max(1, total)
    print(
        f"statements: articles={len(arts)} total={total} direct={direct} indirect={total - direct}"
        f" short={len(short)} with_speaker_actor={with_actor} ({with_actor / n:.1%})"
        f" with_speaker={with_span} ({with_span / n:.1%})"
    )
    for s in short[: args.show]:
        print("  short", s)


if __name__ == "__main__":
    main()
