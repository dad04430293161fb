"""Score an extraction against a hand-annotated gold file (YAML, see seed_000.yaml).

Events are compared as a multiset of (sentence, PLOVER type, source, target) tuples, one per
source/target pair, negated events left out on both sides. System actors are mapped to gold
actors by name/alias (normalised) or, for states and agents, by CAMEO code; an actor the gold
file does not know counts as itself, so it can only match nothing.

    python -m tests.extract.gold.scorer [gold.yaml ...]
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from app.extract.records import ArticleInput, Extraction

REPO = Path(__file__).resolve().parents[3]
GOLD_DIR = Path(__file__).resolve().parent
_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+")


def _norm(text: str) -> str:
    t = " ".join(text.replace("\u2019", "'").casefold().split())
    return t.removeprefix("the ")


@dataclass
class Gold:
    path: Path
    data: dict[str, Any]
    article: ArticleInput
    names: dict[str, str] = field(default_factory=dict)  # normalised name/alias -> gold name
    codes: dict[str, str] = field(default_factory=dict)  # CAMEO code -> gold name


def read_article(path: Path, date: dt.date | None = None) -> ArticleInput:
    """Read a seed text file; a leading `date YYYY-MM-DD` line gives the date and is dropped."""
    raw = path.read_text(encoding="utf-8")
    m = _HEADER.match(raw)
    if m:
        date = date or dt.date.fromisoformat(m.group(1))
        raw = raw[m.end() :]
    if date is None:
        raise ValueError(f"{path}: no date")
    return ArticleInput(text=raw, date=date, id=path.stem)


def load_gold(path: Path) -> Gold:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    date = data.get("date")
    article = read_article(REPO / data["article"], date if isinstance(date, dt.date) else None)
    gold = Gold(path=path, data=data, article=article)
    for a in data.get("actors") or []:
        for n in [a["name"], *(a.get("aliases") or [])]:
            gold.names[_norm(n)] = a["name"]
        if a.get("code"):
            gold.codes[a["code"]] = a["name"]
    return gold


def _sentence_of(extraction: Extraction, anchor: str) -> int:
    pos = extraction.article.text.find(anchor)
    if pos < 0:
        raise ValueError(f"anchor not in text: {anchor!r}")
    for s in extraction.sentences:
        if s.start <= pos < s.end:
            return s.index
    raise ValueError(f"anchor outside every sentence: {anchor!r}")


def actor_names(gold: Gold, extraction: Extraction) -> dict[str, str]:
    """System actor key -> gold actor name (or the system name when gold has no such actor)."""
    out = {}
    for a in extraction.actors:
        name = None
        for n in [a.name, *a.aliases]:
            name = gold.names.get(_norm(n))
            if name:
                break
        if name is None and a.kind in ("state", "agent") and a.code:
            name = gold.codes.get(a.code)
        out[a.key] = name or f"?{a.name}"
    return out


def event_tuples(gold: Gold, extraction: Extraction) -> tuple[Counter, Counter]:
    names = actor_names(gold, extraction)
    system: Counter = Counter()
    for ev in extraction.events:
        if ev.negated:
            continue
        srcs = [names[p.actor] for p in ev.participants if p.role == "source"] or [None]
        tgts = [names[p.actor] for p in ev.participants if p.role == "target"] or [None]
        for s in srcs:
            for t in tgts:
                system[(ev.sentence, ev.plover_type, s, t)] += 1
    # one count per distinct tuple: the same act read twice from one sentence is one event
    system = Counter(dict.fromkeys(system, 1))
    expected: Counter = Counter()
    for g in gold.data.get("events") or []:
        if g.get("negated"):
            continue
        expected[
            (_sentence_of(extraction, g["anchor"]), g["type"], g.get("source"), g.get("target"))
        ] += 1
    return system, expected


@dataclass
class Score:
    tp: int
    fp: int
    fn: int
    false_positives: list[Any]
    false_negatives: list[Any]

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_events(gold: Gold, extraction: Extraction) -> Score:
    system, expected = event_tuples(gold, extraction)
    tp = sum((system & expected).values())
    return Score(
        tp=tp,
        fp=sum(system.values()) - tp,
        fn=sum(expected.values()) - tp,
        false_positives=sorted((system - expected).elements(), key=str),
        false_negatives=sorted((expected - system).elements(), key=str),
    )


def statement_results(
    gold: Gold, extraction: Extraction
) -> list[tuple[dict[str, Any], str | None, bool]]:
    """For each gold statement: (gold, system speaker name or None, found-with-right-speaker)."""
    names = actor_names(gold, extraction)
    text = extraction.article.text
    out = []
    for g in gold.data.get("statements") or []:
        pos = text.find(g["anchor"])
        si = _sentence_of(extraction, g["anchor"])
        cands = [s for s in extraction.statements if s.kind == g["kind"] and s.sentence == si]
        if g["kind"] == "direct":
            cands = [s for s in cands if s.start <= pos < s.end] or cands
        speaker = names.get(cands[0].speaker) if cands and cands[0].speaker else None
        ok = any((names.get(s.speaker) if s.speaker else None) == g.get("speaker") for s in cands)
        out.append((g, speaker, ok))
    return out


def main(paths: list[str]) -> int:
    from app.extract import extract

    files = [Path(p) for p in paths] or sorted(GOLD_DIR.glob("*.yaml"))
    for path in files:
        gold = load_gold(path)
        ex = extract(gold.article)
        sc = score_events(gold, ex)
        print(
            f"{path.name}: events P={sc.precision:.2f} R={sc.recall:.2f} F1={sc.f1:.2f} "
            f"(tp={sc.tp} fp={sc.fp} fn={sc.fn})"
        )
        for t in sc.false_positives:
            print("  FP", t)
        for t in sc.false_negatives:
            print("  FN", t)
        for g, speaker, ok in statement_results(gold, ex):
            print(
                f"  statement {g['kind']:8} {'ok ' if ok else 'BAD'} gold={g.get('speaker')} "
                f"got={speaker} | {g['anchor']}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
