"""Dates and places on real news: the counts issue 10 is judged by.

    python bench/dates_places.py [--corpus ../shared/corpus/voa_stories.jsonl]

Prints, over every extracted event:
- non-hypothetical events dated after their article (target 0);
- events dated more than 5 years before their article whose sentence does not state that year
  (target 0);
- defaulted dates (date_source=article) and whether each is marked (target: all marked);
- date_source and place_source counts, and the share of placed events whose place comes from
  their own sentence or its context rather than the article (target >= 60 %);
- statements dated after their article or more than 5 years before it (target 0, 0).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.extract import ArticleInput, extract_many
from app.extract.nlp import normalize_text

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "voa_stories.jsonl"


def _articles(path: Path) -> list[tuple[ArticleInput, str]]:
    out = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        date = dt.date.fromisoformat(str(row.get("published") or row["date"])[:10])
        text = normalize_text(row["text"])
        out.append((ArticleInput(id=str(row.get("id")), text=text, date=date), text))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--show", type=int, default=5, help="examples to print per problem")
    args = ap.parse_args()
    pairs = _articles(args.corpus)
    after, too_old, unmarked = [], [], 0
    date_src: collections.Counter[str] = collections.Counter()
    place_src: collections.Counter[str] = collections.Counter()
    events = 0
    statements, st_after, st_old = 0, [], []
    extractions = extract_many((a for a, _ in pairs), batch_size=8)
    for (article, text), ex in zip(pairs, extractions, strict=True):
        for ev in ex.events:
            events += 1
            sentence = text[ev.start : ev.end]
            date_src[str(ev.date_source)] += 1
            if ev.date_source not in ("text", "context", "article") or (
                ev.date_source == "article" and ev.date != article.date
            ):
                unmarked += 1  # every date says where it came from; "article" is the article's
            if ev.date > article.date and not ev.hypothetical:
                after.append((article.id, ev.date, article.date, sentence))
            limit = dt.date(article.date.year - 5, article.date.month, 1)
            if ev.date < limit and str(ev.date.year) not in sentence:
                too_old.append((article.id, ev.date, article.date, sentence))
            if ev.place is not None:
                place_src[str(ev.place_source or "unmarked")] += 1
        for st in ex.statements:  # statements follow the same date rules
            statements += 1
            sent = next((s for s in ex.sentences if s.index == st.sentence), None)
            sentence = text[sent.start : sent.end] if sent else text[st.start : st.end]
            if st.date is not None and st.date > article.date:
                st_after.append((article.id, st.date, article.date, sentence))
            limit = dt.date(article.date.year - 5, article.date.month, 1)
            if st.date is not None and st.date < limit and str(st.date.year) not in sentence:
                st_old.append((article.id, st.date, article.date, sentence))
    placed = sum(place_src.values())
    own = place_src["text"] + place_src["context"]
    print(f"articles={len(pairs)} events={events}")
    print(f"non-hypothetical events dated after their article: {len(after)}  [target 0]")
    for a in after[: args.show]:
        print(f"   {a[0]}: {a[1]} > {a[2]}: {a[3][:140]!r}")
    print(
        f"events > 5 years before their article, year not in sentence: {len(too_old)}  [target 0]"
    )
    for a in too_old[: args.show]:
        print(f"   {a[0]}: {a[1]} (article {a[2]}): {a[3][:140]!r}")
    print(f"date_source: {dict(date_src)}; defaulted dates not marked: {unmarked}  [target 0]")
    share = own / placed if placed else 0.0
    print(
        f"place_source: {dict(place_src)} (of {placed} placed events, {events - placed} unplaced)"
    )
    print(f"placed by own sentence or context: {own}/{placed} = {share:.1%}  [target >= 60 %]")
    print(
        f"statements={statements}: dated after their article {len(st_after)}, > 5 years before "
        f"it with the year not in the text {len(st_old)}  [target 0, 0]"
    )
    for a in (st_after + st_old)[: args.show]:
        print(f"   {a[0]}: {a[1]} (article {a[2]}): {a[3][:140]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
