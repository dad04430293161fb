"""Count what a domain expert checks first in the extractor's output on real news.

    python bench/quality.py                                   # ../shared/corpus/voa_stories.jsonl
    python bench/quality.py --corpus FILE.jsonl --list        # also print every flagged item
    python bench/quality.py --from-jsonl OUT.jsonl --corpus FILE.jsonl  # score saved output
    python bench/quality.py --missing                         # events lacking a source or target

Prints, over every article:
- events, and the share with both a source and a target (and with neither); beside it the share
  complete by the codebook: a source, and a target where the type requires a recipient (PLOVER
  requires one only for COOPERATE, AID and SANCTION); and the reciprocal events without a target
  (a CONSULT, COOPERATE, AGREE or SUPPORT whose two or more sides are all listed as the
  source, as the codebook's "Compound and Reciprocal Actors" codes a meeting), with the share
  "both or reciprocal";
- actors named by a fragment: a name that starts or ends with a connecting word ("Court of
  Bosnia and"), starts with a word that opens a clause ("Beyond Ukraine"), or a single word the
  article also uses as an ordinary lower-case word ("World");
- people whose nationality or office the article states next to their name ("North Korean
  leader Kim", "U.S. Secretary of State Rubio", "Kim, North Korea's leader,") and how many of
  them carry that country (wrong = another country, missing = none);
- with --missing, the events that lack a source or a target, counted by PLOVER type, the role
  missing and the trigger word, each with one example sentence.
Numbers only: no thresholds here (the targets live in the issue, not in a timed test).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quality_checks import fragment_reason, stated_country

from app.extract import ArticleInput, extract_many
from app.extract.serialize import to_dict
from app.vocab import REQUIRES_RECIPIENT

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "voa_stories.jsonl"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def run_extraction(rows: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    articles = [
        ArticleInput(
            text=r["text"], date=_date(r), title=r.get("title"), url=r.get("url"), source=None
        )
        for r in rows
    ]
    for ex in extract_many(articles):
        yield to_dict(ex)


def _date(row: dict[str, Any]) -> Any:
    import datetime as dt

    raw = str(row.get("date") or row.get("published") or "2000-01-01")[:10]
    return dt.date.fromisoformat(raw)


def _count_missing(
    ev: dict[str, Any],
    roles: set[str],
    out: dict[str, Any],
    text: str,
    counts: Counter[tuple[str, str, str]],
    example: dict[tuple[str, str, str], str],
) -> None:
    lacks = "/".join(r for r in ("source", "target") if r not in roles)
    if lacks:
        key = (ev["plover_type"], lacks, ev["trigger"].lower())
        counts[key] += 1
        sent = out["sentences"][ev["sentence"]]
        example.setdefault(key, " ".join(text[sent["start"] : sent["end"]].split()))


def _print_missing(
    counts: Counter[tuple[str, str, str]], example: dict[tuple[str, str, str], str]
) -> None:
    by_type: Counter[tuple[str, str]] = Counter()
    for (plover, lacks, _), n in counts.items():
        by_type[(plover, lacks)] += n
    print("missing roles: " + ", ".join(f"{t} -{r} {n}" for (t, r), n in by_type.most_common()))
    for key, n in counts.most_common(40):
        print(f"  {n:3d} {key[0]} -{key[1]} {key[2]!r}: {example[key][:160]}")


# The codebook's reciprocal events ("Compound and Reciprocal Actors"): a meeting or accord of two
# sides lists all of them as the actor and no recipient, so such an event is complete without a
# target. Counted apart from "both", never inside it.
RECIPROCAL_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE", "SUPPORT"})


def _reciprocal(ev: dict[str, Any], roles: set[str]) -> bool:
    """A reciprocal event by the codebook: two or more source actors, no target."""
    sources = {p["actor"] for p in ev["participants"] if p["role"] == "source"}
    return ev["plover_type"] in RECIPROCAL_TYPES and "target" not in roles and len(sources) >= 2


def _unidentified(actor: dict[str, Any]) -> bool:
    """PLOVER's unidentified actors: sector UNK or UAF with no country ("unknown gunmen")."""
    return actor.get("code") in ("UNK", "UAF") and not actor.get("country")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--from-jsonl", type=Path, help="score this saved `dyad extract --jsonl`")
    ap.add_argument("--list", action="store_true", help="print every flagged actor and person")
    ap.add_argument("--missing", action="store_true", help="count events lacking a role")
    args = ap.parse_args()
    rows = read_jsonl(args.corpus)
    outs = read_jsonl(args.from_jsonl) if args.from_jsonl else list(run_extraction(rows))
    n_events = both = neither = complete = unidentified = reciprocal = 0
    fragments: list[tuple[str, str]] = []
    stated = right = wrong = missing = 0
    flagged: list[str] = []
    missing_roles: Counter[tuple[str, str, str]] = Counter()
    example: dict[tuple[str, str, str], str] = {}
    for row, out in zip(rows, outs, strict=True):
        text = row["text"]
        unnamed = {a["key"] for a in out["actors"] if _unidentified(a)}
        for ev in out["events"]:
            roles = {p["role"] for p in ev["participants"]}
            _count_missing(ev, roles, out, text, missing_roles, example)
            n_events += 1
            both += {"source", "target"} <= roles
            unidentified += {"source", "target"} <= roles and any(
                p["actor"] in unnamed for p in ev["participants"]
            )
            neither += not roles & {"source", "target"}
            needs_target = ev["plover_type"] in REQUIRES_RECIPIENT
            complete += "source" in roles and ("target" in roles or not needs_target)
            reciprocal += _reciprocal(ev, roles)
        actors = {a["key"]: a for a in out["actors"]}
        for a in out["actors"]:
            if a["kind"] == "agent":
                continue  # composite agents are named from the lexicon ("Egyptian police")
            reason = fragment_reason(a["name"], text)
            if reason:
                fragments.append((a["name"], reason))
        seen: set[str] = set()
        for m in out["mentions"]:
            a = actors.get(m["entity"])
            if m["entity_type"] != "actor" or a is None or a["kind"] != "person":
                continue
            if a["key"] in seen:
                continue
            c = stated_country(text, m["start"], m["end"])
            if c is None:
                continue
            seen.add(a["key"])
            stated += 1
            if a.get("country") == c:
                right += 1
                continue
            if a.get("country"):
                wrong += 1
            else:
                missing += 1
            context = " ".join(text[max(0, m["start"] - 60) : m["end"] + 40].split())
            flagged.append(f"  {a['name']!r}: stated {c}, has {a.get('country')}  [{context}]")
    print(
        f"articles={len(rows)} events={n_events} "
        f"both_source_and_target={both / max(n_events, 1):.3f} "
        f"neither={neither / max(n_events, 1):.3f} "
        f"complete_by_codebook={complete / max(n_events, 1):.3f}"
    )
    # "both" counts an unidentified actor (PLOVER's UNK/UAF: "killed by a bomb", "unknown
    # gunmen") as a source or target; this says how much of it is such a placeholder
    print(
        f"reciprocal_without_target={reciprocal} "
        f"both_or_reciprocal={(both + reciprocal) / max(n_events, 1):.3f}"
    )
    print(f"both_with_unidentified_actor={unidentified}/{both} ({unidentified / max(both, 1):.3f})")
    print(f"fragment_actors={len(fragments)}")
    print(f"people_with_stated_country={stated} carry_it={right} wrong={wrong} missing={missing}")
    if args.missing:
        _print_missing(missing_roles, example)
    if args.list:
        for name, reason in fragments:
            print(f"  fragment {name!r}: {reason}")
        print("\n".join(flagged))


if __name__ == "__main__":
    main()
