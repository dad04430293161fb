"""Print a random, reproducible sample of extracted events for a person to judge by hand.

    python bench/review_sample.py                      # 40 events from the VOA stories, seed 1
    python bench/review_sample.py --n 60 --seed 7      # another sample
    python bench/review_sample.py --from-jsonl OUT.jsonl --corpus FILE.jsonl

Counting "both a source and a target" (bench/quality.py) says nothing about whether the roles
are right; this prints each sampled event with its sentence so a reader can mark it
right / wrong type / wrong actor / not an event. The judgements go in the closing note, not here.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quality import DEFAULT_CORPUS, read_jsonl, run_extraction


def _actor_label(actor: dict[str, Any] | None) -> str:
    if actor is None:
        return "?"
    extra = "/".join(str(actor[k]) for k in ("kind", "country") if actor.get(k))
    return f"{actor['name']} [{extra}]" if extra else actor["name"]


def describe(ev: dict[str, Any], out: dict[str, Any], text: str) -> str:
    """One event as a block of lines: sentence, code and the actors in each role."""
    actors = {a["key"]: a for a in out["actors"]}
    sent = out["sentences"][ev["sentence"]]
    roles = {
        role: ", ".join(
            _actor_label(actors.get(p["actor"])) for p in ev["participants"] if p["role"] == role
        )
        or "-"
        for role in ("source", "target")
    }
    places = {p["key"]: p["name"] for p in out["places"]}
    place = places.get(ev.get("place") or "", "-")
    flags = "".join(f" {f.upper()}" for f in ("negated", "hypothetical") if ev.get(f))
    return "\n".join(
        [
            "  " + " ".join(text[sent["start"] : sent["end"]].split()),
            f"  {ev['plover_type']} ({ev['cameo_code']}) trigger={ev['trigger']!r} "
            f"source={roles['source']} target={roles['target']} date={ev.get('date')} "
            f"place={place}{flags}",
        ]
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--from-jsonl", type=Path, help="sample this saved `dyad extract --jsonl`")
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rows = read_jsonl(args.corpus)
    outs = read_jsonl(args.from_jsonl) if args.from_jsonl else list(run_extraction(rows))
    pool = [(row, out, ev) for row, out in zip(rows, outs, strict=True) for ev in out["events"]]
    picked = random.Random(args.seed).sample(pool, min(args.n, len(pool)))
    print(f"{len(picked)} of {len(pool)} events (seed {args.seed})")
    for i, (row, out, ev) in enumerate(picked, 1):
        print(f"[{i}] {row.get('title', '')[:70]}")
        print(describe(ev, out, row["text"]))


if __name__ == "__main__":
    main()
